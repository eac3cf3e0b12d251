#pragma once

#include "core/role.h"

#include <QHttpServerRouterRule>

#include <functional>

namespace deskport {

class Auth;

// Matches the WebSocket path only for requests that carry a valid session cookie and, if the browser sent one,
// an Origin of this very host. Qt 6.4 upgrades a WebSocket only when a rule matches, so a request without a
// session is never upgraded: authentication happens before the upgrade, not after.
class WebSocketRule : public QHttpServerRouterRule
{
public:
    WebSocketRule(const Auth *auth, const QString &pathPattern, RouterHandler handler);
    // allowed: whether a session of that role may open this socket at all (otherwise any logged-in session may).
    WebSocketRule(const Auth *auth, const QString &pathPattern, std::function<bool(Role)> allowed,
                  RouterHandler handler);

    static bool isSameOrigin(const QByteArray &origin, const QByteArray &host);

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override;

private:
    const Auth *m_auth;
    std::function<bool(Role)> m_allowed;
};

} // namespace deskport
