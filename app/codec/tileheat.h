#pragma once

#include "codec/tilemask.h"

#include <QtGlobal>

#include <vector>

namespace deskport {

// Which tiles of the captured screen change fast (a video, an animation) and which have been still for a while.
// Fed each capture's change mask; a tile that changed in at least hotChanges of the last hotSlots captures is hot,
// so it can be sent at a lower quality, and a tile unchanged for stillMs can be repainted at a higher one. A mask of
// another geometry (the screen was resized or replaced) starts the history again.
class TileHeat
{
public:
    explicit TileHeat(int hotChanges = 3, int hotSlots = 6);

    // hotSlots is clamped to 1..32, hotChanges to 1..hotSlots. Keeps the history.
    void setThresholds(int hotChanges, int hotSlots);
    void reset();

    // One capture at time nowMs (any monotonic clock) and what changed in it, empty masks included: a tile is hot by
    // how often it changes per capture, so the captures where it did not change count too.
    void record(const TileMask &changed, qint64 nowMs);

    bool isHot(int column, int row) const;
    TileMask hotMask() const;
    // The tiles of candidates that have not changed for at least stillMs before nowMs (tiles never seen changing
    // count from the first capture recorded).
    TileMask stillAmong(const TileMask &candidates, qint64 nowMs, int stillMs) const;

private:
    int index(int column, int row) const;

    int m_hotChanges = 3;
    int m_hotSlots = 6;
    TileMask m_geometry;                 // an empty mask of the current geometry
    std::vector<quint32> m_history;      // per tile, bit i: changed i captures ago
    std::vector<qint64> m_lastChangeMs;  // per tile
};

} // namespace deskport
