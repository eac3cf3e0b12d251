// The server for real: a PortalServer listening on an ephemeral port, HTTP requests through
// QNetworkAccessManager and WebSocket clients through QWebSocket. Only the screen is fake (FakeScreenSource).

#include "capture/cursorimage.h"
#include "capture/fake/fakescreensource.h"
#include "codec/framepipeline.h"
#include "core/auditlog.h"
#include "core/passwordhash.h"
#include "core/sharingcontroller.h"
#include "input/fake/recordinginputsink.h"
#include "protocol/messages.h"
#include "server/auth.h"
#include "server/portalserver.h"
#include "server/tlsidentity.h"
#include "support/portalhttp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace deskport;
namespace proto = deskport::protocol;

namespace {

const QString ControlPassword = QStringLiteral("control-secret");
const QString ViewPassword = QStringLiteral("view-secret");
const QSize ScreenSize(320, 200);

using testsupport::HttpAnswer;

// One WebSocket client and everything it received.
class Client : public QObject
{
public:
    explicit Client(const QByteArray &cookie, const QString &origin = {})
        : socket(origin)
        , binarySpy(&socket, &QWebSocket::binaryMessageReceived)
        , connectedSpy(&socket, &QWebSocket::connected)
        , disconnectedSpy(&socket, &QWebSocket::disconnected)
    {
        m_cookie = cookie;
    }

    void open(quint16 port)
    {
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
        if (!m_cookie.isEmpty()) {
            request.setRawHeader("Cookie", QByteArray(Auth::CookieName) + '=' + m_cookie);
        }
        socket.open(request);
    }

    // Every server message received so far, decoded; fails the test on a malformed one.
    QList<proto::ServerMessage> messages() const
    {
        QList<proto::ServerMessage> result;
        for (const QList<QVariant> &arguments : binarySpy) {
            const auto decoded = proto::decodeServerMessage(arguments.at(0).toByteArray());
            if (!decoded) {
                qWarning() << "malformed server message:" << decoded.error;
                return {};
            }
            result.append(*decoded.message);
        }
        return result;
    }

    std::optional<proto::Control> control() const
    {
        for (const proto::ServerMessage &message : messages()) {
            if (const auto *found = std::get_if<proto::Control>(&message)) {
                return *found;
            }
        }
        return std::nullopt;
    }

    QList<proto::Frame> frames() const
    {
        QList<proto::Frame> result;
        for (const proto::ServerMessage &message : messages()) {
            if (const auto *frame = std::get_if<proto::Frame>(&message)) {
                result.append(*frame);
            }
        }
        return result;
    }

    // The disconnect may already have happened while the test waited for something else.
    bool waitClosed() { return !disconnectedSpy.isEmpty() || disconnectedSpy.wait(5000); }

    void send(const QByteArray &bytes) { socket.sendBinaryMessage(bytes); }
    void hello() { send(proto::encode(proto::Hello{})); }
    void ack(quint32 frameId) { send(proto::encode(proto::Ack{frameId})); }

    QWebSocket socket;
    QSignalSpy binarySpy;
    QSignalSpy connectedSpy;
    QSignalSpy disconnectedSpy;

private:
    QByteArray m_cookie;
};

QColor pixelOfFrame(const proto::Frame &frame, QPoint at)
{
    for (const proto::FrameRect &rect : frame.rects) {
        if (rect.rect.contains(at)) {
            const QImage image = QImage::fromData(rect.jpeg, "JPEG");
            return image.pixelColor(at - rect.rect.topLeft());
        }
    }
    return {};
}

// The message types a client received, in order, as their first bytes.
QList<quint8> typesOf(const Client &client)
{
    QList<quint8> types;
    for (const QList<QVariant> &arguments : client.binarySpy) {
        types.append(quint8(arguments.at(0).toByteArray().at(0)));
    }
    return types;
}

// The CURSOR_SHAPE (0x87) and CURSOR_POSITION (0x88) messages a client received, in order, byte for byte.
QList<QByteArray> cursorMessagesOf(const Client &client)
{
    QList<QByteArray> messages;
    for (const QList<QVariant> &arguments : client.binarySpy) {
        const QByteArray bytes = arguments.at(0).toByteArray();
        if (bytes.startsWith('\x87') || bytes.startsWith('\x88')) {
            messages.append(bytes);
        }
    }
    return messages;
}

// A 4x3 cursor whose pixels are all different (straight alpha, one of them half transparent).
CursorImage knownCursor(QPoint hotspot = QPoint(1, 2))
{
    QImage image(4, 3, QImage::Format_RGBA8888);
    for (int y = 0; y < 3; ++y) {
        for (int x = 0; x < 4; ++x) {
            image.setPixelColor(x, y, QColor(x * 60, y * 100, 7, x == 3 ? 128 : 255));
        }
    }
    return CursorImage{image, hotspot, 1};
}

QByteArray shapeBytes(const CursorImage &cursor)
{
    proto::CursorShape shape{quint16(cursor.hotspot.x()), quint16(cursor.hotspot.y()),
                             quint16(cursor.image.width()), quint16(cursor.image.height()), {}};
    for (int y = 0; y < cursor.image.height(); ++y) {
        for (int x = 0; x < cursor.image.width(); ++x) {
            const QColor c = cursor.image.pixelColor(x, y);
            shape.rgba.append(char(c.red())).append(char(c.green())).append(char(c.blue())).append(char(c.alpha()));
        }
    }
    return proto::encode(shape);
}

QByteArray positionBytes(quint16 x, quint16 y, bool visible)
{
    return proto::encode(proto::CursorPosition{x, y, visible});
}

bool near(QColor a, QColor b)
{
    return qAbs(a.red() - b.red()) <= 12 && qAbs(a.green() - b.green()) <= 12 && qAbs(a.blue() - b.blue()) <= 12;
}

} // namespace

class TestPortalServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void servesThePortal();
    void refusesWebSocketWithoutCookie();
    void refusesWebSocketWithUnknownCookie();
    void refusesWebSocketFromAnotherOrigin();
    void wrongPasswordIsRefused();
    void auditRecordsLoginsAndViewers();
    void loginGivesHttpOnlyCookieAndRole_data();
    void loginGivesHttpOnlyCookieAndRole();
    void malformedLoginIsRefused();
    void repeatedFailuresAreSlowedDown();
    void streamsFramesWithRoleInHello();
    void acksBoundFramesInFlight();
    void pingIsAnswered();
    void malformedMessageClosesOnlyThatViewer();
    void textMessageIsRefused();
    void messageBeforeHelloIsRefused();
    void unsupportedVersionIsRefused();
    void oversizedMessageIsRefused();
    void logoutClosesTheSessionsSockets();
    void stoppingSharingClosesViewersAndRefusesLogins();
    void controlViewerDrivesTheDesktop();
    void viewOnlyInputNeverReachesTheDesktop();
    void droppedConnectionReleasesHeldInput();
    void inputFloodIsRefused();
    void hostDisconnectEndsOnlyThatSession();
    void passwordChangeEndsThatRolesSessions();
    void movingToAnotherPortKeepsViewers();
    void busyPortKeepsTheOldOne();
    void samePortOnAnotherAddress();
    void stoppedListenerRefusesConnections();
    void repeatedFailedLoginsAreReported();
    void cursorFollowsTheGreetingAndEveryChange();
    void lateViewerGetsTheCurrentCursor();
    void cursorPositionIsRelativeToTheDesktopArea();
    void cursorIsNotSentBeforeHello();
    void hiddenAndOversizedCursorShapes();
    void loginAbandonedDuringThePasswordCheck();
    void consentAllowedOpensTheSession();
    void consentDeniedOrUnansweredRefusesTheLogin();
    void consentIsAskedOnlyWhenSomeoneCanAnswer();
    void controlSwitchMakesEverySessionViewOnly();
    void expiredSessionClosesItsViewers();
    void endAllSessionsClosesEveryone();
    void servesHttpsAndWssWithTheIdentity();

private:
    // POST /api/login without waiting for the answer (consent keeps it open).
    QNetworkReply *startLogin(const QString &password);
    HttpAnswer request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QByteArray &cookie = {});
    QByteArray login(const QString &password);
    std::unique_ptr<Client> connectViewer(const QByteArray &cookie);
    proto::Frame waitForFrame(Client &client, int index);

    FakeScreenSource *m_screen = nullptr;
    std::unique_ptr<FramePipeline> m_pipeline;
    std::unique_ptr<SharingController> m_sharing;
    std::unique_ptr<Auth> m_auth;
    std::unique_ptr<RecordingInputSink> m_sink;
    std::unique_ptr<PortalServer> m_server;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
};

void TestPortalServer::init()
{
    auto screen = std::make_unique<FakeScreenSource>(ScreenSize, Qt::red);
    m_screen = screen.get();
    m_screen->fill(QRect(160, 0, 160, 200), Qt::blue);
    StreamOptions options;
    options.stillMs = 60000; // no repaints in these tests: frame counts stay exact
    m_pipeline = std::make_unique<FramePipeline>(std::move(screen), options);
    m_sharing = std::make_unique<SharingController>();
    // Few iterations: the tests are about the server, and PBKDF2 at full cost would only make them slow.
    m_auth = std::make_unique<Auth>(PasswordHash::create(ControlPassword, 1000), PasswordHash::create(ViewPassword, 1000));
    m_sink = std::make_unique<RecordingInputSink>();
    m_server = std::make_unique<PortalServer>(m_auth.get(), m_pipeline.get(), m_sharing.get(),
                                              InputContext{m_sink.get(), nullptr, QRect(QPoint(0, 0), ScreenSize), 1000});
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_port = m_server->serverPort();
    QVERIFY(m_port != 0);
    m_sharing->setSharing(true);
}

void TestPortalServer::cleanup()
{
    m_server.reset();
    m_sink.reset();
    m_auth.reset();
    m_sharing.reset();
    m_pipeline.reset();
}

HttpAnswer TestPortalServer::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                     const QByteArray &cookie)
{
    const HttpAnswer answer = testsupport::httpRequest(
        m_network, method, QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)), body,
        cookie.isEmpty() ? QByteArray() : QByteArray(Auth::CookieName) + '=' + cookie);
    if (answer.status == 0) {
        qWarning() << "no HTTP answer for" << method << path << ":" << answer.errorString;
    }
    return answer;
}

QByteArray TestPortalServer::login(const QString &password)
{
    const HttpAnswer answer = request(
        "POST", QStringLiteral("/api/login"), QJsonDocument(QJsonObject{{QStringLiteral("password"), password}}).toJson());
    return answer.status == 204 ? Auth::tokenFromCookieHeader(answer.setCookie.split(';').first()) : QByteArray();
}

std::unique_ptr<Client> TestPortalServer::connectViewer(const QByteArray &cookie)
{
    auto client = std::make_unique<Client>(cookie);
    client->open(m_port);
    if (!client->connectedSpy.wait(5000)) {
        return nullptr;
    }
    client->hello();
    return client;
}

proto::Frame TestPortalServer::waitForFrame(Client &client, int index)
{
    QElapsedTimer timer;
    timer.start();
    while (client.frames().size() <= index && timer.elapsed() < 10000) {
        client.binarySpy.wait(200);
    }
    const QList<proto::Frame> frames = client.frames();
    return frames.size() > index ? frames.at(index) : proto::Frame{};
}

void TestPortalServer::servesThePortal()
{
    const HttpAnswer index = request("GET", QStringLiteral("/"));
    QCOMPARE(index.status, 200);
    QVERIFY(index.body.contains("<canvas"));
    QCOMPARE(request("GET", QStringLiteral("/no-such-file.js")).status, 404);
    QCOMPARE(request("GET", QStringLiteral("/api/session")).status, 401);
}

void TestPortalServer::refusesWebSocketWithoutCookie()
{
    Client client({});
    client.open(m_port);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.connectedSpy.size(), 0);
    QCOMPARE(m_sharing->viewerCount(), 0);
}

void TestPortalServer::refusesWebSocketWithUnknownCookie()
{
    Client client(QByteArrayLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    client.open(m_port);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.connectedSpy.size(), 0);
}

void TestPortalServer::refusesWebSocketFromAnotherOrigin()
{
    const QByteArray cookie = login(ViewPassword);
    QVERIFY(!cookie.isEmpty());
    Client client(cookie, QStringLiteral("http://evil.example"));
    client.open(m_port);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.connectedSpy.size(), 0);

    Client sameOrigin(cookie, QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    sameOrigin.open(m_port);
    QVERIFY(sameOrigin.connectedSpy.wait(5000));
}

