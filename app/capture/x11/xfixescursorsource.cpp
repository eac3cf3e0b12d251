#include "capture/x11/xfixescursorsource.h"

#include "capture/capturelog.h"
#include "capture/x11/xcbsupport.h"

#include <xcb/xcb.h>
#include <xcb/xfixes.h>

#include <cstdlib>

namespace deskport {

namespace {

using xcb::Reply;
using xcb::screenOf;

} // namespace

std::unique_ptr<XFixesCursorSource> XFixesCursorSource::create(const QString &display, QString *why)
{
    std::unique_ptr<XFixesCursorSource> source(new XFixesCursorSource);
    int screenNumber = 0;
    const QByteArray name = display.toLocal8Bit();
    source->m_connection = xcb_connect(name.isEmpty() ? nullptr : name.constData(), &screenNumber);
    xcb_connection_t *connection = source->m_connection;
    if (xcb_connection_has_error(connection)) {
        *why = QStringLiteral("cannot connect to the X server");
        return nullptr;
    }
    const xcb_screen_t *screen = screenOf(connection, screenNumber);
    if (!screen) {
        *why = QStringLiteral("the X server has no screen %1").arg(screenNumber);
        return nullptr;
    }
    source->m_root = screen->root;

    const xcb_query_extension_reply_t *extension = xcb_get_extension_data(connection, &xcb_xfixes_id);
    if (!extension || !extension->present) {
        *why = QStringLiteral("the X server has no XFixes extension");
        return nullptr;
    }
    // The client must say which version it speaks before using the extension; 4.0 is what we ask for (cursor
    // images and cursor notify are there since 1.0, and every X server of the last twenty years has 4 or more).
    const Reply<xcb_xfixes_query_version_reply_t> version(
        xcb_xfixes_query_version_reply(connection, xcb_xfixes_query_version(connection, 4, 0), nullptr));
    if (!version || version->major_version < 1) {
        *why = QStringLiteral("the X server's XFixes extension is too old");
        return nullptr;
    }
    source->m_cursorNotifyEvent = quint8(extension->first_event + XCB_XFIXES_CURSOR_NOTIFY);
    source->watchCursor(true);
    return source;
}

XFixesCursorSource::~XFixesCursorSource()
{
    if (m_connection) {
        xcb_disconnect(m_connection);
    }
}

void XFixesCursorSource::watchCursor(bool watch)
{
    xcb_xfixes_select_cursor_input(m_connection, m_root, watch ? XCB_XFIXES_CURSOR_NOTIFY_MASK_DISPLAY_CURSOR : 0);
    xcb_flush(m_connection);
}

void XFixesCursorSource::pause()
{
    watchCursor(false);
    // What is already queued would only say "changed"; resume() fetches the picture anyway.
    cursorChangeReported();
}

void XFixesCursorSource::resume()
{
    watchCursor(true);
    m_imageWanted = true;
}

bool XFixesCursorSource::connectionLost()
{
    if (!xcb_connection_has_error(m_connection)) {
        return false;
    }
    if (!m_lostReported) {
        m_lostReported = true;
        qCWarning(lcCapture) << "pointer: the connection to the X server is gone";
    }
    return true;
}

bool XFixesCursorSource::cursorChangeReported()
{
    bool changed = false;
    while (xcb_generic_event_t *event = xcb_poll_for_event(m_connection)) {
        const Reply<xcb_generic_event_t> owned(event);
        if ((event->response_type & 0x7f) == m_cursorNotifyEvent) {
            changed = true;
        }
    }
    return changed;
}

std::optional<QPoint> XFixesCursorSource::position()
{
    if (connectionLost()) {
        return std::nullopt;
    }
    const Reply<xcb_query_pointer_reply_t> pointer(
        xcb_query_pointer_reply(m_connection, xcb_query_pointer(m_connection, m_root), nullptr));
    // same_screen is false while the pointer is on another X screen of this display: it is not on ours.
    if (!pointer || !pointer->same_screen) {
        return std::nullopt;
    }
    return QPoint(pointer->root_x, pointer->root_y);
}

std::optional<CursorImage> XFixesCursorSource::changedImage()
{
    if (connectionLost()) {
        return std::nullopt;
    }
    const bool reported = cursorChangeReported();
    if (!m_imageWanted && !reported) {
        return std::nullopt;
    }
    const Reply<xcb_xfixes_get_cursor_image_reply_t> reply(
        xcb_xfixes_get_cursor_image_reply(m_connection, xcb_xfixes_get_cursor_image(m_connection), nullptr));
    if (!reply) {
        m_imageWanted = true; // asked again next time
        return std::nullopt;
    }
    const bool wanted = m_imageWanted;
    m_imageWanted = false;
    // Change events also come for a cursor that was shown again; the serial says whether the picture differs.
    if (!wanted && reply->cursor_serial == m_serial) {
        return std::nullopt;
    }
    m_serial = reply->cursor_serial;
    // The reply's pixel count is checked against its size: a short reply gives the hidden pointer, never a read past
    // its end.
    const int length = xcb_xfixes_get_cursor_image_cursor_image_length(reply.get());
    const QSize size(reply->width, reply->height);
    if (qint64(length) < qint64(size.width()) * size.height()) {
        return CursorImage{{}, {}, m_serial};
    }
    return CursorImage::fromPremultipliedArgb(xcb_xfixes_get_cursor_image_cursor_image(reply.get()), size,
                                              QPoint(reply->xhot, reply->yhot), m_serial);
}

} // namespace deskport
