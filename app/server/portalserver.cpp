#include "server/portalserver.h"

#include "codec/framepipeline.h"
#include "core/sharingcontroller.h"
#include "host/hostclipboard.h"
#include "host/uploadstore.h"
#include "server/auth.h"
#include "server/httpreply.h"
#include "server/peeraddress.h"
#include "server/plainrequestrule.h"
#include "server/portallistener.h"
#include "server/prefixrule.h"
#include "server/serverlog.h"
#include "server/viewersession.h"
#include "server/websocketrule.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>

namespace deskport {

namespace {

constexpr qsizetype MaxLoginBody = 4096;
constexpr int ListenBacklog = 1024;

using StatusCode = QHttpServerResponse::StatusCode;

} // namespace

PortalServer::PortalServer(Auth *auth, FramePipeline *pipeline, SharingController *sharing, const InputContext &input,
                           QObject *parent)
    : QObject(parent)
    , m_auth(auth)
    , m_pipeline(pipeline)
    , m_sharing(sharing)
    , m_input(input)
    , m_guard(defaultConnectionLimits())
    , m_tools(auth)
{
    connect(&m_guard, &ConnectionGuard::refused, this, [](const QHostAddress &address, const QString &reason) {
        qCInfo(lcServer).noquote() << "connection from" << peerName(address) << "cut off:" << reason;
    });
    // Every route but /ws and /terminal refuses upgrades (see PlainRequestRule). Order matters: the catch-all file
    // route is last.
    // The login answers later (a password check on the pool, maybe the host's consent) and writes to the
    // connection itself: Qt 6.4 writes a QFuture's response to the socket it had, even when the client has gone
    // and the socket was deleted meanwhile (a crash any client could cause by hanging up).
    {
        auto noArguments = [] {};
        using NoArguments = decltype(noArguments);
        m_http.router()->addRule<NoArguments>(std::make_unique<PrefixRule>(
            QStringLiteral("/api/login"), QHttpServerRequest::Method::Post,
            [this](const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest) {
                if (!rest.isEmpty()) {
                    writeJsonError(socket, 404, QStringLiteral("not found"));
                    return;
                }
                login(request, socket);
            }));
    }
    m_http.route<PlainRequestRule>(QStringLiteral("/api/logout"), QHttpServerRequest::Method::Post,
                                   [this](const QHttpServerRequest &request) { return logout(request); });
    m_http.route<PlainRequestRule>(QStringLiteral("/api/session"), QHttpServerRequest::Method::Get,
                                   [this](const QHttpServerRequest &request) { return session(request); });
    // The handler must write nothing: Qt then hands the socket to its WebSocket server.
    m_http.route<WebSocketRule>(m_auth, QStringLiteral("/ws"),
                                [](const QHttpServerRequest &, QHttpServerResponder &&) {});
    m_http.route<WebSocketRule>(
        m_auth, QStringLiteral("/terminal"),
        std::function<bool(Role)>([this](Role role) { return m_tools.mayUse(HostTools::Tool::Terminal, role); }),
        [](const QHttpServerRequest &, QHttpServerResponder &&) {});
    m_tools.addRoutes(m_http.router());
    m_http.route<PlainRequestRule>(QStringLiteral("/"), QHttpServerRequest::Method::Get,
                                   [this] { return file(QStringLiteral("/")); });
    m_http.route<PlainRequestRule>(QStringLiteral("/<arg>"), QHttpServerRequest::Method::Get,
                                   [this](const QUrl &path) { return file(u'/' + path.path()); });

    // Whatever no route takes. A refused terminal upgrade (a view-only session, the terminal switched off) says so:
    // the upgrade never happens, and the browser's fetch or socket sees why.
    m_http.setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const bool terminal = request.url().path() == QLatin1String("/terminal");
        const QByteArray body = terminal
            ? QByteArrayLiteral("{\"error\":\"the terminal needs a control session, with the terminal switched on\"}")
            : QByteArrayLiteral("Not found\n");
        responder.writeStatusLine(terminal ? QHttpServerResponder::StatusCode::Forbidden
                                           : QHttpServerResponder::StatusCode::NotFound);
        for (const auto &[name, value] : securityHeaders()) {
            responder.writeHeader(name, value);
        }
        responder.writeHeader(QByteArrayLiteral("Content-Type"),
                              terminal ? QByteArrayLiteral("application/json") : QByteArrayLiteral("text/plain"));
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
        responder.writeBody(body);
    });
    m_http.afterRequest([](QHttpServerResponse &&response) {
        for (const auto &[name, value] : securityHeaders()) {
            response.addHeader(name, value);
        }
        return std::move(response);
    });

    connect(&m_http, &QHttpServer::newWebSocketConnection, this, &PortalServer::acceptWebSockets);
    connect(m_pipeline, &FramePipeline::frameReady, this, &PortalServer::sendFrame);
    connect(m_auth, &Auth::sessionEnded, this, [this](const QByteArray &token) {
        m_tools.endSession(token);
        forEachViewer([&token](ViewerSession &viewer) {
            if (viewer.sessionToken() == token) {
                viewer.close(protocol::CloseCode::SessionEnded, QStringLiteral("session ended"));
            }
        });
    });
    if (m_input.clipboard) {
        connect(m_input.clipboard, &HostClipboard::textChanged, this, [this](const QString &text) {
            forEachViewer([&text](ViewerSession &viewer) { viewer.sendHostClipboard(text); });
        });
    }
    connect(&m_sharing->consent(), &ConsentRequests::decided, this, &PortalServer::consentDecided);
    connect(m_sharing, &SharingController::sharingChanged, this, [this](bool isSharing) {
        if (!isSharing) {
            closeAll();
            m_tools.closeAll(QStringLiteral("sharing stopped"));
        }
    });
}

