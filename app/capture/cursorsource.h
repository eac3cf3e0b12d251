#pragma once

#include "capture/cursorimage.h"

#include <QPoint>
#include <QString>

#include <memory>
#include <optional>

namespace deskport {

// Where the host's pointer is and what it looks like, apart from the screen's pixels (grabs never contain the
// pointer). Used on the main thread by CursorTracker, which asks many times a second: both calls must be cheap
// when nothing changed.
class CursorSource
{
public:
    virtual ~CursorSource();

    // For logs: "x11-xfixes", "fake".
    virtual QString name() const = 0;

    // The pointer in desktop (X root window) coordinates, or nullopt when it is not on this screen or cannot be
    // asked.
    virtual std::optional<QPoint> position() = 0;

    // The pointer's picture if it changed since the last call (the first call after creation or resume() always
    // gives one), nullopt otherwise or when it cannot be read.
    virtual std::optional<CursorImage> changedImage() = 0;

    // While nobody watches: stop following the pointer (an X source stops receiving change events, which would
    // otherwise pile up). resume() starts again; the next changedImage() gives the current picture.
    virtual void pause() {}
    virtual void resume() {}
};

// The pointer source for this session: XFixes on the xcb platform (its own connection to $DISPLAY), nullptr with a
// log line saying why elsewhere (Wayland, offscreen) or when the capture is the fake screen (captureOverride
// "fake", as DESKPORT_CAPTURE), whose picture has nothing to do with the real pointer.
std::unique_ptr<CursorSource> createCursorSource(const QString &captureOverride = {});

} // namespace deskport
