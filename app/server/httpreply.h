#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <utility>

class QTcpSocket;

namespace deskport {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// The headers every answer of the portal carries, whoever writes it (QHttpServer's responses get them in
// PortalServer's afterRequest, the answers written straight to a socket below get them here).
HttpHeaders securityHeaders();

// Answers for routes that write to the connection themselves (PrefixRule handlers): Qt 6.4's QHttpServerResponse
// holds its whole body in memory, and its QIODevice answers read ahead without regard to how fast the client
// takes them, so a 200 MB download would sit in memory. Each writes one complete HTTP/1.1 answer; the connection
// stays open for the next request.
void writeHttpResponse(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                       const HttpHeaders &headers = {});
void writeJsonResponse(QTcpSocket *socket, int status, const QJsonObject &json, const HttpHeaders &headers = {});
// {"error": reason}
void writeJsonError(QTcpSocket *socket, int status, const QString &reason, const HttpHeaders &headers = {});

// A body produced piece by piece and written only as fast as the client takes it: at most HighWater bytes wait
// in the socket at any time, so memory stays flat whatever the size. Lives as a child of the socket; a client
// that goes away ends it (and whatever the pull function holds).
class StreamedBody : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 HighWater = 1024 * 1024;
    static constexpr qint64 PieceSize = 256 * 1024;

    // The next piece, at most maxBytes; empty when there is no more. error: set to a reason when the source
    // failed (the connection is then closed, so the client sees a cut download rather than a wrong one).
    using Pull = std::function<QByteArray(qint64 maxBytes, QString *error)>;

    // contentLength >= 0: sent with Content-Length, and a source that ends early or fails closes the connection.
    // contentLength < 0: sent with Transfer-Encoding: chunked. finished(bytes, ok) is called once, when the body
    // is written (ok) or given up (client gone, source failed).
    static void start(QTcpSocket *socket, int status, const HttpHeaders &headers, qint64 contentLength, Pull pull,
                      std::function<void(qint64 bytes, bool ok)> finished = {});

private:
    StreamedBody(QTcpSocket *socket, qint64 contentLength, Pull pull, std::function<void(qint64, bool)> finished);
    ~StreamedBody() override;
    void pump();
    void end(bool ok);

    QPointer<QTcpSocket> m_socket;
    qint64 m_contentLength;
    qint64 m_sent = 0;
    Pull m_pull;
    std::function<void(qint64, bool)> m_finished;
    bool m_ended = false;
};

} // namespace deskport
