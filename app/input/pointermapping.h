#pragma once

#include <QPoint>
#include <QRect>
#include <QSize>

namespace deskport {

// A point on the frame a browser shows (frameSize, possibly scaled down) to the desktop point under it. The
// shared area may be one monitor of several (an offset) and the frame may be scaled: the pixel (x, y) covers
// desktop pixels [x*W/w, (x+1)*W/w), and its centre is taken, so that clicks hit what the viewer saw. The result is
// clamped into area. An empty frameSize or area gives area's top-left.
QPoint mapToDesktop(QPoint framePoint, QSize frameSize, const QRect &area);

} // namespace deskport
