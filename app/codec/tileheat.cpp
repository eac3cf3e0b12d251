#include "codec/tileheat.h"

#include <algorithm>
#include <bit>

namespace deskport {

namespace {

bool sameGeometry(const TileMask &a, const TileMask &b)
{
    return a.imageSize() == b.imageSize() && a.tileSize() == b.tileSize();
}

} // namespace

TileHeat::TileHeat(int hotChanges, int hotSlots)
{
    setThresholds(hotChanges, hotSlots);
}

void TileHeat::setThresholds(int hotChanges, int hotSlots)
{
    m_hotSlots = std::clamp(hotSlots, 1, 32);
    m_hotChanges = std::clamp(hotChanges, 1, m_hotSlots);
}

void TileHeat::reset()
{
    m_geometry = TileMask();
    m_history.clear();
    m_lastChangeMs.clear();
}

int TileHeat::index(int column, int row) const
{
    return row * m_geometry.columns() + column;
}

void TileHeat::record(const TileMask &changed, qint64 nowMs)
{
    if (changed.tileSize() <= 0) {
        return;
    }
    if (!sameGeometry(changed, m_geometry)) {
        m_geometry = TileMask(changed.imageSize(), changed.tileSize());
        const size_t tiles = size_t(m_geometry.columns()) * size_t(m_geometry.rows());
        m_history.assign(tiles, 0);
        m_lastChangeMs.assign(tiles, nowMs);
    }
    for (int row = 0; row < m_geometry.rows(); ++row) {
        for (int column = 0; column < m_geometry.columns(); ++column) {
            const int at = index(column, row);
            const bool isChanged = changed.isSet(column, row);
            m_history[size_t(at)] = (m_history[size_t(at)] << 1) | (isChanged ? 1u : 0u);
            if (isChanged) {
                m_lastChangeMs[size_t(at)] = nowMs;
            }
        }
    }
}

bool TileHeat::isHot(int column, int row) const
{
    if (column < 0 || row < 0 || column >= m_geometry.columns() || row >= m_geometry.rows()) {
        return false;
    }
    const quint32 window = m_hotSlots >= 32 ? ~0u : ((1u << m_hotSlots) - 1u);
    return std::popcount(m_history[size_t(index(column, row))] & window) >= m_hotChanges;
}

TileMask TileHeat::hotMask() const
{
    TileMask mask = m_geometry;
    for (int row = 0; row < m_geometry.rows(); ++row) {
        for (int column = 0; column < m_geometry.columns(); ++column) {
            if (isHot(column, row)) {
                mask.set(column, row);
            }
        }
    }
    return mask;
}

TileMask TileHeat::stillAmong(const TileMask &candidates, qint64 nowMs, int stillMs) const
{
    if (!sameGeometry(candidates, m_geometry)) {
        return TileMask(candidates.imageSize(), candidates.tileSize()); // nothing known about these tiles yet
    }
    TileMask still = m_geometry;
    for (int row = 0; row < m_geometry.rows(); ++row) {
        for (int column = 0; column < m_geometry.columns(); ++column) {
            if (candidates.isSet(column, row) && nowMs - m_lastChangeMs[size_t(index(column, row))] >= stillMs) {
                still.set(column, row);
            }
        }
    }
    return still;
}

} // namespace deskport
