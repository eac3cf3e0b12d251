#include "core/sharingcontroller.h"

#include "core/corelog.h"

namespace deskport {

SharingController::SharingController(QObject *parent)
    : QObject(parent)
{
}

void SharingController::setSharing(bool sharing)
{
    if (sharing == m_sharing) {
        return;
    }
    m_sharing = sharing;
    qCInfo(lcCore) << (sharing ? "sharing started" : "sharing stopped");
    Q_EMIT sharingChanged(sharing);
}

quint64 SharingController::registerViewer(Role role, const QString &address)
{
    const ViewerInfo viewer{m_nextId++, role, address, QDateTime::currentDateTimeUtc()};
    m_viewers.emplace(viewer.id, viewer);
    qCInfo(lcCore).noquote() << "viewer" << viewer.id << "joined from" << address << "as" << roleName(role) << "-"
                             << m_viewers.size() << "watching";
    Q_EMIT viewerJoined(viewer);
    return viewer.id;
}

void SharingController::unregisterViewer(quint64 id)
{
    const auto it = m_viewers.find(id);
    if (it == m_viewers.end()) {
        return;
    }
    const ViewerInfo viewer = it->second;
    m_viewers.erase(it);
    qCInfo(lcCore).noquote() << "viewer" << id << "left -" << m_viewers.size() << "watching";
    Q_EMIT viewerLeft(viewer);
}

QList<ViewerInfo> SharingController::viewers() const
{
    QList<ViewerInfo> result;
    for (const auto &[id, viewer] : m_viewers) {
        result.append(viewer);
    }
    return result;
}

} // namespace deskport
