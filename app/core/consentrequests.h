#pragma once

#include "core/role.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>

namespace deskport {

// "Ask before accepting": a viewer whose password was right waits here until the person at the computer allows or
// denies it. No answer within the timeout is a denial. Only a front end that can ask (the tray) makes asking
// possible; without one (--headless) nobody could answer, so nobody is asked.
class ConsentRequests : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 30'000;

    enum class Decision { Allowed, Denied, TimedOut, Withdrawn };
    Q_ENUM(Decision)

    struct Request
    {
        quint64 id = 0;
        Role role = Role::None;
        QString address;
        QDateTime asked;
        QDateTime deadline;
    };

    explicit ConsentRequests(QObject *parent = nullptr);
    ~ConsentRequests() override;

    // Whether someone can answer (a tray is there); set by the front end.
    void setAnswerable(bool answerable) { m_answerable = answerable; }
    bool isAnswerable() const { return m_answerable; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    // A new request: asked() now, decided() within the timeout at the latest.
    quint64 ask(Role role, const QString &address);
    // The host's answer; unknown (already decided) ids are ignored.
    void answer(quint64 id, bool allow);
    // Denies every waiting request (sharing stopped); withdraws one whose viewer went away.
    void denyAll();
    void withdraw(quint64 id);
    QList<Request> pending() const;

Q_SIGNALS:
    void asked(const deskport::ConsentRequests::Request &request);
    void decided(quint64 id, deskport::ConsentRequests::Decision decision);

private:
    void decide(quint64 id, Decision decision);

    struct Pending
    {
        Request request;
        QTimer *timer = nullptr; // a child; deleted later, since it may be the one signalling
    };
    std::map<quint64, Pending> m_pending;
    quint64 m_nextId = 1;
    int m_timeoutMs = DefaultTimeoutMs;
    bool m_answerable = false;
};

QString decisionName(ConsentRequests::Decision decision);

} // namespace deskport
