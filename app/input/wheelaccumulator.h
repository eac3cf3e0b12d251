#pragma once

#include <QPoint>

namespace deskport {

// Adds up wheel deltas in 1/120 of a step and hands out whole steps, keeping the remainder: smooth trackpad
// scrolling (many small deltas) becomes the right number of steps, a notched wheel (±120) one step each. A change
// of direction on an axis drops that axis's remainder, so a reversal responds at once.
class WheelAccumulator
{
public:
    static constexpr int UnitsPerStep = 120;

    // Returns the whole steps (x: horizontal, y: vertical; positive right / down) now due.
    QPoint add(int horizontalUnits, int verticalUnits);
    void reset();

private:
    int m_x = 0;
    int m_y = 0;
};

} // namespace deskport
