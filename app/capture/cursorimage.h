#pragma once

#include <QImage>
#include <QMetaType>
#include <QPoint>
#include <QSize>

namespace deskport {

// The host pointer's picture: what the browser draws over the screen (FRAME never contains the pointer).
// image is Format_RGBA8888 with straight (not premultiplied) alpha, the layout CURSOR_SHAPE carries; a null image
// means the pointer is hidden. The hotspot (the pixel that points) lies inside a non-empty image. serial tells
// shapes apart cheaply: the X server gives each cursor it shows a new one.
struct CursorImage
{
    QImage image;
    QPoint hotspot;
    quint32 serial = 0;

    bool isHidden() const { return image.isNull(); }

    // From the ARGB longs X servers hand out (XFixes: 32-bit, alpha premultiplied, native byte order), size.width()
    // * size.height() of them. A picture without a single visible pixel is the hidden pointer (programs hide it
    // with a blank cursor). A hotspot outside the picture is moved to its nearest edge.
    static CursorImage fromPremultipliedArgb(const quint32 *pixels, QSize size, QPoint hotspot, quint32 serial);

    // At most maxSize x maxSize (CURSOR_SHAPE allows 256): a larger picture is cut to the window of that size
    // around the hotspot, which stays inside it and keeps pointing at the same pixel.
    CursorImage croppedAroundHotspot(int maxSize) const;
};

} // namespace deskport

Q_DECLARE_METATYPE(deskport::CursorImage)
