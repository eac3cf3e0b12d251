#include "server/connectionguard.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace deskport {

namespace {

// Qt 6.4's QHttpServer knows these methods (QHttpServerRequest::Method); its parser refuses others anyway.
constexpr QByteArrayView KnownMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
                                           "CONNECT"};

// Scratch space for throwing away what a refused peer still sends, so that memory does not grow with it.
constexpr qint64 DrainBufferBytes = 64 * 1024;

bool isTokenChar(char c)
{
    // RFC 9110 tchar.
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u <= 0x20 || u == 0x7f) {
        return false;
    }
    static constexpr QByteArrayView Separators = "\"(),/:;<=>?@[\\]{}";
    return !Separators.contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// A field value may hold visible ASCII, spaces, tabs and obs-text; no other control characters.
bool isFieldValue(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

// Whether a comma-separated header value lists `token` (case-insensitive), e.g. "keep-alive, Upgrade".
bool listsToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = (comma < 0 ? value : value.first(comma)).trimmed();
        if (item.compare(token, Qt::CaseInsensitive) == 0) {
            return true;
        }
        if (comma < 0) {
            break;
        }
        value = value.sliced(comma + 1);
    }
    return false;
}

// What a complete request header (request line and fields, CRLF-separated, without the final empty line) says.
struct RequestHead
{
    int refusal = 0; // an HTTP status to refuse with, or 0
    const char *reason = "";
    qint64 contentLength = 0;
    bool upgradesToWebSocket = false;
    QByteArrayView method;
    QByteArrayView path;
};

RequestHead readHead(QByteArrayView head)
{
    RequestHead result;
    auto refuse = [&result](int status, const char *reason) {
        result.refusal = status;
        result.reason = reason;
        return result;
    };
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    // method SP request-target SP HTTP-version, nothing else.
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
        return refuse(400, "malformed request line");
    }
    result.method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (std::find(std::begin(KnownMethods), std::end(KnownMethods), result.method) == std::end(KnownMethods)) {
        return refuse(400, "unknown method");
    }
    if (!std::all_of(target.begin(), target.end(),
                     [](char c) { return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f; })) {
        return refuse(400, "malformed request target");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return refuse(400, "unsupported HTTP version");
    }
    const qsizetype query = target.indexOf('?');
    result.path = query < 0 ? target : target.first(query);

    bool hasContentLength = false;
    bool upgradeWebSocket = false;
    bool connectionUpgrade = false;
    while (lineEnd >= 0) {
        const qsizetype start = lineEnd + 2;
        lineEnd = head.indexOf("\r\n", start);
        const QByteArrayView line = lineEnd < 0 ? head.sliced(start) : head.sliced(start, lineEnd - start);
        const qsizetype colon = line.indexOf(':');
        // No obs-fold (a line starting with white space), no white space before the colon.
        if (colon <= 0 || !isToken(line.first(colon))) {
            return refuse(400, "malformed header field");
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (!isFieldValue(value)) {
            return refuse(400, "malformed header field");
        }
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            bool ok = value.size() <= 18 && !value.isEmpty()
                && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            const qint64 length = ok ? value.toLongLong(&ok) : 0;
            if (!ok || (hasContentLength && length != result.contentLength)) {
                return refuse(400, "malformed Content-Length");
            }
            hasContentLength = true;
            result.contentLength = length;
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            // Qt 6.4 would gather a chunked body of any size; the portal's clients always send a length.
            return refuse(411, "Transfer-Encoding is not accepted");
        } else if (name.compare("Upgrade", Qt::CaseInsensitive) == 0) {
            upgradeWebSocket = upgradeWebSocket || listsToken(value, "websocket");
        } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
            connectionUpgrade = connectionUpgrade || listsToken(value, "upgrade");
        }
    }
    // Qt's parser treats a request as an upgrade only with both fields; otherwise it stays plain HTTP.
    result.upgradesToWebSocket = upgradeWebSocket && connectionUpgrade && result.method == "GET";
    return result;
}

