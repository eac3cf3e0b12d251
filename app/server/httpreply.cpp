#include "server/httpreply.h"

#include "server/serverlog.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace deskport {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 204: return QByteArrayLiteral("No Content");
    case 206: return QByteArrayLiteral("Partial Content");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 409: return QByteArrayLiteral("Conflict");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 416: return QByteArrayLiteral("Range Not Satisfiable");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 507: return QByteArrayLiteral("Insufficient Storage");
    default: return QByteArrayLiteral("Status");
    }
}

void writeHead(QTcpSocket *socket, int status, const HttpHeaders &headers)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : securityHeaders() + headers) {
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    socket->write(head);
}

} // namespace

HttpHeaders securityHeaders()
{
    return {
        {QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")},
        {QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer")},
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
        {QByteArrayLiteral("Content-Security-Policy"),
         QByteArrayLiteral("default-src 'self'; img-src 'self' blob: data:; media-src 'self'; connect-src 'self'; "
                           "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
                           "form-action 'self'")},
    };
}

void writeHttpResponse(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
                       const HttpHeaders &headers)
{
    HttpHeaders all = headers;
    if (status != 204) { // RFC 9110: no body and no Content-Length for 204
        all.append({QByteArrayLiteral("Content-Type"), contentType});
        all.append({QByteArrayLiteral("Content-Length"), QByteArray::number(body.size())});
    }
    writeHead(socket, status, all);
    if (status != 204) {
        socket->write(body);
    }
}

void writeJsonResponse(QTcpSocket *socket, int status, const QJsonObject &json, const HttpHeaders &headers)
{
    writeHttpResponse(socket, status, QByteArrayLiteral("application/json"),
                      QJsonDocument(json).toJson(QJsonDocument::Compact), headers);
}

void writeJsonError(QTcpSocket *socket, int status, const QString &reason, const HttpHeaders &headers)
{
    writeJsonResponse(socket, status, QJsonObject{{QStringLiteral("error"), reason}}, headers);
}

void StreamedBody::start(QTcpSocket *socket, int status, const HttpHeaders &headers, qint64 contentLength, Pull pull,
                         std::function<void(qint64, bool)> finished)
{
    HttpHeaders all = headers;
    if (contentLength >= 0) {
        all.append({QByteArrayLiteral("Content-Length"), QByteArray::number(contentLength)});
    } else {
        all.append({QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked")});
    }
    writeHead(socket, status, all);
    auto *body = new StreamedBody(socket, contentLength, std::move(pull), std::move(finished));
    body->pump();
}

StreamedBody::StreamedBody(QTcpSocket *socket, qint64 contentLength, Pull pull,
                           std::function<void(qint64, bool)> finished)
    : QObject(socket)
    , m_socket(socket)
    , m_contentLength(contentLength)
    , m_pull(std::move(pull))
    , m_finished(std::move(finished))
{
    connect(socket, &QTcpSocket::bytesWritten, this, &StreamedBody::pump);
    connect(socket, &QTcpSocket::disconnected, this, [this] { end(false); });
}

StreamedBody::~StreamedBody()
{
    // The socket went (its children go with it) before the body was complete.
    if (!m_ended && m_finished) {
        m_finished(m_sent, false);
    }
}

void StreamedBody::pump()
{
    while (!m_ended && m_socket && m_socket->state() == QAbstractSocket::ConnectedState
           && m_socket->bytesToWrite() < HighWater) {
        qint64 want = PieceSize;
        if (m_contentLength >= 0) {
            want = std::min(want, m_contentLength - m_sent);
        }
        QString error;
        const QByteArray piece = want > 0 ? m_pull(want, &error) : QByteArray();
        if (!error.isEmpty() || (piece.isEmpty() && m_contentLength >= 0 && m_sent < m_contentLength)) {
            qCWarning(lcServer).noquote() << "download cut after" << m_sent << "bytes:"
                                          << (error.isEmpty() ? QStringLiteral("the source ended early") : error);
            m_socket->disconnectFromHost();
            end(false);
            return;
        }
        if (piece.isEmpty()) {
            if (m_contentLength < 0) {
                m_socket->write(QByteArrayLiteral("0\r\n\r\n"));
            }
            end(true);
            return;
        }
        if (m_contentLength < 0) {
            m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        } else {
            m_socket->write(piece);
        }
        m_sent += piece.size();
    }
}

void StreamedBody::end(bool ok)
{
    if (m_ended) {
        return;
    }
    m_ended = true;
    m_pull = nullptr; // lets go of the file now, not when the connection closes
    if (m_finished) {
        auto finished = std::move(m_finished);
        m_finished = nullptr;
        finished(m_sent, ok);
    }
    deleteLater();
}

} // namespace deskport
