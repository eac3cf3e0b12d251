#pragma once

#include "core/role.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace deskport {

// Passwords to roles, and session tokens to roles. Sessions live in memory only.
class Auth : public QObject
{
    Q_OBJECT
public:
    static constexpr auto CookieName = "deskport_session";
    // Logins beyond this many live sessions end the oldest one, so repeated logins cannot grow memory for ever.
    static constexpr qsizetype MaxSessions = 1024;
    // A session ends this long after its login, whatever happens in between; the cookie carries the same Max-Age,
    // so the browser forgets it then too.
    static constexpr std::chrono::seconds DefaultSessionLifetime = std::chrono::hours(12);

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
    // Role::None for unknown and expired tokens. A control session reads as View while control is not allowed.
    Role sessionRole(const QByteArray &token) const;
    void endSession(const QByteArray &token);
    void endSessions(Role role);
    // Ends every session (the host revokes all access at once).
    void endAllSessions();
    qsizetype sessionCount() const { return m_sessions.size(); }

    // Sessions made from now on end after `lifetime` (tests shorten it).
    void setSessionLifetime(std::chrono::milliseconds lifetime) { m_lifetime = lifetime; }
    std::chrono::seconds sessionLifetime() const;

    // The host's "Allow control" switch: while false, every session is view-only (sessions are kept, and get
    // control back when it is switched on again).
    void setControlAllowed(bool allowed) { m_controlAllowed = allowed; }
    bool isControlAllowed() const { return m_controlAllowed; }

    // The value for a Set-Cookie header that stores token (HttpOnly, SameSite=Strict, Path=/, Max-Age of the
    // session's lifetime, Secure when served over HTTPS), or, for an empty token, one that clears the cookie.
    QByteArray setCookieValue(const QByteArray &token, bool secure) const;
    // The session token from a Cookie request header ("a=b; deskport_session=...; c=d"), or empty.
    static QByteArray tokenFromCookieHeader(const QByteArray &cookieHeader);
    // The password of a login request body ({"password": "..."}), or nothing when the body is not such an object.
    static std::optional<QString> passwordFromLoginBody(const QByteArray &body);

Q_SIGNALS:
    void sessionEnded(const QByteArray &token);

private:
    struct Session
    {
        Role role = Role::None;
        std::chrono::steady_clock::time_point expires;
    };
    void endExpiredSessions();
    void scheduleExpiry();

    PasswordHashes m_hashes;
    QHash<QByteArray, Session> m_sessions;
    QList<QByteArray> m_sessionOrder; // oldest first, which is also soonest to expire
    std::chrono::milliseconds m_lifetime = DefaultSessionLifetime;
    bool m_controlAllowed = true;
    QTimer m_expiry;
};

} // namespace deskport
