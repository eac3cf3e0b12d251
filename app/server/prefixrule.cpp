#include "server/prefixrule.h"

#include <QUrl>

namespace deskport {

namespace {

QString rawPath(const QHttpServerRequest &request)
{
    return request.url().path(QUrl::FullyEncoded);
}

} // namespace

PrefixRule::PrefixRule(const QString &prefix, QHttpServerRequest::Methods methods, Handler handler)
    : QHttpServerRouterRule(prefix, methods,
                            [prefix, handler = std::move(handler)](const QRegularExpressionMatch &,
                                                                   const QHttpServerRequest &request,
                                                                   QTcpSocket *socket) {
                                handler(request, socket, rawPath(request).mid(prefix.size()));
                            })
    , m_prefix(prefix)
    , m_methods(methods)
{
}

bool PrefixRule::matches(const QHttpServerRequest &request, QRegularExpressionMatch *) const
{
    return request.value("Upgrade").isEmpty() && m_methods.testFlag(request.method())
        && rawPath(request).startsWith(m_prefix);
}

} // namespace deskport
