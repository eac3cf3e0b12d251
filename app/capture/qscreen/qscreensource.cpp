#include "capture/qscreen/qscreensource.h"

#include "capture/capturelog.h"

#include <QPixmap>
#include <QScreen>

namespace deskport {

QScreenSource::QScreenSource(QScreen *screen, const QRect &area)
    : m_screen(screen)
    , m_area(area)
    , m_offset(area.topLeft() - screen->geometry().topLeft())
{
}

QString QScreenSource::name() const
{
    return QStringLiteral("qscreen");
}

QImage QScreenSource::grab()
{
    // Window id 0 is the root window: on X11 one grab covers any part of the virtual desktop.
    QImage image = m_screen->grabWindow(0, m_offset.x(), m_offset.y(), m_area.width(), m_area.height()).toImage();
    if (image.isNull()) {
        return {};
    }
    if (image.size() != m_area.size()) {
        qCWarning(lcCapture) << "grab returned" << image.size() << "instead of" << m_area.size();
        return {};
    }
    if (image.format() != QImage::Format_RGB32 && image.format() != QImage::Format_ARGB32
        && image.format() != QImage::Format_ARGB32_Premultiplied) {
        image.convertTo(QImage::Format_RGB32);
    }
    return image;
}

} // namespace deskport
