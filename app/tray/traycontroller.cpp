#include "tray/traycontroller.h"

#include "core/auditlog.h"
#include "core/translation.h"
#include "tray/consentdialog.h"
#include "tray/controlwindow.h"
#include "tray/qrdialog.h"
#include "tray/settingsdialog.h"
#include "tray/trayicons.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCursor>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QUrl>
#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>

#include <algorithm>
#include <climits>

namespace deskport {

namespace {

// Notifications stay up this long where the platform lets us choose.
constexpr int NotificationMs = 6000;
// The Viewers menu shows this many of the audit log's newest events.
constexpr int RecentConnections = 10;

template<typename Dialog>
void raise(Dialog *dialog)
{
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace

TrayController::TrayController(SharingController *controller, Mode mode, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_language(useLanguage(controller->settings().language))
    , m_menu(new QMenu)
    , m_share(new QAction(this))
    , m_links(new QMenu(m_menu))
    , m_qr(new QAction(this))
    , m_viewers(new QMenu(m_menu))
    , m_allowControl(new QAction(this))
    , m_settings(new QAction(this))
    , m_quit(new QAction(this))
{
    m_share->setCheckable(true);
    m_menu->addAction(m_share);
    m_menu->addMenu(m_links);
    m_menu->addAction(m_qr);
    m_menu->addMenu(m_viewers);
    m_allowControl->setCheckable(true);
    m_menu->addAction(m_allowControl);
    m_menu->addSeparator();
    m_menu->addAction(m_settings);
    m_menu->addAction(m_quit);

    connect(m_share, &QAction::triggered, this, [this](bool on) {
        QString why;
        if (!m_controller->setSharing(on, &why)) {
            refresh(); // back to unchecked; errorOccurred told the user why
        }
    });
    connect(m_qr, &QAction::triggered, this, &TrayController::showQrCode);
    // Rebuilt when it opens too: the audit log may have appeared (a failed login) without a viewer coming.
    connect(m_viewers, &QMenu::aboutToShow, this, &TrayController::rebuildViewers);
    connect(m_allowControl, &QAction::triggered, this, [this](bool allowed) {
        Settings next = m_controller->settings();
        next.allowControl = allowed;
        QString why;
        if (!m_controller->applySettings(next, &why)) {
            notify(tr("Deskport"), why);
            refresh();
        }
    });
    connect(m_settings, &QAction::triggered, this, &TrayController::showSettings);
    connect(m_quit, &QAction::triggered, this, &TrayController::quitRequested);

    connect(m_controller, &SharingController::sharingChanged, this, &TrayController::refresh);
    connect(m_controller, &SharingController::viewerJoined, this, &TrayController::onViewerJoined);
    connect(m_controller, &SharingController::viewerLeft, this, &TrayController::refresh);
    connect(m_controller, &SharingController::settingsChanged, this, &TrayController::onSettingsChanged);
    connect(m_controller, &SharingController::loginFailuresRepeated, this,
            [this](const QString &address, int failures) {
                notify(tr("Failed logins"), tr("%n wrong password(s) from %1 in the last minute.", nullptr, failures)
                                                .arg(address));
            });
    connect(m_controller, &SharingController::errorOccurred, this,
            [this](const QString &message) { notify(tr("Deskport"), message); });
    // With a tray (or its window) someone can answer "Ask before accepting".
    m_controller->consent().setAnswerable(true);
    connect(&m_controller->consent(), &ConsentRequests::asked, this, &TrayController::askConsent);

    const bool useTray =
        mode == Mode::Tray || (mode == Mode::Automatic && QSystemTrayIcon::isSystemTrayAvailable());
    if (useTray) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        // Left click opens the same menu: sharing a screen is never one stray click away.
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger) {
                m_menu->popup(QCursor::pos());
            }
        });
    } else {
        m_window = new ControlWindow(this);
    }
    retranslate();
    if (m_tray) {
        m_tray->show();
    } else {
        m_window->show();
    }
}

TrayController::~TrayController()
{
    m_controller->consent().setAnswerable(false);
    m_controller->consent().denyAll();
    qDeleteAll(consentDialogs());
    delete m_settingsDialog;
    delete m_qrDialog;
    delete m_window;
    delete m_tray;
    delete m_menu;
}

SettingsDialog *TrayController::settingsDialog()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(m_controller);
    }
    return m_settingsDialog;
}

QrDialog *TrayController::qrDialog()
{
    if (!m_qrDialog) {
        m_qrDialog = new QrDialog;
    }
    return m_qrDialog;
}

