#pragma once

#include "capture/cursorimage.h"

#include <QObject>
#include <QPoint>
#include <QTimer>

#include <memory>

namespace deskport {

class CursorSource;

// Follows the host's pointer for the viewers: asks a CursorSource every interval while started, and signals only
// what changed. Lives on the main thread (a poll is one small X round trip). Stopped, it costs nothing: no timer,
// and the source is paused.
class CursorTracker : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultIntervalMs = 16;
    // Pictures larger than CURSOR_SHAPE allows are cropped around the hotspot to this size.
    static constexpr int MaxShapeSize = 256;

    explicit CursorTracker(std::unique_ptr<CursorSource> source, QObject *parent = nullptr);
    ~CursorTracker() override;

    CursorSource *source() const { return m_source.get(); }

    // How often the pointer is asked for while started (at least 1 ms).
    void setInterval(int ms);
    int interval() const { return m_timer.interval(); }

    // start() polls at once, so the current shape and position are signalled before it returns (even when they
    // are the same as before the last stop()), then every interval. Both are no-ops when already in that state.
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    // One look at the pointer (the timer calls this); signals what changed since the last look.
    void poll();

Q_SIGNALS:
    // A new picture (cropped to MaxShapeSize; a hidden pointer has a null image).
    void shapeChanged(const deskport::CursorImage &image);
    // position in desktop coordinates; visible false (position 0,0) while the pointer is not on this screen.
    void positionChanged(QPoint position, bool visible);

private:
    std::unique_ptr<CursorSource> m_source;
    QTimer m_timer;
    bool m_havePosition = false;
    bool m_visible = false;
    QPoint m_position;
};

} // namespace deskport
