#pragma once

#include <QRect>
#include <QSize>

#include <vector>

namespace deskport {

// Which tiles of a frame changed. The grid covers an image of imageSize() in square tiles of tileSize();
// the last column and row may be partial. Masks of the same geometry can be combined with |=, intersected and
// subtracted.
class TileMask
{
public:
    TileMask() = default;
    TileMask(QSize imageSize, int tileSize);

    // A mask with every tile set: the whole frame must be sent.
    static TileMask full(QSize imageSize, int tileSize);

    QSize imageSize() const { return m_imageSize; }
    int tileSize() const { return m_tileSize; }
    int columns() const { return m_columns; }
    int rows() const { return m_rows; }

    bool isSet(int column, int row) const;
    void set(int column, int row, bool changed = true);
    void clear();
    bool isEmpty() const;
    int count() const;

    // The pixel rectangle of one tile, clipped to the image.
    QRect tileRect(int column, int row) const;

    // Union of two masks. A mask of another geometry replaces this one with a full mask of the other's geometry,
    // since nothing can be said about which parts changed.
    TileMask &operator|=(const TileMask &other);
    // The tiles set in both, and the tiles of this one not set in other. Masks of different geometries have no tile
    // in common: intersected gives an empty mask of this geometry, subtracted gives this mask.
    TileMask intersected(const TileMask &other) const;
    TileMask subtracted(const TileMask &other) const;
    bool operator==(const TileMask &other) const = default;

private:
    QSize m_imageSize;
    int m_tileSize = 0;
    int m_columns = 0;
    int m_rows = 0;
    std::vector<bool> m_bits;
};

} // namespace deskport