void TrayController::showSettings()
{
    SettingsDialog *dialog = settingsDialog();
    if (!dialog->isVisible()) {
        dialog->reload();
    }
    raise(dialog);
}

void TrayController::showGeneratedPassword(const QString &password)
{
    showSettings();
    m_settingsDialog->showGeneratedPassword(password);
}

void TrayController::showQrCode()
{
    QrDialog *dialog = qrDialog();
    dialog->setLinks(m_controller->links());
    raise(dialog);
}

void TrayController::copyLink(const QString &link)
{
    const QStringList links = m_controller->links();
    const QString text = link.isEmpty() ? links.value(0) : link;
    if (text.isEmpty()) {
        return;
    }
    QGuiApplication::clipboard()->setText(text);
    notify(tr("Link copied"), tr("%1 is on the clipboard. Send it to the person who should see this screen.")
                                  .arg(text));
}

void TrayController::onViewerJoined(const ViewerInfo &viewer)
{
    refresh();
    if (viewer.role == Role::Control) {
        notify(tr("Someone can control this screen"),
               tr("%1 connected with the control password and can use the mouse and keyboard.").arg(viewer.address));
    } else {
        notify(tr("Someone is watching"), tr("%1 is watching this screen.").arg(viewer.address));
    }
}

QList<ConsentDialog *> TrayController::consentDialogs() const
{
    QList<ConsentDialog *> dialogs;
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *dialog = qobject_cast<ConsentDialog *>(widget); dialog && dialog->isVisible()) {
            dialogs.append(dialog);
        }
    }
    std::sort(dialogs.begin(), dialogs.end(),
              [](const ConsentDialog *a, const ConsentDialog *b) { return a->requestId() < b->requestId(); });
    return dialogs;
}

void TrayController::askConsent(const ConsentRequests::Request &request)
{
    auto *dialog = new ConsentDialog(&m_controller->consent(), request);
    notify(tr("Someone wants to connect"), dialog->question());
    raise(dialog);
}

void TrayController::onSettingsChanged(const Settings &settings)
{
    const QString language = useLanguage(settings.language);
    if (language != m_language) {
        m_language = language;
        retranslate();
    }
    refresh();
}

void TrayController::notify(const QString &title, const QString &message)
{
    if (m_tray) {
        m_tray->showMessage(title, message, QSystemTrayIcon::Information, NotificationMs);
    } else {
        m_window->showMessage(title, message);
    }
    Q_EMIT notified(title, message);
}

void TrayController::retranslate()
{
    m_share->setText(tr("&Share screen"));
    m_links->setTitle(tr("Copy &link"));
    m_qr->setText(tr("Show &QR code…"));
    m_allowControl->setText(tr("Allow &control"));
    m_allowControl->setToolTip(tr("Off: every viewer can only watch, whatever password they logged in with."));
    m_settings->setText(tr("S&ettings…"));
    m_quit->setText(tr("&Quit"));
    if (m_window) {
        m_window->setWindowTitle(tr("Deskport"));
    }
    refresh();
}

void TrayController::refresh()
{
    const bool sharing = m_controller->isSharing();
    m_share->setChecked(sharing);
    m_allowControl->setChecked(m_controller->settings().allowControl);
    const TrayState state = trayStateOf(*m_controller);
    const int count = m_controller->viewerCount();
    QString status;
    switch (state) {
    case TrayState::Idle:
        status = tr("Not sharing");
        break;
    case TrayState::Sharing:
        status = tr("Sharing — nobody is connected");
        break;
    case TrayState::Watched:
        status = tr("Sharing — %n viewer(s) watching", nullptr, count);
        break;
    case TrayState::Controlled:
        status = tr("Sharing — someone can control this screen (%n viewer(s))", nullptr, count);
        break;
    }
    const QIcon icon = deskport::trayIcon(state);
    if (m_tray) {
        m_tray->setIcon(icon);
        m_tray->setToolTip(tr("Deskport: %1").arg(status));
    } else {
        m_window->setState(icon, status);
    }
    rebuildLinks();
    rebuildViewers();
    m_qr->setEnabled(sharing);
    if (m_qrDialog && m_qrDialog->isVisible()) {
        m_qrDialog->setLinks(m_controller->links());
    }
}