void TestPortalServer::wrongPasswordIsRefused()
{
    const HttpAnswer answer = request("POST", QStringLiteral("/api/login"), R"({"password":"guess"})");
    QCOMPARE(answer.status, 401);
    QVERIFY(answer.setCookie.isEmpty());
    QCOMPARE(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("wrong password"));
}

void TestPortalServer::auditRecordsLoginsAndViewers()
{
    QTemporaryDir folder;
    AuditLog log(folder.filePath(QStringLiteral("audit.log")));
    m_server->setAuditLog(&log);
    QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password":"guess"})").status, 401);
    const QByteArray cookie = login(ViewPassword);
    QVERIFY(!cookie.isEmpty());
    {
        std::unique_ptr<Client> viewer = connectViewer(cookie);
        QVERIFY(viewer);
        QTRY_COMPARE_WITH_TIMEOUT(log.recent(10).size(), 3, 5000);
        viewer->socket.close();
        QVERIFY(viewer->waitClosed());
    }
    QTRY_COMPARE_WITH_TIMEOUT(log.recent(10).size(), 4, 5000);
    const QList<AuditEvent> events = log.recent(10); // newest first
    QCOMPARE(events[3].kind, AuditEventKind::LoginDenied);
    QCOMPARE(events[3].address, QStringLiteral("127.0.0.1"));
    QCOMPARE(events[3].role, QString());
    QCOMPARE(events[2].kind, AuditEventKind::LoginSucceeded);
    QCOMPARE(events[2].role, QStringLiteral("view"));
    QCOMPARE(events[1].kind, AuditEventKind::ViewerConnected);
    QCOMPARE(events[1].role, QStringLiteral("view"));
    QCOMPARE(events[0].kind, AuditEventKind::ViewerDisconnected);
    QCOMPARE(events[0].address, QStringLiteral("127.0.0.1"));
    QVERIFY(events[0].seconds >= 0 && events[0].seconds < 60);
    // Neither a password nor the session token reaches the file.
    QFile file(log.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QCOMPARE(written.count('\n'), 4);
    QVERIFY(!written.contains("guess"));
    QVERIFY(!written.contains(ViewPassword.toUtf8()));
    QVERIFY(!written.contains(cookie.mid(cookie.indexOf('=') + 1)));
    m_server->setAuditLog(nullptr);
}

void TestPortalServer::loginGivesHttpOnlyCookieAndRole_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("role");
    QTest::newRow("control") << ControlPassword << QStringLiteral("control");
    QTest::newRow("view") << ViewPassword << QStringLiteral("view");
}

void TestPortalServer::loginGivesHttpOnlyCookieAndRole()
{
    QFETCH(QString, password);
    QFETCH(QString, role);
    const HttpAnswer answer = request(
        "POST", QStringLiteral("/api/login"), QJsonDocument(QJsonObject{{QStringLiteral("password"), password}}).toJson());
    QCOMPARE(answer.status, 204);
    QVERIFY(answer.setCookie.contains("HttpOnly"));
    QVERIFY(answer.setCookie.contains("SameSite=Strict"));
    const QByteArray token = Auth::tokenFromCookieHeader(answer.setCookie.split(';').first());
    QVERIFY(token.size() >= 22); // at least 128 bits in base64url
    const HttpAnswer session = request("GET", QStringLiteral("/api/session"), {}, token);
    QCOMPARE(session.status, 200);
    QCOMPARE(QJsonDocument::fromJson(session.body).object().value(QStringLiteral("role")).toString(), role);
}

void TestPortalServer::malformedLoginIsRefused()
{
    QCOMPARE(request("POST", QStringLiteral("/api/login"), "not json").status, 400);
    QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password": 42})").status, 400);
    QCOMPARE(request("POST", QStringLiteral("/api/login"), R"(["control-secret"])").status, 400);
    QCOMPARE(request("POST", QStringLiteral("/api/login"), QByteArray(5000, 'x')).status, 413);
}

void TestPortalServer::repeatedFailuresAreSlowedDown()
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password":"guess"})").status, 401);
    }
    const HttpAnswer blocked = request("POST", QStringLiteral("/api/login"), R"({"password":"guess"})");
    QCOMPARE(blocked.status, 429);
    bool ok = false;
    const int retryAfter = blocked.retryAfter.toInt(&ok);
    QVERIFY(ok && retryAfter >= 1 && retryAfter <= 60);
    // Even the right password waits: otherwise the throttle would tell a guesser when it guessed right.
    QCOMPARE(login(ControlPassword), QByteArray());
}

void TestPortalServer::streamsFramesWithRoleInHello()
{
    const QByteArray cookie = login(ViewPassword);
    std::unique_ptr<Client> client = connectViewer(cookie);
    QVERIFY(client);
    const proto::Frame first = waitForFrame(*client, 0);
    QVERIFY(first.frameId != 0);

    const QList<proto::ServerMessage> messages = client->messages();
    QVERIFY(!messages.isEmpty());
    const auto *hello = std::get_if<proto::ServerHello>(&messages.first());
    QVERIFY(hello);
    QCOMPARE(hello->role, quint8(Role::View));
    QCOMPARE(hello->desktopWidth, quint16(ScreenSize.width()));
    QCOMPARE(hello->desktopHeight, quint16(ScreenSize.height()));
    QCOMPARE(m_sharing->viewerCount(), 1);
    QCOMPARE(m_sharing->viewers().first().role, Role::View);

    QVERIFY(first.flags & proto::FrameFlag::Full);
    QCOMPARE(first.width, quint16(ScreenSize.width()));
    QVERIFY(near(pixelOfFrame(first, QPoint(80, 100)), Qt::red));
    QVERIFY(near(pixelOfFrame(first, QPoint(240, 100)), Qt::blue));

    client->ack(first.frameId);
    m_screen->fill(QRect(0, 0, 32, 32), Qt::green);
    const proto::Frame change = waitForFrame(*client, 1);
    QVERIFY(!(change.flags & proto::FrameFlag::Full));
    QVERIFY(near(pixelOfFrame(change, QPoint(10, 10)), Qt::green));
    // Only the changed corner is re-sent, not the whole screen.
    int area = 0;
    for (const proto::FrameRect &rect : change.rects) {
        area += rect.rect.width() * rect.rect.height();
    }
    QVERIFY2(area < ScreenSize.width() * ScreenSize.height() / 2, qPrintable(QString::number(area)));
}

