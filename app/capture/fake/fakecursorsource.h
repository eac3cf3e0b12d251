#pragma once

#include "capture/cursorsource.h"

namespace deskport {

// A FAKE pointer for tests: its position and picture are whatever the test sets, and it counts how often it was
// asked, so a test can tell a running tracker from a stopped one. Main thread only, like CursorTracker.
class FakeCursorSource final : public CursorSource
{
public:
    FakeCursorSource();

    QString name() const override { return QStringLiteral("fake"); }
    std::optional<QPoint> position() override;
    std::optional<CursorImage> changedImage() override;
    void pause() override { m_paused = true; }
    void resume() override;

    // nullopt: the pointer is not on the screen.
    void setPosition(std::optional<QPoint> position) { m_position = position; }
    // Shown from now on, with the next serial.
    void setImage(QImage image, QPoint hotspot);

    int positionCount() const { return m_positionCount; }
    bool isPaused() const { return m_paused; }

private:
    std::optional<QPoint> m_position;
    CursorImage m_image;
    bool m_imageWanted = true;
    bool m_paused = false;
    int m_positionCount = 0;
};

} // namespace deskport
