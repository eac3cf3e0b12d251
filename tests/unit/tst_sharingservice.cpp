// SharingController driving the real SharingService: a real PortalServer on loopback, real HTTP and WebSocket
// clients, passwords and settings in a real QSettings file, the autostart entry in a temporary XDG config
// folder. Only the screen is fake (DESKPORT_CAPTURE=fake: the offscreen platform has nothing to capture) and
// input goes nowhere (null backend).

#include "capture/cursortracker.h"
#include "capture/fake/fakecursorsource.h"
#include "core/auditlog.h"
#include "core/autostart.h"
#include "core/passwordstore.h"
#include "core/settingsstore.h"
#include "core/sharingcontroller.h"
#include "server/portalserver.h"
#include "service/sharingservice.h"
#include "server/tlsidentity.h"
#include "protocol/messages.h"
#include "support/portalhttp.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace deskport;
using testsupport::freePort;

namespace {

const QString ControlPassword = QStringLiteral("control-pass-1");
const QString ViewPassword = QStringLiteral("view-pass-1");

// A WebSocket viewer, as the portal opens it.
struct Viewer
{
    QWebSocket socket;
    QSignalSpy connected{&socket, &QWebSocket::connected};
    QSignalSpy disconnected{&socket, &QWebSocket::disconnected};
    QSignalSpy received{&socket, &QWebSocket::binaryMessageReceived};

    // The CURSOR_POSITION messages received so far, decoded.
    QList<protocol::CursorPosition> cursorPositions() const
    {
        QList<protocol::CursorPosition> positions;
        for (const QList<QVariant> &arguments : received) {
            const auto decoded = protocol::decodeServerMessage(arguments.at(0).toByteArray());
            if (decoded && std::holds_alternative<protocol::CursorPosition>(*decoded.message)) {
                positions.append(std::get<protocol::CursorPosition>(*decoded.message));
            }
        }
        return positions;
    }
    bool receivedCursorShape() const
    {
        return std::any_of(received.cbegin(), received.cend(), [](const QList<QVariant> &arguments) {
            return arguments.at(0).toByteArray().startsWith('\x87');
        });
    }
};

} // namespace

class TestSharingService : public QObject
{
    Q_OBJECT

    // The HTTP status; 0: no HTTP answer at all (connection refused). cookie: a Cookie header value.
    int get(quint16 port, const QString &path = QStringLiteral("/"), const QByteArray &cookie = {});
    QByteArray login(quint16 port, const QString &password) { return testsupport::login(m_network, port, password); }
    // Connected and registered with the controller, or nullptr.
    std::unique_ptr<Viewer> connectViewer(const QByteArray &cookie);

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<PasswordStore> m_passwords;
    std::unique_ptr<SharingController> m_controller;
    std::unique_ptr<SharingService> m_service;
    QNetworkAccessManager m_network;
    Settings m_settings;

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sharingOpensAndClosesThePort();
    void busyPortAtStartIsReported();
    void portChangeIsLiveAndRemembered();
    void busyPortIsRefusedAndNothingChanges();
    void settingsWhileStoppedApplyAtStart();
    void streamSettingsApplyWithoutRestart();
    void hostToolSettingsReachTheServer();
    void loginsGoToTheAuditLogBesideTheSettings();
    void passwordRules();
    void passwordChangeEndsThatRolesSessions();
    void removingTheViewPassword();
    void disconnectViewer();
    void startAtLoginWritesTheAutostartEntry();
    void linksOnlyWhileSharing();
    void httpsIsTheDefaultWithAKeptCertificate();
    void userCertificateAndBrokenOnes();
    void pointerIsFollowedOnlyWhileWatched();
    void pointerRateFollowsTheFrameRate();
    void noPointerSourceShowsNoPointer();
};

void TestSharingService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The autostart entry must land here, not in the real ~/.config.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
}

