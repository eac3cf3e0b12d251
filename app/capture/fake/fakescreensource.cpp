#include "capture/fake/fakescreensource.h"

#include <QMutexLocker>
#include <QPainter>

namespace deskport {

FakeScreenSource::FakeScreenSource(QSize size, QColor background)
    : m_size(size)
    , m_image(size, QImage::Format_RGB32)
{
    m_image.fill(background);
}

QString FakeScreenSource::name() const
{
    return QStringLiteral("fake");
}

QImage FakeScreenSource::grab()
{
    QMutexLocker lock(&m_mutex);
    ++m_grabs;
    // A deep copy: the pipeline keeps the previous frame, and painting must not change it behind its back.
    return m_image.copy();
}

void FakeScreenSource::fill(const QRect &rect, QColor color)
{
    QMutexLocker lock(&m_mutex);
    QPainter(&m_image).fillRect(rect, color);
}

void FakeScreenSource::setImage(const QImage &image)
{
    Q_ASSERT(image.size() == m_size);
    QMutexLocker lock(&m_mutex);
    m_image = image.convertToFormat(QImage::Format_RGB32);
}

int FakeScreenSource::grabCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_grabs;
}

} // namespace deskport
