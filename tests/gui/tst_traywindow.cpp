// Where the desktop has no system tray: TrayController shows its ControlWindow instead, and the window's buttons
// are the menu's actions. Real Xvfb, no tray host (run-with-display without --tray).

#include "guisupport.h"

#include "tray/controlwindow.h"
#include "tray/trayapplication.h"
#include "tray/traycontroller.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>
#include <QToolButton>

using namespace deskport;
using namespace deskport::guitest;

class TestTrayWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void windowStandsInForTheTray();
    void shareButtonStartsAndStopsSharing();
    void closingTheWindowQuits();

private:
    QToolButton *buttonFor(QAction *action) const;
    QUrl url() const { return QUrl(m_app.baseUrl()); }

    DeskportApp m_app;
    QNetworkAccessManager m_network;
};

void TestTrayWindow::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DISPLAY"), "run through tests/gui/run-with-display (without --tray)");
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    QVERIFY2(!QSystemTrayIcon::isSystemTrayAvailable(), "this test needs a display without a system tray");
    QString error;
    QVERIFY2(m_app.build(TrayController::Mode::Automatic, &error), qPrintable(error));
}

QToolButton *TestTrayWindow::buttonFor(QAction *action) const
{
    for (QToolButton *button : m_app.tray->window()->findChildren<QToolButton *>()) {
        if (button->defaultAction() == action) {
            return button;
        }
    }
    return nullptr;
}

void TestTrayWindow::windowStandsInForTheTray()
{
    TrayController *tray = m_app.tray.get();
    QVERIFY(!tray->trayIcon());
    ControlWindow *window = tray->window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->isVisible());
    QCOMPARE(window->windowTitle(), QStringLiteral("Deskport"));
    QCOMPARE(window->stateText(), QStringLiteral("Not sharing"));
    // One button per menu entry, each showing its action's text.
    for (QAction *action : {tray->shareAction(), tray->linksMenu()->menuAction(), tray->qrAction(),
                            tray->viewersMenu()->menuAction(), tray->settingsAction(), tray->quitAction()}) {
        QToolButton *button = buttonFor(action);
        QVERIFY2(button, qPrintable(action->text()));
        QVERIFY(button->isVisible());
        QCOMPARE(button->text(), action->iconText()); // the text without its &-mnemonic
    }
}

void TestTrayWindow::shareButtonStartsAndStopsSharing()
{
    TrayController *tray = m_app.tray.get();
    QToolButton *share = buttonFor(tray->shareAction());
    QVERIFY(share);
    QCOMPARE(httpGet(m_network, url()).error, QNetworkReply::ConnectionRefusedError);
    QVERIFY(!tray->qrAction()->isEnabled());

    QTest::mouseClick(share, Qt::LeftButton);
    QTRY_VERIFY(m_app.controller->isSharing());
    QVERIFY(share->isChecked());
    const HttpAnswer on = httpGet(m_network, url());
    QCOMPARE(on.error, QNetworkReply::NoError);
    QCOMPARE(on.status, 200);
    QVERIFY(on.body.contains("<canvas"));
    // The other buttons follow the same actions: Show QR code is now enabled, the state line says so.
    QVERIFY(buttonFor(tray->qrAction())->isEnabled());
    QCOMPARE(tray->window()->stateText(), QStringLiteral("Sharing — nobody is connected"));
    QVERIFY(tray->window()->grab().save(QDir(artifactsDir()).filePath(QStringLiteral("control-window-en.png")), "PNG"));

    QTest::mouseClick(share, Qt::LeftButton);
    QTRY_VERIFY(!m_app.controller->isSharing());
    QVERIFY(!share->isChecked());
    QCOMPARE(httpGet(m_network, url()).error, QNetworkReply::ConnectionRefusedError);
}

void TestTrayWindow::closingTheWindowQuits()
{
    TrayController *tray = m_app.tray.get();
    QSignalSpy quit(tray, &TrayController::quitRequested);
    QVERIFY(tray->window()->close());
    QCOMPARE(quit.size(), 1);
    QVERIFY(!tray->window()->isVisible());
}

int main(int argc, char **argv)
{
    prepareApplication();
    const std::unique_ptr<QGuiApplication> app = createWidgetsApplication(argc, argv);
    TestTrayWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_traywindow.moc"
