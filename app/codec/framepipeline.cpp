#include "codec/framepipeline.h"

#include "codec/pipelineworker.h"

namespace deskport {

FramePipeline::FramePipeline(std::unique_ptr<ScreenSource> source, const StreamOptions &options, QObject *parent)
    : QObject(parent)
    , m_desktopSize(source->geometry().size())
    , m_options(options)
    , m_worker(new PipelineWorker(std::move(source), options))
{
    m_thread.setObjectName(QStringLiteral("deskport-pipeline"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PipelineWorker::frameReady, this, &FramePipeline::frameReady, Qt::QueuedConnection);
    m_thread.start();
}

FramePipeline::~FramePipeline()
{
    post([](PipelineWorker *worker) { worker->stop(); });
    m_thread.quit();
    m_thread.wait();
}

template<typename F>
void FramePipeline::post(F &&call)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, call = std::forward<F>(call)]() { call(worker); }, Qt::QueuedConnection);
}

void FramePipeline::addViewer(quint64 id, const ViewerRequest &request)
{
    post([id, request](PipelineWorker *worker) { worker->addViewer(id, request); });
}

void FramePipeline::removeViewer(quint64 id)
{
    post([id](PipelineWorker *worker) { worker->removeViewer(id); });
}

void FramePipeline::setViewerRequest(quint64 id, const ViewerRequest &request)
{
    post([id, request](PipelineWorker *worker) { worker->setViewerRequest(id, request); });
}

void FramePipeline::acknowledge(quint64 id, quint32 frameId)
{
    post([id, frameId](PipelineWorker *worker) { worker->acknowledge(id, frameId); });
}

} // namespace deskport

namespace deskport {

void FramePipeline::inputApplied()
{
    post([](PipelineWorker *worker) { worker->inputApplied(); });
}

void FramePipeline::setOptions(const StreamOptions &options)
{
    m_options = options;
    post([options](PipelineWorker *worker) { worker->setOptions(options); });
}

void FramePipeline::setSource(std::unique_ptr<ScreenSource> source)
{
    m_desktopSize = source->geometry().size();
    // The worker thread owns capture: the source moves there with the call. The holder only makes the queued
    // functor copyable, as invokeMethod wants.
    auto holder = std::make_shared<std::unique_ptr<ScreenSource>>(std::move(source));
    post([holder](PipelineWorker *worker) { worker->setSource(std::move(*holder)); });
}

} // namespace deskport
