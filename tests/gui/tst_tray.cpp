// The tray front end for real: Deskport built as main() builds it, on a real X server (Xvfb) with a real system
// tray host (trayer), serving over real sockets. Run through run-with-display --tray (see CMakeLists.txt).
// The test functions share one Deskport and run in order; each sets up the sharing state it needs.

#include "guisupport.h"
#include "tsreader.h"
#include "x11windows.h"

#include "codec/streamoptions.h"
#include "core/settingsstore.h"
#include "core/auditlog.h"
#include "tray/consentdialog.h"
#include "tray/qrdialog.h"
#include "tray/settingsdialog.h"
#include "tray/trayapplication.h"
#include "tray/traycontroller.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStyleHints>
#include <QSystemTrayIcon>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <utility>

using namespace deskport;
using namespace deskport::guitest;

namespace {

const QString IconWindowName = QStringLiteral("Deskport");
const QColor IdleGrey(0x9e, 0x9e, 0x9e);
const QColor SharingBlue(0x1e, 0x88, 0xe5);
constexpr int ColourTolerance = 12;
const QString GermanTs = QStringLiteral(DESKPORT_SOURCE_DIR "/translations/deskport_de.ts");

QString describeFrames(const QList<Viewer::FrameInfo> &frames)
{
    QStringList parts;
    for (const Viewer::FrameInfo &frame : frames) {
        parts.append(QStringLiteral("#%1 q%2-%3 flags %4 at %5 ms")
                         .arg(frame.id)
                         .arg(frame.minQuality)
                         .arg(frame.maxQuality)
                         .arg(frame.flags)
                         .arg(frame.receivedMs));
    }
    return parts.join(QStringLiteral(", "));
}

// Every rectangle of the frame is at the stream's quality, at the lower quality the stream gives areas that change
// fast (the noise widget), or at the repaint quality of areas that stopped changing; nothing else.
bool hasQuality(const Viewer::FrameInfo &frame, int quality)
{
    const StreamOptions defaults;
    const int hot = hotQualityFor(defaults, quality);
    const auto oneOfThem = [&](int q) {
        return std::abs(q - quality) <= 1 || std::abs(q - hot) <= 1 || q == defaults.refineQuality;
    };
    return oneOfThem(frame.minQuality) && oneOfThem(frame.maxQuality);
}

} // namespace

class TestTray : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void trayIconIsEmbeddedAndShowsTheState();
    void shareFromTheMenuStartsAndStopsTheServer();
    void qualitySliderChangesTheStreamLive();
    void portInUseIsRefusedAndTheOldServerKeepsServing();
    void copyLinkPutsAWorkingUrlOnTheClipboard();
    void disconnectEndsThatViewerOnly();
    void qrCodeDecodesToTheLink();
    void notifiesOfControlViewersAndFailedLogins();
    void hostToolsInTheDialog();
    void encryptionConsentAndAuditInTheTray();
    void screenshotsInEnglish();
    void languageSwitchesLive();

private:
    TrayController *tray() const { return m_app.tray.get(); }
    SharingController &controller() const { return *m_app.controller; }
    QUrl url(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_app.port()).arg(path));
    }
    // The Viewers menu's entries of connected viewers (each a submenu with "Disconnect"), in order.
    QList<QAction *> viewerEntries() const
    {
        QList<QAction *> entries;
        for (QAction *action : tray()->viewersMenu()->actions()) {
            if (action->menu() && action->menu()->actions().size() == 1
                && action->menu()->actions().constFirst()->text() == u"Disconnect") {
                entries.append(action);
            }
        }
        return entries;
    }
    QRect iconGeometry() const;
    QImage grabScreen(const QRect &area) const;
    std::unique_ptr<Viewer> connectViewer(const QString &password);
    // Pops the tray menu up the way a user does: a real click (XTest, through the X server) on the embedded icon.
    void openMenuFromIcon();
    void clickMenuItem(QAction *action);
    void saveMenuScreenshot(const QString &fileName);
    void saveSettingsScreenshot(const QString &fileName);

    DeskportApp m_app;
    std::unique_ptr<NoiseWidget> m_noise;
    QNetworkAccessManager m_network;
    QElapsedTimer m_lastIconClick;
};

void TestTray::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DISPLAY"), "run through tests/gui/run-with-display --tray");
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    setRootBackground(0x3b4a5a); // a desktop colour for the screenshots, not black
    // trayer takes the _NET_SYSTEM_TRAY selection when it starts; Qt notices through the X server.
    QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);

    QString error;
    QVERIFY2(m_app.build(TrayController::Mode::Automatic, &error), qPrintable(error));
    QVERIFY(tray()->trayIcon());
    QVERIFY(!tray()->window());

    // Something on the screen that keeps changing, away from the panel and the dialogs: the stream never goes
    // still, so frames keep coming.
    m_noise = std::make_unique<NoiseWidget>(QRect(24, 560, 192, 144));
    m_noise->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_noise.get()));
}

void TestTray::init()
{
    // Viewers of the previous test close when it ends; the counts below start from nobody.
    QTRY_COMPARE_WITH_TIMEOUT(controller().viewerCount(), 0, 5000);
}

void TestTray::cleanup()
{
    tray()->menu()->hide();
    if (m_app.tray) {
        tray()->settingsDialog()->hide(); // hide, not reject: reject would put the sliders back
        tray()->qrDialog()->hide();
    }
    closeBalloons();
}

void TestTray::cleanupTestCase()
{
    if (m_app.controller && controller().settings().language != u"en") {
        Settings english = controller().settings();
        english.language = QStringLiteral("en");
        QString ignored;
        controller().applySettings(english, &ignored);
    }
    m_noise.reset();
}

