#pragma once

#include "core/consentrequests.h"
#include "core/role.h"
#include "core/settings.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <map>

class QSettings;

namespace deskport {

class AuditLog;
class PasswordStore;
class SharingBackend;

struct ViewerInfo
{
    quint64 id = 0;
    Role role = Role::None;
    QString address;
    QDateTime since;
};

// The one place front ends (the tray, the headless main) go to: whether the screen is shared, who is watching,
// the settings and passwords, and the links to hand out. The server reports viewers and failed logins here.
// Qt Core only: nothing here knows about the tray, and the serving itself is behind SharingBackend.
class SharingController : public QObject
{
    Q_OBJECT
public:
    // Repeated failed logins from one address within FailureWindowMs make one loginFailuresRepeated signal.
    static constexpr int RepeatedFailures = 3;
    static constexpr qint64 FailureWindowMs = 60'000;

    explicit SharingController(QObject *parent = nullptr);

    // backend, store and passwords must outlive the controller; without them the controller only keeps state
    // (as unit tests of the server use it). store/passwords may be null (nothing is remembered then).
    void setBackend(SharingBackend *backend) { m_backend = backend; }
    void setStorage(QSettings *store, PasswordStore *passwords);

    bool isSharing() const { return m_sharing; }
    // Turning sharing on starts the backend (false with *error and errorOccurred if it cannot); turning it off
    // closes every viewer and stops listening.
    bool setSharing(bool sharing, QString *error = nullptr);

    const Settings &settings() const { return m_settings; }
    // Settings to start with (command line, stored values); applies nothing.
    void setInitialSettings(const Settings &settings) { m_settings = settings; }
    // Applies `next` live (to the running backend if sharing) and remembers it. On failure *error says why and the
    // previous settings keep running. Also writes or removes the autostart entry when startAtLogin changes.
    bool applySettings(const Settings &next, QString *error);

    // A new password for role (Control or View). An empty control password is refused; an empty view password
    // removes view-only access. Sessions of that role end. The view password must differ from the control one
    // (the control password would win, silently turning view-only logins into control).
    bool setPassword(Role role, const QString &password, QString *error);
    bool hasViewPassword() const;
    // Checks a candidate password without storing it (the dialog uses it to refuse before applying anything).
    static bool isAcceptablePassword(Role role, const QString &password, QString *error);

    // URLs a colleague can open, best first (empty when not sharing); https:// while the portal is encrypted.
    QStringList links() const;
    // The served certificate's SHA-256 fingerprint for a colleague to compare ("AB:CD:..."); empty while not
    // sharing or over plain HTTP.
    QString tlsFingerprint() const;

    // The log of logins and connections (owned by the service; nullptr until it is made).
    void setAuditLog(AuditLog *log) { m_auditLog = log; }
    AuditLog *auditLog() const { return m_auditLog; }

    // "Ask before accepting": the server asks here once a password was right.
    ConsentRequests &consent() { return m_consent; }
    // Whether a new session must wait for the host's answer (the setting is on and a front end can answer).
    bool needsConsent() const { return m_sharing && m_settings.askBeforeAccepting && m_consent.isAnswerable(); }

    // Viewers, as the server reports them.
    quint64 registerViewer(Role role, const QString &address);
    void unregisterViewer(quint64 id);
    QList<ViewerInfo> viewers() const;
    int viewerCount() const { return int(m_viewers.size()); }
    bool hasControllingViewer() const;
    // Ends that viewer's session (it must log in again).
    void disconnectViewer(quint64 id);
    // Ends every session: all viewers must log in again.
    void endAllSessions();

    // The server reports each failed login; repeated ones from one address raise loginFailuresRepeated.
    void reportFailedLogin(const QString &address);

Q_SIGNALS:
    void sharingChanged(bool sharing);
    void viewerJoined(const deskport::ViewerInfo &viewer);
    void viewerLeft(const deskport::ViewerInfo &viewer);
    void settingsChanged(const deskport::Settings &settings);
    void passwordChanged(deskport::Role role);
    void loginFailuresRepeated(const QString &address, int failures);
    // Something the user should hear about that no call returned (for example sharing failed to start at login).
    void errorOccurred(const QString &message);

private:
    struct Failures
    {
        int count = 0;
        qint64 firstMs = 0;
    };

    SharingBackend *m_backend = nullptr;
    QSettings *m_store = nullptr;
    PasswordStore *m_passwords = nullptr;
    Settings m_settings;
    bool m_sharing = false;
    quint64 m_nextId = 1;
    std::map<quint64, ViewerInfo> m_viewers;
    QHash<QString, Failures> m_failures;
    ConsentRequests m_consent;
    AuditLog *m_auditLog = nullptr;
};

} // namespace deskport