void TestPortalServer::acksBoundFramesInFlight()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    waitForFrame(*client, 0);
    // Keep changing the screen without acking: only initialInFlight (2) frames may be sent before any ack.
    for (int step = 0; step < 15; ++step) {
        m_screen->fill(QRect(0, 0, 32, 32), QColor::fromHsv(step * 20, 255, 255));
        QTest::qWait(40);
    }
    QCOMPARE(client->frames().size(), 2);
    client->ack(client->frames().at(0).frameId);
    m_screen->fill(QRect(0, 0, 32, 32), Qt::white);
    QVERIFY(waitForFrame(*client, 2).frameId != 0);
    QTest::qWait(300);
    QCOMPARE(client->frames().size(), 3);
}

void TestPortalServer::pingIsAnswered()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    client->send(proto::encode(proto::Ping{0x0123456789abcdefULL}));
    const auto answered = [&client] {
        const QList<proto::ServerMessage> messages = client->messages();
        return std::any_of(messages.cbegin(), messages.cend(), [](const proto::ServerMessage &message) {
            const auto *pong = std::get_if<proto::Pong>(&message);
            return pong && pong->payload == 0x0123456789abcdefULL;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(answered(), 5000);
}

void TestPortalServer::malformedMessageClosesOnlyThatViewer()
{
    const QByteArray cookie = login(ViewPassword);
    std::unique_ptr<Client> bad = connectViewer(cookie);
    std::unique_ptr<Client> good = connectViewer(cookie);
    QVERIFY(bad && good);
    const proto::Frame first = waitForFrame(*good, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_sharing->viewerCount(), 2, 5000);

    bad->send(QByteArray::fromHex("7f0102"));
    QVERIFY(bad->waitClosed());
    QCOMPARE(int(bad->socket.closeCode()), int(proto::CloseCode::Malformed));
    const QList<proto::ServerMessage> messages = bad->messages();
    const auto *error = std::get_if<proto::Error>(&messages.last());
    QVERIFY(error);
    QCOMPARE(error->code, proto::CloseCode::Malformed);
    QVERIFY(error->reason.contains(QStringLiteral("0x7f")));

    // The other viewer carries on.
    QTRY_COMPARE_WITH_TIMEOUT(m_sharing->viewerCount(), 1, 5000);
    good->ack(first.frameId);
    m_screen->fill(QRect(100, 100, 20, 20), Qt::yellow);
    QVERIFY(near(pixelOfFrame(waitForFrame(*good, 1), QPoint(110, 110)), Qt::yellow));
}

void TestPortalServer::textMessageIsRefused()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    client->socket.sendTextMessage(QStringLiteral("hello"));
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::Malformed));
}

void TestPortalServer::messageBeforeHelloIsRefused()
{
    auto client = std::make_unique<Client>(login(ViewPassword));
    client->open(m_port);
    QVERIFY(client->connectedSpy.wait(5000));
    client->ack(1);
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::Malformed));
    QVERIFY(client->frames().isEmpty());
}

void TestPortalServer::unsupportedVersionIsRefused()
{
    auto client = std::make_unique<Client>(login(ViewPassword));
    client->open(m_port);
    QVERIFY(client->connectedSpy.wait(5000));
    client->send(proto::encode(proto::Hello{99}));
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::UnsupportedVersion));
}

void TestPortalServer::oversizedMessageIsRefused()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    client->send(QByteArray(1000, '\x03'));
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::TooLarge));
}

void TestPortalServer::logoutClosesTheSessionsSockets()
{
    const QByteArray cookie = login(ControlPassword);
    std::unique_ptr<Client> client = connectViewer(cookie);
    QVERIFY(client);
    waitForFrame(*client, 0);
    const HttpAnswer logout = request("POST", QStringLiteral("/api/logout"), {}, cookie);
    QCOMPARE(logout.status, 204);
    QVERIFY(logout.setCookie.contains("Max-Age=0"));
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, cookie).status, 401);
}

void TestPortalServer::stoppingSharingClosesViewersAndRefusesLogins()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    waitForFrame(*client, 0);
    m_sharing->setSharing(false);
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::GoingAway));
    QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password":"view-secret"})").status, 503);
    QTRY_COMPARE_WITH_TIMEOUT(m_sharing->viewerCount(), 0, 5000);
}

void TestPortalServer::controlViewerDrivesTheDesktop()
{
    std::unique_ptr<Client> client = connectViewer(login(ControlPassword));
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(client->control().has_value(), 5000);
    QVERIFY(client->control()->available);
    QVERIFY(client->control()->reason.isEmpty());

    // A browser showing the 320x200 screen at half size: its pixel (40, 25) covers desktop (80..81, 50..51).
    client->send(proto::encode(proto::Pointer{40, 25, 160, 100, 0}));
    client->send(proto::encode(proto::Pointer{40, 25, 160, 100, proto::PointerButton::Left}));
    client->send(proto::encode(proto::Pointer{40, 25, 160, 100, 0}));
    client->send(proto::encode(proto::Key{true, false, QStringLiteral("a"), QStringLiteral("KeyA")}));
    client->send(proto::encode(proto::Key{false, false, QStringLiteral("a"), QStringLiteral("KeyA")}));
    client->send(proto::encode(proto::Wheel{0, 240}));
    const QStringList expected{QStringLiteral("move 81,51"),      QStringLiteral("button left down"),
                               QStringLiteral("button left up"),  QStringLiteral("key 0x61 down"),
                               QStringLiteral("key 0x61 up"),     QStringLiteral("wheel 0,2")};
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->calls, expected, 5000);
}

