#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QWebSocketProtocol>

#include <memory>

class QWebSocket;

namespace deskport {

class PtyProcess;

// One terminal tab: a shell in a pseudo-terminal, spoken to over one WebSocket (docs/protocol.md, "Terminal").
// The shell lives exactly as long as the socket: when either ends, the other is ended too, and finished() comes
// once both are gone (the shell reaped), so the owner can delete this.
class TerminalSession : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxMessageSize = 64 * 1024;

    TerminalSession(std::unique_ptr<QWebSocket> socket, QByteArray sessionToken, QObject *parent = nullptr);
    ~TerminalSession() override;

    // Starts the shell at the size the socket's URL asks for (?cols=&rows=, default 80x24). False: the socket is
    // closed with the reason and finished() follows.
    bool start(const QString &peer);
    QByteArray sessionToken() const { return m_token; }
    qint64 shellProcessId() const;
    // Ends the shell and closes the socket with code and reason.
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

Q_SIGNALS:
    void finished(deskport::TerminalSession *session);

private:
    void onBinary(const QByteArray &data);
    void onText(const QString &text);
    void onOutput(const QByteArray &data);
    void onShellFinished(int exitCode);
    void onSocketGone();
    void updateReading();
    void finishIfDone();

    std::unique_ptr<QWebSocket> m_socket;
    std::unique_ptr<PtyProcess> m_pty;
    QByteArray m_token;
    QString m_peer;
    bool m_socketGone = false;
    bool m_shellGone = false;
    bool m_finishedSent = false;
};

} // namespace deskport
