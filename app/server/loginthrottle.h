#pragma once

#include <QHash>
#include <QHostAddress>
#include <QList>

#include <functional>

namespace deskport {

// Slows down password guessing: after maxFailures failed logins from one address within the window, that address
// must wait until the oldest failure leaves the window. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) count as
// their IPv4 address.
class LoginThrottle
{
public:
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    explicit LoginThrottle(int maxFailures = 5, qint64 windowMs = 60000, Clock clock = {});

    // 0 if address may try now, else the whole seconds (rounded up, at least 1) until it may.
    int retryAfterSeconds(const QHostAddress &address);
    void recordFailure(const QHostAddress &address);
    // A successful login forgets the address's failures.
    void recordSuccess(const QHostAddress &address);

private:
    QString key(const QHostAddress &address) const;
    void expire(QList<qint64> &failures, qint64 now) const;

    int m_maxFailures;
    qint64 m_windowMs;
    Clock m_clock;
    QHash<QString, QList<qint64>> m_failures;
};

} // namespace deskport