QByteArray errorResponse(int status)
{
    const char *text = "Bad Request";
    switch (status) {
    case 408: text = "Request Timeout"; break;
    case 411: text = "Length Required"; break;
    case 413: text = "Content Too Large"; break;
    case 431: text = "Request Header Fields Too Large"; break;
    default: break;
    }
    const QByteArray body = QByteArray(text) + '\n';
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + text
        + "\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n\r\n" + body;
}

} // namespace

// One accepted connection's watcher: a child of its socket, so that it dies with it (that is when the address's
// count goes down; for an upgraded connection already when it closes) and never outlives it. QHttpServer
// disconnect()s every signal of the socket on a WebSocket upgrade, which is why the lifetime is not followed through
// the socket's destroyed() signal.
class ConnectionWatch : public QObject
{
public:
    ConnectionWatch(ConnectionGuard *guard, QTcpSocket *socket, const QHostAddress &key)
        : QObject(socket)
        , m_guard(guard)
        , m_limits(guard->m_limits)
        , m_socket(socket)
        , m_key(key)
    {
        m_headerTimer.setSingleShot(true);
        m_idleTimer.setSingleShot(true);
        m_lingerTimer.setSingleShot(true);
        connect(&m_headerTimer, &QTimer::timeout, this, [this] { refuse(408, "request header timed out"); });
        connect(&m_idleTimer, &QTimer::timeout, this, &ConnectionWatch::closeIdle);
        connect(&m_lingerTimer, &QTimer::timeout, this, [this] { m_socket->abort(); });
        // First receiver of readyRead: runs before QHttpServer's reader, which connects later.
        connect(m_socket, &QIODevice::readyRead, this, &ConnectionWatch::onReadyRead);
        connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionWatch::onActivity);
        m_headerTimer.start(m_limits->headerTimeout);
        m_idleTimer.start(m_limits->idleTimeout);
    }

    ~ConnectionWatch() override
    {
        // The socket is being destroyed: do not touch it.
        release();
    }

