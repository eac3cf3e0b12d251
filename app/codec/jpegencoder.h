#pragma once

#include <QByteArray>
#include <QImage>
#include <QRect>
#include <QString>

namespace deskport {

// Encodes parts of 32-bit images to baseline JPEG with TurboJPEG, straight from the QImage's memory (no copy).
// One encoder per thread: TurboJPEG handles are not thread-safe.
class JpegEncoder
{
public:
    JpegEncoder();
    ~JpegEncoder();
    JpegEncoder(const JpegEncoder &) = delete;
    JpegEncoder &operator=(const JpegEncoder &) = delete;

    // Encodes rect (clipped to the image) of image at quality 1-100 (clamped). Chroma is subsampled 4:2:0 below
    // quality 90 and kept whole (4:4:4) from 90 up, so high-quality repaints keep coloured text sharp.
    // Accepts Format_RGB32, ARGB32 and ARGB32_Premultiplied (alpha ignored); other formats are converted first.
    // Returns an empty array and sets errorString() on failure (empty rect, encoder error).
    QByteArray encode(const QImage &image, const QRect &rect, int quality);

    QString errorString() const { return m_error; }

private:
    void *m_handle = nullptr;
    QString m_error;
};

} // namespace deskport