QRect TestTray::iconGeometry() const
{
    const TrayEmbedding embedding = findTrayIcon(IconWindowName);
    return embedding.iconViewable() ? embedding.icon->geometry : QRect();
}

QImage TestTray::grabScreen(const QRect &area) const
{
    return QGuiApplication::primaryScreen()
        ->grabWindow(0, area.x(), area.y(), area.width(), area.height())
        .toImage()
        .convertToFormat(QImage::Format_RGB32);
}

std::unique_ptr<Viewer> TestTray::connectViewer(const QString &password)
{
    HttpAnswer answer;
    const QByteArray cookie = login(m_network, m_app.port(), password, &answer);
    if (cookie.isEmpty()) {
        qWarning() << "login failed:" << answer.status << answer.errorString << answer.body;
        return nullptr;
    }
    auto viewer = std::make_unique<Viewer>(m_app.port(), cookie);
    viewer->open();
    // Connected, greeted and streaming: the first (full) frame has arrived.
    if (!QTest::qWaitFor([&viewer] { return viewer->hello() && !viewer->frames().isEmpty(); }, 10000)) {
        qWarning() << "viewer did not get going:" << viewer->socket().errorString() << viewer->error();
        return nullptr;
    }
    return viewer;
}

void TestTray::openMenuFromIcon()
{
    QMenu *menu = tray()->menu();
    QVERIFY(!menu->isVisible());
    const QRect icon = iconGeometry();
    QVERIFY2(icon.isValid(), "the tray icon is not embedded in trayer's panel");
    const QPoint at = icon.center();
    // Two clicks on the icon within the double-click interval would be a double click, not a second click: a
    // user who opens the menu again takes longer than that too.
    const int interval = QGuiApplication::styleHints()->mouseDoubleClickInterval() + 100;
    if (m_lastIconClick.isValid() && m_lastIconClick.elapsed() < interval) {
        QTest::qWait(int(interval - m_lastIconClick.elapsed()));
    }
    m_lastIconClick.start();
    // A left click on the icon: Qt's XEmbed icon reports Trigger, and the controller pops the menu up at the
    // pointer. (No --sync: it waits 15 s when the pointer is already there. The X server handles the move before
    // the click anyway.)
    const int code = QProcess::execute(QStringLiteral("xdotool"),
                                       {QStringLiteral("mousemove"), QString::number(at.x()), QString::number(at.y()),
                                        QStringLiteral("click"), QStringLiteral("1")});
    QCOMPARE(code, 0);
    QTRY_VERIFY_WITH_TIMEOUT(menu->isVisible(), 5000);
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    // Opened at the icon (where it was clicked): its top at the click's height, and spanning the icon's column
    // (Qt moves it left to keep it on the screen).
    QVERIFY2(
        qAbs(menu->geometry().top() - at.y()) <= icon.height() && menu->geometry().left() <= icon.right() &&
            menu->geometry().right() >= icon.left(),
        qPrintable(
            QStringLiteral("menu at %1,%2, icon at %3,%4").arg(menu->x()).arg(menu->y()).arg(icon.x()).arg(icon.y())));
}

void TestTray::clickMenuItem(QAction *action)
{
    QMenu *menu = tray()->menu();
    const QRect item = menu->actionGeometry(action);
    QVERIFY2(item.isValid(), qPrintable(action->text()));
    QVERIFY(action->isEnabled());
    QTest::mouseClick(menu, Qt::LeftButton, Qt::NoModifier, item.center());
    QTRY_VERIFY(!menu->isVisible());
}

void TestTray::saveMenuScreenshot(const QString &fileName)
{
    closeBalloons();
    openMenuFromIcon();
    if (QTest::currentTestFailed()) {
        return;
    }
    QMenu *menu = tray()->menu();
    // Really on the screen, drawn: what the X server shows where the menu is matches the menu's own rendering.
    const QImage rendered = menu->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QTRY_VERIFY_WITH_TIMEOUT(similarity(grabScreen(menu->geometry()), rendered, 8) > 0.95, 5000);

    const TrayEmbedding embedding = findTrayIcon(IconWindowName);
    QVERIFY(embedding.panel);
    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    const QRect area = menu->geometry().united(embedding.panel->geometry).adjusted(-24, 0, 24, 24).intersected(screen);
    const QImage shot = grabScreen(area);
    QVERIFY(!shot.isNull());
    const QString path = QDir(artifactsDir()).filePath(fileName);
    QVERIFY2(shot.save(path, "PNG"), qPrintable(path));
    menu->hide();
}

void TestTray::saveSettingsScreenshot(const QString &fileName)
{
    closeBalloons();
    tray()->showSettings();
    SettingsDialog *dialog = tray()->settingsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCoreApplication::processEvents(); // pending LanguageChange and layout requests
    // Fully laid out: no smaller than the layout needs, and every part inside the window.
    QVERIFY2(dialog->width() >= dialog->minimumSizeHint().width() &&
                 dialog->height() >= dialog->minimumSizeHint().height(),
             qPrintable(QStringLiteral("%1x%2").arg(dialog->width()).arg(dialog->height())));
    const QList<QGroupBox *> groups = dialog->findChildren<QGroupBox *>();
    QCOMPARE(groups.size(), 6);
    for (const QGroupBox *group : groups) {
        QVERIFY2(dialog->rect().contains(group->geometry()), qPrintable(group->title()));
    }
    const auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QVERIFY(dialog->rect().contains(buttons->geometry()));
    const QImage shot = dialog->grab().toImage();
    QCOMPARE(shot.size(), dialog->size() * dialog->devicePixelRatio());
    const QString path = QDir(artifactsDir()).filePath(fileName);
    QVERIFY2(shot.save(path, "PNG"), qPrintable(path));
}

