#include "core/sharingcontroller.h"

#include "core/autostart.h"
#include "core/corelog.h"
#include "core/passwordhash.h"
#include "core/passwordstore.h"
#include "core/portallinks.h"
#include "core/settingsstore.h"
#include "core/sharingbackend.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSettings>

namespace deskport {

namespace {
constexpr qsizetype MaxPasswordLength = 256;
}

SharingController::SharingController(QObject *parent)
    : QObject(parent)
{
}

void SharingController::setStorage(QSettings *store, PasswordStore *passwords)
{
    m_store = store;
    m_passwords = passwords;
}

bool SharingController::setSharing(bool sharing, QString *error)
{
    if (sharing == m_sharing) {
        return true;
    }
    if (sharing && m_backend) {
        QString why;
        if (!m_backend->start(m_settings, &why)) {
            qCWarning(lcCore).noquote() << "sharing could not start:" << why;
            if (error) {
                *error = why;
            }
            Q_EMIT errorOccurred(tr("Sharing could not start: %1").arg(why));
            return false;
        }
    }
    m_sharing = sharing;
    if (!sharing) {
        // Waiting logins get their answer while their connections are still open.
        m_consent.denyAll();
    }
    // Listeners (the server) close every viewer first; only then does the backend stop listening.
    qCInfo(lcCore) << (sharing ? "sharing started" : "sharing stopped");
    Q_EMIT sharingChanged(sharing);
    if (!sharing && m_backend) {
        m_backend->stop();
    }
    return true;
}

bool SharingController::applySettings(const Settings &next, QString *error)
{
    if (next == m_settings) {
        return true;
    }
    QString why;
    if (m_sharing && m_backend && !m_backend->apply(m_settings, next, &why)) {
        qCWarning(lcCore).noquote() << "settings refused:" << why;
        if (error) {
            *error = why;
        }
        return false;
    }
    if (next.startAtLogin != m_settings.startAtLogin) {
        QStringList arguments{QStringLiteral("--share")};
        if (!Autostart::setEnabled(next.startAtLogin, QCoreApplication::applicationFilePath(), arguments, &why)) {
            // The stream settings are already live; put them back so "refused" means nothing changed.
            if (m_sharing && m_backend) {
                QString ignored;
                m_backend->apply(next, m_settings, &ignored);
            }
            if (error) {
                *error = why;
            }
            return false;
        }
    }
    m_settings = next;
    if (m_store) {
        saveSettings(*m_store, m_settings);
    }
    Q_EMIT settingsChanged(m_settings);
    return true;
}

bool SharingController::isAcceptablePassword(Role role, const QString &password, QString *error)
{
    if (role == Role::Control && password.isEmpty()) {
        *error = tr("The control password cannot be empty.");
        return false;
    }
    if (password.size() > MaxPasswordLength) {
        *error = tr("A password can have at most %1 characters.").arg(MaxPasswordLength);
        return false;
    }
    if (!password.isEmpty() && password.trimmed().isEmpty()) {
        *error = tr("A password cannot be only spaces.");
        return false;
    }
    return true;
}

bool SharingController::setPassword(Role role, const QString &password, QString *error)
{
    QString why;
    if (role == Role::None || !isAcceptablePassword(role, password, &why)) {
        if (error) {
            *error = why;
        }
        return false;
    }
    if (!m_passwords) {
        return false;
    }
    const QByteArray otherHash = role == Role::Control ? m_passwords->viewHash() : m_passwords->controlHash();
    if (!password.isEmpty() && !otherHash.isEmpty() && PasswordHash::verify(password, otherHash)) {
        if (error) {
            *error = tr("The control and view-only passwords must differ.");
        }
        return false;
    }
    m_passwords->setPassword(role, password, PasswordHash::DefaultIterations);
    qCInfo(lcCore).noquote() << roleName(role) << "password changed";
    if (m_backend) {
        m_backend->setPasswordHashes(m_passwords->controlHash(), m_passwords->viewHash());
    }
    Q_EMIT passwordChanged(role);
    return true;
}

bool SharingController::hasViewPassword() const
{
    return m_passwords && !m_passwords->viewHash().isEmpty();
}

QStringList SharingController::links() const
{
    if (!m_sharing || !m_backend || m_backend->port() == 0) {
        return {};
    }
    const QString scheme = m_backend->tlsFingerprint().isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
    return portalLinks(m_settings.bindAddress, m_backend->port(), scheme);
}

QString SharingController::tlsFingerprint() const
{
    return m_sharing && m_backend ? QString::fromLatin1(m_backend->tlsFingerprint()) : QString();
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

bool SharingController::hasControllingViewer() const
{
    for (const auto &[id, viewer] : m_viewers) {
        if (viewer.role == Role::Control) {
            return true;
        }
    }
    return false;
}

void SharingController::disconnectViewer(quint64 id)
{
    if (m_viewers.count(id) == 0) {
        return;
    }
    qCInfo(lcCore) << "viewer" << id << "disconnected by the host";
    if (m_backend) {
        m_backend->disconnectViewer(id);
    }
}

void SharingController::endAllSessions()
{
    qCInfo(lcCore) << "every session ended by the host";
    if (m_backend) {
        m_backend->endAllSessions();
    }
}

void SharingController::reportFailedLogin(const QString &address)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Failures &failures = m_failures[address];
    if (now - failures.firstMs > FailureWindowMs) {
        failures = Failures{0, now};
    }
    ++failures.count;
    if (failures.count == RepeatedFailures) {
        Q_EMIT loginFailuresRepeated(address, failures.count);
    }
    // Bounded: forget addresses whose window has passed once there are many.
    if (m_failures.size() > 1024) {
        m_failures.removeIf([now](const auto &entry) { return now - entry.value().firstMs > FailureWindowMs; });
    }
}

} // namespace deskport
