#include "server/terminalsession.h"

#include "host/ptyprocess.h"
#include "server/serverlog.h"
#include "server/terminalmessages.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace deskport {

namespace {

// Output waiting in the socket beyond this pauses the shell's output (it then blocks on a full terminal), so a
// `cat` of a huge file or `yes` cannot fill memory while the browser is slow.
constexpr qint64 PauseAbove = 1024 * 1024;
constexpr qint64 ResumeBelow = 256 * 1024;

} // namespace

TerminalSession::TerminalSession(std::unique_ptr<QWebSocket> socket, QByteArray sessionToken, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_pty(std::make_unique<PtyProcess>())
    , m_token(std::move(sessionToken))
{
    m_socket->setParent(nullptr);
    m_socket->setMaxAllowedIncomingMessageSize(MaxMessageSize);
    m_socket->setMaxAllowedIncomingFrameSize(MaxMessageSize);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &TerminalSession::onBinary);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &TerminalSession::onText);
    connect(m_socket.get(), &QWebSocket::disconnected, this, &TerminalSession::onSocketGone);
    connect(m_socket.get(), &QWebSocket::bytesWritten, this, &TerminalSession::updateReading);
    connect(m_pty.get(), &PtyProcess::output, this, &TerminalSession::onOutput);
    connect(m_pty.get(), &PtyProcess::finished, this, &TerminalSession::onShellFinished);
}

TerminalSession::~TerminalSession()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    // ~PtyProcess ends and reaps the shell if it is still there.
}

bool TerminalSession::start(const QString &peer)
{
    m_peer = peer;
    const TerminalSize size = terminalSizeFromQuery(m_socket->requestUrl().query());
    PtyProcess::Options options;
    options.columns = size.columns;
    options.rows = size.rows;
    options.environment = {QStringLiteral("COLORTERM=truecolor")};
    QString error;
    if (!m_pty->start(options, &error)) {
        qCWarning(lcServer).noquote() << "terminal for" << peer << "could not start:" << error;
        m_shellGone = true;
        close(QWebSocketProtocol::CloseCodeAbnormalDisconnection, QStringLiteral("the shell could not start"));
        return false;
    }
    qCInfo(lcServer).noquote() << "terminal opened for" << peer << "shell pid" << m_pty->processId() << "size"
                               << options.columns << 'x' << options.rows;
    return true;
}

qint64 TerminalSession::shellProcessId() const
{
    return m_pty->processId();
}

void TerminalSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_pty->isRunning()) {
        m_pty->terminate();
    }
    if (!m_socketGone) {
        m_socket->close(code, reason);
    }
    finishIfDone();
}

void TerminalSession::onBinary(const QByteArray &data)
{
    if (!m_pty->write(data)) {
        qCWarning(lcServer).noquote() << "terminal of" << m_peer << "closed: input arrives faster than the shell reads";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("input too fast"));
    }
}

void TerminalSession::onText(const QString &text)
{
    const std::optional<TerminalSize> size = parseTerminalResize(text.toUtf8());
    if (!size || !m_pty->resize(size->columns, size->rows)) {
        qCWarning(lcServer).noquote() << "terminal of" << m_peer << "closed: malformed message";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("malformed message"));
    }
}

void TerminalSession::onOutput(const QByteArray &data)
{
    if (!m_socketGone) {
        m_socket->sendBinaryMessage(data);
        updateReading();
    }
}

void TerminalSession::updateReading()
{
    if (m_socketGone) {
        return;
    }
    const qint64 waiting = m_socket->bytesToWrite();
    if (waiting > PauseAbove) {
        m_pty->setReadingPaused(true);
    } else if (waiting < ResumeBelow) {
        m_pty->setReadingPaused(false);
    }
}

void TerminalSession::onShellFinished(int exitCode)
{
    m_shellGone = true;
    qCInfo(lcServer).noquote() << "terminal of" << m_peer << "ended, exit code" << exitCode;
    if (!m_socketGone) {
        m_socket->sendTextMessage(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("exit")},
                                      {QStringLiteral("code"), exitCode}})
                .toJson(QJsonDocument::Compact)));
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("the shell ended"));
    }
    finishIfDone();
}

void TerminalSession::onSocketGone()
{
    m_socketGone = true;
    if (m_pty->isRunning()) {
        m_pty->terminate();
    }
    finishIfDone();
}

void TerminalSession::finishIfDone()
{
    if (m_socketGone && (m_shellGone || !m_pty->isRunning()) && !m_finishedSent) {
        m_finishedSent = true;
        Q_EMIT finished(this);
    }
}

} // namespace deskport
