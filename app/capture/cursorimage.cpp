#include "capture/cursorimage.h"

#include <algorithm>

namespace deskport {

CursorImage CursorImage::fromPremultipliedArgb(const quint32 *pixels, QSize size, QPoint hotspot, quint32 serial)
{
    CursorImage cursor;
    cursor.serial = serial;
    if (!pixels || size.isEmpty()) {
        return cursor;
    }
    const qsizetype count = qsizetype(size.width()) * size.height();
    if (std::none_of(pixels, pixels + count, [](quint32 pixel) { return (pixel >> 24) != 0; })) {
        return cursor;
    }
    // ARGB32_Premultiplied is exactly these longs (0xAARRGGBB in native order); the conversion copies, so the
    // caller's buffer (an X reply) may go, and undoes the premultiplication for CURSOR_SHAPE.
    const QImage premultiplied(reinterpret_cast<const uchar *>(pixels), size.width(), size.height(),
                               qsizetype(size.width()) * 4, QImage::Format_ARGB32_Premultiplied);
    cursor.image = premultiplied.convertToFormat(QImage::Format_RGBA8888);
    cursor.hotspot = QPoint(std::clamp(hotspot.x(), 0, size.width() - 1), std::clamp(hotspot.y(), 0, size.height() - 1));
    return cursor;
}

CursorImage CursorImage::croppedAroundHotspot(int maxSize) const
{
    if (isHidden() || (image.width() <= maxSize && image.height() <= maxSize)) {
        return *this;
    }
    // The window starts half a window before the hotspot, pushed back inside the picture at its edges.
    auto windowStart = [maxSize](int hot, int length) {
        return length <= maxSize ? 0 : std::clamp(hot - maxSize / 2, 0, length - maxSize);
    };
    const QPoint origin(windowStart(hotspot.x(), image.width()), windowStart(hotspot.y(), image.height()));
    CursorImage cropped;
    cropped.serial = serial;
    cropped.image = image.copy(QRect(origin, QSize(std::min(image.width(), maxSize), std::min(image.height(), maxSize))));
    cropped.hotspot = hotspot - origin;
    return cropped;
}

} // namespace deskport
