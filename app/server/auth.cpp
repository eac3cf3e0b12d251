#include "server/auth.h"

#include "core/passwordhash.h"
#include "server/serverlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <array>
#include <utility>

namespace deskport {

namespace {

constexpr qsizetype TokenBytes = 32;
constexpr qsizetype MaxTokenLength = 128;

bool isBase64UrlToken(const QByteArray &value)
{
    if (value.isEmpty() || value.size() > MaxTokenLength)
        return false;
    for (const char c : value) {
        const bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

Auth::Auth(QByteArray controlHash, QByteArray viewHash, QObject *parent)
    : QObject(parent), m_hashes{std::move(controlHash), std::move(viewHash)}
{
    m_expiry.setSingleShot(true);
    m_expiry.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_expiry, &QTimer::timeout, this, &Auth::endExpiredSessions);
}

Role Auth::checkPassword(const PasswordHashes &hashes, const QString &password)
{
    // Both verifications always run, so the time taken does not say which password matched.
    const bool control = PasswordHash::verify(password, hashes.control);
    const bool view = PasswordHash::verify(password, hashes.view);
    if (control)
        return Role::Control;
    if (view)
        return Role::View;
    return Role::None;
}

QByteArray Auth::createSession(Role role)
{
    if (role == Role::None) {
        qCWarning(lcServer) << "Refusing to create a session without a role";
        return {};
    }
    std::array<quint32, TokenBytes / 4> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    QByteArray raw(TokenBytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < TokenBytes; ++i)
        raw[i] = static_cast<char>(words[static_cast<size_t>(i / 4)] >> (8 * (i % 4)));
    const QByteArray token = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    m_sessions.insert(token, Session{role, std::chrono::steady_clock::now() + m_lifetime});
    m_sessionOrder.append(token);
    scheduleExpiry();
    if (m_sessionOrder.size() > MaxSessions) {
        qCInfo(lcServer) << "More than" << MaxSessions << "sessions: ending the oldest";
        endSession(m_sessionOrder.constFirst());
    }
    qCDebug(lcServer) << "New" << roleName(role) << "session; sessions:" << m_sessions.size();
    return token;
}

Role Auth::sessionRole(const QByteArray &token) const
{
    if (token.isEmpty())
        return Role::None;
    const auto it = m_sessions.constFind(token);
    // The expiry timer is coarse: a session past its time is refused before the timer ends it.
    if (it == m_sessions.constEnd() || it->expires <= std::chrono::steady_clock::now())
        return Role::None;
    if (it->role == Role::Control && !m_controlAllowed)
        return Role::View;
    return it->role;
}

std::chrono::seconds Auth::sessionLifetime() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(m_lifetime);
}

void Auth::endExpiredSessions()
{
    const auto now = std::chrono::steady_clock::now();
    const QList<QByteArray> tokens = m_sessionOrder;
    for (const QByteArray &token : tokens) {
        const auto it = m_sessions.constFind(token);
        if (it != m_sessions.constEnd() && it->expires <= now) {
            qCInfo(lcServer) << "A" << roleName(it->role) << "session expired";
            endSession(token);
        }
    }
    scheduleExpiry();
}

void Auth::scheduleExpiry()
{
    // The soonest expiry of all (lifetimes may differ: tests shorten them), at most MaxSessions to look at.
    if (m_sessionOrder.isEmpty()) {
        m_expiry.stop();
        return;
    }
    auto soonest = std::chrono::steady_clock::time_point::max();
    for (const Session &session : std::as_const(m_sessions))
        soonest = std::min(soonest, session.expires);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(soonest - std::chrono::steady_clock::now());
    m_expiry.start(std::max(wait, std::chrono::milliseconds(0)) + std::chrono::milliseconds(10));
}

void Auth::setPasswordHashes(const PasswordHashes &hashes)
{
    const PasswordHashes old = std::exchange(m_hashes, hashes);
    if (old.control != hashes.control)
        endSessions(Role::Control);
    if (old.view != hashes.view)
        endSessions(Role::View);
}

void Auth::endSessions(Role role)
{
    const QList<QByteArray> tokens = m_sessionOrder;
    for (const QByteArray &token : tokens) {
        if (m_sessions.value(token).role == role)
            endSession(token);
    }
}

void Auth::endAllSessions()
{
    const QList<QByteArray> tokens = m_sessionOrder;
    for (const QByteArray &token : tokens)
        endSession(token);
}

void Auth::endSession(const QByteArray &token)
{
    if (token.isEmpty() || m_sessions.remove(token) == 0)
        return;
    m_sessionOrder.removeOne(token);
    qCDebug(lcServer) << "Session ended; sessions:" << m_sessions.size();
    Q_EMIT sessionEnded(token);
}

QByteArray Auth::setCookieValue(const QByteArray &token, bool secure) const
{
    const QByteArray name(CookieName);
    const QByteArray attributes = secure ? "; HttpOnly; Secure; SameSite=Strict; Path=/" : "; HttpOnly; SameSite=Strict; Path=/";
    if (token.isEmpty())
        return name + '=' + attributes + "; Max-Age=0";
    return name + '=' + token + attributes + "; Max-Age=" + QByteArray::number(qint64(sessionLifetime().count()));
}

QByteArray Auth::tokenFromCookieHeader(const QByteArray &cookieHeader)
{
    // The first cookie of that name decides: browsers send the most specific one first.
    const QList<QByteArray> pairs = cookieHeader.split(';');
    for (const QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0)
            continue;
        if (pair.left(equals).trimmed() != CookieName)
            continue;
        const QByteArray value = pair.mid(equals + 1).trimmed();
        return isBase64UrlToken(value) ? value : QByteArray();
    }
    return {};
}

std::optional<QString> Auth::passwordFromLoginBody(const QByteArray &body)
{
    const QJsonDocument json = QJsonDocument::fromJson(body);
    const QJsonValue password = json.object().value(QStringLiteral("password"));
    if (!json.isObject() || !password.isString())
        return std::nullopt;
    return password.toString();
}

} // namespace deskport