PortalServer::~PortalServer()
{
    // Logins still waiting for the host's answer get one now; their requests are no longer anybody's to answer.
    disconnect(&m_sharing->consent(), nullptr, this, nullptr);
    for (auto &[request, login] : m_waitingLogins) {
        if (login.connection) {
            disconnect(login.connection, nullptr, this, nullptr);
            writeJsonError(login.connection, 503, QStringLiteral("sharing stopped"));
        }
        m_sharing->consent().withdraw(request);
    }
    for (const auto &[id, record] : m_viewerRecords) {
        audit(AuditEventKind::ViewerDisconnected, record.peer, record.role, record.since.elapsed() / 1000,
              QStringLiteral("the server closed"));
    }
    for (const auto &[id, viewer] : m_viewers) {
        m_sharing->unregisterViewer(id);
        delete viewer;
    }
}

bool PortalServer::listen(const QHostAddress &address, quint16 port)
{
    // Moving to another address on the same port: the old listener has to let go of the port first.
    const bool wasListening = isListening();
    const QHostAddress oldAddress = wasListening ? m_tcp->serverAddress() : QHostAddress();
    const quint16 oldPort = wasListening ? m_tcp->serverPort() : 0;
    if (wasListening && port == oldPort) {
        stopListening();
    }
    // Our own QTcpServer, so a failure comes with the system's reason ("address in use") for the user, and so
    // that TLS and the connection limits come before QHttpServer sees a connection.
    auto *tcp = new PortalListener(m_tlsConfiguration, [this](QTcpSocket *socket) {
        if (m_guard.admit(socket)) {
            return true;
        }
        qCInfo(lcServer).noquote() << "connection from" << peerName(socket->peerAddress()) << "refused: more than"
                                   << m_guard.limits().perAddress << "connections from that address";
        return false;
    }, this);
    // A deep accept queue: a burst of connections (a flood from one address, or many viewers at once) is taken in
    // and judged by the connection guard at once, instead of waiting in the kernel's queue where nobody can refuse
    // or time it out.
    tcp->setListenBacklogSize(ListenBacklog);
    if (!tcp->listen(address, port)) {
        m_error = tcp->errorString();
        delete tcp;
        if (wasListening && !m_tcp->isListening() && !m_tcp->listen(oldAddress, oldPort)) {
            qCWarning(lcServer).noquote() << "could not listen on port" << oldPort << "again:" << m_tcp->errorString();
        }
        return false;
    }
    stopListening();
    if (m_tcp) {
        // Kept-alive HTTP connections to the old port would go on answering; the viewers' connections (tagged in
        // markViewerConnection) stay.
        closeConnections(m_tcp, true);
        m_retired.append(m_tcp);
    }
    m_http.bind(tcp);
    m_tcp = tcp;
    qCInfo(lcServer).noquote() << "listening on" << address.toString() << "port" << tcp->serverPort()
                               << (tcp->isEncrypted() ? "(HTTPS)" : "(plain HTTP, not encrypted)");
    return true;
}

