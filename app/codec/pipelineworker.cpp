#include "codec/pipelineworker.h"

#include "codec/codeclog.h"
#include "codec/rectmerge.h"
#include "protocol/messages.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>

namespace deskport {

namespace {
constexpr int EarlyLookMs[2] = {4, 12};
constexpr int MaxMovesPerFrame = 4;

// Whether any tile of mask that rect touches is set; a mask of another geometry says nothing, so it counts as set.
bool touchesTiles(const TileMask &mask, const QRect &rect)
{
    if (mask.tileSize() <= 0 || rect.isEmpty() || !QRect(QPoint(0, 0), mask.imageSize()).contains(rect)) {
        return true;
    }
    for (int row = rect.top() / mask.tileSize(); row <= rect.bottom() / mask.tileSize(); ++row) {
        for (int column = rect.left() / mask.tileSize(); column <= rect.right() / mask.tileSize(); ++column) {
            if (mask.isSet(column, row)) {
                return true;
            }
        }
    }
    return false;
}
}

PipelineWorker::PipelineWorker(std::unique_ptr<ScreenSource> source, const StreamOptions &options)
    : m_source(std::move(source))
    , m_options(options)
    , m_encoder(options.encodeThreads)
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PipelineWorker::tick);
    m_clock.start();
    m_heat.setThresholds(options.hotChanges, options.hotSlots);
}

PipelineWorker::~PipelineWorker() = default;

void PipelineWorker::addViewer(quint64 id, const ViewerRequest &request)
{
    Viewer &viewer = m_viewers[id];
    viewer = Viewer{};
    applyRequest(viewer, request);
    updateTimer();
}

void PipelineWorker::removeViewer(quint64 id)
{
    m_viewers.erase(id);
    updateTimer();
}

void PipelineWorker::setViewerRequest(quint64 id, const ViewerRequest &request)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    applyRequest(it->second, request);
    updateTimer();
}

void PipelineWorker::acknowledge(quint64 id, quint32 frameId)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    // Only acks for frames actually in flight count: a browser cannot buy extra frames by acking twice.
    it->second.pacer.acknowledge(frameId, m_clock.elapsed());
}

void PipelineWorker::inputApplied()
{
    // An application answers input within a few milliseconds; the regular tick may be up to a whole interval away
    // (33 ms at 30 fps). Two early looks catch quick and slower repaints; viewers' fps limits still hold (isReady),
    // and a stream of pointer moves asks for at most one pair at a time.
    if (m_earlyLookPending || m_viewers.empty()) {
        return;
    }
    m_earlyLookPending = true;
    QTimer::singleShot(EarlyLookMs[0], Qt::PreciseTimer, this, &PipelineWorker::tick);
    QTimer::singleShot(EarlyLookMs[1], Qt::PreciseTimer, this, [this] {
        m_earlyLookPending = false;
        tick();
    });
}

void PipelineWorker::setOptions(const StreamOptions &options)
{
    m_options = options;
    m_heat.setThresholds(options.hotChanges, options.hotSlots);
    for (auto &[id, viewer] : m_viewers) {
        applyRequest(viewer, viewer.request);
    }
    updateTimer();
}

void PipelineWorker::setSource(std::unique_ptr<ScreenSource> source)
{
    m_source = std::move(source);
    m_previous = QImage();
    for (auto &[id, viewer] : m_viewers) {
        applyRequest(viewer, viewer.request);
        viewer.needsFull = true;
        viewer.lossy = TileMask();
        viewer.pending = TileMask();
    }
}

void PipelineWorker::stop()
{
    m_timer->stop();
    m_viewers.clear();
    m_previous = QImage();
}

void PipelineWorker::applyRequest(Viewer &viewer, const ViewerRequest &request)
{
    viewer.request = request;
    const QSize size = frameSizeFor(m_source->geometry().size(), m_options.maxSize, request.maxSize);
    if (size != viewer.frameSize) {
        viewer.frameSize = size;
        viewer.needsFull = true;
    }
    // Areas sent at an old quality are refined like any other lossy area once the screen is still.
    const int quality = request.quality > 0 ? std::min(request.quality, m_options.quality) : m_options.quality;
    const int fps = request.fps > 0 ? std::min(request.fps, m_options.fps) : m_options.fps;
    viewer.pacer.setLimits(pacerLimits());
    viewer.pacer.setCaps(1000 / std::max(fps, 1), quality);
}

void PipelineWorker::updateTimer()
{
    if (m_viewers.empty()) {
        m_timer->stop();
        // Nobody is watching: drop the frame so memory goes back, and start the next viewer from a full frame.
        m_previous = QImage();
        return;
    }
    int interval = 1000;
    for (const auto &[id, viewer] : m_viewers) {
        interval = std::min(interval, viewer.pacer.capIntervalMs());
    }
    if (!m_timer->isActive() || m_timer->interval() != interval) {
        m_timer->start(interval);
    }
}

bool PipelineWorker::isReady(const Viewer &viewer, qint64 now) const
{
    return viewer.pacer.canSend(now);
}

