#include "capture/x11/xshmscreensource.h"

#include "capture/capturelog.h"
#include "capture/x11/xcbsupport.h"

#include <xcb/damage.h>
#include <xcb/shm.h>
#include <xcb/xcb.h>

#include <sys/ipc.h>
#include <sys/shm.h>

#include <cstdlib>

namespace deskport {

namespace {

using xcb::Reply;
using xcb::screenOf;

int bitsPerPixel(xcb_connection_t *connection, quint8 depth)
{
    xcb_format_iterator_t it = xcb_setup_pixmap_formats_iterator(xcb_get_setup(connection));
    for (; it.rem; xcb_format_next(&it)) {
        if (it.data->depth == depth) {
            return it.data->bits_per_pixel;
        }
    }
    return 0;
}

} // namespace

std::unique_ptr<XShmScreenSource> XShmScreenSource::create(const QString &display, const QRect &area, QString *why)
{
    std::unique_ptr<XShmScreenSource> source(new XShmScreenSource);
    source->m_area = area;
    int screenNumber = 0;
    const QByteArray name = display.toLocal8Bit();
    source->m_connection = xcb_connect(name.isEmpty() ? nullptr : name.constData(), &screenNumber);
    if (xcb_connection_has_error(source->m_connection)) {
        *why = QStringLiteral("cannot connect to the X server");
        return nullptr;
    }
    xcb_connection_t *connection = source->m_connection;
    const xcb_screen_t *screen = screenOf(connection, screenNumber);
    if (!screen) {
        *why = QStringLiteral("the X server has no screen %1").arg(screenNumber);
        return nullptr;
    }
    source->m_root = screen->root;
    // Qt's RGB32 is 32-bit pixels with the blue byte first, which is what 24- and 32-bit TrueColor Z pixmaps are
    // on every little-endian X server in use.
    if ((screen->root_depth != 24 && screen->root_depth != 32) || bitsPerPixel(connection, screen->root_depth) != 32
        || xcb_get_setup(connection)->image_byte_order != XCB_IMAGE_ORDER_LSB_FIRST) {
        *why = QStringLiteral("the X screen is not 24/32-bit TrueColor (depth %1)").arg(screen->root_depth);
        return nullptr;
    }
    const QRect rootRect(0, 0, screen->width_in_pixels, screen->height_in_pixels);
    if (area.isEmpty() || !rootRect.contains(area)) {
        *why = QStringLiteral("the area %1,%2 %3x%4 is not on the X screen")
                   .arg(area.x())
                   .arg(area.y())
                   .arg(area.width())
                   .arg(area.height());
        return nullptr;
    }

    const Reply<xcb_shm_query_version_reply_t> version(
        xcb_shm_query_version_reply(connection, xcb_shm_query_version(connection), nullptr));
    if (!version) {
        *why = QStringLiteral("the X server has no MIT-SHM extension");
        return nullptr;
    }
    const size_t bytes = size_t(area.width()) * size_t(area.height()) * 4;
    source->m_shmId = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
    if (source->m_shmId < 0) {
        *why = QStringLiteral("cannot allocate %1 MB of shared memory").arg(bytes >> 20);
        return nullptr;
    }
    void *memory = shmat(source->m_shmId, nullptr, 0);
    if (memory == reinterpret_cast<void *>(-1)) {
        *why = QStringLiteral("cannot map shared memory");
        return nullptr;
    }
    source->m_memory = static_cast<uchar *>(memory);
    source->m_segment = xcb_generate_id(connection);
    const Reply<xcb_generic_error_t> error(
        xcb_request_check(connection, xcb_shm_attach_checked(connection, source->m_segment, source->m_shmId, 0)));
    // Marked for removal at once: the segment goes away with the last process detaching, even after a crash.
    shmctl(source->m_shmId, IPC_RMID, nullptr);
    if (error) {
        source->m_segment = 0;
        // A display on another machine cannot see our memory.
        *why = QStringLiteral("the X server cannot attach shared memory (a remote display?)");
        return nullptr;
    }
    source->watchDamage();
    return source;
}

void XShmScreenSource::watchDamage()
{
    const xcb_query_extension_reply_t *extension = xcb_get_extension_data(m_connection, &xcb_damage_id);
    if (!extension || !extension->present) {
        return;
    }
    // The version must be asked before DAMAGE may be used.
    const Reply<xcb_damage_query_version_reply_t> version(xcb_damage_query_version_reply(
        m_connection, xcb_damage_query_version(m_connection, XCB_DAMAGE_MAJOR_VERSION, XCB_DAMAGE_MINOR_VERSION),
        nullptr));
    if (!version) {
        return;
    }
    m_damage = xcb_generate_id(m_connection);
    // NonEmpty: one event when something is drawn after the last subtract, not one per drawing request.
    xcb_damage_create(m_connection, m_damage, m_root, XCB_DAMAGE_REPORT_LEVEL_NON_EMPTY);
    m_damageEvent = quint8(extension->first_event + XCB_DAMAGE_NOTIFY);
    xcb_flush(m_connection);
}

bool XShmScreenSource::damagedSinceLastGrab()
{
    bool damaged = false;
    while (xcb_generic_event_t *event = xcb_poll_for_event(m_connection)) {
        if ((event->response_type & 0x7f) == m_damageEvent) {
            damaged = true;
        }
        std::free(event);
    }
    return damaged;
}

XShmScreenSource::~XShmScreenSource()
{
    if (m_connection) {
        if (m_damage) {
            xcb_damage_destroy(m_connection, m_damage);
        }
        if (m_segment) {
            xcb_shm_detach(m_connection, m_segment);
            xcb_flush(m_connection);
        }
        xcb_disconnect(m_connection);
    }
    if (m_memory) {
        shmdt(m_memory);
    }
}

QImage XShmScreenSource::grab()
{
    if (m_damage) {
        // Events are drained on every grab, the first one too (creating the damage object may report at once).
        const bool damaged = damagedSinceLastGrab();
        if (!m_last.isNull() && !damaged) {
            return m_last;
        }
        // Cleared before reading, so that drawing during the read is reported for the next grab.
        xcb_damage_subtract(m_connection, m_damage, XCB_NONE, XCB_NONE);
    }
    xcb_generic_error_t *rawError = nullptr;
    const Reply<xcb_shm_get_image_reply_t> reply(xcb_shm_get_image_reply(
        m_connection,
        xcb_shm_get_image(m_connection, m_root, qint16(m_area.x()), qint16(m_area.y()), quint16(m_area.width()),
                          quint16(m_area.height()), ~0u, XCB_IMAGE_FORMAT_Z_PIXMAP, m_segment, 0),
        &rawError));
    const Reply<xcb_generic_error_t> error(rawError);
    if (!reply || error) {
        if (xcb_connection_has_error(m_connection)) {
            qCWarning(lcCapture) << "capture: the connection to the X server is gone";
        }
        return {};
    }
    // A copy: the shared memory is overwritten by the next grab, while the pipeline keeps this frame to compare.
    const QImage view(m_memory, m_area.width(), m_area.height(), m_area.width() * 4, QImage::Format_RGB32);
    m_last = view.copy();
    return m_last;
}

} // namespace deskport