// 1. The icon is in trayer's panel for real, and its look follows the state.
void TestTray::trayIconIsEmbeddedAndShowsTheState()
{
    QVERIFY(QSystemTrayIcon::isSystemTrayAvailable());
    QSystemTrayIcon *icon = tray()->trayIcon();
    QVERIFY(icon);
    QVERIFY(icon->isVisible());

    // The X server's own tree: trayer's "panel" window has a window named after us inside it (XEmbed).
    TrayEmbedding embedding;
    QTRY_VERIFY2_WITH_TIMEOUT((embedding = findTrayIcon(IconWindowName)).iconViewable(),
                              qPrintable(QStringLiteral("panel found: %1, icon found: %2, viewable: %3")
                                             .arg(embedding.panel.has_value())
                                             .arg(embedding.icon.has_value())
                                             .arg(embedding.iconViewable())),
                              10000);
    QVERIFY(embedding.panel);
    QVERIFY2(embedding.panel->geometry.contains(embedding.icon->geometry),
             qPrintable(QStringLiteral("panel %1,%2 %3x%4, icon %5,%6 %7x%8")
                            .arg(embedding.panel->geometry.x())
                            .arg(embedding.panel->geometry.y())
                            .arg(embedding.panel->geometry.width())
                            .arg(embedding.panel->geometry.height())
                            .arg(embedding.icon->geometry.x())
                            .arg(embedding.icon->geometry.y())
                            .arg(embedding.icon->geometry.width())
                            .arg(embedding.icon->geometry.height())));
    const QRect where = embedding.icon->geometry;
    QVERIFY(where.width() >= 16 && where.height() >= 16);
    const int area = where.width() * where.height();

    // Not sharing: the grey screen, (almost: antialiased edges) no blue. The monitor's screen is about 40 % of
    // the icon.
    controller().setSharing(false);
    QImage shot;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (shot = grabScreen(where), countNear(shot, IdleGrey, ColourTolerance) >= area / 5 &&
                                       countNear(shot, SharingBlue, ColourTolerance) <= area / 50),
        qPrintable(QStringLiteral("grey %1, blue %2 of %3 pixels")
                       .arg(countNear(shot, IdleGrey, ColourTolerance))
                       .arg(countNear(shot, SharingBlue, ColourTolerance))
                       .arg(area)),
        5000);
    shot.scaled(shot.size() * 4).save(QDir(artifactsDir()).filePath(QStringLiteral("tray-icon-idle.png")), "PNG");

    // Sharing: the blue screen, (almost) no grey.
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    QTRY_VERIFY2_WITH_TIMEOUT((shot = grabScreen(where), countNear(shot, SharingBlue, ColourTolerance) >= area / 5 &&
                                                             countNear(shot, IdleGrey, ColourTolerance) <= area / 50),
                              qPrintable(QStringLiteral("grey %1, blue %2 of %3 pixels")
                                             .arg(countNear(shot, IdleGrey, ColourTolerance))
                                             .arg(countNear(shot, SharingBlue, ColourTolerance))
                                             .arg(area)),
                              5000);
    shot.scaled(shot.size() * 4).save(QDir(artifactsDir()).filePath(QStringLiteral("tray-icon-sharing.png")), "PNG");
    QVERIFY(icon->toolTip().contains(QStringLiteral("nobody is connected")));

    controller().setSharing(false);
    QTRY_VERIFY_WITH_TIMEOUT(countNear(grabScreen(where), IdleGrey, ColourTolerance) >= area / 5, 5000);
}

// 2. Share screen, clicked in the real menu, starts the server; clicked again, stops it.
void TestTray::shareFromTheMenuStartsAndStopsTheServer()
{
    controller().setSharing(false);
    QCOMPARE(httpGet(m_network, url()).error, QNetworkReply::ConnectionRefusedError);

    openMenuFromIcon();
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(!tray()->shareAction()->isChecked());
    clickMenuItem(tray()->shareAction());
    QTRY_VERIFY(controller().isSharing());
    QVERIFY(tray()->shareAction()->isChecked());
    const HttpAnswer on = httpGet(m_network, url());
    QCOMPARE(on.error, QNetworkReply::NoError);
    QCOMPARE(on.status, 200);
    QVERIFY(on.body.contains("<canvas"));

    openMenuFromIcon();
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(tray()->shareAction()->isChecked());
    clickMenuItem(tray()->shareAction());
    QTRY_VERIFY(!controller().isSharing());
    QVERIFY(!tray()->shareAction()->isChecked());
    const HttpAnswer off = httpGet(m_network, url());
    QCOMPARE(off.error, QNetworkReply::ConnectionRefusedError);
    QCOMPARE(off.status, 0);
}

