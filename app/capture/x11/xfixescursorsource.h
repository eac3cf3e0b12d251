#pragma once

#include "capture/cursorsource.h"

#include <QString>

#include <memory>

struct xcb_connection_t;

namespace deskport {

// The X11 pointer through the XFixes extension, on its own connection to the X server (like XShmScreenSource).
// Polling is cheap: position() is one small QueryPointer round trip, and the picture is fetched
// (GetCursorImage, up to 64 KiB for a 128x128 cursor) only after the server reported a DisplayCursorNotify
// event, i.e. when the shape shown on screen changed, or after resume().
class XFixesCursorSource final : public CursorSource
{
public:
    // Connects to display (e.g. ":0"; empty: $DISPLAY). nullptr with *why set when the server cannot do it (no
    // XFixes extension).
    static std::unique_ptr<XFixesCursorSource> create(const QString &display, QString *why);
    ~XFixesCursorSource() override;

    QString name() const override { return QStringLiteral("x11-xfixes"); }
    std::optional<QPoint> position() override;
    std::optional<CursorImage> changedImage() override;
    void pause() override;
    void resume() override;

private:
    XFixesCursorSource() = default;

    void watchCursor(bool watch);
    // Reads the events waiting: true if one says the displayed cursor changed.
    bool cursorChangeReported();
    bool connectionLost();

    xcb_connection_t *m_connection = nullptr;
    quint32 m_root = 0;
    quint8 m_cursorNotifyEvent = 0;
    // The next changedImage() gives the picture whatever its serial (after create() and resume()).
    bool m_imageWanted = true;
    quint32 m_serial = 0;
    bool m_lostReported = false;
};

} // namespace deskport
