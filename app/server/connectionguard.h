#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class QTcpSocket;

namespace deskport {

// What one connection may do before the HTTP server sees it. Qt 6.4's QHttpServer has no limits of its own.
struct ConnectionLimits
{
    // Connections open at once from one IP address (an IPv4-mapped IPv6 address counts as the IPv4 one).
    int perAddress = 32;
    // From accept (or from the first byte of a later request on a kept-alive connection) until the request's header
    // is complete; also catches a TLS handshake that never ends. Answered with 408.
    std::chrono::milliseconds headerTimeout{10000};
    // An HTTP connection with nothing read and nothing written for this long is closed (without an answer).
    std::chrono::milliseconds idleTimeout{120000};
    // Request line plus header fields (431 beyond).
    qsizetype maxHeaderBytes = 16 * 1024;
    // Largest Content-Length (413 beyond), unless bodyLimitFor says otherwise.
    qsizetype maxBodyBytes = 64 * 1024;
    // Per-request body limit (e.g. file upload pieces): given the method and the request target's path (raw, without
    // the query), returns the limit, or a negative number for maxBodyBytes. Optional.
    std::function<qsizetype(QByteArrayView method, QByteArrayView path)> bodyLimitFor;
    // After a refusal the answer is written, our side is shut for writing and whatever the peer still sends is read
    // and thrown away (so that it reads the answer rather than a reset) for at most this long; then the connection is
    // aborted.
    std::chrono::milliseconds lingerTimeout{1000};
};

// Attaches to every accepted socket before QHttpServer does, follows the HTTP/1.1 framing of what arrives with
// peek() only (nothing is consumed: QHttpServer reads the same bytes afterwards) and cuts off connections that break
// the limits above: it answers with a short error itself, and QHttpServer never sees (and never buffers) the rest.
// A WebSocket upgrade ends the watching (QWebSocket has its own limits); the connection still counts for perAddress
// until its socket is destroyed. Main thread only, like the sockets.
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionGuard(ConnectionLimits limits = {}, QObject *parent = nullptr);
    ~ConnectionGuard() override;

    // Call with a freshly accepted socket (QTcpSocket or QSslSocket), before anyone else connects to its signals.
    // False when the socket's address already has perAddress connections: nothing is attached and nothing closed or
    // deleted; the caller aborts and deletes the socket.
    bool admit(QTcpSocket *socket);
    // Connections counted for that address (either spelling of an IPv4 address) right now.
    int connectionsFrom(const QHostAddress &address) const;

    const ConnectionLimits &limits() const { return *m_limits; }

    // The name an address is counted under: IPv4-mapped IPv6 addresses as plain IPv4, without a scope.
    static QHostAddress addressKey(const QHostAddress &address);

Q_SIGNALS:
    // A connection refused or cut off, with why (for a log line; it never carries request contents).
    void refused(QHostAddress address, QString reason);

private:
    friend class ConnectionWatch;
    void release(const QHostAddress &key);

    std::shared_ptr<const ConnectionLimits> m_limits;
    QHash<QHostAddress, int> m_counts;
};

} // namespace deskport
