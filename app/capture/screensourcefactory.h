#pragma once

#include "capture/screensource.h"

#include <QString>

#include <memory>

namespace deskport {

// Picks the capture backend for this session: by QGuiApplication::platformName() (xcb: X11 shared memory if the
// server allows it, else QScreen), unless the user overrides it with DESKPORT_CAPTURE=x11|qscreen|fake. Returns nullptr with *why set to a sentence for the user when nothing can
// capture here (e.g. a Wayland session, or the offscreen platform).
struct ScreenSourceChoice
{
    QString override;      // value of DESKPORT_CAPTURE, empty for automatic
    int screen = -1;       // index into QGuiApplication::screens(), -1 for the whole virtual desktop
};

std::unique_ptr<ScreenSource> createScreenSource(const ScreenSourceChoice &choice, QString *why);

} // namespace deskport