void TestPortalServer::viewOnlyInputNeverReachesTheDesktop()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(client->control().has_value(), 5000);
    QVERIFY(!client->control()->available);
    QVERIFY2(client->control()->reason.contains(QStringLiteral("view-only")), qPrintable(client->control()->reason));

    client->send(proto::encode(proto::Pointer{10, 10, 320, 200, proto::PointerButton::Left}));
    client->send(proto::encode(proto::Key{true, false, QStringLiteral("a"), QStringLiteral("KeyA")}));
    client->send(proto::encode(proto::Wheel{0, 120}));
    client->send(proto::encode(proto::SetClipboard{QStringLiteral("not for you")}));
    client->send(proto::encode(proto::ReleaseAll{}));
    // Not an error: the connection stays, and answers a ping sent after the input.
    client->send(proto::encode(proto::Ping{99}));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&client] {
            const QList<proto::ServerMessage> messages = client->messages();
            return std::any_of(messages.cbegin(), messages.cend(), [](const proto::ServerMessage &message) {
                return std::holds_alternative<proto::Pong>(message);
            });
        }(),
        5000);
    QVERIFY(client->disconnectedSpy.isEmpty());
    QCOMPARE(m_sink->calls, QStringList());
}

void TestPortalServer::droppedConnectionReleasesHeldInput()
{
    std::unique_ptr<Client> client = connectViewer(login(ControlPassword));
    QVERIFY(client);
    client->send(proto::encode(proto::Key{true, false, QStringLiteral("Shift"), QStringLiteral("ShiftLeft")}));
    client->send(proto::encode(proto::Key{true, false, QStringLiteral("Control"), QStringLiteral("ControlLeft")}));
    client->send(proto::encode(proto::Pointer{5, 5, 320, 200, proto::PointerButton::Right}));
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->calls.size(), 4, 5000); // shift, control, move, right button
    client->socket.abort();
    // Released in reverse order of pressing, then the button.
    const QStringList released{QStringLiteral("key 0xffe3 up"), QStringLiteral("key 0xffe1 up"),
                               QStringLiteral("button right up")};
    QTRY_COMPARE_WITH_TIMEOUT(m_sink->calls.mid(4), released, 5000);
}

void TestPortalServer::inputFloodIsRefused()
{
    // A slow pace, so that the queue fills: keys are never dropped, so a flood can only be refused.
    m_server.reset();
    m_server = std::make_unique<PortalServer>(m_auth.get(), m_pipeline.get(), m_sharing.get(),
                                              InputContext{m_sink.get(), nullptr, QRect(QPoint(0, 0), ScreenSize), 10});
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_port = m_server->serverPort();
    std::unique_ptr<Client> client = connectViewer(login(ControlPassword));
    QVERIFY(client);
    const QByteArray down = proto::encode(proto::Key{true, true, QStringLiteral("a"), QStringLiteral("KeyA")});
    for (int i = 0; i < ViewerInput::MaxQueued + 200; ++i) {
        client->send(down);
    }
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::InputFlood));
    // What did reach the desktop before the flood was let go of when the connection closed.
    QTRY_VERIFY_WITH_TIMEOUT(!m_sink->calls.isEmpty() && m_sink->calls.last() == QStringLiteral("key 0x61 up"), 5000);
}

void TestPortalServer::cursorFollowsTheGreetingAndEveryChange()
{
    const CursorImage arrow = knownCursor();
    m_server->setCursorShape(arrow);
    m_server->setCursorPosition(QPoint(30, 40), true);
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), 2, 5000);
    QCOMPARE(cursorMessagesOf(*client), (QList<QByteArray>{shapeBytes(arrow), positionBytes(30, 40, true)}));
    // After SERVER_HELLO and CONTROL, before any frame.
    const QList<quint8> types = typesOf(*client);
    QCOMPARE(types.mid(0, 4), (QList<quint8>{0x81, 0x85, 0x87, 0x88}));

    // A moving pointer costs 6 bytes a move; standing still (or the same position again) costs nothing.
    m_server->setCursorPosition(QPoint(31, 40), true);
    m_server->setCursorPosition(QPoint(31, 40), true);
    m_server->setCursorPosition(QPoint(32, 41), true);
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), 4, 5000);
    QCOMPARE(cursorMessagesOf(*client).mid(2),
             (QList<QByteArray>{positionBytes(31, 40, true), positionBytes(32, 41, true)}));
    QCOMPARE(cursorMessagesOf(*client).at(3).size(), 6);

    const CursorImage beam = knownCursor(QPoint(3, 0));
    m_server->setCursorShape(beam);
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), 5, 5000);
    QCOMPARE(cursorMessagesOf(*client).at(4), shapeBytes(beam));
    // The client's decoder accepts all of it.
    QVERIFY(!client->messages().isEmpty());
}

void TestPortalServer::lateViewerGetsTheCurrentCursor()
{
    std::unique_ptr<Client> early = connectViewer(login(ControlPassword));
    QVERIFY(early);
    QTRY_VERIFY_WITH_TIMEOUT(early->control().has_value(), 5000);
    const CursorImage first = knownCursor(QPoint(0, 0));
    const CursorImage second = knownCursor(QPoint(2, 1));
    m_server->setCursorShape(first);
    m_server->setCursorPosition(QPoint(5, 6), true);
    m_server->setCursorShape(second);
    m_server->setCursorPosition(QPoint(7, 8), true);
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*early).size(), 4, 5000);

    std::unique_ptr<Client> late = connectViewer(login(ViewPassword));
    QVERIFY(late);
    // Only the current shape and position, not the history.
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*late).size(), 2, 5000);
    QCOMPARE(cursorMessagesOf(*late), (QList<QByteArray>{shapeBytes(second), positionBytes(7, 8, true)}));
    QTest::qWait(50);
    QCOMPARE(cursorMessagesOf(*late).size(), 2);
    QCOMPARE(cursorMessagesOf(*early).size(), 4);
}

void TestPortalServer::cursorPositionIsRelativeToTheDesktopArea()
{
    // The shared screen is the second of two 320x200 screens side by side, 50 pixels lower.
    m_server->setDesktopArea(QRect(320, 50, 320, 200));
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(client->control().has_value(), 5000);
    const QList<std::pair<QPoint, bool>> moves{
        {QPoint(330, 60), true},   // inside
        {QPoint(319, 60), true},   // left of the area: on the other screen
        {QPoint(320, 50), true},   // the area's top left corner
        {QPoint(639, 249), true},  // its bottom right pixel
        {QPoint(640, 249), true},  // one to the right
        {QPoint(400, 250), true},  // one below
        {QPoint(400, 100), false}, // not on this X screen at all
        {QPoint(400, 100), true},
    };
    for (const auto &[position, visible] : moves) {
        m_server->setCursorPosition(position, visible);
    }
    const QList<QByteArray> expected{positionBytes(10, 10, true),  positionBytes(0, 0, false),
                                     positionBytes(0, 0, true),    positionBytes(319, 199, true),
                                     positionBytes(0, 0, false),   positionBytes(80, 50, true)};
    // Invisible twice in a row (640,249 then 400,250 then not on the screen) is one message.
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), expected.size(), 5000);
    QCOMPARE(cursorMessagesOf(*client), expected);

    // Another shared area: the same desktop position is said again relative to it.
    m_server->setDesktopArea(QRect(0, 0, 640, 480));
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), expected.size() + 1, 5000);
    QCOMPARE(cursorMessagesOf(*client).last(), positionBytes(400, 100, true));
}

