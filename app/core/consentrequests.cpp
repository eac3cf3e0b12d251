#include "core/consentrequests.h"

#include "core/corelog.h"

namespace deskport {

ConsentRequests::ConsentRequests(QObject *parent) : QObject(parent) {}

ConsentRequests::~ConsentRequests() = default;

quint64 ConsentRequests::ask(Role role, const QString &address)
{
    const quint64 id = m_nextId++;
    Pending &entry = m_pending[id];
    entry.request = Request{id, role, address, QDateTime::currentDateTime(),
                            QDateTime::currentDateTime().addMSecs(m_timeoutMs)};
    entry.timer = new QTimer(this);
    entry.timer->setSingleShot(true);
    connect(entry.timer, &QTimer::timeout, this, [this, id] { decide(id, Decision::TimedOut); });
    entry.timer->start(m_timeoutMs);
    qCInfo(lcCore).noquote() << "asking whether" << address << "may" << (role == Role::Control ? "control" : "watch");
    Q_EMIT asked(entry.request);
    return id;
}

void ConsentRequests::answer(quint64 id, bool allow)
{
    decide(id, allow ? Decision::Allowed : Decision::Denied);
}

void ConsentRequests::denyAll()
{
    while (!m_pending.empty()) {
        decide(m_pending.begin()->first, Decision::Denied);
    }
}

void ConsentRequests::withdraw(quint64 id)
{
    decide(id, Decision::Withdrawn);
}

QList<ConsentRequests::Request> ConsentRequests::pending() const
{
    QList<Request> requests;
    for (const auto &[id, entry] : m_pending) {
        requests.append(entry.request);
    }
    return requests;
}

void ConsentRequests::decide(quint64 id, Decision decision)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end()) {
        return;
    }
    qCInfo(lcCore).noquote() << "the viewer from" << it->second.request.address << "was"
                             << decisionName(decision).toLower();
    it->second.timer->stop();
    it->second.timer->deleteLater();
    // Erased first: a receiver of decided() may ask again or answer another request.
    m_pending.erase(it);
    Q_EMIT decided(id, decision);
}

QString decisionName(ConsentRequests::Decision decision)
{
    switch (decision) {
    case ConsentRequests::Decision::Allowed: return QStringLiteral("Allowed");
    case ConsentRequests::Decision::Denied: return QStringLiteral("Denied");
    case ConsentRequests::Decision::TimedOut: return QStringLiteral("Not answered in time");
    case ConsentRequests::Decision::Withdrawn: return QStringLiteral("Withdrawn");
    }
    return {};
}

} // namespace deskport
