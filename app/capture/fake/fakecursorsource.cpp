#include "capture/fake/fakecursorsource.h"

namespace deskport {

FakeCursorSource::FakeCursorSource()
{
    // A 2x2 white square pointing at its top left corner, until the test sets another.
    QImage image(2, 2, QImage::Format_RGBA8888);
    image.fill(Qt::white);
    setImage(image, QPoint(0, 0));
}

std::optional<QPoint> FakeCursorSource::position()
{
    ++m_positionCount;
    return m_position;
}

std::optional<CursorImage> FakeCursorSource::changedImage()
{
    if (!m_imageWanted) {
        return std::nullopt;
    }
    m_imageWanted = false;
    return m_image;
}

void FakeCursorSource::resume()
{
    m_paused = false;
    m_imageWanted = true;
}

void FakeCursorSource::setImage(QImage image, QPoint hotspot)
{
    m_image = CursorImage{image.convertToFormat(QImage::Format_RGBA8888), hotspot, m_image.serial + 1};
    m_imageWanted = true;
}

} // namespace deskport