void TestPortalServer::cursorIsNotSentBeforeHello()
{
    auto client = std::make_unique<Client>(login(ViewPassword));
    client->open(m_port);
    QVERIFY(client->connectedSpy.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(m_sharing->viewerCount(), 1, 5000);
    m_server->setCursorShape(knownCursor());
    m_server->setCursorPosition(QPoint(1, 1), true);
    QTest::qWait(100);
    QCOMPARE(client->binarySpy.size(), 0);
    client->hello();
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), 2, 5000);
    QCOMPARE(cursorMessagesOf(*client), (QList<QByteArray>{shapeBytes(knownCursor()), positionBytes(1, 1, true)}));
}

void TestPortalServer::hiddenAndOversizedCursorShapes()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(client->control().has_value(), 5000);
    m_server->setCursorShape(CursorImage{});
    QImage huge(300, 280, QImage::Format_RGBA8888);
    huge.fill(QColor(1, 2, 3, 4));
    m_server->setCursorShape(CursorImage{huge, QPoint(299, 0), 2});
    QTRY_COMPARE_WITH_TIMEOUT(cursorMessagesOf(*client).size(), 2, 5000);
    // Hidden: 9 bytes, no pixels.
    QCOMPARE(cursorMessagesOf(*client).at(0), QByteArray("\x87\0\0\0\0\0\0\0\0", 9));
    const auto decoded = proto::decodeServerMessage(cursorMessagesOf(*client).at(1));
    QVERIFY2(decoded, qPrintable(decoded.error));
    const auto shape = std::get<proto::CursorShape>(*decoded.message);
    QCOMPARE(shape.width, quint16(256));
    QCOMPARE(shape.height, quint16(256));
    QCOMPARE(shape.hotspotX, quint16(255));
    QCOMPARE(shape.hotspotY, quint16(0));
    QCOMPARE(shape.rgba.left(4), QByteArray("\x01\x02\x03\x04", 4));
}


void TestPortalServer::hostDisconnectEndsOnlyThatSession()
{
    const QByteArray controlCookie = login(ControlPassword);
    const QByteArray viewCookie = login(ViewPassword);
    std::unique_ptr<Client> control = connectViewer(controlCookie);
    std::unique_ptr<Client> view = connectViewer(viewCookie);
    QVERIFY(control && view);
    waitForFrame(*control, 0);
    waitForFrame(*view, 0);
    quint64 controlId = 0;
    for (const ViewerInfo &viewer : m_sharing->viewers()) {
        if (viewer.role == Role::Control) {
            controlId = viewer.id;
        }
    }
    QVERIFY(controlId != 0);

    m_server->disconnectViewer(controlId);
    QVERIFY(control->waitClosed());
    QCOMPARE(int(control->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(control->socket.closeReason(), QStringLiteral("disconnected by the host"));
    // The session is gone: reconnecting needs the password again.
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, controlCookie).status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(m_sharing->viewerCount(), 1, 5000);
    // The other viewer is untouched and still gets changes.
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, viewCookie).status, 200);
    view->ack(waitForFrame(*view, 0).frameId);
    m_screen->fill(QRect(0, 0, 20, 20), Qt::green);
    QVERIFY(waitForFrame(*view, 1).frameId != 0);
    QVERIFY(view->disconnectedSpy.isEmpty());
}

void TestPortalServer::passwordChangeEndsThatRolesSessions()
{
    const QByteArray controlCookie = login(ControlPassword);
    std::unique_ptr<Client> control = connectViewer(controlCookie);
    std::unique_ptr<Client> view = connectViewer(login(ViewPassword));
    QVERIFY(control && view);
    waitForFrame(*control, 0);

    const QString newPassword = QStringLiteral("a new control secret");
    Auth::PasswordHashes hashes = m_auth->passwordHashes();
    hashes.control = PasswordHash::create(newPassword, 1000);
    m_auth->setPasswordHashes(hashes);
    QVERIFY(control->waitClosed());
    QCOMPARE(int(control->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, controlCookie).status, 401);
    QVERIFY(!view->disconnectedSpy.wait(300));
    QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password":"control-secret"})").status, 401);
    QVERIFY(!login(newPassword).isEmpty());
}

void TestPortalServer::movingToAnotherPortKeepsViewers()
{
    std::unique_ptr<Client> client = connectViewer(login(ViewPassword));
    QVERIFY(client);
    client->ack(waitForFrame(*client, 0).frameId);
    const quint16 oldPort = m_port;

    // A kept-alive HTTP connection to the old port, as a browser tab has.
    QCOMPARE(request("GET", QStringLiteral("/")).status, 200);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_port = m_server->serverPort();
    QVERIFY(m_port != oldPort);
    QCOMPARE(request("GET", QStringLiteral("/")).status, 200);
    const quint16 newPort = m_port;
    m_port = oldPort;
    QCOMPARE(request("GET", QStringLiteral("/")).status, 0); // the old connection was closed, no new one opens
    m_port = newPort;
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, oldPort);
    QVERIFY(!probe.waitForConnected(2000));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
    // The viewer that came in through the old port keeps watching.
    m_screen->fill(QRect(0, 0, 20, 20), Qt::green);
    QVERIFY(waitForFrame(*client, 1).frameId != 0);
    QVERIFY(client->disconnectedSpy.isEmpty());
}

void TestPortalServer::busyPortKeepsTheOldOne()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    QVERIFY(!m_server->listen(QHostAddress::LocalHost, squatter.serverPort()));
    QVERIFY(!m_server->errorString().isEmpty());
    QCOMPARE(m_server->serverPort(), m_port);
    QCOMPARE(request("GET", QStringLiteral("/")).status, 200);
}

