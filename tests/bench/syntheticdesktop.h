#pragma once

// A desktop-like picture for benchmarks: a gradient wallpaper, a panel and three windows full of text-like strokes
// (what makes real desktops expensive to encode). Deterministic: the same size gives the same pixels.

#include <QImage>
#include <QSize>

namespace deskport {

QImage makeDesktop(QSize size);

} // namespace deskport