void TestSharingService::init()
{
    QFile::remove(m_dir.filePath(QStringLiteral("deskport.ini")));
    m_store = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("deskport.ini")), QSettings::IniFormat);
    m_passwords = std::make_unique<PasswordStore>(*m_store);
    m_passwords->setPasswords(ControlPassword, ViewPassword, 1000);
    m_settings = Settings{};
    m_settings.port = freePort();
    m_settings.bindAddress = QHostAddress::LocalHost;
    // Plain HTTP for the tests that speak to the server with plain clients; httpsIsTheDefault... covers TLS.
    m_settings.tls = false;
    m_controller = std::make_unique<SharingController>();
    m_controller->setInitialSettings(m_settings);
    m_controller->setStorage(m_store.get(), m_passwords.get());
    m_service = std::make_unique<SharingService>(m_controller.get(), m_passwords->controlHash(),
                                                 m_passwords->viewHash(),
                                                 SharingService::Overrides{QStringLiteral("fake"), QStringLiteral("null"), QString()});
    QString error;
    QVERIFY2(m_service->initialize(m_settings, &error), qPrintable(error));
}

void TestSharingService::cleanup()
{
    m_controller->setSharing(false);
    m_service.reset();
    m_controller.reset();
    m_passwords.reset();
    m_store.reset();
}

int TestSharingService::get(quint16 port, const QString &path, const QByteArray &cookie)
{
    return testsupport::httpRequest(m_network, "GET", QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)),
                                    {}, cookie)
        .status;
}

std::unique_ptr<Viewer> TestSharingService::connectViewer(const QByteArray &cookie)
{
    auto viewer = std::make_unique<Viewer>();
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_settings.port)));
    request.setRawHeader("Cookie", cookie);
    const int before = m_controller->viewerCount();
    viewer->socket.open(request);
    if (!viewer->connected.wait(5000)) {
        return nullptr;
    }
    QElapsedTimer timer;
    timer.start();
    while (m_controller->viewerCount() == before && timer.elapsed() < 5000) {
        QTest::qWait(10);
    }
    return m_controller->viewerCount() > before ? std::move(viewer) : nullptr;
}

void TestSharingService::sharingOpensAndClosesThePort()
{
    QCOMPARE(get(m_settings.port), 0); // nothing listens before sharing starts
    QVERIFY(m_controller->setSharing(true));
    QCOMPARE(m_service->port(), m_settings.port);
    QCOMPARE(get(m_settings.port), 200);
    QVERIFY(m_controller->setSharing(false));
    QCOMPARE(m_service->port(), quint16(0));
    QCOMPARE(get(m_settings.port), 0);
    // And again: stop/start is not one-way.
    QVERIFY(m_controller->setSharing(true));
    QCOMPARE(get(m_settings.port), 200);
}

void TestSharingService::busyPortAtStartIsReported()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, m_settings.port));
    QSignalSpy errors(m_controller.get(), &SharingController::errorOccurred);
    QSignalSpy changed(m_controller.get(), &SharingController::sharingChanged);
    QString error;
    QVERIFY(!m_controller->setSharing(true, &error));
    QVERIFY2(error.contains(QString::number(m_settings.port)), qPrintable(error));
    QVERIFY(!m_controller->isSharing());
    QCOMPARE(errors.size(), 1);
    QVERIFY(changed.isEmpty());
}

void TestSharingService::portChangeIsLiveAndRemembered()
{
    QVERIFY(m_controller->setSharing(true));
    Settings next = m_controller->settings();
    next.port = freePort();
    QSignalSpy changed(m_controller.get(), &SharingController::settingsChanged);
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(get(next.port), 200);
    QCOMPARE(get(m_settings.port), 0);
    QCOMPARE(m_controller->links(), QStringList{QStringLiteral("http://127.0.0.1:%1/").arg(next.port)});
    m_store->sync();
    QCOMPARE(loadSettings(QSettings(m_store->fileName(), QSettings::IniFormat)).port, next.port);
}