private:
    enum class Phase { Header, Body, Upgraded, Closing };

    void release()
    {
        if (!m_released && m_guard) {
            m_guard->release(m_key);
        }
        m_released = true;
    }

    // Qt 6.4 disconnect()s every signal of an upgraded socket, and neither QWebSocket nor QHttpServer deletes it
    // when the WebSocket ends (it lives on, closed, as a child of its listener): an upgraded connection's place is
    // given back when its socket is closed, not when it is destroyed. Called once QHttpServer is done with the
    // upgrade request.
    void followUpgradedSocket()
    {
        if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            release();
            return;
        }
        connect(m_socket, &QAbstractSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::UnconnectedState) {
                release();
            }
        });
    }

    void onActivity()
    {
        if (m_phase == Phase::Header || m_phase == Phase::Body) {
            m_idleTimer.start(m_limits->idleTimeout);
        }
    }

    void onReadyRead()
    {
        if (m_phase != Phase::Header && m_phase != Phase::Body) {
            return;
        }
        // QHttpServer (6.4) reads everything available in every readyRead (inside a transaction, committed once a
        // request is complete), so what can be peeked now is exactly what arrived since the last call.
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0) {
            return;
        }
        onActivity();
        const QByteArray data = m_socket->peek(available);
        QByteArrayView rest(data);
        while (!rest.isEmpty() && (m_phase == Phase::Header || m_phase == Phase::Body)) {
            if (m_phase == Phase::Body) {
                const qint64 taken = std::min<qint64>(m_bodyLeft, rest.size());
                m_bodyLeft -= taken;
                rest = rest.sliced(taken);
                if (m_bodyLeft == 0) {
                    m_phase = Phase::Header;
                }
                continue;
            }
            rest = readHeaderBytes(rest);
        }
    }

    // Takes header bytes from the front of `bytes`; returns what follows the header when it is complete.
    QByteArrayView readHeaderBytes(QByteArrayView bytes)
    {
        if (m_header.isEmpty()) {
            // Empty lines before a request line are allowed (RFC 9112 2.2), but count against the header size.
            while (!bytes.isEmpty() && (bytes.front() == '\r' || bytes.front() == '\n')) {
                bytes = bytes.sliced(1);
                ++m_headerBytes;
            }
            if (m_headerBytes > m_limits->maxHeaderBytes) {
                refuse(431, "request header too large");
                return {};
            }
            if (bytes.isEmpty()) {
                return {};
            }
            if (!m_firstRequest && !m_headerTimer.isActive()) {
                // A later request on a kept-alive connection: its header's time starts with its first byte.
                m_headerTimer.start(m_limits->headerTimeout);
            }
        }
        qsizetype end = -1;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            const char c = bytes[i];
            if (c == '\n' && m_previous != '\r') {
                refuse(400, "bare line feed in request header");
                return {};
            }
            m_previous = c;
            m_endMatch = (c == "\r\n\r\n"[m_endMatch]) ? m_endMatch + 1 : (c == '\r' ? 1 : 0);
            if (m_endMatch == 4) {
                end = i + 1;
                break;
            }
        }
        const qsizetype taken = end < 0 ? bytes.size() : end;
        m_headerBytes += taken;
        // The empty line that ends the header is not counted.
        if (m_headerBytes > m_limits->maxHeaderBytes + 4) {
            refuse(431, "request header too large");
            return {};
        }
        m_header.append(bytes.first(taken));
        if (!methodMayBeKnown()) {
            // Binary garbage or another protocol: refused at once, before QHttpServer's parser chokes on it.
            refuse(400, "malformed request line");
            return {};
        }
        if (end < 0) {
            return {};
        }
        finishHeader();
        return bytes.sliced(end);
    }

    // Whether the header so far can still begin with a known method followed by a space.
    bool methodMayBeKnown() const
    {
        const qsizetype space = m_header.indexOf(' ');
        const QByteArrayView method = QByteArrayView(m_header).first(space < 0 ? m_header.size() : space);
        return std::any_of(std::begin(KnownMethods), std::end(KnownMethods), [&](QByteArrayView known) {
            return space < 0 ? known.startsWith(method) : known == method;
        });
    }

    void finishHeader()
    {
        m_headerTimer.stop();
        m_firstRequest = false;
        m_header.chop(4); // the empty line
        const RequestHead head = readHead(m_header);
        if (head.refusal != 0) {
            refuse(head.refusal, head.reason);
            return;
        }
        if (head.upgradesToWebSocket) {
            // QHttpServer hands the socket to QWebSocketServer (or refuses and closes it): no HTTP after this.
            m_phase = Phase::Upgraded;
            m_idleTimer.stop();
            disconnect(m_socket, nullptr, this, nullptr);
            resetHeader();
            QMetaObject::invokeMethod(this, &ConnectionWatch::followUpgradedSocket, Qt::QueuedConnection);
            return;
        }
        qsizetype limit = -1;
        if (m_limits->bodyLimitFor) {
            limit = m_limits->bodyLimitFor(head.method, head.path);
        }
        if (limit < 0) {
            limit = m_limits->maxBodyBytes;
        }
        if (head.contentLength > limit) {
            refuse(413, "request body too large");
            return;
        }
        m_bodyLeft = head.contentLength;
        m_phase = m_bodyLeft > 0 ? Phase::Body : Phase::Header;
        resetHeader();
    }

    void resetHeader()
    {
        m_header.clear();
        m_headerBytes = 0;
        m_endMatch = 0;
        m_previous = 0;
    }

    void closeIdle()
    {
        if (m_phase != Phase::Header && m_phase != Phase::Body) {
            return;
        }
        m_phase = Phase::Closing;
        m_headerTimer.stop();
        if (m_guard) {
            Q_EMIT m_guard->refused(m_key, QStringLiteral("idle connection closed"));
        }
        m_socket->disconnectFromHost();
        finishClosing();
    }

    // Answers with `status`, and makes sure QHttpServer reads nothing more from this socket.
    void refuse(int status, const char *reason)
    {
        if (m_phase == Phase::Closing || m_phase == Phase::Upgraded) {
            return;
        }
        m_phase = Phase::Closing;
        m_headerTimer.stop();
        m_idleTimer.stop();
        resetHeader();
        if (m_guard) {
            Q_EMIT m_guard->refused(m_key, QString::fromLatin1(reason));
        }
        // Nobody else reads from now on: QHttpServer's reader goes, and whatever it had read into its transaction
        // (a partial request) is dropped from the socket's buffer.
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        if (m_socket->isTransactionStarted()) {
            m_socket->commitTransaction();
        }
        // What the peer goes on sending is thrown away as it arrives, and the socket buffers little of it.
        m_socket->setReadBufferSize(DrainBufferBytes);
        connect(m_socket, &QIODevice::readyRead, this, &ConnectionWatch::drain);
        // Both directions stay open while we drain: a peer still sending would answer a closed socket with a reset,
        // and a reset can throw our answer away before the peer has read it. The linger timer ends it.
        m_socket->write(errorResponse(status));
        m_socket->flush();
        drain();
        finishClosing();
    }

    void drain()
    {
        while (m_socket->bytesAvailable() > 0) {
            if (m_socket->skip(m_socket->bytesAvailable()) <= 0) {
                break;
            }
        }
    }

    void finishClosing()
    {
        // QHttpServer deletes a socket once it is disconnected, unless it has given up on it; then we do.
        connect(m_socket, &QAbstractSocket::disconnected, m_socket, &QObject::deleteLater);
        if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            m_socket->deleteLater();
            return;
        }
        m_lingerTimer.start(m_limits->lingerTimeout);
    }

    QPointer<ConnectionGuard> m_guard;
    std::shared_ptr<const ConnectionLimits> m_limits;
    QTcpSocket *m_socket;
    QHostAddress m_key;
    QTimer m_headerTimer;
    QTimer m_idleTimer;
    QTimer m_lingerTimer;
    Phase m_phase = Phase::Header;
    bool m_firstRequest = true;
    bool m_released = false;
    // The current request's header so far, and the bytes it has used (with empty lines before it).
    QByteArray m_header;
    qsizetype m_headerBytes = 0;
    int m_endMatch = 0; // how much of CRLFCRLF the header ends with so far
    char m_previous = 0;
    qint64 m_bodyLeft = 0;
};

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(std::make_shared<const ConnectionLimits>(std::move(limits)))
{
}

ConnectionGuard::~ConnectionGuard() = default;

QHostAddress ConnectionGuard::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        return QHostAddress(v4);
    }
    QHostAddress key = address;
    key.setScopeId(QString());
    return key;
}

bool ConnectionGuard::admit(QTcpSocket *socket)
{
    const QHostAddress key = addressKey(socket->peerAddress());
    if (m_counts.value(key, 0) >= m_limits->perAddress) {
        Q_EMIT refused(key, QStringLiteral("too many connections from this address"));
        return false;
    }
    ++m_counts[key];
    new ConnectionWatch(this, socket, key);
    return true;
}

int ConnectionGuard::connectionsFrom(const QHostAddress &address) const
{
    return m_counts.value(addressKey(address), 0);
}

void ConnectionGuard::release(const QHostAddress &key)
{
    const auto it = m_counts.find(key);
    if (it == m_counts.end()) {
        return;
    }
    if (--it.value() <= 0) {
        m_counts.erase(it);
    }
}

} // namespace deskport
