#include "service/sharingservice.h"

#include "capture/screensourcefactory.h"
#include "codec/framepipeline.h"
#include "core/sharingcontroller.h"
#include "host/hostclipboard.h"
#include "input/inputsinkfactory.h"
#include "server/auth.h"
#include "server/portalserver.h"

namespace deskport {

namespace {

StreamOptions streamOptions(const Settings &settings, StreamOptions options = {})
{
    options.fps = settings.fps;
    options.quality = settings.quality;
    options.maxSize = settings.maxSize;
    return options;
}

} // namespace

SharingService::SharingService(SharingController *controller, const QByteArray &controlHash,
                               const QByteArray &viewHash, const Overrides &overrides, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_overrides(overrides)
    , m_auth(std::make_unique<Auth>(controlHash, viewHash))
{
    m_controller->setBackend(this);
}

SharingService::~SharingService()
{
    if (m_server) {
        m_server->closeAll(QStringLiteral("Deskport is quitting"));
    }
    m_server.reset();
    m_controller->setBackend(nullptr);
}

bool SharingService::initialize(const Settings &settings, QString *error)
{
    std::unique_ptr<ScreenSource> source = createScreenSource({m_overrides.capture, settings.screen}, error);
    if (!source) {
        return false;
    }
    m_screen = settings.screen;
    m_area = source->geometry();
    m_captureName = source->name();
    m_input = createInputSink(m_overrides.input);
    m_clipboard = std::make_unique<HostClipboard>(settings.clipboard);
    m_pipeline = std::make_unique<FramePipeline>(std::move(source), streamOptions(settings));
    m_server = std::make_unique<PortalServer>(m_auth.get(), m_pipeline.get(), m_controller,
                                              InputContext{m_input.get(), m_clipboard.get(), m_area,
                                                           settings.inputRate});
    return true;
}

bool SharingService::start(const Settings &settings, QString *error)
{
    Q_ASSERT(m_server);
    // Settings may have changed while not sharing: bring everything up to date before the port opens.
    if (settings.screen != m_screen && !useScreen(settings.screen, error)) {
        return false;
    }
    m_pipeline->setOptions(streamOptions(settings, m_pipeline->options()));
    return listen(settings, error);
}

void SharingService::stop()
{
    m_server->stopListening();
    m_server->closeConnections();
}

quint16 SharingService::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool SharingService::apply(const Settings &current, const Settings &next, QString *error)
{
    // First everything that can fail, so a refusal leaves the running state exactly as it was.
    std::unique_ptr<ScreenSource> source;
    if (next.screen != current.screen) {
        source = createScreenSource({m_overrides.capture, next.screen}, error);
        if (!source) {
            return false;
        }
    }
    if ((next.port != current.port || next.bindAddress != current.bindAddress) && !listen(next, error)) {
        return false;
    }

    m_pipeline->setOptions(streamOptions(next, m_pipeline->options()));
    if (source) {
        // Viewers' input mapping and canvas belong to the old screen: they reconnect (the portal does so by itself)
        // and get the new one.
        m_server->closeAll(QStringLiteral("the shared screen changed"));
        useSource(next.screen, std::move(source));
    }
    return true;
}

void SharingService::setPasswordHashes(const QByteArray &controlHash, const QByteArray &viewHash)
{
    m_auth->setPasswordHashes({controlHash, viewHash});
}

void SharingService::disconnectViewer(quint64 id)
{
    if (m_server) {
        m_server->disconnectViewer(id);
    }
}

bool SharingService::listen(const Settings &settings, QString *error)
{
    if (m_server->listen(settings.bindAddress, settings.port)) {
        return true;
    }
    *error = tr("cannot listen on %1 port %2: %3")
                 .arg(settings.bindAddress.toString())
                 .arg(settings.port)
                 .arg(m_server->errorString());
    return false;
}

bool SharingService::useScreen(int screen, QString *error)
{
    std::unique_ptr<ScreenSource> source = createScreenSource({m_overrides.capture, screen}, error);
    if (!source) {
        return false;
    }
    useSource(screen, std::move(source));
    return true;
}

void SharingService::useSource(int screen, std::unique_ptr<ScreenSource> source)
{
    m_screen = screen;
    m_area = source->geometry();
    m_server->setDesktopArea(m_area);
    m_pipeline->setSource(std::move(source));
}

} // namespace deskport