void TestSharingService::busyPortIsRefusedAndNothingChanges()
{
    QVERIFY(m_controller->setSharing(true));
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    Settings next = m_controller->settings();
    next.port = squatter.serverPort();
    next.quality = 33;
    QSignalSpy changed(m_controller.get(), &SharingController::settingsChanged);
    QString error;
    QVERIFY(!m_controller->applySettings(next, &error));
    QVERIFY2(error.contains(QString::number(next.port)), qPrintable(error));
    QVERIFY(changed.isEmpty());
    QCOMPARE(m_controller->settings().port, m_settings.port);
    QCOMPARE(m_controller->settings().quality, Settings::DefaultQuality);
    QCOMPARE(get(m_settings.port), 200);
    QVERIFY(!m_store->contains(QStringLiteral("network/port")));
}

void TestSharingService::settingsWhileStoppedApplyAtStart()
{
    Settings next = m_controller->settings();
    next.port = freePort();
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(get(next.port), 0); // not sharing: nothing opens
    QVERIFY(m_controller->setSharing(true));
    QCOMPARE(get(next.port), 200);
}

void TestSharingService::streamSettingsApplyWithoutRestart()
{
    QVERIFY(m_controller->setSharing(true));
    const QByteArray cookie = login(m_settings.port, ViewPassword);
    QVERIFY(!cookie.isEmpty());
    const std::unique_ptr<Viewer> viewer = connectViewer(cookie);
    QVERIFY(viewer);

    Settings next = m_controller->settings();
    next.fps = 12;
    next.quality = 25;
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(m_controller->settings().quality, 25);
    // Same port: the viewer stays connected (the frames' quality is checked in the pipeline and GUI tests).
    QVERIFY(!viewer->disconnected.wait(300));
    QCOMPARE(m_controller->viewerCount(), 1);
}

void TestSharingService::hostToolSettingsReachTheServer()
{
    QTemporaryDir shared;
    QVERIFY(QDir(shared.path()).mkpath(QStringLiteral("inside")));
    Settings next = m_controller->settings();
    next.fileRoots = {shared.path()};
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error)); // while stopped: taken at start
    QVERIFY(m_controller->setSharing(true));
    const QByteArray control = login(m_settings.port, ControlPassword);
    const QByteArray view = login(m_settings.port, ViewPassword);
    const QString root = QFileInfo(shared.path()).fileName();
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/files/list/") + root, control), 200);
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/system"), view), 200);

    next.fileAccess = false;
    next.systemForViewOnly = false;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/files/list/") + root, control), 403);
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/system"), view), 403);
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/system"), control), 200);
    next.fileAccess = true;
    next.terminal = false;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/files/list/") + root, control), 200);
    QVERIFY(!m_service->server()->hostTools().mayUse(HostTools::Tool::Terminal, Role::Control));
}

void TestSharingService::loginsGoToTheAuditLogBesideTheSettings()
{
    QVERIFY(m_service->auditLog());
    QCOMPARE(m_service->auditLog()->filePath(),
             QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/Deskport/audit.log"));
    QVERIFY(m_controller->setSharing(true));
    QVERIFY(!login(m_settings.port, ControlPassword).isEmpty());
    const QList<AuditEvent> events = m_service->auditLog()->recent(1);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().kind, AuditEventKind::LoginSucceeded);
    QCOMPARE(events.first().role, QStringLiteral("control"));
    QVERIFY(QFile::exists(m_service->auditLog()->filePath()));
}

