#pragma once

// HTTP against a Deskport server on 127.0.0.1, for tests: one request at a time, waited for, with exactly the
// session cookie the test gives (the client's cookie jar is neither read nor written).

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

namespace deskport::testsupport {

// A TCP port on 127.0.0.1 that nothing listens on right now (0 if none could be found).
quint16 freePort();

struct HttpAnswer
{
    int status = 0; // 0: no HTTP answer at all (e.g. connection refused)
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QByteArray setCookie;
    QByteArray retryAfter;
};

// cookie: a whole Cookie header value ("deskport_session=..."), or empty for none. Waits 10 s at most.
HttpAnswer httpRequest(QNetworkAccessManager &network, const QByteArray &method, const QUrl &url,
                       const QByteArray &body = {}, const QByteArray &cookie = {});
// POST /api/login: the Cookie header value to use from then on ("deskport_session=..."), or empty with *answer
// saying why.
QByteArray login(QNetworkAccessManager &network, quint16 port, const QString &password, HttpAnswer *answer = nullptr);

} // namespace deskport::testsupport
