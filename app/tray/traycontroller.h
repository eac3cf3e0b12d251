#pragma once

#include "core/sharingcontroller.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace deskport {

class ConsentDialog;
class ControlWindow;
class QrDialog;
class SettingsDialog;

// The user interface of Deskport on a desktop: a tray icon whose look says the state, with the menu Share
// screen / Copy link / Show QR code / Viewers / Settings… / Quit, and notifications when someone connects or
// logins keep failing. Where the desktop has no system tray, a small window with the same controls instead.
// Talks to SharingController only.
class TrayController : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Automatic, Tray, Window };

    explicit TrayController(SharingController *controller, Mode mode = Mode::Automatic, QObject *parent = nullptr);
    ~TrayController() override;

    // For tests and screenshots.
    QMenu *menu() const { return m_menu; }
    QAction *shareAction() const { return m_share; }
    QMenu *linksMenu() const { return m_links; }
    QAction *qrAction() const { return m_qr; }
    QMenu *viewersMenu() const { return m_viewers; }
    QAction *allowControlAction() const { return m_allowControl; }
    QAction *settingsAction() const { return m_settings; }
    // The open Allow / Deny dialogs, oldest first.
    QList<ConsentDialog *> consentDialogs() const;
    QAction *quitAction() const { return m_quit; }
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    ControlWindow *window() const { return m_window; }
    SettingsDialog *settingsDialog();
    QrDialog *qrDialog();

    void showSettings();
    // First start: opens the settings with the password Deskport made up, readable, so the user can pass it on or
    // choose another.
    void showGeneratedPassword(const QString &password);
    void showQrCode();
    // Puts link (or the best link) on the clipboard.
    void copyLink(const QString &link = {});

Q_SIGNALS:
    // Every notification, also where the platform cannot show it (tests listen here).
    void notified(const QString &title, const QString &message);
    void quitRequested();

private:
    void retranslate();
    void refresh();
    void rebuildLinks();
    void rebuildViewers();
    void notify(const QString &title, const QString &message);
    void onViewerJoined(const ViewerInfo &viewer);
    void onSettingsChanged(const Settings &settings);
    void askConsent(const ConsentRequests::Request &request);
    void addRecentConnections();
    void fillRecentConnections(QMenu *recent);

    SharingController *m_controller;
    QString m_language;
    QMenu *m_menu;
    QAction *m_share;
    QMenu *m_links;
    QAction *m_qr;
    QMenu *m_viewers;
    QAction *m_allowControl;
    QAction *m_settings;
    QAction *m_quit;
    QSystemTrayIcon *m_tray = nullptr;
    ControlWindow *m_window = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<QrDialog> m_qrDialog;
};

} // namespace deskport