// 3. The quality slider changes what a connected viewer gets within a second, on the same connection.
void TestTray::qualitySliderChangesTheStreamLive()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    std::unique_ptr<Viewer> viewer = connectViewer(ViewPassword);
    QVERIFY(viewer);
    QCOMPARE(controller().viewerCount(), 1);
    const quint64 viewerId = controller().viewers().constFirst().id;

    tray()->showSettings();
    SettingsDialog *dialog = tray()->settingsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->qualitySlider()->value(), 80);
    QCOMPARE(viewer->hello()->quality, 80);

    // Before: quality 80 (REFINE repaints are always 95 and do not count).
    QTRY_VERIFY_WITH_TIMEOUT(viewer->plainFrames().size() >= 5, 10000);
    const QList<Viewer::FrameInfo> before = viewer->plainFrames();
    for (const Viewer::FrameInfo &frame : before) {
        QVERIFY2(hasQuality(frame, 80), qPrintable(describeFrames(before)));
    }

    const qsizetype mark = viewer->frames().size();
    const qint64 movedAt = Viewer::clock().elapsed();
    dialog->qualitySlider()->setValue(20);

    // After: the first frame at 20 within a second; from then on only 20.
    const auto firstAt20 = [&viewer, mark]() -> qsizetype {
        const QList<Viewer::FrameInfo> &frames = viewer->frames();
        for (qsizetype i = mark; i < frames.size(); ++i) {
            if (!(frames[i].flags & protocol::FrameFlag::Refine) && hasQuality(frames[i], 20)) {
                return i;
            }
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(firstAt20() >= 0, 5000);
    const Viewer::FrameInfo first = viewer->frames().at(firstAt20());
    QVERIFY2(first.receivedMs - movedAt <= 1000,
             qPrintable(QStringLiteral("the first frame at quality 20 came %1 ms after the slider moved")
                            .arg(first.receivedMs - movedAt)));
    qInfo("the first frame at quality 20 came %lld ms after the slider moved", first.receivedMs - movedAt);
    const qsizetype switched = firstAt20();
    QTRY_VERIFY_WITH_TIMEOUT(viewer->plainFrames(switched).size() >= 5, 10000);
    const QList<Viewer::FrameInfo> transition = viewer->plainFrames(mark);
    const QList<Viewer::FrameInfo> after = viewer->plainFrames(switched);
    for (const Viewer::FrameInfo &frame : after) {
        QVERIFY2(hasQuality(frame, 20), qPrintable(describeFrames(after)));
    }
    // Frames encoded before the change may still arrive, but only at the old quality, nothing in between.
    for (const Viewer::FrameInfo &frame : transition) {
        QVERIFY2(hasQuality(frame, 80) || hasQuality(frame, 20), qPrintable(describeFrames(transition)));
    }
    QCOMPARE(controller().settings().quality, 20);

    // The same connection all along: never closed, never opened again, the same viewer.
    QCOMPARE(viewer->connects(), 1);
    QCOMPARE(viewer->disconnects(), 0);
    QVERIFY(viewer->isConnected());
    QCOMPARE(controller().viewerCount(), 1);
    QCOMPARE(controller().viewers().constFirst().id, viewerId);
    QVERIFY2(viewer->error().isEmpty(), qPrintable(viewer->error()));
}

// 4. A port in use is refused with the system's reason; the old server keeps serving; a free port then applies.
void TestTray::portInUseIsRefusedAndTheOldServerKeepsServing()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    const quint16 oldPort = m_app.port();
    const QUrl oldUrl = url();
    QCOMPARE(httpGet(m_network, oldUrl).status, 200);

    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    const quint16 busyPort = occupier.serverPort();
    // Qt's words for it, as the user should see them.
    QTcpServer probe;
    QVERIFY(!probe.listen(QHostAddress::LocalHost, busyPort));
    const QString reason = probe.errorString();
    QVERIFY(!reason.isEmpty());

    tray()->showSettings();
    SettingsDialog *dialog = tray()->settingsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->portBox()->value(), int(oldPort));
    dialog->portBox()->setValue(busyPort);
    QVERIFY(!dialog->apply());
    const QString error = dialog->errorText();
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(reason, Qt::CaseInsensitive),
             qPrintable(QStringLiteral("\"%1\" does not mention \"%2\"").arg(error, reason)));

    // Nothing changed: same settings, same port, the old server answers, the busy port is still the occupier's.
    QCOMPARE(controller().settings().port, oldPort);
    QCOMPARE(m_app.service->port(), oldPort);
    QVERIFY(controller().isSharing());
    QCOMPARE(controller().links(), QStringList{oldUrl.toString()});
    QCOMPARE(httpGet(m_network, oldUrl).status, 200);
    QSignalSpy occupied(&occupier, &QTcpServer::newConnection);
    QTcpSocket knock;
    knock.connectToHost(QHostAddress::LocalHost, busyPort);
    QVERIFY(occupied.wait(5000));
    knock.abort();

    // A free port applies: the server answers there, and no longer on the old one.
    const quint16 newPort = freePort();
    QVERIFY(newPort != 0 && newPort != oldPort);
    dialog->portBox()->setValue(newPort);
    QVERIFY2(dialog->apply(), qPrintable(dialog->errorText()));
    QVERIFY(dialog->errorText().isEmpty());
    QCOMPARE(controller().settings().port, newPort);
    QCOMPARE(m_app.service->port(), newPort);
    const HttpAnswer moved = httpGet(m_network, url());
    QCOMPARE(moved.error, QNetworkReply::NoError);
    QCOMPARE(moved.status, 200);
    // Nobody listens on the old port any more. A new client, so a new connection: HTTP connections opened
    // before the move are kept, like the viewers' (PortalServer::listen), and would still be answered.
    QNetworkAccessManager newClient;
    QCOMPARE(httpGet(newClient, oldUrl).error, QNetworkReply::ConnectionRefusedError);
    QCOMPARE(controller().links(), QStringList{url().toString()});
}

// 5. Copy link: a URL on the clipboard that opens the portal.
void TestTray::copyLinkPutsAWorkingUrlOnTheClipboard()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    QMenu *links = tray()->linksMenu();
    QVERIFY(links->isEnabled());
    QVERIFY(!links->actions().isEmpty());
    QGuiApplication::clipboard()->setText(QStringLiteral("not a link"));

    links->actions().constFirst()->trigger();
    QTRY_VERIFY(QGuiApplication::clipboard()->text().startsWith(u"http://"));
    const QUrl link(QGuiApplication::clipboard()->text());
    QVERIFY(link.isValid());
    QCOMPARE(link.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(link.port(), int(m_app.port()));
    const HttpAnswer answer = httpGet(m_network, link);
    QCOMPARE(answer.error, QNetworkReply::NoError);
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.contains("<canvas"));
}