void TestSharingService::passwordRules()
{
    QString error;
    QVERIFY(!m_controller->setPassword(Role::Control, QString(), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!m_controller->setPassword(Role::Control, QStringLiteral("   "), &error));
    QVERIFY(!m_controller->setPassword(Role::Control, QString(300, u'x'), &error));
    // The view password may not be the control one: view-only logins would silently get control.
    QVERIFY(!m_controller->setPassword(Role::View, ControlPassword, &error));
    QVERIFY(!m_controller->setPassword(Role::Control, ViewPassword, &error));
    // Nothing of that reached the store.
    QVERIFY(m_controller->setSharing(true));
    QVERIFY(!login(m_settings.port, ControlPassword).isEmpty());
    QVERIFY(!login(m_settings.port, ViewPassword).isEmpty());
}

void TestSharingService::passwordChangeEndsThatRolesSessions()
{
    QVERIFY(m_controller->setSharing(true));
    const QByteArray control = login(m_settings.port, ControlPassword);
    const QByteArray view = login(m_settings.port, ViewPassword);
    QVERIFY(!control.isEmpty() && !view.isEmpty());
    const QByteArray storedBefore = m_passwords->controlHash();

    QString error;
    QVERIFY2(m_controller->setPassword(Role::Control, QStringLiteral("brand new one"), &error), qPrintable(error));
    QVERIFY(m_passwords->controlHash() != storedBefore);
    QVERIFY(!m_passwords->controlHash().contains("brand new one"));
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/session"), control), 401);
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/session"), view), 200);
    QVERIFY(login(m_settings.port, ControlPassword).isEmpty());
    QVERIFY(!login(m_settings.port, QStringLiteral("brand new one")).isEmpty());
}

void TestSharingService::removingTheViewPassword()
{
    QVERIFY(m_controller->setSharing(true));
    QVERIFY(m_controller->hasViewPassword());
    const QByteArray view = login(m_settings.port, ViewPassword);
    QString error;
    QVERIFY(m_controller->setPassword(Role::View, QString(), &error));
    QVERIFY(!m_controller->hasViewPassword());
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/session"), view), 401);
    QVERIFY(login(m_settings.port, ViewPassword).isEmpty());
}

void TestSharingService::disconnectViewer()
{
    QVERIFY(m_controller->setSharing(true));
    const QByteArray cookie = login(m_settings.port, ControlPassword);
    const std::unique_ptr<Viewer> viewer = connectViewer(cookie);
    QVERIFY(viewer);
    QVERIFY(m_controller->hasControllingViewer());

    m_controller->disconnectViewer(m_controller->viewers().constFirst().id);
    QVERIFY(viewer->disconnected.wait(5000));
    QCOMPARE(int(viewer->socket.closeCode()), 4401);
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->viewerCount(), 0, 5000);
    QCOMPARE(get(m_settings.port, QStringLiteral("/api/session"), cookie), 401);
}

void TestSharingService::startAtLoginWritesTheAutostartEntry()
{
    QVERIFY(!Autostart::isEnabled());
    Settings next = m_controller->settings();
    next.startAtLogin = true;
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QVERIFY(Autostart::isEnabled());
    QFile entry(Autostart::entryPath());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    const QByteArray text = entry.readAll();
    QVERIFY2(text.contains("--share"), text.constData());
    QVERIFY2(text.contains(QFile::encodeName(QCoreApplication::applicationFilePath())), text.constData());

    next.startAtLogin = false;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QVERIFY(!Autostart::isEnabled());
    QVERIFY(!QFile::exists(Autostart::entryPath()));
}

void TestSharingService::linksOnlyWhileSharing()
{
    QVERIFY(m_controller->links().isEmpty());
    QVERIFY(m_controller->setSharing(true));
    QCOMPARE(m_controller->links(), QStringList{QStringLiteral("http://127.0.0.1:%1/").arg(m_settings.port)});
    QCOMPARE(get(m_settings.port), 200);
}

