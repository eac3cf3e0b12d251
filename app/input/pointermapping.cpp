#include "input/pointermapping.h"

#include <algorithm>

namespace deskport {

namespace {

// The centre of frame pixel p of n across a desktop extent of size, floor((p + 1/2) * size / n), clamped into
// the extent. 64-bit: size * (2p + 1) does not fit in int for large values.
int mapAxis(int p, int n, int size)
{
    const qint64 pixel = std::clamp<qint64>(p, 0, n - 1);
    const qint64 centre = (2 * pixel + 1) * size / (2 * qint64(n));
    return int(std::clamp<qint64>(centre, 0, size - 1));
}

} // namespace

QPoint mapToDesktop(QPoint framePoint, QSize frameSize, const QRect &area)
{
    if (frameSize.isEmpty() || area.isEmpty()) {
        return area.topLeft();
    }
    return area.topLeft() + QPoint(mapAxis(framePoint.x(), frameSize.width(), area.width()),
                                   mapAxis(framePoint.y(), frameSize.height(), area.height()));
}

} // namespace deskport