void TrayController::rebuildLinks()
{
    m_links->clear();
    const QStringList links = m_controller->links();
    m_links->setEnabled(!links.isEmpty());
    for (const QString &link : links) {
        QAction *action = m_links->addAction(link);
        connect(action, &QAction::triggered, this, [this, link] { copyLink(link); });
    }
    if (!links.isEmpty()) {
        // The best link first, and in bold: the one to send unless you know better.
        QFont bold = m_links->actions().constFirst()->font();
        bold.setBold(true);
        m_links->actions().constFirst()->setFont(bold);
        m_links->addSeparator();
        // A colleague compares this with what the browser shows for the certificate before trusting it.
        if (const QString fingerprint = m_controller->tlsFingerprint(); !fingerprint.isEmpty()) {
            m_links->addAction(tr("Certificate (SHA-256): %1").arg(fingerprint))->setEnabled(false);
            QAction *copy = m_links->addAction(tr("Copy the certificate fingerprint"));
            connect(copy, &QAction::triggered, this, [this, fingerprint] {
                QGuiApplication::clipboard()->setText(fingerprint);
                notify(tr("Fingerprint copied"),
                       tr("Your colleague should see the same SHA-256 fingerprint in the browser's certificate "
                          "details before logging in."));
            });
        } else {
            m_links->addAction(tr("Not encrypted (plain HTTP)"))->setEnabled(false);
        }
    }
}

void TrayController::rebuildViewers()
{
    // clear() deletes the actions, not the submenus made by addMenu(): those go by hand, later, since one of them
    // may be open right now.
    for (QMenu *submenu : m_viewers->findChildren<QMenu *>(Qt::FindDirectChildrenOnly)) {
        submenu->setParent(nullptr);
        submenu->deleteLater();
    }
    m_viewers->clear();
    const QList<ViewerInfo> viewers = m_controller->viewers();
    m_viewers->setTitle(tr("&Viewers (%1)").arg(viewers.size()));
    const QLocale locale;
    if (viewers.isEmpty()) {
        m_viewers->addAction(tr("Nobody is connected"))->setEnabled(false);
    }
    for (const ViewerInfo &viewer : viewers) {
        const QString role = viewer.role == Role::Control ? tr("control") : tr("view only");
        const QString since = locale.toString(viewer.since.toLocalTime().time(), QLocale::ShortFormat);
        QMenu *entry = m_viewers->addMenu(tr("%1 — %2, since %3").arg(viewer.address, role, since));
        QAction *disconnect = entry->addAction(tr("Disconnect"));
        connect(disconnect, &QAction::triggered, this,
                [this, id = viewer.id] { m_controller->disconnectViewer(id); });
    }
    if (m_controller->isSharing()) {
        m_viewers->addSeparator();
        QAction *everyone = m_viewers->addAction(tr("Disconnect everyone and end all sessions"));
        connect(everyone, &QAction::triggered, this, [this] { m_controller->endAllSessions(); });
    }
    addRecentConnections();
}

void TrayController::addRecentConnections()
{
    const AuditLog *log = m_controller->auditLog();
    if (!log) {
        return;
    }
    m_viewers->addSeparator();
    QMenu *recent = m_viewers->addMenu(tr("Recent connections"));
    // The log is read when this submenu opens, not at every refresh of the menu (viewers coming and going).
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { fillRecentConnections(recent); });
    const QString path = log->filePath();
    QAction *open = m_viewers->addAction(tr("Open the audit log"));
    open->setEnabled(QFileInfo::exists(path));
    connect(open, &QAction::triggered, this, [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
}

void TrayController::fillRecentConnections(QMenu *recent)
{
    recent->clear();
    const AuditLog *log = m_controller->auditLog();
    const QList<AuditEvent> events = log ? log->recent(RecentConnections) : QList<AuditEvent>();
    if (events.isEmpty()) {
        recent->addAction(tr("None yet"))->setEnabled(false);
    }
    const QLocale locale;
    for (const AuditEvent &event : events) {
        const QString when = locale.toString(event.time.toLocalTime(), QLocale::ShortFormat);
        QString what;
        switch (event.kind) {
        case AuditEventKind::LoginSucceeded: what = tr("logged in (%1)").arg(event.role); break;
        case AuditEventKind::LoginDenied: what = tr("wrong password"); break;
        case AuditEventKind::LoginThrottled: what = tr("refused: too many wrong passwords"); break;
        case AuditEventKind::ViewerConnected: what = tr("connected (%1)").arg(event.role); break;
        case AuditEventKind::ViewerDisconnected:
            what = tr("left after %n second(s)", nullptr, int(std::min<qint64>(event.seconds, INT_MAX)));
            break;
        case AuditEventKind::SessionEnded: what = tr("session ended"); break;
        case AuditEventKind::ConsentAllowed: what = tr("allowed by you"); break;
        case AuditEventKind::ConsentDenied: what = tr("denied (%1)").arg(event.detail); break;
        }
        recent->addAction(tr("%1 — %2: %3").arg(when, event.address, what))->setEnabled(false);
    }
}

} // namespace deskport