// 6. Disconnect in Viewers ends that viewer's session; the other goes on watching.
void TestTray::disconnectEndsThatViewerOnly()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    std::unique_ptr<Viewer> control = connectViewer(ControlPassword);
    QVERIFY(control);
    std::unique_ptr<Viewer> watcher = connectViewer(ViewPassword);
    QVERIFY(watcher);
    QTRY_COMPARE(controller().viewerCount(), 2);

    // The menu lists viewers in the controller's order; pick the view-only one's entry.
    const QList<ViewerInfo> viewers = controller().viewers();
    const qsizetype index = viewers.at(0).role == Role::View ? 0 : 1;
    QCOMPARE(viewers.at(index).role, Role::View);
    const QList<QAction *> entries = viewerEntries();
    QCOMPARE(entries.size(), 2);
    QMenu *entry = entries.at(index)->menu();
    QVERIFY(entry);
    QVERIFY2(entry->title().contains(QStringLiteral("view only")), qPrintable(entry->title()));
    QVERIFY2(entry->title().contains(viewers.at(index).address), qPrintable(entry->title()));
    QCOMPARE(entry->actions().size(), 1);
    QAction *disconnect = entry->actions().constFirst();
    QCOMPARE(disconnect->text(), QStringLiteral("Disconnect"));

    disconnect->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(watcher->disconnects(), 1, 5000);
    QCOMPARE(int(watcher->socket().closeCode()), int(protocol::CloseCode::SessionEnded));
    QTRY_COMPARE(controller().viewerCount(), 1);
    QCOMPARE(controller().viewers().constFirst().role, Role::Control);

    // The other one is still connected and still gets frames.
    const qsizetype seen = control->frames().size();
    QTRY_VERIFY_WITH_TIMEOUT(control->frames().size() >= seen + 3, 10000);
    QVERIFY(control->isConnected());
    QCOMPARE(control->disconnects(), 0);
    QCOMPARE(viewerEntries().size(), 1);
}

