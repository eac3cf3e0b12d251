#pragma once

#include "core/role.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <map>

namespace deskport {

struct ViewerInfo
{
    quint64 id = 0;
    Role role = Role::None;
    QString address;
    QDateTime since;
};

// Whether the screen is shared, and who is watching. The server registers viewers here; front ends (the tray,
// the headless log) only listen to the signals. Qt Core only: nothing here knows about the tray or the network.
class SharingController : public QObject
{
    Q_OBJECT
public:
    explicit SharingController(QObject *parent = nullptr);

    bool isSharing() const { return m_sharing; }
    // Turning sharing off makes the server close every viewer and refuse new ones.
    void setSharing(bool sharing);

    quint64 registerViewer(Role role, const QString &address);
    void unregisterViewer(quint64 id);
    QList<ViewerInfo> viewers() const;
    int viewerCount() const { return int(m_viewers.size()); }

Q_SIGNALS:
    void sharingChanged(bool sharing);
    void viewerJoined(const deskport::ViewerInfo &viewer);
    void viewerLeft(const deskport::ViewerInfo &viewer);

private:
    bool m_sharing = false;
    quint64 m_nextId = 1;
    std::map<quint64, ViewerInfo> m_viewers;
};

} // namespace deskport