std::optional<PipelineWorker::Update> PipelineWorker::nextUpdate(const Viewer &viewer, QSize captureSize,
                                                                 qint64 now) const
{
    Update update;
    update.frameSize = viewer.frameSize;
    update.quality = viewer.pacer.quality();
    if (viewer.needsFull) {
        update.flags = protocol::FrameFlag::Full;
        update.region = TileMask::full(captureSize, m_diff.tileSize());
        return update;
    }
    update.region = viewer.pending;
    addAdaptiveParts(update, viewer, now);
    if (update.region.isEmpty() && update.repaint.isEmpty()) {
        return std::nullopt;
    }
    if (update.region.isEmpty()) {
        update.flags = protocol::FrameFlag::Refine; // nothing but repaints
    }
    return update;
}

void PipelineWorker::tick()
{
    const qint64 now = m_clock.elapsed();
    // Capturing costs as much as the rest together: skip it when nobody could be sent anything anyway. Changes
    // are not lost: the next capture is compared with the last one that was made.
    const bool anyReady = std::any_of(m_viewers.begin(), m_viewers.end(),
                                      [&](const auto &entry) { return isReady(entry.second, now); });
    if (!anyReady) {
        return;
    }

    const QImage frame = m_source->grab();
    if (frame.isNull()) {
        // Say it once, then once in a while: a locked screen can fail every frame for hours.
        if (m_failedGrabs++ % 300 == 0) {
            qCWarning(lcCodec) << "screen capture failed" << m_failedGrabs << "time(s)";
        }
        return;
    }
    const qint64 captureTimeMs = QDateTime::currentMSecsSinceEpoch();
    const TileMask changed = m_diff.diff(m_previous, frame);
    const QList<Move> moves = detectMoves(frame, changed, now);
    m_previous = frame;
    m_heat.record(changed, now);
    m_hot = m_heat.hotMask();

    QList<Update> updates;
    for (auto &[id, viewer] : m_viewers) {
        const TileMask unsent = viewer.pending;
        viewer.pending |= changed;
        viewer.pacer.update(now);
        if (!isReady(viewer, now)) {
            continue;
        }
        std::optional<Update> update = nextUpdate(viewer, frame.size(), now);
        if (!update) {
            continue;
        }
        useMoves(viewer, *update, unsent, moves, frame.size());
        const auto same = std::find_if(updates.begin(), updates.end(), [&](const Update &other) {
            return other.frameSize == update->frameSize && other.quality == update->quality
                && other.flags == update->flags && other.region == update->region && other.hot == update->hot
                && other.hotQuality == update->hotQuality && other.repaint == update->repaint
                && other.repaintQuality == update->repaintQuality && other.copies == update->copies;
        });
        if (same != updates.end()) {
            same->viewers.append(id);
        } else {
            update->viewers.append(id);
            updates.append(std::move(*update));
        }
    }

    for (const Update &update : updates) {
        const quint32 frameId = m_nextFrameId++;
        const QByteArray message = encodeUpdate(frame, update, frameId, captureTimeMs);
        if (message.isEmpty()) {
            continue;
        }
        for (quint64 id : update.viewers) {
            accountSent(m_viewers[id], update, frameId, now);
        }
        Q_EMIT frameReady(update.viewers, message);
    }
}

QByteArray PipelineWorker::encodeUpdate(const QImage &frame, const Update &update, quint32 frameId,
                                        qint64 captureTimeMs)
{
    protocol::Frame message;
    message.flags = update.flags;
    message.frameId = frameId;
    message.captureTimeMs = quint64(captureTimeMs);
    message.width = quint16(update.frameSize.width());
    message.height = quint16(update.frameSize.height());
    for (const Move &move : update.copies) {
        message.copies.append(protocol::FrameCopy{move.source, move.destination});
    }
    // Lowest quality first: where merged rectangles overlap, the better pixels are drawn last. Copied areas are not
    // encoded again, to the pixel: only the strips the moves exposed.
    QList<RectEncoder::Piece> pieces;
    const auto addPieces = [&](const TileMask &mask, int quality) {
        if (!mask.isEmpty()) {
            const QList<QRect> rects = mergeTiles(mask, m_options.maxRectsPerFrame);
            for (const QRect &rect : update.copies.isEmpty() ? rects : MoveDetector::outsideMoves(rects, update.copies)) {
                pieces.append({rect, quality});
            }
        }
    };
    addPieces(update.hot, update.hotQuality);
    addPieces(update.region.subtracted(update.hot), update.quality);
    addPieces(update.repaint, update.repaintQuality);
    message.rects = m_encoder.encode(frame, pieces, update.frameSize);
    if (message.rects.isEmpty() && message.copies.isEmpty()) {
        return {};
    }
    return protocol::encode(message);
}

// Adaptive streaming: a viewer's pacing limits, fast-changing areas at lower quality, still ones repainted.

ViewerPacer::Limits PipelineWorker::pacerLimits() const
{
    return {m_options.minQuality, m_options.initialInFlight, m_options.maxInFlight};
}

