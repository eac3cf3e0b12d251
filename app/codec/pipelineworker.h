#pragma once

#include "capture/screensource.h"
#include "codec/movedetector.h"
#include "codec/rectencoder.h"
#include "codec/streamoptions.h"
#include "codec/tilediff.h"
#include "codec/tilemask.h"
#include "codec/tileheat.h"
#include "codec/viewerpacer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>

#include <map>
#include <memory>
#include <optional>

class QTimer;

namespace deskport {

// The part of FramePipeline that lives on its worker thread: captures, finds changes, encodes and decides what
// each viewer gets. All its slots run on that thread; results leave through frameReady as shared, immutable bytes.
class PipelineWorker : public QObject
{
    Q_OBJECT
public:
    PipelineWorker(std::unique_ptr<ScreenSource> source, const StreamOptions &options);
    ~PipelineWorker() override;

    void addViewer(quint64 id, const ViewerRequest &request);
    void removeViewer(quint64 id);
    void setViewerRequest(quint64 id, const ViewerRequest &request);
    void acknowledge(quint64 id, quint32 frameId);
    // A viewer's input was applied: look at the screen again soon, instead of at the next tick.
    void inputApplied();
    // New server-side ceilings: every viewer's request is held to them again (a new size means a full frame).
    void setOptions(const StreamOptions &options);
    // Another screen: every viewer starts again from a full frame of it.
    void setSource(std::unique_ptr<ScreenSource> source);
    void stop();

Q_SIGNALS:
    // message is a complete FRAME for every viewer listed.
    void frameReady(const QList<quint64> &viewers, const QByteArray &message);

private:
    struct Viewer
    {
        ViewerRequest request;
        QSize frameSize;
        // Its caps (its request held to the server's options), frames in flight, and the fps and quality it can take
        // now (never above the caps).
        ViewerPacer pacer;
        bool needsFull = true;
        TileMask pending; // changed since the last frame this viewer got
        TileMask lossy;   // sent below its repaint quality since the last repaint
    };
    // One encoding, shared by every viewer that needs exactly this.
    struct Update
    {
        QSize frameSize;
        int quality = 0;
        quint8 flags = 0;
        TileMask region;
        QList<quint64> viewers;
        // Parts of region that change fast, sent at hotQuality; and still areas repainted at repaintQuality
        // (not in region).
        TileMask hot;
        int hotQuality = 0;
        TileMask repaint;
        int repaintQuality = 0;
        QList<Move> copies = {}; // applied by the viewer before region is drawn
    };

    void applyRequest(Viewer &viewer, const ViewerRequest &request);
    void updateTimer();
    void tick();
    bool isReady(const Viewer &viewer, qint64 now) const;
    std::optional<Update> nextUpdate(const Viewer &viewer, QSize captureSize, qint64 now) const;
    ViewerPacer::Limits pacerLimits() const;
    int repaintQualityFor(const Viewer &viewer) const;
    void addAdaptiveParts(Update &update, const Viewer &viewer, qint64 now) const;
    void accountSent(Viewer &viewer, const Update &update, quint32 frameId, qint64 now);
    QByteArray encodeUpdate(const QImage &frame, const Update &update, quint32 frameId, qint64 captureTimeMs);

    // Scrolls and dragged windows become copies plus the exposed strip (see useMoves).
    QList<Move> detectMoves(const QImage &frame, const TileMask &changed, qint64 now);
    void useMoves(const Viewer &viewer, Update &update, const TileMask &unsent, const QList<Move> &moves,
                  QSize captureSize) const;
    static TileMask lossyAfterMoves(const TileMask &lossy, const QList<Move> &moves);

    std::unique_ptr<ScreenSource> m_source;
    StreamOptions m_options;
    RectEncoder m_encoder;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    TileDiff m_diff;
    TileHeat m_heat;
    TileMask m_hot; // the hot tiles as of the last capture
    MoveDetector m_moveDetector;
    QImage m_previous;
    quint32 m_nextFrameId = 1;
    int m_failedGrabs = 0;
    bool m_earlyLookPending = false;
    std::map<quint64, Viewer> m_viewers;
};

} // namespace deskport
