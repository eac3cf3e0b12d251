#include "server/loginthrottle.h"

#include "server/peeraddress.h"
#include "server/serverlog.h"

#include <QElapsedTimer>

#include <limits>

namespace deskport {

namespace {

qint64 monotonicMs()
{
    static const QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer.elapsed();
}

constexpr qsizetype SweepThreshold = 1024;

} // namespace

LoginThrottle::LoginThrottle(int maxFailures, qint64 windowMs, Clock clock)
    : m_maxFailures(qMax(1, maxFailures)), m_windowMs(qMax<qint64>(1, windowMs)),
      m_clock(clock ? std::move(clock) : Clock(monotonicMs))
{
}

int LoginThrottle::retryAfterSeconds(const QHostAddress &address)
{
    const auto it = m_failures.find(key(address));
    if (it == m_failures.end())
        return 0;
    const qint64 now = m_clock();
    expire(*it, now);
    if (it->isEmpty()) {
        m_failures.erase(it);
        return 0;
    }
    if (it->size() < m_maxFailures)
        return 0;
    // Allowed again once fewer than maxFailures failures remain in the window.
    const qint64 until = it->at(it->size() - m_maxFailures) + m_windowMs;
    const qint64 waitMs = qMax<qint64>(1, until - now);
    return static_cast<int>(qMin<qint64>((waitMs + 999) / 1000, std::numeric_limits<int>::max()));
}

void LoginThrottle::recordFailure(const QHostAddress &address)
{
    const qint64 now = m_clock();
    const QString k = key(address);
    auto it = m_failures.find(k);
    if (it == m_failures.end()) {
        // Every SweepThreshold new addresses, forget the ones whose failures have all expired, so a scan from many
        // addresses cannot grow memory without bound (and the sweep costs O(1) per address on average).
        if (m_failures.size() >= SweepThreshold && m_failures.size() % SweepThreshold == 0) {
            for (auto entry = m_failures.begin(); entry != m_failures.end();) {
                expire(*entry, now);
                entry = entry->isEmpty() ? m_failures.erase(entry) : std::next(entry);
            }
        }
        it = m_failures.insert(k, {});
    }
    QList<qint64> &failures = *it;
    expire(failures, now);
    const bool wasAllowed = failures.size() < m_maxFailures;
    failures.append(now);
    // Only the newest maxFailures matter for the decision.
    if (failures.size() > m_maxFailures)
        failures.remove(0, failures.size() - m_maxFailures);
    if (wasAllowed && failures.size() == m_maxFailures)
        qCWarning(lcServer) << "Too many failed logins from" << k << "- throttling";
}

void LoginThrottle::recordSuccess(const QHostAddress &address)
{
    m_failures.remove(key(address));
}

QString LoginThrottle::key(const QHostAddress &address) const
{
    return peerName(address);
}

void LoginThrottle::expire(QList<qint64> &failures, qint64 now) const
{
    qsizetype expired = 0;
    while (expired < failures.size() && failures.at(expired) + m_windowMs <= now)
        ++expired;
    if (expired > 0)
        failures.remove(0, expired);
}

} // namespace deskport