void PortalServer::stopListening()
{
    if (m_tcp && m_tcp->isListening()) {
        qCInfo(lcServer) << "stopped listening on port" << m_tcp->serverPort();
        m_tcp->close();
    }
}

void PortalServer::closeConnections()
{
    closeAll();
    // Browsers keep HTTP connections alive, so without this a stopped server would go on answering. closeAll() has
    // asked every viewer to close; what is left of their connections goes too.
    for (QTcpServer *listener : m_retired) {
        closeConnections(listener, false);
    }
    if (m_tcp) {
        closeConnections(m_tcp, false);
    }
}

namespace {
const char *const ViewerConnection = "deskportViewer";
}

void PortalServer::markViewerConnection(const QWebSocket &viewer)
{
    // Qt leaves an upgraded connection a child of its listener, beside the HTTP ones; tag it so that closing the
    // HTTP connections passes it by. The peer's address and port name the connection.
    if (!m_tcp) {
        return;
    }
    for (QTcpSocket *socket : m_tcp->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly)) {
        if (socket->peerPort() == viewer.peerPort() && socket->peerAddress() == viewer.peerAddress()) {
            socket->setProperty(ViewerConnection, true);
            // Qt 6.4 never deletes an upgraded connection's socket: it would stay, closed, under the listener for
            // every viewer that ever came. It goes once the QWebSocket built on it is gone.
            connect(&viewer, &QObject::destroyed, socket, &QObject::deleteLater);
        }
    }
}

void PortalServer::closeConnections(QTcpServer *listener, bool keepViewers)
{
    for (QTcpSocket *socket : listener->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly)) {
        if (!keepViewers || !socket->property(ViewerConnection).toBool()) {
            socket->disconnectFromHost();
        }
    }
}

ConnectionLimits PortalServer::defaultConnectionLimits()
{
    ConnectionLimits limits;
    // A browser opens about six connections per tab, plus one per WebSocket; an office behind one NAT address
    // brings several viewers.
    limits.perAddress = 64;
    // Upload pieces are the only large bodies (docs/protocol.md: at most chunkSize each); every other request's
    // body is a small JSON object.
    limits.bodyLimitFor = [](QByteArrayView method, QByteArrayView path) -> qsizetype {
        if (method == "PUT" && path.startsWith("/api/uploads/")) {
            return UploadStore::ChunkSize + 1024;
        }
        return -1;
    };
    return limits;
}

bool PortalServer::isEncrypted() const
{
    const auto *listener = qobject_cast<const PortalListener *>(m_tcp.data());
    return listener && listener->isEncrypted();
}

QSslCertificate PortalServer::servedCertificate() const
{
    const auto *listener = qobject_cast<const PortalListener *>(m_tcp.data());
    return listener ? listener->certificate() : QSslCertificate();
}

bool PortalServer::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

quint16 PortalServer::serverPort() const
{
    return isListening() ? m_tcp->serverPort() : 0;
}

void PortalServer::closeAll(const QString &reason)
{
    forEachViewer([&reason](ViewerSession &viewer) { viewer.close(protocol::CloseCode::GoingAway, reason); });
}

void PortalServer::disconnectViewer(quint64 id)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    const QByteArray token = it->second->sessionToken();
    forEachViewer([&token](ViewerSession &viewer) {
        if (viewer.sessionToken() == token) {
            viewer.close(protocol::CloseCode::SessionEnded, QStringLiteral("disconnected by the host"));
        }
    });
    m_auth->endSession(token);
}

void PortalServer::endAllSessions()
{
    m_auth->endAllSessions();
}

