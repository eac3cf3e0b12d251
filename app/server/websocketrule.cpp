#include "server/websocketrule.h"

#include "server/auth.h"
#include "server/serverlog.h"

#include <QHttpServerRequest>
#include <QUrl>

namespace deskport {

WebSocketRule::WebSocketRule(const Auth *auth, const QString &pathPattern, RouterHandler handler)
    : WebSocketRule(auth, pathPattern, {}, std::move(handler))
{
}

WebSocketRule::WebSocketRule(const Auth *auth, const QString &pathPattern, std::function<bool(Role)> allowed,
                             RouterHandler handler)
    : QHttpServerRouterRule(pathPattern, QHttpServerRequest::Method::Get, std::move(handler))
    , m_auth(auth)
    , m_allowed(std::move(allowed))
{
}

bool WebSocketRule::isSameOrigin(const QByteArray &origin, const QByteArray &host)
{
    if (origin.isEmpty()) {
        return true; // not a browser: the cookie alone decides
    }
    const QUrl originUrl(QString::fromLatin1(origin), QUrl::StrictMode);
    const QString scheme = originUrl.scheme();
    if (!originUrl.isValid() || originUrl.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return false;
    }
    // Parse the Host header by the same rules, so case, IPv6 brackets and default ports compare equal.
    QUrl hostUrl;
    hostUrl.setScheme(scheme);
    hostUrl.setAuthority(QString::fromLatin1(host), QUrl::StrictMode);
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    return hostUrl.isValid() && !hostUrl.host().isEmpty() && originUrl.host() == hostUrl.host()
        && originUrl.port(defaultPort) == hostUrl.port(defaultPort);
}

bool WebSocketRule::matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const
{
    if (!QHttpServerRouterRule::matches(request, match)) {
        return false;
    }
    const QByteArray token = Auth::tokenFromCookieHeader(request.value("Cookie"));
    const Role role = m_auth->sessionRole(token);
    if (role == Role::None) {
        qCInfo(lcServer).noquote() << "WebSocket refused for" << request.remoteAddress().toString()
                                   << ": no valid session";
        return false;
    }
    if (m_allowed && !m_allowed(role)) {
        qCInfo(lcServer).noquote() << "WebSocket" << request.url().path() << "refused for"
                                   << request.remoteAddress().toString() << ": not for a" << roleName(role)
                                   << "session";
        return false;
    }
    if (!isSameOrigin(request.value("Origin"), request.value("Host"))) {
        qCWarning(lcServer).noquote() << "WebSocket refused for" << request.remoteAddress().toString()
                                      << ": origin" << request.value("Origin") << "is not this host";
        return false;
    }
    return true;
}

} // namespace deskport
