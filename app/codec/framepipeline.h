#pragma once

#include "capture/screensource.h"
#include "codec/streamoptions.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QThread>

#include <memory>

namespace deskport {

class PipelineWorker;

// Capture -> tile diff -> JPEG on a worker thread, for any number of viewers. One capture serves everyone; each
// distinct update (frame size, qualities, regions) is encoded once and shared. Each viewer is paced by its acks
// (ViewerPacer): frames in flight follow its round trip (at most maxInFlight), and a viewer falling behind gets
// fewer frames, then lower quality, rather than more latency; it never holds others up. Fast-changing areas go
// at a lower quality and are repainted once still (TileHeat).
// Capture runs only while at least one viewer is registered.
//
// Use from the main thread only; calls are queued to the worker, results come back through frameReady.
class FramePipeline : public QObject
{
    Q_OBJECT
public:
    FramePipeline(std::unique_ptr<ScreenSource> source, const StreamOptions &options, QObject *parent = nullptr);
    ~FramePipeline() override;

    QSize desktopSize() const { return m_desktopSize; }
    const StreamOptions &options() const { return m_options; }

    void addViewer(quint64 id, const ViewerRequest &request = {});
    void removeViewer(quint64 id);
    void setViewerRequest(quint64 id, const ViewerRequest &request);
    void acknowledge(quint64 id, quint32 frameId);
    // A viewer's input reached the desktop: capture sooner than the next tick (lower click-to-pixel latency).
    void inputApplied();
    // Live changes (the tray's settings): new ceilings for every viewer, or another screen to capture.
    void setOptions(const StreamOptions &options);
    void setSource(std::unique_ptr<ScreenSource> source);

Q_SIGNALS:
    void frameReady(const QList<quint64> &viewers, const QByteArray &message);

private:
    template<typename F>
    void post(F &&call);

    QSize m_desktopSize;
    StreamOptions m_options;
    QThread m_thread;
    PipelineWorker *m_worker;
};

} // namespace deskport
