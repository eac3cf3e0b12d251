#include "codec/tilemask.h"

#include <algorithm>

namespace deskport {

TileMask::TileMask(QSize imageSize, int tileSize) : m_imageSize(imageSize), m_tileSize(tileSize)
{
    // A degenerate geometry gives an empty grid rather than a division by zero or a negative allocation.
    if (tileSize > 0 && imageSize.width() > 0 && imageSize.height() > 0) {
        m_columns = (imageSize.width() + tileSize - 1) / tileSize;
        m_rows = (imageSize.height() + tileSize - 1) / tileSize;
    }
    m_bits.assign(static_cast<size_t>(m_columns) * static_cast<size_t>(m_rows), false);
}

TileMask TileMask::full(QSize imageSize, int tileSize)
{
    TileMask mask(imageSize, tileSize);
    std::fill(mask.m_bits.begin(), mask.m_bits.end(), true);
    return mask;
}

bool TileMask::isSet(int column, int row) const
{
    if (column < 0 || row < 0 || column >= m_columns || row >= m_rows)
        return false;
    return m_bits[static_cast<size_t>(row) * static_cast<size_t>(m_columns) + static_cast<size_t>(column)];
}

void TileMask::set(int column, int row, bool changed)
{
    if (column < 0 || row < 0 || column >= m_columns || row >= m_rows)
        return;
    m_bits[static_cast<size_t>(row) * static_cast<size_t>(m_columns) + static_cast<size_t>(column)] = changed;
}

void TileMask::clear()
{
    std::fill(m_bits.begin(), m_bits.end(), false);
}

bool TileMask::isEmpty() const
{
    return std::find(m_bits.begin(), m_bits.end(), true) == m_bits.end();
}

int TileMask::count() const
{
    return static_cast<int>(std::count(m_bits.begin(), m_bits.end(), true));
}

QRect TileMask::tileRect(int column, int row) const
{
    if (column < 0 || row < 0 || column >= m_columns || row >= m_rows)
        return {};
    const QRect tile(column * m_tileSize, row * m_tileSize, m_tileSize, m_tileSize);
    return tile.intersected(QRect(QPoint(0, 0), m_imageSize));
}

TileMask &TileMask::operator|=(const TileMask &other)
{
    if (m_imageSize != other.m_imageSize || m_tileSize != other.m_tileSize) {
        *this = full(other.m_imageSize, other.m_tileSize);
        return *this;
    }
    for (size_t i = 0; i < m_bits.size(); ++i) {
        if (other.m_bits[i])
            m_bits[i] = true;
    }
    return *this;
}

TileMask TileMask::intersected(const TileMask &other) const
{
    TileMask result(m_imageSize, m_tileSize);
    if (m_imageSize != other.m_imageSize || m_tileSize != other.m_tileSize) {
        return result;
    }
    for (size_t i = 0; i < m_bits.size(); ++i) {
        result.m_bits[i] = m_bits[i] && other.m_bits[i];
    }
    return result;
}

TileMask TileMask::subtracted(const TileMask &other) const
{
    TileMask result = *this;
    if (m_imageSize != other.m_imageSize || m_tileSize != other.m_tileSize) {
        return result;
    }
    for (size_t i = 0; i < m_bits.size(); ++i) {
        result.m_bits[i] = m_bits[i] && !other.m_bits[i];
    }
    return result;
}

} // namespace deskport