// Issue 7 in the tray: the certificate's fingerprint beside the links, Allow / Deny for "Ask before accepting",
// the "Allow control" switch, recent connections from the audit log, and ending every session.
void TestTray::encryptionConsentAndAuditInTheTray()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    Settings encrypted = controller().settings();
    encrypted.tls = true;
    QVERIFY2(controller().applySettings(encrypted, &why), qPrintable(why));
    const auto restore = qScopeGuard([this] {
        Settings plain = controller().settings();
        plain.tls = false;
        plain.askBeforeAccepting = false;
        plain.allowControl = true;
        QString ignored;
        controller().applySettings(plain, &ignored);
    });

    // HTTPS links, and the fingerprint of the certificate Deskport stored, shown and copyable.
    QVERIFY2(controller().links().value(0).startsWith(u"https://127.0.0.1:"), qPrintable(controller().links().value(0)));
    const QString certificateFile = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/Deskport/tls/certificate.pem");
    const QList<QSslCertificate> stored = QSslCertificate::fromPath(certificateFile);
    QCOMPARE(stored.size(), 1);
    const QString fingerprint =
        QString::fromLatin1(stored.constFirst().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QCOMPARE(controller().tlsFingerprint(), fingerprint);
    QAction *shown = nullptr;
    QAction *copy = nullptr;
    for (QAction *action : tray()->linksMenu()->actions()) {
        if (action->text().contains(fingerprint)) {
            shown = action;
        }
        if (action->text() == u"Copy the certificate fingerprint") {
            copy = action;
        }
    }
    QVERIFY(shown && !shown->isEnabled());
    QVERIFY(copy);
    copy->trigger();
    QTRY_COMPARE(QGuiApplication::clipboard()->text(), fingerprint);

    // Ask before accepting: the login waits for the dialog; Allow lets it in, Deny and closing the dialog refuse.
    Settings asking = controller().settings();
    asking.askBeforeAccepting = true;
    QVERIFY2(controller().applySettings(asking, &why), qPrintable(why));
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(stored);
    const auto startLogin = [this, &trusting](const QString &password) {
        QNetworkRequest request(QUrl(QStringLiteral("https://localhost:%1/api/login").arg(m_app.port())));
        request.setSslConfiguration(trusting);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return std::unique_ptr<QNetworkReply>(m_network.post(
            request, QJsonDocument(QJsonObject{{QStringLiteral("password"), password}}).toJson()));
    };
    std::unique_ptr<QNetworkReply> allowed = startLogin(ControlPassword);
    QTRY_COMPARE_WITH_TIMEOUT(tray()->consentDialogs().size(), 1, 10000);
    ConsentDialog *dialog = tray()->consentDialogs().constFirst();
    QVERIFY2(dialog->question().contains(u"127.0.0.1") && dialog->question().contains(u"control password"),
             qPrintable(dialog->question()));
    QVERIFY(dialog->denyButton()->isDefault()); // a stray Enter denies
    QVERIFY(!allowed->isFinished());
    QTest::mouseClick(dialog->allowButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(allowed->isFinished(), 10000);
    QCOMPARE(allowed->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
    QVERIFY(allowed->rawHeader("Set-Cookie").contains("; Secure"));

    std::unique_ptr<QNetworkReply> denied = startLogin(ViewPassword);
    QTRY_COMPARE_WITH_TIMEOUT(tray()->consentDialogs().size(), 1, 10000);
    QTest::mouseClick(tray()->consentDialogs().constFirst()->denyButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(denied->isFinished(), 10000);
    QCOMPARE(denied->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
    std::unique_ptr<QNetworkReply> closed = startLogin(ViewPassword);
    QTRY_COMPARE_WITH_TIMEOUT(tray()->consentDialogs().size(), 1, 10000);
    tray()->consentDialogs().constFirst()->reject(); // the window's close button / Escape
    QTRY_VERIFY_WITH_TIMEOUT(closed->isFinished(), 10000);
    QCOMPARE(closed->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
    QTRY_COMPARE(tray()->consentDialogs().size(), 0);

    // Recent connections, newest first, from the audit log: the denials and the allowed login are there.
    QMetaObject::invokeMethod(tray()->viewersMenu(), "aboutToShow");
    QMenu *recent = nullptr;
    for (QAction *action : tray()->viewersMenu()->actions()) {
        if (action->menu() && action->text() == u"Recent connections") {
            recent = action->menu();
        }
    }
    QVERIFY(recent);
    QMetaObject::invokeMethod(recent, "aboutToShow"); // the log is read when the submenu opens
    QStringList lines;
    for (const QAction *action : recent->actions()) {
        lines.append(action->text());
    }
    QVERIFY2(lines.value(0).contains(u"denied"), qPrintable(lines.join(u" | ")));
    QVERIFY2(lines.join(u"\n").contains(u"allowed by you"), qPrintable(lines.join(u" | ")));
    QVERIFY2(lines.join(u"\n").contains(u"logged in (control)"), qPrintable(lines.join(u" | ")));

    // Allow control, from the menu: off makes the control session view-only.
    const QByteArray cookie = allowed->rawHeader("Set-Cookie").split(';').constFirst();
    QVERIFY(tray()->allowControlAction()->isChecked());
    tray()->allowControlAction()->trigger();
    QVERIFY(!controller().settings().allowControl);
    QNetworkRequest sessionRequest(QUrl(QStringLiteral("https://localhost:%1/api/session").arg(m_app.port())));
    sessionRequest.setSslConfiguration(trusting);
    sessionRequest.setRawHeader("Cookie", cookie);
    std::unique_ptr<QNetworkReply> session(m_network.get(sessionRequest));
    QTRY_VERIFY_WITH_TIMEOUT(session->isFinished(), 10000);
    QCOMPARE(QJsonDocument::fromJson(session->readAll()).object().value(QStringLiteral("role")).toString(),
             QStringLiteral("view"));
    tray()->allowControlAction()->trigger();
    QVERIFY(controller().settings().allowControl);

    // Disconnect everyone: the session is gone.
    QAction *everyone = nullptr;
    for (QAction *action : tray()->viewersMenu()->actions()) {
        if (action->text() == u"Disconnect everyone and end all sessions") {
            everyone = action;
        }
    }
    QVERIFY(everyone);
    everyone->trigger();
    std::unique_ptr<QNetworkReply> ended(m_network.get(sessionRequest));
    QTRY_VERIFY_WITH_TIMEOUT(ended->isFinished(), 10000);
    QCOMPARE(ended->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
}

// 7. The QR code says the link.
void TestTray::qrCodeDecodesToTheLink()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    const QString link = controller().links().value(0);
    QVERIFY(link.startsWith(u"http://127.0.0.1:"));

    QVERIFY(tray()->qrAction()->isEnabled());
    tray()->showQrCode();
    QrDialog *dialog = tray()->qrDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->currentLink(), link);
    const QImage code = dialog->currentImage();
    QVERIFY(!code.isNull());
    const QString path = QDir(artifactsDir()).filePath(QStringLiteral("qr-code.png"));
    QVERIFY(code.save(path, "PNG"));
    dialog->grab().save(QDir(artifactsDir()).filePath(QStringLiteral("qr-dialog-en.png")), "PNG");

    QProcess zbar;
    zbar.start(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("-q"), path});
    QVERIFY2(zbar.waitForFinished(30000), qPrintable(zbar.errorString()));
    QCOMPARE(zbar.exitStatus(), QProcess::NormalExit);
    QVERIFY2(zbar.exitCode() == 0, zbar.readAllStandardError().constData());
    QCOMPARE(QString::fromUtf8(zbar.readAllStandardOutput()).trimmed(), link);
}

// 8. Notifications: someone connects with control; logins keep failing.
void TestTray::notifiesOfControlViewersAndFailedLogins()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    QSignalSpy notified(tray(), &TrayController::notified);

    std::unique_ptr<Viewer> control = connectViewer(ControlPassword);
    QVERIFY(control);
    QTRY_COMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("Someone can control this screen"));
    QVERIFY2(notified.at(0).at(1).toString().contains(QStringLiteral("127.0.0.1")),
             qPrintable(notified.at(0).at(1).toString()));

    notified.clear();
    for (int attempt = 1; attempt <= 3; ++attempt) {
        HttpAnswer answer;
        QVERIFY(login(m_network, m_app.port(), QStringLiteral("wrong-%1").arg(attempt), &answer).isEmpty());
        QCOMPARE(answer.status, 401);
    }
    const auto failures = [&notified] {
        int count = 0;
        for (const QList<QVariant> &arguments : notified) {
            count += arguments.at(0).toString() == u"Failed logins" ? 1 : 0;
        }
        return count;
    };
    QTRY_COMPARE(failures(), 1);
    QCOMPARE(notified.size(), 1);
    const QString message = notified.at(0).at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1")) && message.contains(u'3'), qPrintable(message));
}

// 11. The host tools' switches and file roots: the dialog shows the controller's values, and Apply puts what the
// user set into the controller and the stored settings.
void TestTray::hostToolsInTheDialog()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QDir dir(work.path());
    QVERIFY(dir.mkpath(QStringLiteral("one")) && dir.mkpath(QStringLiteral("two")) &&
            dir.mkpath(QStringLiteral("picked")));
    const QString one = QDir::cleanPath(dir.filePath(QStringLiteral("one")));
    const QString two = QDir::cleanPath(dir.filePath(QStringLiteral("two")));
    const QString picked = QDir::cleanPath(dir.filePath(QStringLiteral("picked")));
    const QString file = dir.filePath(QStringLiteral("file.txt"));
    {
        QFile plain(file);
        QVERIFY(plain.open(QIODevice::WriteOnly));
    }
    const Settings before = controller().settings();

    // Reads: what the controller has, not the defaults.
    Settings start = before;
    start.clipboard = false;
    start.fileAccess = true;
    start.terminal = false;
    start.systemForViewOnly = false;
    start.fileRoots = QStringList{one, two};
    QString why;
    QVERIFY2(controller().applySettings(start, &why), qPrintable(why));
    tray()->showSettings();
    SettingsDialog *dialog = tray()->settingsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!dialog->clipboardBox()->isChecked());
    QVERIFY(dialog->fileAccessBox()->isChecked());
    QVERIFY(!dialog->terminalBox()->isChecked());
    QVERIFY(!dialog->systemForViewBox()->isChecked());
    QCOMPARE(dialog->fileRootsShown(), (QStringList{one, two}));
    QCOMPARE(dialog->fileRootList()->count(), 2);
    QCOMPARE(dialog->fileRootList()->item(0)->text(), QDir::toNativeSeparators(one));
    // The host-tools group is there under its name, with the check boxes' words and the home-folder note.
    const auto *group = dialog->fileAccessBox()->parentWidget();
    QVERIFY(group);
    QCOMPARE(qobject_cast<const QGroupBox *>(group)->title(), QStringLiteral("Host tools"));
    QCOMPARE(dialog->clipboardBox()->text(), QStringLiteral("Share the clipboard with control viewers"));
    QCOMPARE(dialog->fileAccessBox()->text(), QStringLiteral("File access for control viewers"));
    QCOMPARE(dialog->terminalBox()->text(), QStringLiteral("Terminal for control viewers"));
    QCOMPARE(dialog->systemForViewBox()->text(), QStringLiteral("System panel for view-only viewers"));
    bool homeNoted = false;
    for (const QLabel *label : dialog->findChildren<QLabel *>()) {
        homeNoted = homeNoted || (label->isVisible() && label->text().contains(QDir::homePath()) &&
                                  label->text().contains(QStringLiteral("home folder")));
    }
    QVERIFY(homeNoted);

    // Remove: only with a selection, and only the selected folder goes.
    QVERIFY(!dialog->removeFileRootButton()->isEnabled());
    dialog->fileRootList()->setCurrentRow(0);
    QVERIFY(dialog->removeFileRootButton()->isEnabled());
    QTest::mouseClick(dialog->removeFileRootButton(), Qt::LeftButton);
    QCOMPARE(dialog->fileRootsShown(), QStringList{two});

    // Add folder…: the real button, the real folder chooser (Qt's own on this bare X server), the folder picked.
    QString chooserTitle;
    QTimer::singleShot(0, dialog, [&] {
        // getExistingDirectory() runs its own event loop; the chooser is the modal widget by the time this runs.
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()), 5000);
        auto *chooser = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        chooserTitle = chooser->windowTitle();
        chooser->setDirectory(dir.path());
        chooser->selectFile(picked);
        static_cast<QDialog *>(chooser)->accept(); // QFileDialog::accept() is protected; the call still reaches it
    });
    QTest::mouseClick(dialog->addFileRootButton(), Qt::LeftButton);
    QTRY_COMPARE(dialog->fileRootsShown(), (QStringList{two, picked}));
    QCOMPARE(chooserTitle, QStringLiteral("Choose a folder for the file panel"));

    // Refused: a folder that is not there, a file. Nothing is added, the reason is shown.
    QVERIFY(!dialog->addFileRoot(dir.filePath(QStringLiteral("missing"))));
    QVERIFY2(dialog->errorText().contains(QStringLiteral("must be an existing folder")), qPrintable(dialog->errorText()));
    QVERIFY(!dialog->addFileRoot(file));
    QVERIFY2(dialog->errorText().contains(QStringLiteral("not a file")), qPrintable(dialog->errorText()));
    // The same folder again (spelled differently) is not listed twice.
    QVERIFY(dialog->addFileRoot(two + QStringLiteral("/./")));
    QCOMPARE(dialog->fileRootsShown(), (QStringList{two, picked}));
    QVERIFY(dialog->errorText().isEmpty());

    // With file access off, the folders are greyed out (and kept).
    dialog->fileAccessBox()->setChecked(false);
    QVERIFY(!dialog->fileRootList()->isEnabled());
    QVERIFY(!dialog->addFileRootButton()->isEnabled());
    QVERIFY(!dialog->removeFileRootButton()->isEnabled());

    // Writes: every switch flipped, through Apply as the user does it.
    dialog->clipboardBox()->setChecked(true);
    dialog->terminalBox()->setChecked(true);
    dialog->systemForViewBox()->setChecked(true);
    const auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QAbstractButton *apply = nullptr;
    for (QAbstractButton *button : buttons->buttons()) {
        if (buttons->buttonRole(button) == QDialogButtonBox::ApplyRole) {
            apply = button;
        }
    }
    QVERIFY(apply);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    const Settings applied = controller().settings();
    QVERIFY(applied.clipboard);
    QVERIFY(!applied.fileAccess);
    QVERIFY(applied.terminal);
    QVERIFY(applied.systemForViewOnly);
    QCOMPARE(applied.fileRoots, (QStringList{two, picked}));
    // Remembered: the stored settings read back the same.
    const Settings stored = loadSettings(*m_app.store);
    QCOMPARE(stored.fileAccess, false);
    QCOMPARE(stored.terminal, true);
    QCOMPARE(stored.systemForViewOnly, true);
    QCOMPARE(stored.clipboard, true);
    QCOMPARE(stored.fileRoots, (QStringList{two, picked}));

    // Removing every folder means the home folder again: an empty list.
    dialog->fileAccessBox()->setChecked(true);
    dialog->fileRootList()->selectAll();
    QTest::mouseClick(dialog->removeFileRootButton(), Qt::LeftButton);
    QCOMPARE(dialog->fileRootList()->count(), 0);
    QVERIFY2(dialog->apply(), qPrintable(dialog->errorText()));
    QVERIFY(controller().settings().fileAccess);
    QVERIFY(controller().settings().fileRoots.isEmpty());
    QVERIFY(loadSettings(*m_app.store, start).fileRoots.isEmpty());

    // Back as the test found it (the screenshots show the defaults).
    QVERIFY2(controller().applySettings(before, &why), qPrintable(why));
    dialog->reload();
}