void PortalServer::setControlAllowed(bool allowed)
{
    if (allowed == m_auth->isControlAllowed()) {
        return;
    }
    m_auth->setControlAllowed(allowed);
    qCInfo(lcServer) << (allowed ? "control allowed again" : "control switched off: every session is view-only");
    if (!allowed) {
        m_tools.closeAll(QStringLiteral("the host switched control off"));
    }
    // A viewer's role is fixed for its connection (SERVER_HELLO says it); the portal reconnects at once after 1001
    // and gets the session's role as it is now.
    const QString reason = allowed ? QStringLiteral("the host allowed control again")
                                   : QStringLiteral("the host switched control off");
    forEachViewer([this, &reason](ViewerSession &viewer) {
        if (m_auth->sessionRole(viewer.sessionToken()) != viewer.role()) {
            viewer.close(protocol::CloseCode::GoingAway, reason);
        }
    });
}

void PortalServer::setDesktopArea(const QRect &area)
{
    m_input.desktopArea = area;
    updateCursorPosition();
}

void PortalServer::setCursorShape(const CursorImage &image)
{
    const CursorImage fitting = image.croppedAroundHotspot(protocol::MaxCursorSize);
    protocol::CursorShape shape;
    if (!fitting.isHidden()) {
        const QImage rgba = fitting.image.convertToFormat(QImage::Format_RGBA8888);
        shape.width = quint16(rgba.width());
        shape.height = quint16(rgba.height());
        shape.hotspotX = quint16(fitting.hotspot.x());
        shape.hotspotY = quint16(fitting.hotspot.y());
        // Row by row: a QImage's lines may be padded, CURSOR_SHAPE's are not.
        const qsizetype rowBytes = qsizetype(rgba.width()) * 4;
        shape.rgba.reserve(rowBytes * rgba.height());
        for (int y = 0; y < rgba.height(); ++y) {
            shape.rgba.append(reinterpret_cast<const char *>(rgba.constScanLine(y)), rowBytes);
        }
    }
    m_cursorShapeMessage = protocol::encode(shape);
    forEachViewer([this](ViewerSession &viewer) { viewer.sendCursorMessage(m_cursorShapeMessage); });
}

void PortalServer::setCursorPosition(QPoint desktopPosition, bool visible)
{
    m_cursorDesktopPosition = desktopPosition;
    m_cursorVisible = visible;
    m_cursorPositionKnown = true;
    updateCursorPosition();
}

void PortalServer::updateCursorPosition()
{
    if (!m_cursorPositionKnown) {
        return;
    }
    const QRect &area = m_input.desktopArea;
    const bool inside = m_cursorVisible && area.contains(m_cursorDesktopPosition);
    const QPoint relative = inside ? m_cursorDesktopPosition - area.topLeft() : QPoint();
    const QByteArray message = protocol::encode(
        protocol::CursorPosition{quint16(relative.x()), quint16(relative.y()), inside});
    if (message == m_cursorPositionMessage) {
        return;
    }
    m_cursorPositionMessage = message;
    forEachViewer([this](ViewerSession &viewer) { viewer.sendCursorMessage(m_cursorPositionMessage); });
}

void PortalServer::greetViewer(quint64 id)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    // Shape first: the browser has a picture to draw by the time it learns where.
    if (!m_cursorShapeMessage.isEmpty()) {
        it->second->sendCursorMessage(m_cursorShapeMessage);
    }
    if (!m_cursorPositionMessage.isEmpty()) {
        it->second->sendCursorMessage(m_cursorPositionMessage);
    }
}

void PortalServer::forEachViewer(const std::function<void(ViewerSession &)> &action)
{
    // A snapshot: sending or closing can report a disconnect at once, and endViewer() then erases from
    // m_viewers. The sessions themselves stay valid until the event loop runs (deleteLater).
    const std::map<quint64, ViewerSession *> viewers = m_viewers;
    for (const auto &[id, viewer] : viewers) {
        action(*viewer);
    }
}

