#pragma once

#include "capture/screensource.h"

class QScreen;

namespace deskport {

// The portable source: QScreen::grabWindow on the root window. About 5-7 ms for 1080p under X11; the cursor is
// not included. Works with the xcb platform (and Windows/macOS); Wayland and offscreen give nothing useful, which
// the factory checks before choosing it.
class QScreenSource final : public ScreenSource
{
public:
    // Captures area (desktop coordinates) through screen; both fixed for the source's life.
    QScreenSource(QScreen *screen, const QRect &area);

    QString name() const override;
    QRect geometry() const override { return m_area; }
    QImage grab() override;

private:
    QScreen *m_screen;
    QRect m_area;
    // The grab position is relative to the screen the grab goes through.
    QPoint m_offset;
};

} // namespace deskport
