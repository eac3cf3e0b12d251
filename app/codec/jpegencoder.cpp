#include "codec/jpegencoder.h"

#include "codec/codeclog.h"

#include <turbojpeg.h>

#include <algorithm>

namespace deskport {

namespace {

// Format_RGB32 is 0xffRRGGBB in native 32-bit words, so its byte order depends on the CPU.
constexpr int NativePixelFormat = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;

// Below this, 4:2:0 halves the chroma data; from here up, quality is asked for and coloured text must stay crisp.
constexpr int FullChromaQuality = 90;

QString turboError(tjhandle handle)
{
    return QString::fromUtf8(tjGetErrorStr2(handle));
}

} // namespace

JpegEncoder::JpegEncoder() : m_handle(tjInitCompress())
{
    if (!m_handle) {
        m_error = QStringLiteral("Cannot initialise the JPEG encoder: %1").arg(turboError(nullptr));
        qCWarning(lcCodec) << m_error;
    }
}

JpegEncoder::~JpegEncoder()
{
    if (m_handle)
        tjDestroy(static_cast<tjhandle>(m_handle));
}

QByteArray JpegEncoder::encode(const QImage &image, const QRect &rect, int quality)
{
    const QRect area = rect.intersected(image.rect());
    if (image.isNull() || area.isEmpty()) {
        m_error = QStringLiteral("Nothing to encode: rectangle %1,%2 %3x%4 is outside the %5x%6 image")
                      .arg(rect.x())
                      .arg(rect.y())
                      .arg(rect.width())
                      .arg(rect.height())
                      .arg(image.width())
                      .arg(image.height());
        return {};
    }
    if (!m_handle) {
        m_error = QStringLiteral("The JPEG encoder is not available");
        return {};
    }

    // The 32-bit formats are read in place; only other formats pay for a conversion, and only of the rectangle.
    QImage converted;
    const QImage *source = &image;
    QRect sourceRect = area;
    switch (image.format()) {
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied:
        break;
    default:
        converted = image.copy(area).convertToFormat(QImage::Format_RGB32);
        if (converted.isNull()) {
            m_error = QStringLiteral("Cannot convert image format %1 for JPEG encoding").arg(int(image.format()));
            return {};
        }
        source = &converted;
        sourceRect = converted.rect();
        break;
    }

    quality = std::clamp(quality, 1, 100);
    const int subsampling = quality >= FullChromaQuality ? TJSAMP_444 : TJSAMP_420;
    // No TJFLAG_FASTDCT: measured with libjpeg-turbo 2.1 on Debian 12 it changed neither speed nor output size.
    const qsizetype pitch = source->bytesPerLine();
    const uchar *first = source->constBits() + qsizetype(sourceRect.y()) * pitch + qsizetype(sourceRect.x()) * 4;

    unsigned char *jpeg = nullptr;
    unsigned long jpegSize = 0;
    const int status = tjCompress2(static_cast<tjhandle>(m_handle), first, sourceRect.width(), int(pitch),
                                   sourceRect.height(), NativePixelFormat, &jpeg, &jpegSize, subsampling, quality, 0);
    if (status != 0) {
        m_error = QStringLiteral("JPEG encoding failed: %1").arg(turboError(static_cast<tjhandle>(m_handle)));
        tjFree(jpeg);
        return {};
    }
    // One copy of the compressed bytes into an implicitly shared array; the pixels themselves were never copied.
    QByteArray result(reinterpret_cast<const char *>(jpeg), qsizetype(jpegSize));
    tjFree(jpeg);
    m_error.clear();
    return result;
}

} // namespace deskport