void PortalServer::login(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QHostAddress address = request.remoteAddress();
    const QString peer = peerName(address);

    if (!m_sharing->isSharing()) {
        writeJsonError(socket, 503, QStringLiteral("sharing is off"));
        return;
    }
    if (const int wait = m_throttle.retryAfterSeconds(address); wait > 0) {
        qCWarning(lcServer).noquote() << "login from" << peer << "refused: too many failures, retry in" << wait << "s";
        audit(AuditEventKind::LoginThrottled, peer, Role::None, 0, QStringLiteral("retry in %1 s").arg(wait));
        writeJsonError(socket, 429, QStringLiteral("too many attempts"),
                       {{QByteArrayLiteral("Retry-After"), QByteArray::number(wait)}});
        return;
    }
    if (request.body().size() > MaxLoginBody) {
        writeJsonError(socket, 413, QStringLiteral("request too large"));
        return;
    }
    const std::optional<QString> password = Auth::passwordFromLoginBody(request.body());
    if (!password) {
        writeJsonError(socket, 400, QStringLiteral("expected {\"password\": \"...\"}"));
        return;
    }

    // PBKDF2 takes a good fraction of a second by design: verify on the login pool, answer on this thread, on the
    // connection if it is still there.
    const Auth::PasswordHashes hashes = m_auth->passwordHashes();
    m_loginPool.start([this, connection = QPointer<QTcpSocket>(socket), address, peer, hashes,
                       text = *password] {
        const Role checked = Auth::checkPassword(hashes, text);
        QMetaObject::invokeMethod(
            this,
            [this, connection, address, peer, hashes, checked] {
                // A password changed while this one was checked: the old one no longer opens a session.
                const Role role = hashes == m_auth->passwordHashes() ? checked : Role::None;
                finishLogin(connection, role, address, peer);
            },
            Qt::QueuedConnection);
    });
}

void PortalServer::finishLogin(const QPointer<QTcpSocket> &connection, Role role, const QHostAddress &address,
                               const QString &peer)
{
    if (role == Role::None) {
        m_throttle.recordFailure(address);
        m_sharing->reportFailedLogin(peer);
        qCWarning(lcServer).noquote() << "login from" << peer << "failed: wrong password";
        audit(AuditEventKind::LoginDenied, peer, Role::None, 0, QStringLiteral("wrong password"));
        if (connection) {
            writeJsonError(connection, 401, QStringLiteral("wrong password"));
        }
        return;
    }
    m_throttle.recordSuccess(address);
    if (!connection) {
        return; // the browser gave up: no session nobody holds
    }
    if (m_sharing->needsConsent()) {
        // The answer waits for the host; the browser's request stays open until then (at most the timeout).
        const Role offered = m_auth->isControlAllowed() ? role : Role::View;
        const quint64 request = m_sharing->consent().ask(offered, peer);
        m_waitingLogins.emplace(request, WaitingLogin{connection, role, peer});
        // A browser that gives up takes its question back: the host is not asked about nobody.
        connect(connection, &QObject::destroyed, this, [this, request] { m_sharing->consent().withdraw(request); });
        connect(connection, &QAbstractSocket::disconnected, this,
                [this, request] { m_sharing->consent().withdraw(request); });
        return;
    }
    openSession(connection, role, peer);
}

void PortalServer::consentDecided(quint64 request, ConsentRequests::Decision decision)
{
    const auto it = m_waitingLogins.find(request);
    if (it == m_waitingLogins.end()) {
        return;
    }
    const WaitingLogin login = it->second;
    m_waitingLogins.erase(it);
    if (login.connection) {
        disconnect(login.connection, nullptr, this, nullptr);
    }
    const bool allowed = decision == ConsentRequests::Decision::Allowed && m_sharing->isSharing();
    audit(allowed ? AuditEventKind::ConsentAllowed : AuditEventKind::ConsentDenied, login.peer, login.role, 0,
          decisionName(decision).toLower());
    if (!login.connection) {
        return;
    }
    if (allowed) {
        openSession(login.connection, login.role, login.peer);
        return;
    }
    const QString reason = decision == ConsentRequests::Decision::TimedOut ? QStringLiteral("the host did not answer")
                                                                            : QStringLiteral("the host declined");
    qCInfo(lcServer).noquote() << "login from" << login.peer << "refused:" << reason;
    writeJsonError(login.connection, 403, reason);
}

void PortalServer::openSession(QTcpSocket *connection, Role role, const QString &peer)
{
    qCInfo(lcServer).noquote() << "login from" << peer << "as" << roleName(role);
    audit(AuditEventKind::LoginSucceeded, peer, role);
    // Secure when this connection is encrypted (a viewer of a port given up for another keeps the old one's scheme).
    const bool secure = qobject_cast<const QSslSocket *>(connection) != nullptr;
    writeHttpResponse(connection, 204, {}, {},
                      {{QByteArrayLiteral("Set-Cookie"), m_auth->setCookieValue(m_auth->createSession(role), secure)}});
}

