#pragma once

#include "core/role.h"
#include "host/fileroots.h"
#include "host/systeminfo.h"
#include "host/uploadstore.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>

class QHttpServerRequest;
class QHttpServerRouter;
class QTcpSocket;
class QWebSocket;

namespace deskport {

class Auth;
class TerminalSession;

// What the host lets viewers do beside watching (docs/protocol.md, "Host tools"); from Settings.
struct HostToolOptions
{
    static constexpr qint64 DefaultUploadLimit = qint64(2) * 1024 * 1024 * 1024;

    bool systemForViewOnly = true;
    bool fileAccess = true;
    bool terminal = true;
    QStringList fileRoots; // empty: the home folder
    qint64 uploadLimit = DefaultUploadLimit;
};

// The system panel, the files and the terminal over HTTP and WebSocket. Every request is checked on its own: the
// session cookie (401), the role and the host's switches (403). The providers (SystemInfo, FileRoots,
// UploadStore, PtyProcess) know nothing of HTTP; this class maps them to routes and status codes.
class HostTools : public QObject
{
    Q_OBJECT
public:
    enum class Tool { System, Files, Terminal };
    static constexpr int MaxTerminalsPerSession = 8;

    explicit HostTools(const Auth *auth, QObject *parent = nullptr);
    ~HostTools() override;

    // Adds the routes; call before any catch-all route, which would otherwise take their paths.
    void addRoutes(QHttpServerRouter *router);

    void setOptions(const HostToolOptions &options);
    const HostToolOptions &options() const { return m_options; }
    // The host's screens for the system panel (the server has no GUI of its own).
    void setScreensProvider(std::function<QList<ScreenInfo>()> provider) { m_screens = std::move(provider); }

    bool mayUse(Tool tool, Role role) const;
    // {"system": bool, "files": bool, "terminal": bool} for GET /api/session.
    QJsonObject toolsFor(Role role) const;

    UploadStore &uploads() { return m_uploads; }

    // A WebSocket upgraded at /terminal: checked again (the session may have ended since the upgrade was allowed),
    // then a shell is started for it. peer names the viewer in the log.
    void acceptTerminal(std::unique_ptr<QWebSocket> socket, const QByteArray &sessionToken, Role role,
                        const QString &peer);
    int terminalCount() const { return int(m_terminals.size()); }
    // The process ids of the running shells (tests check that they end).
    QList<qint64> terminalShells() const;

    // A session ended: its terminals close and its uploads are abandoned.
    void endSession(const QByteArray &sessionToken);
    // Sharing stopped or Deskport quits: every terminal and upload ends.
    void closeAll(const QString &reason);

private:
    struct Caller
    {
        QByteArray token;
        Role role = Role::None;
    };
    // The caller's session, or nothing with the answer (401/403) already written.
    std::optional<Caller> admit(const QHttpServerRequest &request, QTcpSocket *socket, Tool tool) const;

    void handleSystem(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest);
    void handleFiles(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest);
    void handleUploads(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest);
    void listFolder(QTcpSocket *socket, const QString &root, const QString &path);
    void download(const QHttpServerRequest &request, QTcpSocket *socket, const QString &root, const QString &path);
    void downloadFolder(const QHttpServerRequest &request, QTcpSocket *socket, const QString &root,
                        const QString &path);
    void closeTerminals(const std::function<bool(const TerminalSession &)> &which, int code, const QString &reason);
    void startUpload(const QHttpServerRequest &request, QTcpSocket *socket, const Caller &caller,
                     const QString &root, const QString &path);

    const Auth *m_auth;
    HostToolOptions m_options;
    FileRoots m_roots;
    SystemInfo m_systemInfo;
    QJsonObject m_lastSystemSample;
    QElapsedTimer m_lastSystemSampleAge;
    std::function<QList<ScreenInfo>()> m_screens;
    UploadStore m_uploads;
    std::map<TerminalSession *, std::unique_ptr<TerminalSession>> m_terminals;
};

} // namespace deskport
