#include "service/sharingservice.h"

#include "capture/cursorsource.h"
#include "capture/cursortracker.h"
#include "capture/screensourcefactory.h"
#include "codec/framepipeline.h"
#include "core/auditlog.h"
#include "core/sharingcontroller.h"
#include "host/hostclipboard.h"
#include "input/inputsinkfactory.h"
#include "server/auth.h"
#include "server/portalserver.h"
#include "server/tlsidentity.h"

#include <QGuiApplication>
#include <QScreen>
#include <QStandardPaths>

#include <algorithm>

namespace deskport {

namespace {

StreamOptions streamOptions(const Settings &settings, StreamOptions options = {})
{
    options.fps = settings.fps;
    options.quality = settings.quality;
    options.maxSize = settings.maxSize;
    return options;
}

HostToolOptions hostToolOptions(const Settings &settings)
{
    HostToolOptions options;
    options.systemForViewOnly = settings.systemForViewOnly;
    options.fileAccess = settings.fileAccess;
    options.terminal = settings.terminal;
    options.fileRoots = settings.fileRoots;
    return options;
}

QList<ScreenInfo> hostScreens()
{
    QList<ScreenInfo> screens;
    for (const QScreen *screen : QGuiApplication::screens()) {
        const QRect geometry = screen->geometry();
        screens.append(ScreenInfo{screen->name(), geometry.x(), geometry.y(), geometry.width(), geometry.height(),
                                  screen->devicePixelRatio()});
    }
    return screens;
}

// CURSOR_POSITION goes out at most at the frame rate (docs/protocol.md), and no faster than a 60 Hz display.
int cursorIntervalMs(int fps)
{
    return std::max(CursorTracker::DefaultIntervalMs, 1000 / std::max(1, fps));
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
    m_cursorSourceFactory = [capture = m_overrides.capture] { return createCursorSource(capture); };
    connect(m_controller, &SharingController::sharingChanged, this, &SharingService::updateCursorTracking);
    connect(m_controller, &SharingController::viewerJoined, this, &SharingService::updateCursorTracking);
    connect(m_controller, &SharingController::viewerLeft, this, &SharingService::updateCursorTracking);
}

SharingService::~SharingService()
{
    // Closing the viewers below reports them gone; nothing is to be started any more.
    disconnect(m_controller, nullptr, this, nullptr);
    if (m_cursorTracker) {
        m_cursorTracker->stop();
    }
    if (m_server) {
        m_server->closeAll(QStringLiteral("Deskport is quitting"));
    }
    m_server.reset();
    m_controller->setAuditLog(nullptr);
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
    m_server->hostTools().setOptions(hostToolOptions(settings));
    m_server->hostTools().setScreensProvider(hostScreens);
    const QString auditPath = m_overrides.auditLog.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/Deskport/audit.log")
        : m_overrides.auditLog;
    m_audit = std::make_unique<AuditLog>(auditPath);
    m_server->setAuditLog(m_audit.get());
    m_controller->setAuditLog(m_audit.get());
    m_cursorIntervalMs = cursorIntervalMs(settings.fps);
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
    m_server->hostTools().setOptions(hostToolOptions(settings));
    m_server->setControlAllowed(settings.allowControl);
    setCursorRate(settings.fps);
    return prepareTls(settings, error) && listen(settings, error);
}

QString SharingService::tlsDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/Deskport/tls");
}

bool SharingService::prepareTls(const Settings &settings, QString *error)
{
    if (!settings.tls) {
        m_server->setTls(std::nullopt);
        return true;
    }
    QString why;
    const std::optional<TlsIdentity> identity = settings.tlsCertificate.isEmpty()
        ? TlsIdentity::loadOrCreate(tlsDirectory(), &why)
        : TlsIdentity::loadUserProvided(settings.tlsCertificate, settings.tlsKey, &why);
    if (!identity) {
        *error = tr("no certificate for HTTPS: %1").arg(why);
        return false;
    }
    m_server->setTls(identity->serverConfiguration());
    return true;
}

QByteArray SharingService::tlsFingerprint() const
{
    return m_server ? TlsIdentity::fingerprintOf(m_server->servedCertificate()) : QByteArray();
}

void SharingService::endAllSessions()
{
    if (m_server) {
        m_server->endAllSessions();
    }
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
    const bool tlsChanged = next.tls != current.tls || next.tlsCertificate != current.tlsCertificate
        || next.tlsKey != current.tlsKey;
    if (tlsChanged || next.port != current.port || next.bindAddress != current.bindAddress) {
        const std::optional<QSslConfiguration> previousTls = m_server->tlsConfiguration();
        if (!prepareTls(next, error) || !listen(next, error)) {
            m_server->setTls(previousTls);
            return false;
        }
    }

    m_pipeline->setOptions(streamOptions(next, m_pipeline->options()));
    m_server->hostTools().setOptions(hostToolOptions(next));
    m_server->setControlAllowed(next.allowControl);
    setCursorRate(next.fps);
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

void SharingService::setCursorSourceFactory(CursorSourceFactory factory)
{
    m_cursorSourceFactory = std::move(factory);
    m_cursorTracker.reset();
    m_cursorSourceTried = false;
    updateCursorTracking();
}

void SharingService::setCursorRate(int fps)
{
    m_cursorIntervalMs = cursorIntervalMs(fps);
    if (m_cursorTracker) {
        m_cursorTracker->setInterval(m_cursorIntervalMs);
    }
}

void SharingService::updateCursorTracking()
{
    // Nobody watching costs nothing: no timer, no X requests.
    if (!m_server || !m_controller->isSharing() || m_controller->viewerCount() == 0) {
        if (m_cursorTracker) {
            m_cursorTracker->stop();
        }
        return;
    }
    if (!m_cursorTracker && !m_cursorSourceTried) {
        // Tried once: a desktop without a pointer source says so once in the log, not at every viewer.
        m_cursorSourceTried = true;
        if (std::unique_ptr<CursorSource> source = m_cursorSourceFactory ? m_cursorSourceFactory() : nullptr) {
            m_cursorTracker = std::make_unique<CursorTracker>(std::move(source));
            m_cursorTracker->setInterval(m_cursorIntervalMs);
            connect(m_cursorTracker.get(), &CursorTracker::shapeChanged, m_server.get(), &PortalServer::setCursorShape);
            connect(m_cursorTracker.get(), &CursorTracker::positionChanged, m_server.get(),
                    &PortalServer::setCursorPosition);
        }
    }
    if (m_cursorTracker) {
        m_cursorTracker->start();
    }
}

} // namespace deskport
