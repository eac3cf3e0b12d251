#include "codec/tilediff.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace deskport {

TileDiff::TileDiff(int tileSize) : m_tileSize(std::max(1, tileSize)) {}

TileMask TileDiff::diff(const QImage &previous, const QImage &current) const
{
    const QSize size = current.size();
    if (current.isNull())
        return TileMask(size, m_tileSize);
    // Byte-wise comparison only works for whole-byte pixels; anything else is simply sent whole.
    const int depth = current.depth();
    if (previous.isNull() || previous.size() != size || previous.format() != current.format() || depth % 8 != 0)
        return TileMask::full(size, m_tileSize);

    TileMask mask(size, m_tileSize);
    const int bytesPerPixel = depth / 8;
    const int width = size.width();
    const int height = size.height();
    const int columns = mask.columns();
    const qsizetype rowBytes = qsizetype(width) * bytesPerPixel;
    const qsizetype prevStride = previous.bytesPerLine();
    const qsizetype curStride = current.bytesPerLine();
    // constBits() never detaches, so diffing does not copy frames another thread may still hold.
    const uchar *prevBits = previous.constBits();
    const uchar *curBits = current.constBits();

    // Tile columns of the current band that have not been found changed yet: once a tile differs, its remaining
    // rows are not read at all.
    std::vector<int> pending;
    pending.reserve(static_cast<size_t>(columns));

    for (int row = 0; row < mask.rows(); ++row) {
        const int y0 = row * m_tileSize;
        const int y1 = std::min(height, y0 + m_tileSize);
        pending.clear();
        for (int column = 0; column < columns; ++column)
            pending.push_back(column);

        for (int y = y0; y < y1 && !pending.empty(); ++y) {
            const uchar *prevLine = prevBits + qsizetype(y) * prevStride;
            const uchar *curLine = curBits + qsizetype(y) * curStride;
            // Most scanlines of a desktop are unchanged: one long memcmp is cheaper than a call per tile.
            if (std::ssize(pending) == columns && std::memcmp(prevLine, curLine, size_t(rowBytes)) == 0)
                continue;
            auto out = pending.begin();
            for (const int column : pending) {
                const int x0 = column * m_tileSize;
                const int x1 = std::min(width, x0 + m_tileSize);
                const qsizetype offset = qsizetype(x0) * bytesPerPixel;
                const size_t bytes = size_t(x1 - x0) * size_t(bytesPerPixel);
                if (std::memcmp(prevLine + offset, curLine + offset, bytes) != 0)
                    mask.set(column, row);
                else
                    *out++ = column;
            }
            pending.erase(out, pending.end());
        }
    }
    return mask;
}

} // namespace deskport