// 10 (English half). Screenshots for a reviewer: the menu as opened from the icon, the settings dialog.
void TestTray::screenshotsInEnglish()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    std::unique_ptr<Viewer> watcher = connectViewer(ViewPassword); // so Viewers shows someone
    QVERIFY(watcher);
    QTRY_COMPARE(controller().viewerCount(), 1);
    saveMenuScreenshot(QStringLiteral("tray-menu-en.png"));
    if (QTest::currentTestFailed()) {
        return;
    }
    saveSettingsScreenshot(QStringLiteral("settings-en.png"));
}

// 9 and 10 (German half). The language applies live, to the menu and to an open dialog.
void TestTray::languageSwitchesLive()
{
    QString why;
    QVERIFY2(controller().setSharing(true, &why), qPrintable(why));
    std::unique_ptr<Viewer> watcher = connectViewer(ViewPassword);
    QVERIFY(watcher);
    tray()->showSettings();
    SettingsDialog *dialog = tray()->settingsDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QString englishShare = QStringLiteral("&Share screen");
    const QString englishTitle = QStringLiteral("Deskport Settings");
    QCOMPARE(tray()->shareAction()->text(), englishShare);
    QCOMPARE(dialog->windowTitle(), englishTitle);

    const QString germanShare = tsTranslation(GermanTs, QStringLiteral("deskport::TrayController"), englishShare);
    const QString germanTitle = tsTranslation(GermanTs, QStringLiteral("deskport::SettingsDialog"), englishTitle);
    QVERIFY2(!germanShare.isEmpty() && !germanTitle.isEmpty(), qPrintable(GermanTs));
    QVERIFY(germanShare != englishShare);
    QVERIFY(germanTitle != englishTitle);

    Settings german = controller().settings();
    german.language = QStringLiteral("de");
    QVERIFY2(controller().applySettings(german, &why), qPrintable(why));
    QTRY_COMPARE(tray()->shareAction()->text(), germanShare);
    QTRY_COMPARE(dialog->windowTitle(), germanTitle);
    // The host tools' group too, and the home-folder note keeps its folder.
    for (const auto &[english, shown] :
         {std::pair{QStringLiteral("Host tools"),
                    qobject_cast<QGroupBox *>(dialog->fileAccessBox()->parentWidget())->title()},
          std::pair{QStringLiteral("File access for control viewers"), dialog->fileAccessBox()->text()},
          std::pair{QStringLiteral("System panel for view-only viewers"), dialog->systemForViewBox()->text()}}) {
        const QString translated = tsTranslation(GermanTs, QStringLiteral("deskport::SettingsDialog"), english);
        QVERIFY2(!translated.isEmpty() && translated != english, qPrintable(english));
        QCOMPARE(shown, translated);
    }
    QCOMPARE(tray()->linksMenu()->title(),
             tsTranslation(GermanTs, QStringLiteral("deskport::TrayController"), QStringLiteral("Copy &link")));
    // The dialog's buttons are translated too. (Regression guard: with standard buttons, the LanguageChange that
    // reaches the child QDialogButtonBox after the dialog's own retranslate() put Qt's untranslated "Apply" and
    // "Cancel" back.)
    const auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    const auto buttonText = [buttons](QDialogButtonBox::ButtonRole role) {
        for (QAbstractButton *button : buttons->buttons()) {
            if (buttons->buttonRole(button) == role) {
                return button->text();
            }
        }
        return QString();
    };
    for (const auto &[role, english] : {std::pair{QDialogButtonBox::ApplyRole, QStringLiteral("Apply")},
                                        std::pair{QDialogButtonBox::RejectRole, QStringLiteral("Cancel")}}) {
        const QString translated = tsTranslation(GermanTs, QStringLiteral("deskport::SettingsDialog"), english);
        QVERIFY(!translated.isEmpty() && translated != english);
        QCOMPARE(buttonText(role), translated);
    }

    dialog->hide();
    saveMenuScreenshot(QStringLiteral("tray-menu-de.png"));
    if (QTest::currentTestFailed()) {
        return;
    }
    saveSettingsScreenshot(QStringLiteral("settings-de.png"));
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(dialog->windowTitle(), germanTitle);

    Settings english = controller().settings();
    english.language = QStringLiteral("en");
    QVERIFY2(controller().applySettings(english, &why), qPrintable(why));
    QTRY_COMPARE(tray()->shareAction()->text(), englishShare);
    QTRY_COMPARE(dialog->windowTitle(), englishTitle);
}

int main(int argc, char **argv)
{
    prepareApplication();
    // The application main() makes for the tray (it keeps running when its last window closes).
    const std::unique_ptr<QGuiApplication> app = createWidgetsApplication(argc, argv);
    TestTray test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tray.moc"
