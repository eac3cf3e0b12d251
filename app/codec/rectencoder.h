#pragma once

#include "protocol/messages.h"

#include <QImage>
#include <QList>
#include <QRect>
#include <QSize>
#include <QThreadPool>

namespace deskport {

// Encodes the changed rectangles of one frame to JPEG on a pool of threads, one TurboJPEG handle per thread. Tall
// rectangles are cut into bands first, so that one big change (a scrolled page, a video) keeps every core busy.
// The result is in the order of the rectangles, top band first; rectangles that fail to encode are left out (and
// logged).
class RectEncoder
{
public:
    // Bands are this many rows (two tiles); a rectangle is cut only if it is larger than one band of the screen.
    static constexpr int BandRows = 128;

    // threads 0: one per core (QThread::idealThreadCount()).
    explicit RectEncoder(int threads = 0);
    ~RectEncoder();

    int threadCount() const { return m_pool.maxThreadCount(); }

    // One rectangle and the quality it is to be encoded at: one frame may mix qualities (fast-changing areas lower,
    // repaints of still areas higher).
    struct Piece
    {
        QRect rect;
        int quality = 80;
    };

    // rects are in frame coordinates; each is scaled to frameSize (when smaller than the frame) and encoded at
    // quality. Blocks until all are done.
    QList<protocol::FrameRect> encode(const QImage &frame, const QList<QRect> &rects, QSize frameSize, int quality);
    // The same with a quality per rectangle; all bands of all pieces share the pool.
    QList<protocol::FrameRect> encode(const QImage &frame, const QList<Piece> &pieces, QSize frameSize);

    // The bands rect is cut into (itself when small); exposed for tests.
    static QList<QRect> bands(const QRect &rect, int threads);

private:
    QThreadPool m_pool;
};

} // namespace deskport
