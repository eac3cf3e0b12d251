#include "server/viewersession.h"

#include "codec/framepipeline.h"
#include "host/hostclipboard.h"
#include "server/peeraddress.h"
#include "server/serverlog.h"

#include <QWebSocket>

namespace deskport {

namespace {

// Client messages are a few bytes, CLIPBOARD at most 64 KiB; anything larger is refused by the socket before it
// is buffered.
constexpr quint64 MaxIncomingBytes = 72 * 1024;

} // namespace

ViewerSession::ViewerSession(quint64 id, std::unique_ptr<QWebSocket> socket, Role role, QByteArray sessionToken,
                             FramePipeline *pipeline, const InputContext &input, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_socket(std::move(socket))
    , m_role(role)
    , m_sessionToken(std::move(sessionToken))
    , m_pipeline(pipeline)
    , m_peer(peerName(m_socket->peerAddress()))
    , m_input(input, role)
{
    connect(&m_input, &ViewerInput::inputApplied, m_pipeline, &FramePipeline::inputApplied);
    connect(&m_input, &ViewerInput::inputRefused, this, [this] {
        qCWarning(lcServer).noquote() << "viewer" << m_id << "from" << m_peer
                                      << QStringLiteral("sent input that is not applied (%1); dropping it")
                                             .arg(m_input.notAppliedReason());
    });
    m_socket->setMaxAllowedIncomingMessageSize(MaxIncomingBytes);
    m_socket->setMaxAllowedIncomingFrameSize(MaxIncomingBytes);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, &ViewerSession::onBinaryMessage);
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, [this] {
        close(protocol::CloseCode::Malformed, QStringLiteral("text messages are not part of the protocol"));
    });
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        qCInfo(lcServer).noquote() << "viewer" << m_id << "disconnected:" << m_socket->closeCode()
                                   << m_socket->closeReason();
        Q_EMIT finished(m_id);
    });
}

ViewerSession::~ViewerSession()
{
    if (m_greeted) {
        m_pipeline->removeViewer(m_id);
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ViewerSession::sendFrame(const QByteArray &message)
{
    if (!m_closing) {
        m_socket->sendBinaryMessage(message);
    }
}

void ViewerSession::sendHostClipboard(const QString &text)
{
    if (m_greeted && !m_closing && m_input.isApplied()) {
        m_socket->sendBinaryMessage(protocol::encode(protocol::HostClipboard{text}));
    }
}

void ViewerSession::sendCursorMessage(const QByteArray &message)
{
    if (m_greeted && !m_closing) {
        m_socket->sendBinaryMessage(message);
    }
}

void ViewerSession::close(protocol::CloseCode code, const QString &reason)
{
    if (m_closing) {
        return;
    }
    m_closing = true;
    if (code != protocol::CloseCode::Normal && code != protocol::CloseCode::GoingAway) {
        qCWarning(lcServer).noquote() << "viewer" << m_id << "from" << m_peer << "closed with" << quint16(code)
                                      << ":" << reason;
        m_socket->sendBinaryMessage(protocol::encode(protocol::Error{code, reason}));
    }
    // The close frame's reason is limited to 123 bytes; ERROR carries the full sentence.
    m_socket->close(QWebSocketProtocol::CloseCode(quint16(code)), reason.left(60));
}

void ViewerSession::onBinaryMessage(const QByteArray &message)
{
    if (m_closing) {
        return;
    }
    const protocol::Decoded<protocol::ClientMessage> decoded = protocol::decodeClientMessage(message);
    if (!decoded) {
        close(decoded.code, decoded.error);
        return;
    }
    const bool isHello = std::holds_alternative<protocol::Hello>(*decoded.message);
    if (isHello == m_greeted) {
        close(protocol::CloseCode::Malformed,
              isHello ? QStringLiteral("HELLO was sent twice") : QStringLiteral("the first message must be HELLO"));
        return;
    }
    std::visit([this](const auto &decodedMessage) { handle(decodedMessage); }, *decoded.message);
}

void ViewerSession::handle(const protocol::Hello &hello)
{
    if (hello.version != protocol::Version) {
        close(protocol::CloseCode::UnsupportedVersion,
              QStringLiteral("this server speaks protocol version %1, the browser %2; reload the page")
                  .arg(protocol::Version)
                  .arg(hello.version));
        return;
    }
    m_greeted = true;
    const QSize desktop = m_pipeline->desktopSize();
    const StreamOptions &options = m_pipeline->options();
    m_socket->sendBinaryMessage(protocol::encode(protocol::ServerHello{
        protocol::Version, quint8(m_role), quint16(desktop.width()), quint16(desktop.height()), quint8(options.fps),
        quint8(options.quality)}));
    m_socket->sendBinaryMessage(protocol::encode(protocol::Control{m_input.isApplied(), m_input.notAppliedReason()}));
    if (const HostClipboard *clipboard = m_input.clipboard()) {
        if (const QString text = clipboard->text(); !text.isEmpty()) {
            sendHostClipboard(text);
        }
    }
    Q_EMIT greeted(m_id);
    m_pipeline->addViewer(m_id);
}

void ViewerSession::handle(const protocol::ViewSettings &settings)
{
    m_pipeline->setViewerRequest(
        m_id, ViewerRequest{QSize(settings.maxWidth, settings.maxHeight), settings.quality, settings.fps});
}

void ViewerSession::handle(const protocol::Ack &ack)
{
    m_pipeline->acknowledge(m_id, ack.frameId);
}

void ViewerSession::handle(const protocol::Ping &ping)
{
    m_socket->sendBinaryMessage(protocol::encode(protocol::Pong{ping.payload}));
}

template<typename InputMessage>
void ViewerSession::handle(const InputMessage &message)
{
    if (!m_input.handle(message)) {
        close(protocol::CloseCode::InputFlood,
              QStringLiteral("more than %1 input events are waiting").arg(ViewerInput::MaxQueued));
    }
}

} // namespace deskport
