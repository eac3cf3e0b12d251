#pragma once

#include "capture/screensource.h"

#include <QString>

#include <memory>

struct xcb_connection_t;

namespace deskport {

// The X11 fast path: the root window's pixels through MIT-SHM (xcb-shm) into shared memory, about ten times
// faster than QScreen::grabWindow. It has its own connection to the X server, so grabbing on the pipeline's
// thread never shares Qt's connection with the widgets on the main thread. Where the server has the DAMAGE
// extension, a grab while nothing was drawn since the last one returns the last frame without reading the screen
// (damage is a hint only: it over-reports, and the pipeline still compares tiles).
class XShmScreenSource final : public ScreenSource
{
public:
    // Connects to display (e.g. ":0"; empty: $DISPLAY) and prepares to capture area (root window coordinates).
    // nullptr with *why set when the server cannot do it (no MIT-SHM, a remote display, not 24/32-bit TrueColor).
    static std::unique_ptr<XShmScreenSource> create(const QString &display, const QRect &area, QString *why);
    ~XShmScreenSource() override;

    QString name() const override { return QStringLiteral("x11-shm"); }
    QRect geometry() const override { return m_area; }
    QImage grab() override;
    bool usesDamage() const { return m_damage != 0; }

private:
    XShmScreenSource() = default;

    xcb_connection_t *m_connection = nullptr;
    quint32 m_root = 0;
    quint32 m_segment = 0;
    int m_shmId = -1;
    uchar *m_memory = nullptr;
    QRect m_area;
    quint32 m_damage = 0;
    quint8 m_damageEvent = 0;
    QImage m_last;

    void watchDamage();
    bool damagedSinceLastGrab();
};

} // namespace deskport
