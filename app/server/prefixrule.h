#pragma once

#include <QHttpServerRequest>
#include <QHttpServerRouterRule>

#include <functional>

class QTcpSocket;

namespace deskport {

// A route for every path that starts with a prefix, handled with the connection itself (see httpreply.h), for
// the host tools: their paths carry file paths, which must be looked at as the client encoded them (an encoded
// '/' is refused, not decoded into a separator), and their answers may be streamed. Like PlainRequestRule, it
// never matches a WebSocket upgrade.
class PrefixRule : public QHttpServerRouterRule
{
public:
    // rest: the raw (still percent-encoded) path after the prefix.
    using Handler = std::function<void(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest)>;

    PrefixRule(const QString &prefix, QHttpServerRequest::Methods methods, Handler handler);

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override;

private:
    QString m_prefix;
    QHttpServerRequest::Methods m_methods;
};

} // namespace deskport