int PipelineWorker::repaintQualityFor(const Viewer &viewer) const
{
    // Repaints go above the stream quality (that is their point), but a viewer that asked for less than
    // refineQuality wants its own quality, also for repaints.
    const int asked = viewer.request.quality;
    return asked > 0 ? std::min(m_options.refineQuality, asked) : m_options.refineQuality;
}

void PipelineWorker::addAdaptiveParts(Update &update, const Viewer &viewer, qint64 now) const
{
    const int hotQuality = hotQualityFor(m_options, update.quality);
    if (!update.region.isEmpty() && hotQuality < update.quality) {
        update.hot = update.region.intersected(m_hot);
        update.hotQuality = update.hot.isEmpty() ? 0 : hotQuality;
    }
    // Areas sent lossy that have been still for stillMs are repainted, riding along with whatever else changed.
    // Not while the viewer is short of bandwidth or decode time (below its own quality): it would only fall further
    // behind; the repaint comes once it has caught up.
    if (update.quality == viewer.pacer.capQuality() && !viewer.lossy.isEmpty()) {
        const TileMask still = m_heat.stillAmong(viewer.lossy.subtracted(update.region), now, m_options.stillMs);
        if (!still.isEmpty()) {
            update.repaint = still;
            update.repaintQuality = repaintQualityFor(viewer);
        }
    }
}

void PipelineWorker::accountSent(Viewer &viewer, const Update &update, quint32 frameId, qint64 now)
{
    viewer.pacer.sent(frameId, now);
    viewer.needsFull = false;
    viewer.pending.clear();
    viewer.lossy = lossyAfterMoves(viewer.lossy, update.copies); // the copies come first, then the rectangles
    const int target = repaintQualityFor(viewer);
    const auto account = [&viewer, target](const TileMask &mask, int quality) {
        if (mask.isEmpty()) {
            return;
        }
        if (quality >= target) {
            viewer.lossy = viewer.lossy.subtracted(mask);
        } else if (viewer.lossy.tileSize() == 0) {
            viewer.lossy = mask;
        } else {
            viewer.lossy |= mask;
        }
    };
    account(update.region.subtracted(update.hot), update.quality);
    account(update.hot, update.hotQuality);
    account(update.repaint, update.repaintQuality);
}

QList<Move> PipelineWorker::detectMoves(const QImage &frame, const TileMask &changed, qint64 now)
{
    // Only viewers that see the screen unscaled and already hold a picture of it can use copies; nobody else
    // pays for the search.
    const bool anyCanCopy = std::any_of(m_viewers.begin(), m_viewers.end(), [&](const auto &entry) {
        const Viewer &viewer = entry.second;
        return isReady(viewer, now) && !viewer.needsFull && viewer.frameSize == frame.size();
    });
    if (!anyCanCopy || changed.isEmpty() || m_previous.isNull()) {
        return {};
    }
    return m_moveDetector.detect(m_previous, frame, changed, MaxMovesPerFrame);
}

void PipelineWorker::useMoves(const Viewer &viewer, Update &update, const TileMask &unsent, const QList<Move> &moves,
                              QSize captureSize) const
{
    // A full or refine frame repaints anyway; a scaled copy would smear by a fraction of a pixel.
    if (moves.isEmpty() || update.flags != 0 || viewer.frameSize != captureSize) {
        return;
    }
    // A copy moves what the viewer's canvas holds: its source must not hold anything the viewer was not sent.
    // Leaving a move out keeps the others valid (no source reads an earlier destination).
    QList<Move> usable;
    for (const Move &move : moves) {
        if (!touchesTiles(unsent, move.source)) {
            usable.append(move);
        }
    }
    if (usable.isEmpty()) {
        return;
    }
    update.region = MoveDetector::withoutMoved(update.region, usable);
    update.hot = update.hot.intersected(update.region);
    update.copies = std::move(usable);
}

TileMask PipelineWorker::lossyAfterMoves(const TileMask &lossy, const QList<Move> &moves)
{
    if (moves.isEmpty() || lossy.tileSize() <= 0) {
        return lossy;
    }
    // Copied pixels keep their quality: a tile that received pixels from a lossy tile is lossy, a tile entirely
    // overwritten by pixels from exact tiles is exact. No source reads an earlier destination, so the mask before
    // the copies tells each source's quality.
    TileMask result = lossy;
    for (const Move &move : moves) {
        const QRect destination = move.destinationRect();
        const int tile = lossy.tileSize();
        for (int row = destination.top() / tile; row <= destination.bottom() / tile; ++row) {
            for (int column = destination.left() / tile; column <= destination.right() / tile; ++column) {
                const QRect tileRect = lossy.tileRect(column, row);
                const QRect part = tileRect.intersected(destination);
                if (part.isEmpty()) {
                    continue;
                }
                const bool fromLossy = touchesTiles(lossy, part.translated(-move.offset()));
                if (part == tileRect) {
                    result.set(column, row, fromLossy);
                } else if (fromLossy) {
                    result.set(column, row);
                }
            }
        }
    }
    return result;
}

} // namespace deskport