void TestPortalServer::samePortOnAnotherAddress()
{
    // The old listener has to let go of the port before the new one can take it.
    QVERIFY2(m_server->listen(QHostAddress::Any, m_port), qPrintable(m_server->errorString()));
    QCOMPARE(m_server->serverPort(), m_port);
    QCOMPARE(request("GET", QStringLiteral("/")).status, 200);
}

void TestPortalServer::stoppedListenerRefusesConnections()
{
    m_server->stopListening();
    QVERIFY(!m_server->isListening());
    QCOMPARE(m_server->serverPort(), quint16(0));
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(!probe.waitForConnected(2000));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
    // And it can listen again.
    QVERIFY(m_server->listen(QHostAddress::LocalHost, m_port));
    QCOMPARE(request("GET", QStringLiteral("/")).status, 200);
}

void TestPortalServer::repeatedFailedLoginsAreReported()
{
    QSignalSpy repeated(m_sharing.get(), &SharingController::loginFailuresRepeated);
    for (int i = 0; i < SharingController::RepeatedFailures + 1; ++i) {
        QCOMPARE(request("POST", QStringLiteral("/api/login"), R"({"password":"guess"})").status, 401);
    }
    QCOMPARE(repeated.size(), 1);
    QCOMPARE(repeated.at(0).at(0).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(repeated.at(0).at(1).toInt(), SharingController::RepeatedFailures);
}

QNetworkReply *TestPortalServer::startLogin(const QString &password)
{
    QNetworkRequest login(QUrl(QStringLiteral("http://127.0.0.1:%1/api/login").arg(m_port)));
    login.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    login.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    return m_network.post(login, QJsonDocument(QJsonObject{{QStringLiteral("password"), password}}).toJson());
}

void TestPortalServer::consentAllowedOpensTheSession()
{
    Settings settings;
    settings.askBeforeAccepting = true;
    m_sharing->setInitialSettings(settings);
    m_sharing->consent().setAnswerable(true);
    QSignalSpy asked(&m_sharing->consent(), &ConsentRequests::asked);
    // The login page learns that it will have to wait.
    const HttpAnswer before = request("GET", QStringLiteral("/api/session"));
    QCOMPARE(before.status, 401);
    QCOMPARE(QJsonDocument::fromJson(before.body).object().value(QStringLiteral("askBeforeAccepting")), QJsonValue(true));

    std::unique_ptr<QNetworkReply> reply(startLogin(ControlPassword));
    QVERIFY(asked.wait(5000));
    const auto request = asked.at(0).at(0).value<ConsentRequests::Request>();
    QCOMPARE(request.role, Role::Control);
    QCOMPARE(request.address, QStringLiteral("127.0.0.1"));
    // Waiting: no answer, and no session anyone could open a socket or a host tool with.
    QTest::qWait(300);
    QVERIFY(!reply->isFinished());
    QCOMPARE(m_auth->sessionCount(), 0);
    QCOMPARE(m_sharing->viewerCount(), 0);

    m_sharing->consent().answer(request.id, true);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
    const QByteArray token = Auth::tokenFromCookieHeader(reply->rawHeader("Set-Cookie").split(';').first());
    QCOMPARE(m_auth->sessionRole(token), Role::Control);
    std::unique_ptr<Client> client = connectViewer(token);
    QVERIFY(client);
    QVERIFY(waitForFrame(*client, 0).frameId != 0);
}

void TestPortalServer::consentDeniedOrUnansweredRefusesTheLogin()
{
    QTemporaryDir dir;
    AuditLog audit(dir.filePath(QStringLiteral("audit.log")));
    m_server->setAuditLog(&audit);
    Settings settings;
    settings.askBeforeAccepting = true;
    m_sharing->setInitialSettings(settings);
    m_sharing->consent().setAnswerable(true);
    QSignalSpy asked(&m_sharing->consent(), &ConsentRequests::asked);

    std::unique_ptr<QNetworkReply> denied(startLogin(ViewPassword));
    QVERIFY(asked.wait(5000));
    m_sharing->consent().answer(asked.at(0).at(0).value<ConsentRequests::Request>().id, false);
    QTRY_VERIFY_WITH_TIMEOUT(denied->isFinished(), 5000);
    QCOMPARE(denied->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
    QCOMPARE(QJsonDocument::fromJson(denied->readAll()).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("the host declined"));
    QVERIFY(denied->rawHeader("Set-Cookie").isEmpty());

    m_sharing->consent().setTimeoutMs(300);
    std::unique_ptr<QNetworkReply> unanswered(startLogin(ViewPassword));
    QVERIFY(asked.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(unanswered->isFinished(), 5000);
    QCOMPARE(unanswered->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 403);
    QCOMPARE(QJsonDocument::fromJson(unanswered->readAll()).object().value(QStringLiteral("error")).toString(),
             QStringLiteral("the host did not answer"));
    QCOMPARE(m_auth->sessionCount(), 0);

    // A browser that gives up while waiting: the later answer finds nobody, and nothing breaks.
    std::unique_ptr<QNetworkReply> abandoned(startLogin(ViewPassword));
    QVERIFY(asked.wait(5000));
    abandoned->abort();
    QTRY_VERIFY_WITH_TIMEOUT(m_sharing->consent().pending().isEmpty(), 5000);
    QCOMPARE(request("GET", QStringLiteral("/api/session")).status, 401);

    const QList<AuditEvent> events = audit.recent(10);
    QList<AuditEventKind> kinds;
    for (const AuditEvent &event : events) {
        kinds.prepend(event.kind);
    }
    QCOMPARE(kinds, (QList<AuditEventKind>{AuditEventKind::ConsentDenied, AuditEventKind::ConsentDenied,
                                           AuditEventKind::ConsentDenied}));
    QCOMPARE(events.at(1).detail, QStringLiteral("not answered in time"));
    m_server->setAuditLog(nullptr);
}

void TestPortalServer::consentIsAskedOnlyWhenSomeoneCanAnswer()
{
    // --headless: nobody could answer, so the password alone decides (main says so at start).
    Settings settings;
    settings.askBeforeAccepting = true;
    m_sharing->setInitialSettings(settings);
    QSignalSpy asked(&m_sharing->consent(), &ConsentRequests::asked);
    const HttpAnswer before = request("GET", QStringLiteral("/api/session"));
    QCOMPARE(QJsonDocument::fromJson(before.body).object().value(QStringLiteral("askBeforeAccepting")), QJsonValue(false));
    QVERIFY(!login(ViewPassword).isEmpty());
    QCOMPARE(asked.count(), 0);
}

void TestPortalServer::controlSwitchMakesEverySessionViewOnly()
{
    const QByteArray cookie = login(ControlPassword);
    std::unique_ptr<Client> client = connectViewer(cookie);
    QVERIFY(client);
    QTRY_VERIFY_WITH_TIMEOUT(client->control().has_value() && client->control()->available, 5000);

    m_server->setControlAllowed(false);
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::GoingAway));
    const HttpAnswer session = request("GET", QStringLiteral("/api/session"), {}, cookie);
    QCOMPARE(QJsonDocument::fromJson(session.body).object().value(QStringLiteral("role")).toString(),
             QStringLiteral("view"));
    // The portal reconnects with the same session and is view-only now: its input reaches nothing.
    std::unique_ptr<Client> again = connectViewer(cookie);
    QVERIFY(again);
    QTRY_VERIFY_WITH_TIMEOUT(again->control().has_value(), 5000);
    QVERIFY(!again->control()->available);
    again->send(proto::encode(proto::Key{true, false, QStringLiteral("a"), QStringLiteral("KeyA")}));
    again->send(proto::encode(proto::Pointer{10, 10, 320, 200, proto::PointerButton::Left}));
    QTest::qWait(300);
    QVERIFY2(m_sink->calls.isEmpty(), qPrintable(m_sink->calls.join(u", ")));
    // A new login with the control password is view-only too.
    const HttpAnswer fresh = request("GET", QStringLiteral("/api/session"), {}, login(ControlPassword));
    QCOMPARE(QJsonDocument::fromJson(fresh.body).object().value(QStringLiteral("role")).toString(),
             QStringLiteral("view"));

    m_server->setControlAllowed(true);
    QVERIFY(again->waitClosed());
    std::unique_ptr<Client> restored = connectViewer(cookie);
    QVERIFY(restored);
    QTRY_VERIFY_WITH_TIMEOUT(restored->control().has_value(), 5000);
    QVERIFY(restored->control()->available);
}

void TestPortalServer::expiredSessionClosesItsViewers()
{
    m_auth->setSessionLifetime(std::chrono::milliseconds(500));
    const QByteArray cookie = login(ViewPassword);
    std::unique_ptr<Client> client = connectViewer(cookie);
    QVERIFY(client);
    waitForFrame(*client, 0);
    QVERIFY(client->waitClosed());
    QCOMPARE(int(client->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, cookie).status, 401);
}

void TestPortalServer::endAllSessionsClosesEveryone()
{
    const QByteArray control = login(ControlPassword);
    const QByteArray view = login(ViewPassword);
    std::unique_ptr<Client> a = connectViewer(control);
    std::unique_ptr<Client> b = connectViewer(view);
    QVERIFY(a && b);
    waitForFrame(*a, 0);
    waitForFrame(*b, 0);
    m_server->endAllSessions();
    QVERIFY(a->waitClosed());
    QVERIFY(b->waitClosed());
    QCOMPARE(int(a->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(int(b->socket.closeCode()), int(proto::CloseCode::SessionEnded));
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, control).status, 401);
    QCOMPARE(request("GET", QStringLiteral("/api/session"), {}, view).status, 401);
}

void TestPortalServer::servesHttpsAndWssWithTheIdentity()
{
    QTemporaryDir dir;
    QString error;
    const std::optional<TlsIdentity> identity = TlsIdentity::loadOrCreate(dir.filePath(QStringLiteral("tls")), &error);
    QVERIFY2(identity, qPrintable(error));
    m_server->setTls(identity->serverConfiguration());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_server->isEncrypted());
    m_port = m_server->serverPort();

    // The client trusts exactly this certificate, as a colleague who compared the fingerprint would.
    QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
    trust.setCaCertificates({identity->certificate()});
    QNetworkRequest loginRequest(QUrl(QStringLiteral("https://localhost:%1/api/login").arg(m_port)));
    loginRequest.setSslConfiguration(trust);
    loginRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    loginRequest.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    std::unique_ptr<QNetworkReply> reply(
        m_network.post(loginRequest, QJsonDocument(QJsonObject{{QStringLiteral("password"), ViewPassword}}).toJson()));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 204);
    const QSslCertificate served = reply->sslConfiguration().peerCertificate();
    QCOMPARE(served.digest(QCryptographicHash::Sha256).toHex(':').toUpper(), identity->sha256Fingerprint());
    const QByteArray setCookie = reply->rawHeader("Set-Cookie");
    QVERIFY2(setCookie.contains("; Secure"), setCookie.constData());
    const QByteArray token = Auth::tokenFromCookieHeader(setCookie.split(';').first());

    QWebSocket socket;
    socket.setSslConfiguration(trust);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy received(&socket, &QWebSocket::binaryMessageReceived);
    QNetworkRequest wsRequest(QUrl(QStringLiteral("wss://localhost:%1/ws").arg(m_port)));
    wsRequest.setRawHeader("Cookie", QByteArray(Auth::CookieName) + '=' + token);
    socket.open(wsRequest);
    QVERIFY(connected.wait(10000));
    socket.sendBinaryMessage(proto::encode(proto::Hello{}));
    QTRY_VERIFY_WITH_TIMEOUT(received.count() >= 3, 10000); // SERVER_HELLO, CONTROL, a FRAME

    // Plain HTTP to the HTTPS port gets no HTTP answer; the viewer is unaffected.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    plain.waitForReadyRead(2000);
    QVERIFY(!plain.readAll().startsWith("HTTP/1.1 200"));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestPortalServer::loginAbandonedDuringThePasswordCheck()
{
    // Regression: Qt 6.4 wrote a deferred (QFuture) answer to the socket it had even after the client hung up and
    // the socket was deleted: any client could crash the server this way.
    for (int i = 0; i < 5; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray body = R"({"password":"control-secret"})";
        socket.write("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(socket.waitForBytesWritten(5000));
        socket.abort();
    }
    QTest::qWait(500);
    QVERIFY(!login(ViewPassword).isEmpty());
}

QTEST_MAIN(TestPortalServer)
#include "tst_portalserver.moc"
