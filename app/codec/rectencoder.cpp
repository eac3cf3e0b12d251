#include "codec/rectencoder.h"

#include "codec/codeclog.h"
#include "codec/jpegencoder.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <libyuv/scale_argb.h>

#include <algorithm>
#include <cmath>

namespace deskport {

namespace {

struct Job
{
    QRect rect;   // in frame coordinates
    QRect target; // in the viewer's frame
    int quality = 80;
    QByteArray jpeg;
};

// Scales rect of frame onto a frame of frameSize and encodes it. The rectangle is mapped outwards onto the
// smaller frame.
void encodeJob(Job &job, const QImage &frame, QSize frameSize)
{
    const int quality = job.quality;
    // TurboJPEG handles are not thread-safe: each pool thread keeps its own for its whole life.
    thread_local JpegEncoder encoder;
    if (frameSize == frame.size()) {
        job.target = job.rect;
        job.jpeg = encoder.encode(frame, job.rect, quality);
    } else {
        const double sx = double(frameSize.width()) / frame.width();
        const double sy = double(frameSize.height()) / frame.height();
        const QRect &rect = job.rect;
        const int left = int(std::floor(rect.x() * sx));
        const int top = int(std::floor(rect.y() * sy));
        const int right = std::min(frameSize.width(), int(std::ceil((rect.x() + rect.width()) * sx)));
        const int bottom = std::min(frameSize.height(), int(std::ceil((rect.y() + rect.height()) * sy)));
        job.target = QRect(left, top, std::max(1, right - left), std::max(1, bottom - top));

        // libyuv scales with SIMD, and its clipped scale computes exactly this part of the whole scaled frame, so
        // bands and rectangles scaled separately meet without seams. Its destination pointer is that of the whole
        // (virtual) scaled frame; only the clip rectangle is written, into `scaled`.
        QImage scaled(job.target.size(), QImage::Format_RGB32);
        const QImage source = frame.format() == QImage::Format_RGB32 || frame.format() == QImage::Format_ARGB32
            ? frame
            : frame.convertToFormat(QImage::Format_RGB32);
        const quintptr origin = reinterpret_cast<quintptr>(scaled.bits())
            - quintptr(job.target.y()) * quintptr(scaled.bytesPerLine()) - quintptr(job.target.x()) * 4;
        libyuv::ARGBScaleClip(source.constBits(), int(source.bytesPerLine()), source.width(), source.height(),
                              reinterpret_cast<uint8_t *>(origin), int(scaled.bytesPerLine()), frameSize.width(),
                              frameSize.height(), job.target.x(), job.target.y(), job.target.width(),
                              job.target.height(), libyuv::kFilterBox);
        job.jpeg = encoder.encode(scaled, scaled.rect(), quality);
    }
    if (job.jpeg.isEmpty()) {
        qCWarning(lcCodec) << "could not encode" << job.rect << ":" << encoder.errorString();
    }
}

} // namespace

RectEncoder::RectEncoder(int threads)
{
    m_pool.setMaxThreadCount(threads > 0 ? threads : std::max(1, QThread::idealThreadCount()));
    m_pool.setObjectName(QStringLiteral("deskport-encode"));
    // Threads stay: their TurboJPEG handles are reused frame after frame.
    m_pool.setExpiryTimeout(-1);
}

RectEncoder::~RectEncoder()
{
    m_pool.waitForDone();
}

QList<QRect> RectEncoder::bands(const QRect &rect, int threads)
{
    if (threads <= 1 || rect.height() <= BandRows) {
        return {rect};
    }
    QList<QRect> result;
    for (int y = rect.top(); y <= rect.bottom(); y += BandRows) {
        result.append(QRect(rect.x(), y, rect.width(), std::min(BandRows, rect.bottom() + 1 - y)));
    }
    return result;
}

QList<protocol::FrameRect> RectEncoder::encode(const QImage &frame, const QList<QRect> &rects, QSize frameSize,
                                               int quality)
{
    QList<Piece> pieces;
    pieces.reserve(rects.size());
    for (const QRect &rect : rects) {
        pieces.append({rect, quality});
    }
    return encode(frame, pieces, frameSize);
}

QList<protocol::FrameRect> RectEncoder::encode(const QImage &frame, const QList<Piece> &pieces, QSize frameSize)
{
    QList<Job> jobs;
    for (const Piece &piece : pieces) {
        for (const QRect &band : bands(piece.rect, threadCount())) {
            jobs.append(Job{band, {}, piece.quality, {}});
        }
    }
    if (jobs.size() == 1 || threadCount() == 1) {
        for (Job &job : jobs) {
            encodeJob(job, frame, frameSize);
        }
    } else {
        QtConcurrent::blockingMap(&m_pool, jobs, [&frame, frameSize](Job &job) { encodeJob(job, frame, frameSize); });
    }
    QList<protocol::FrameRect> result;
    result.reserve(jobs.size());
    for (Job &job : jobs) {
        if (!job.jpeg.isEmpty()) {
            result.append({job.target, std::move(job.jpeg)});
        }
    }
    return result;
}

} // namespace deskport
