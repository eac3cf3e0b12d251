#include "input/wheelaccumulator.h"

namespace deskport {

namespace {

// Adds units to one axis's remainder and returns the whole steps now due (rounded toward zero, so the
// remainder keeps the sign of the motion).
int takeSteps(int &remainder, int units)
{
    if ((units > 0 && remainder < 0) || (units < 0 && remainder > 0)) {
        remainder = 0; // the viewer reversed: the old direction's leftover must not delay the new one
    }
    // 64-bit sum: |remainder| < UnitsPerStep, so only a units near INT_MAX could overflow an int.
    const qint64 total = qint64(remainder) + units;
    const qint64 steps = total / WheelAccumulator::UnitsPerStep;
    remainder = int(total - steps * WheelAccumulator::UnitsPerStep);
    return int(steps);
}

} // namespace

QPoint WheelAccumulator::add(int horizontalUnits, int verticalUnits)
{
    const int x = takeSteps(m_x, horizontalUnits);
    const int y = takeSteps(m_y, verticalUnits);
    return QPoint(x, y);
}

void WheelAccumulator::reset()
{
    m_x = 0;
    m_y = 0;
}

} // namespace deskport