void TestSharingService::pointerIsFollowedOnlyWhileWatched()
{
    FakeCursorSource *pointer = nullptr;
    int sourcesMade = 0;
    m_service->setCursorSourceFactory([&pointer, &sourcesMade] {
        auto source = std::make_unique<FakeCursorSource>();
        source->setPosition(QPoint(5, 6));
        pointer = source.get();
        ++sourcesMade;
        return source;
    });
    QVERIFY(m_controller->setSharing(true));
    QTest::qWait(100);
    // Sharing, but nobody watching: no source, no polling.
    QCOMPARE(sourcesMade, 0);
    QVERIFY(!m_service->cursorTracker());

    const QByteArray cookie = login(m_settings.port, ViewPassword);
    std::unique_ptr<Viewer> viewer = connectViewer(cookie);
    QVERIFY(viewer);
    QCOMPARE(sourcesMade, 1);
    QVERIFY(m_service->cursorTracker()->isRunning());
    viewer->socket.sendBinaryMessage(protocol::encode(protocol::Hello{}));
    QTRY_VERIFY_WITH_TIMEOUT(viewer->receivedCursorShape(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(viewer->cursorPositions().size(), 1, 5000);
    QCOMPARE(viewer->cursorPositions().at(0), (protocol::CursorPosition{5, 6, true}));
    // The pointer moves on the host: the viewer hears of it from the tracker's own polling.
    pointer->setPosition(QPoint(700, 300));
    QTRY_COMPARE_WITH_TIMEOUT(viewer->cursorPositions().size(), 2, 5000);
    QCOMPARE(viewer->cursorPositions().at(1), (protocol::CursorPosition{700, 300, true}));
    QVERIFY(pointer->positionCount() >= 2);

    // The last viewer leaves: the tracker stops asking.
    viewer->socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->viewerCount(), 0, 5000);
    QVERIFY(!m_service->cursorTracker()->isRunning());
    QVERIFY(pointer->isPaused());
    int asked = pointer->positionCount();
    QTest::qWait(150);
    QCOMPARE(pointer->positionCount(), asked);

    // Someone comes back: the same source, asked again.
    viewer = connectViewer(cookie);
    QVERIFY(viewer);
    QCOMPARE(sourcesMade, 1);
    QVERIFY(m_service->cursorTracker()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(pointer->positionCount() > asked + 1, 5000);

    // Sharing stops with the viewer still there: stopped at once.
    QVERIFY(m_controller->setSharing(false));
    QVERIFY(!m_service->cursorTracker()->isRunning());
    asked = pointer->positionCount();
    QTest::qWait(150);
    QCOMPARE(pointer->positionCount(), asked);
}

void TestSharingService::pointerRateFollowsTheFrameRate()
{
    m_service->setCursorSourceFactory([] { return std::make_unique<FakeCursorSource>(); });
    QVERIFY(m_controller->setSharing(true));
    const std::unique_ptr<Viewer> viewer = connectViewer(login(m_settings.port, ViewPassword));
    QVERIFY(viewer);
    QVERIFY(m_service->cursorTracker());
    // At most at the frame rate (docs/protocol.md), and never faster than 60 Hz.
    QCOMPARE(m_service->cursorTracker()->interval(), 1000 / Settings::DefaultFps);
    Settings next = m_controller->settings();
    next.fps = 60;
    QString error;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(m_service->cursorTracker()->interval(), CursorTracker::DefaultIntervalMs);
    next.fps = 10;
    QVERIFY2(m_controller->applySettings(next, &error), qPrintable(error));
    QCOMPARE(m_service->cursorTracker()->interval(), 100);
}

void TestSharingService::noPointerSourceShowsNoPointer()
{
    // The default factory under the offscreen platform with the fake screen: no pointer source.
    QVERIFY(m_controller->setSharing(true));
    const std::unique_ptr<Viewer> viewer = connectViewer(login(m_settings.port, ViewPassword));
    QVERIFY(viewer);
    QVERIFY(!m_service->cursorTracker());
    viewer->socket.sendBinaryMessage(protocol::encode(protocol::Hello{}));
    // SERVER_HELLO and CONTROL, then frames: never a pointer.
    QTRY_VERIFY_WITH_TIMEOUT(viewer->received.size() >= 2, 5000);
    QTest::qWait(100);
    QVERIFY(!viewer->receivedCursorShape());
    QVERIFY(viewer->cursorPositions().isEmpty());
}


void TestSharingService::httpsIsTheDefaultWithAKeptCertificate()
{
    QVERIFY(Settings{}.tls);
    Settings encrypted = m_settings;
    encrypted.tls = true;
    m_controller->setInitialSettings(encrypted);
    QVERIFY(m_controller->tlsFingerprint().isEmpty()); // not sharing
    QString error;
    QVERIFY2(m_controller->setSharing(true, &error), qPrintable(error));
    QCOMPARE(m_controller->links(), QStringList{QStringLiteral("https://127.0.0.1:%1/").arg(m_settings.port)});
    const QString fingerprint = m_controller->tlsFingerprint();
    const QList<QSslCertificate> stored = QSslCertificate::fromPath(SharingService::tlsDirectory() +
                                                                    QStringLiteral("/certificate.pem"));
    QCOMPARE(stored.size(), 1);
    QCOMPARE(fingerprint, QString::fromLatin1(stored.constFirst().digest(QCryptographicHash::Sha256).toHex(':').toUpper()));
    QCOMPARE(get(m_settings.port), 0); // plain HTTP gets no answer from the HTTPS port

    // Kept: sharing again (or the next start) serves the same certificate.
    QVERIFY(m_controller->setSharing(false));
    QVERIFY(m_controller->setSharing(true, &error));
    QCOMPARE(m_controller->tlsFingerprint(), fingerprint);

    // Switched off live: plain HTTP on the same port, links say http.
    Settings plain = encrypted;
    plain.tls = false;
    QVERIFY2(m_controller->applySettings(plain, &error), qPrintable(error));
    QCOMPARE(m_controller->links(), QStringList{QStringLiteral("http://127.0.0.1:%1/").arg(m_settings.port)});
    QVERIFY(m_controller->tlsFingerprint().isEmpty());
    QCOMPARE(get(m_settings.port), 200);
}

void TestSharingService::userCertificateAndBrokenOnes()
{
    QTemporaryDir other;
    QString error;
    const std::optional<TlsIdentity> own = TlsIdentity::loadOrCreate(other.filePath(QStringLiteral("own")), &error);
    QVERIFY2(own, qPrintable(error));
    Settings user = m_settings;
    user.tls = true;
    user.tlsCertificate = other.filePath(QStringLiteral("own/certificate.pem"));
    user.tlsKey = other.filePath(QStringLiteral("own/key.pem"));
    m_controller->setInitialSettings(user);
    QVERIFY2(m_controller->setSharing(true, &error), qPrintable(error));
    QCOMPARE(m_controller->tlsFingerprint(), QString::fromLatin1(own->sha256Fingerprint()));

    // A key that does not belong to the certificate: refused live, and the running server keeps its certificate.
    const std::optional<TlsIdentity> second = TlsIdentity::loadOrCreate(other.filePath(QStringLiteral("second")), &error);
    QVERIFY(second);
    Settings mismatched = user;
    mismatched.tlsKey = other.filePath(QStringLiteral("second/key.pem"));
    QVERIFY(!m_controller->applySettings(mismatched, &error));
    QVERIFY2(error.contains(u"no certificate for HTTPS"), qPrintable(error));
    QCOMPARE(m_controller->tlsFingerprint(), QString::fromLatin1(own->sha256Fingerprint()));
    QVERIFY(m_controller->setSharing(false));

    // Deskport's own certificate file broken: sharing does not start, nothing listens, the file is left alone.
    QDir().mkpath(SharingService::tlsDirectory());
    const QString certificateFile = SharingService::tlsDirectory() + QStringLiteral("/certificate.pem");
    QFile::remove(certificateFile);
    {
        QFile broken(certificateFile);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a certificate\n");
    }
    Settings ownBroken = m_settings;
    ownBroken.tls = true;
    m_controller->setInitialSettings(ownBroken);
    QVERIFY(!m_controller->setSharing(true, &error));
    QVERIFY2(error.contains(u"no certificate for HTTPS"), qPrintable(error));
    QVERIFY(!m_controller->isSharing());
    QCOMPARE(m_service->port(), 0);
    QFile check(certificateFile);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("not a certificate\n"));
    check.close();
    QFile::remove(certificateFile);
    QFile::remove(SharingService::tlsDirectory() + QStringLiteral("/key.pem"));
}

QTEST_MAIN(TestSharingService)
#include "tst_sharingservice.moc"