QHttpServerResponse PortalServer::logout(const QHttpServerRequest &request)
{
    m_auth->endSession(Auth::tokenFromCookieHeader(request.value("Cookie")));
    QHttpServerResponse response(StatusCode::NoContent);
    response.addHeader(QByteArrayLiteral("Set-Cookie"), m_auth->setCookieValue({}, isEncrypted()));
    return response;
}

QHttpServerResponse PortalServer::session(const QHttpServerRequest &request) const
{
    const Role role = m_auth->sessionRole(Auth::tokenFromCookieHeader(request.value("Cookie")));
    if (role == Role::None) {
        // The login page says "waiting for the person at the computer" only when the host will be asked.
        return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), QStringLiteral("not logged in")},
                                               {QStringLiteral("askBeforeAccepting"), m_sharing->needsConsent()}},
                                   StatusCode::Unauthorized);
    }
    return QHttpServerResponse(QJsonObject{{QStringLiteral("role"), roleName(role)},
                                           {QStringLiteral("tools"), m_tools.toolsFor(role)}});
}

QHttpServerResponse PortalServer::file(const QString &path) const
{
    std::optional<StaticFiles::File> found = m_files.find(path);
    if (!found) {
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("Not found\n"),
                                   StatusCode::NotFound);
    }
    return QHttpServerResponse(found->mimeType, found->data);
}

void PortalServer::acceptWebSockets()
{
    while (m_http.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection();
        if (!socket) {
            continue;
        }
        // The rule checked the cookie before the upgrade; look it up again for the role (it may just have ended).
        const QByteArray token = Auth::tokenFromCookieHeader(socket->request().rawHeader("Cookie"));
        const Role role = m_auth->sessionRole(token);
        if (role == Role::None || !m_sharing->isSharing()) {
            socket->close(QWebSocketProtocol::CloseCode(quint16(protocol::CloseCode::SessionEnded)),
                          QStringLiteral("not logged in"));
            continue;
        }
        markViewerConnection(*socket);
        if (socket->requestUrl().path() == QLatin1String("/terminal")) {
            const QString peer = peerName(socket->peerAddress());
            m_tools.acceptTerminal(std::move(socket), token, role, peer);
            continue;
        }
        const QString peer = peerName(socket->peerAddress());
        const quint64 id = m_sharing->registerViewer(role, peer);
        ViewerRecord &record = m_viewerRecords[id];
        record.peer = peer;
        record.role = role;
        record.since.start();
        audit(AuditEventKind::ViewerConnected, peer, role);
        // A child: a session that ended and waits for deleteLater() still goes with the server, while the pipeline
        // and input sink it uses on destruction are alive, and never after them.
        auto *viewer = new ViewerSession(id, std::move(socket), role, token, m_pipeline, m_input, this);
        connect(viewer, &ViewerSession::finished, this, &PortalServer::endViewer);
        connect(viewer, &ViewerSession::greeted, this, &PortalServer::greetViewer);
        m_viewers.emplace(id, viewer);
    }
}

void PortalServer::sendFrame(const QList<quint64> &viewers, const QByteArray &message)
{
    for (quint64 id : viewers) {
        // A viewer may have left while its frame was being encoded.
        if (const auto it = m_viewers.find(id); it != m_viewers.end()) {
            it->second->sendFrame(message);
        }
    }
}

void PortalServer::endViewer(quint64 id)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    ViewerSession *viewer = it->second;
    m_viewers.erase(it);
    if (const auto record = m_viewerRecords.find(id); record != m_viewerRecords.end()) {
        audit(AuditEventKind::ViewerDisconnected, record->second.peer, record->second.role,
              record->second.since.elapsed() / 1000);
        m_viewerRecords.erase(record);
    }
    m_sharing->unregisterViewer(id);
    viewer->deleteLater();
}

void PortalServer::audit(AuditEventKind kind, const QString &peer, Role role, qint64 seconds, const QString &detail)
{
    if (m_audit) {
        AuditEvent event = AuditEvent::now(kind, peer, role == Role::None ? QString() : roleName(role), detail);
        event.seconds = seconds;
        m_audit->record(event);
    }
}

} // namespace deskport
