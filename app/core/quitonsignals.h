#pragma once

#include <QObject>

class QSocketNotifier;

namespace deskport {

// Quits the application cleanly on SIGINT, SIGTERM and SIGHUP, so children (a virtual display) are stopped and
// viewers are told the server is going away. Signal handlers may do almost nothing, so the handler only writes a
// byte to a pipe and the event loop does the rest. One instance per process.
class QuitOnSignals : public QObject
{
    Q_OBJECT
public:
    explicit QuitOnSignals(QObject *parent = nullptr);
    ~QuitOnSignals() override;

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace deskport
