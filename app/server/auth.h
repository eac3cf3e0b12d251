#pragma once

#include "core/role.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace deskport {

// Passwords to roles, and session tokens to roles. Sessions live in memory only.
class Auth : public QObject
{
    Q_OBJECT
public:
    static constexpr auto CookieName = "deskport_session";
    // Logins beyond this many live sessions end the oldest one, so repeated logins cannot grow memory for ever.
    static constexpr qsizetype MaxSessions = 1024;

    // Hashes as made by PasswordHash::create; an empty viewHash means there is no view-only password.
    Auth(QByteArray controlHash, QByteArray viewHash, QObject *parent = nullptr);

    // The role whose password matches, or Role::None. The control password wins if both are the same.
    Role checkPassword(const QString &password) const;

    // A new session for role: 32 bytes from the system CSPRNG, base64url without padding.
    QByteArray createSession(Role role);
    // Role::None for unknown tokens.
    Role sessionRole(const QByteArray &token) const;
    void endSession(const QByteArray &token);

    // The value for a Set-Cookie header that stores token (HttpOnly, SameSite=Strict, Path=/), or, for an empty
    // token, one that clears the cookie.
    static QByteArray setCookieValue(const QByteArray &token);
    // The session token from a Cookie request header ("a=b; deskport_session=...; c=d"), or empty.
    static QByteArray tokenFromCookieHeader(const QByteArray &cookieHeader);

Q_SIGNALS:
    void sessionEnded(const QByteArray &token);

private:
    QByteArray m_controlHash;
    QByteArray m_viewHash;
    QHash<QByteArray, Role> m_sessions;
    QList<QByteArray> m_sessionOrder; // oldest first
};

} // namespace deskport
