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

    struct PasswordHashes
    {
        QByteArray control;
        QByteArray view;
        friend bool operator==(const PasswordHashes &, const PasswordHashes &) = default;
    };

    // The role whose password matches, or Role::None. The control password wins if both are the same.
    Role checkPassword(const QString &password) const { return checkPassword(m_hashes, password); }
    // The same on a copy of the hashes: slow (PBKDF2), so the server runs it on another thread.
    static Role checkPassword(const PasswordHashes &hashes, const QString &password);
    PasswordHashes passwordHashes() const { return m_hashes; }
    // New hashes; the sessions of each role whose hash changed end (their viewers must log in again).
    void setPasswordHashes(const PasswordHashes &hashes);

    // A new session for role: 32 bytes from the system CSPRNG, base64url without padding.
    QByteArray createSession(Role role);
    // Role::None for unknown tokens.
    Role sessionRole(const QByteArray &token) const;
    void endSession(const QByteArray &token);
    void endSessions(Role role);

    // The value for a Set-Cookie header that stores token (HttpOnly, SameSite=Strict, Path=/), or, for an empty
    // token, one that clears the cookie.
    static QByteArray setCookieValue(const QByteArray &token);
    // The session token from a Cookie request header ("a=b; deskport_session=...; c=d"), or empty.
    static QByteArray tokenFromCookieHeader(const QByteArray &cookieHeader);

Q_SIGNALS:
    void sessionEnded(const QByteArray &token);

private:
    PasswordHashes m_hashes;
    QHash<QByteArray, Role> m_sessions;
    QList<QByteArray> m_sessionOrder; // oldest first
};

} // namespace deskport
