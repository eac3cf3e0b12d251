#pragma once

#include "capture/cursorimage.h"
#include "core/auditlog.h"
#include "core/consentrequests.h"
#include "core/role.h"
#include "protocol/messages.h"
#include "server/connectionguard.h"
#include "server/hosttools.h"
#include "server/loginthrottle.h"
#include "server/viewerinput.h"
#include "server/staticfiles.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QThreadPool>

#include <functional>
#include <map>
#include <optional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;

namespace deskport {

class Auth;
class FramePipeline;
class SharingController;
class ViewerSession;

// The portal's one port: the portal's files, the login API and the screen stream at /ws (see docs/protocol.md).
// Lives on the main thread; everything slow (password hashing, capture, encoding) happens elsewhere.
class PortalServer : public QObject
{
    Q_OBJECT
public:
    PortalServer(Auth *auth, FramePipeline *pipeline, SharingController *sharing, const InputContext &input,
                 QObject *parent = nullptr);
    ~PortalServer() override;

    // HTTPS/WSS with this configuration (TlsIdentity::serverConfiguration()), or plain HTTP for nullopt, from the
    // next listen() on.
    void setTls(std::optional<QSslConfiguration> tls) { m_tlsConfiguration = std::move(tls); }
    const std::optional<QSslConfiguration> &tlsConfiguration() const { return m_tlsConfiguration; }
    // Whether the port listened on now speaks TLS, and with which certificate (null for plain HTTP).
    bool isEncrypted() const;
    QSslCertificate servedCertificate() const;

    // port 0 picks a free port (tests). False with errorString() set if the address cannot be listened on; a
    // server that was listening keeps listening where it was. On success the previous address is given up, but
    // viewers connected through it stay connected.
    bool listen(const QHostAddress &address, quint16 port);
    // Refuses new connections (the port is closed); connected viewers are not touched.
    void stopListening();
    // Closes every connection still open (kept-alive HTTP ones too), after pending answers are written.
    void closeConnections();
    bool isListening() const;
    quint16 serverPort() const;
    QString errorString() const { return m_error; }

    // Closes every viewer with 1001 (server going away) and the given reason.
    void closeAll(const QString &reason = QStringLiteral("sharing stopped"));
    // Ends the session viewer `id` belongs to: its sockets close with 4401, and it has to log in again.
    void disconnectViewer(quint64 id);
    // Ends every session (4401 to every viewer; terminals and uploads end too).
    void endAllSessions();
    // The host's "Allow control" switch. Off: every session is view-only at once (control viewers reconnect as
    // view-only viewers, terminals close, files answer 403); on again: they get control back the same way.
    void setControlAllowed(bool allowed);
    // The desktop area input maps to, for viewers that connect from now on (the shared screen changed); pointer
    // positions are relative to it from now on.
    void setDesktopArea(const QRect &area);

    // The host pointer's picture (CURSOR_SHAPE), sent at once to every greeted viewer and after HELLO to those who
    // come later. Encoded once for all; a picture larger than the protocol allows is cropped around its hotspot.
    void setCursorShape(const deskport::CursorImage &image);
    // Where the host pointer is, in desktop coordinates (CURSOR_POSITION): sent relative to the desktop area, and
    // as invisible (0, 0) when visible is false or the position lies outside that area. Sent to every greeted
    // viewer when the message differs from the last one, and after HELLO to those who come later. Viewers that
    // get scaled frames get shared-desktop pixels too: the browser scales.
    void setCursorPosition(QPoint desktopPosition, bool visible);

    // Limits on every connection before QHttpServer sees it (docs/security.md): perAddress connections per
    // address, header deadline, header and body sizes.
    static ConnectionLimits defaultConnectionLimits();

    // The system panel, files and terminal (docs/protocol.md, "Host tools").
    HostTools &hostTools() { return m_tools; }

    // Where logins and viewer connections are recorded (nullptr: nowhere). Not owned; must outlive the server or be
    // set back to nullptr first.
    void setAuditLog(AuditLog *log) { m_audit = log; }

private:
    void login(const QHttpServerRequest &request, QTcpSocket *socket);
    // After the password check: a session, or a wait for the host's consent first. connection is null when the
    // browser has gone meanwhile.
    void finishLogin(const QPointer<QTcpSocket> &connection, Role role, const QHostAddress &address,
                     const QString &peer);
    void openSession(QTcpSocket *connection, Role role, const QString &peer);
    void consentDecided(quint64 request, ConsentRequests::Decision decision);
    QHttpServerResponse logout(const QHttpServerRequest &request);
    QHttpServerResponse session(const QHttpServerRequest &request) const;
    QHttpServerResponse file(const QString &path) const;
    void forEachViewer(const std::function<void(ViewerSession &)> &action);
    void acceptWebSockets();
    void markViewerConnection(const QWebSocket &viewer);
    // Closes the connections the listener accepted (all, or only the HTTP ones) once pending answers are written.
    static void closeConnections(QTcpServer *listener, bool keepViewers);
    void sendFrame(const QList<quint64> &viewers, const QByteArray &message);
    void endViewer(quint64 id);
    void greetViewer(quint64 id);
    void updateCursorPosition();
    void audit(AuditEventKind kind, const QString &peer, Role role = Role::None, qint64 seconds = 0,
               const QString &detail = {});

    Auth *m_auth;
    FramePipeline *m_pipeline;
    SharingController *m_sharing;
    InputContext m_input;
    QHttpServer m_http;
    QPointer<QTcpServer> m_tcp;
    std::optional<QSslConfiguration> m_tlsConfiguration;
    // Logins whose password was right, waiting for the host's answer, by consent request.
    struct WaitingLogin
    {
        QPointer<QTcpSocket> connection;
        Role role = Role::None;
        QString peer;
    };
    std::map<quint64, WaitingLogin> m_waitingLogins;
    // Listeners given up for another port. Kept (closed) because the connections they accepted are their children.
    QList<QTcpServer *> m_retired;
    ConnectionGuard m_guard;
    LoginThrottle m_throttle;
    StaticFiles m_files;
    HostTools m_tools;
    QString m_error;
    std::map<quint64, ViewerSession *> m_viewers;
    // Who each viewer is and since when, for the audit log's disconnect lines.
    struct ViewerRecord
    {
        QString peer;
        Role role = Role::None;
        QElapsedTimer since;
    };
    std::map<quint64, ViewerRecord> m_viewerRecords;
    AuditLog *m_audit = nullptr;
    // The pointer as last reported, and the messages that say it (empty until it is known).
    QPoint m_cursorDesktopPosition;
    bool m_cursorVisible = false;
    bool m_cursorPositionKnown = false;
    QByteArray m_cursorShapeMessage;
    QByteArray m_cursorPositionMessage;
    // Last, so it is destroyed first: its destructor waits for running password checks, which use m_auth.
    QThreadPool m_loginPool;
};

} // namespace deskport
