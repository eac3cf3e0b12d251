#pragma once

#include "codec/tilemask.h"

#include <QImage>

namespace deskport {

// Finds the tiles that differ between two frames by comparing their pixel rows.
class TileDiff
{
public:
    static constexpr int DefaultTileSize = 64;

    explicit TileDiff(int tileSize = DefaultTileSize);

    int tileSize() const { return m_tileSize; }

    // Tiles of current that differ from previous. If previous is null or differs in size or format, every tile
    // is marked. Both images are 32-bit (Format_RGB32, ARGB32 or ARGB32_Premultiplied).
    TileMask diff(const QImage &previous, const QImage &current) const;

private:
    int m_tileSize;
};

} // namespace deskport
