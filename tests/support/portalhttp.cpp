#include "support/portalhttp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpServer>

#include <memory>

namespace deskport::testsupport {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

HttpAnswer httpRequest(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                       const QByteArray &body, const QByteArray &cookie)
{
    QNetworkRequest request(url);
    if (!body.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!cookie.isEmpty()) {
        request.setRawHeader("Cookie", cookie);
    }
    request.setTransferTimeout(10000);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished()) {
        finished.wait(12000);
    }
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.error = reply->error();
    answer.errorString = reply->errorString();
    answer.body = reply->readAll();
    answer.setCookie = reply->rawHeader("Set-Cookie");
    answer.retryAfter = reply->rawHeader("Retry-After");
    return answer;
}

QByteArray login(QNetworkAccessManager &network, quint16 port, const QString &password, HttpAnswer *answer)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("password"), password}}).toJson(QJsonDocument::Compact);
    const HttpAnswer result =
        httpRequest(network, "POST", QUrl(QStringLiteral("http://127.0.0.1:%1/api/login").arg(port)), body);
    if (answer) {
        *answer = result;
    }
    if (result.status != 204) {
        return {};
    }
    // "deskport_session=<token>; HttpOnly; ..." -> the Cookie header is the first part.
    return result.setCookie.split(';').constFirst().trimmed();
}

} // namespace deskport::testsupport
