#include "server/connectionguard.h"
#include "support/processmemory.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>
#include <vector>

using namespace deskport;
using namespace std::chrono_literals;

namespace {

// Listens like the portal will: every accepted socket goes through the guard before QHttpServer sees it.
class GuardedTcpServer : public QTcpServer
{
public:
    // guard nullptr: Qt 6.4 alone, for comparison.
    explicit GuardedTcpServer(ConnectionGuard *guard) : m_guard(guard) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor) || (m_guard && !m_guard->admit(socket))) {
            socket->abort();
            delete socket;
            return;
        }
        addPendingConnection(socket);
    }

private:
    ConnectionGuard *m_guard;
};

// A real QHttpServer behind the guard, with a few routes, on a free port of all interfaces (so that IPv4 peers
// arrive as IPv4-mapped IPv6 addresses, as in the portal).
struct GuardedHttp
{
    explicit GuardedHttp(ConnectionLimits limits, bool guarded = true) : guard(std::move(limits))
    {
        http.route(QStringLiteral("/hello"), QHttpServerRequest::Method::Get, [] { return QStringLiteral("hello"); });
        // Answers with the size of the body it got.
        http.route(QStringLiteral("/echo"), QHttpServerRequest::Method::Post,
                   [](const QHttpServerRequest &request) { return QString::number(request.body().size()); });
        http.route(QStringLiteral("/api/files/upload/<arg>"), QHttpServerRequest::Method::Put,
                   [](const QString &, const QHttpServerRequest &request) {
                       return QString::number(request.body().size());
                   });
        // A handler that writes nothing: Qt upgrades the connection.
        http.route(QStringLiteral("/ws"), [](const QHttpServerRequest &, QHttpServerResponder &&) {});
        QObject::connect(&http, &QHttpServer::newWebSocketConnection, &http, [this] {
            while (auto socket = http.nextPendingWebSocketConnection()) {
                QWebSocket *raw = socket.get();
                QObject::connect(raw, &QWebSocket::textMessageReceived, raw,
                                 [raw](const QString &text) { raw->sendTextMessage(QStringLiteral("echo ") + text); });
                QObject::connect(raw, &QWebSocket::disconnected, &http, [this, raw] {
                    const auto held = std::find_if(webSockets.begin(), webSockets.end(),
                                                   [raw](const auto &open) { return open.get() == raw; });
                    if (held != webSockets.end()) {
                        held->release()->deleteLater();
                        webSockets.erase(held);
                    }
                });
                webSockets.push_back(std::move(socket));
            }
        });
        tcp = new GuardedTcpServer(guarded ? &guard : nullptr);
        if (tcp->listen(QHostAddress::Any, 0)) {
            http.bind(tcp);
        }
    }

    quint16 port() const { return tcp->serverPort(); }

    ConnectionGuard guard;
    QHttpServer http;
    GuardedTcpServer *tcp = nullptr; // owned by http
    std::vector<std::unique_ptr<QWebSocket>> webSockets;
};

// A raw client: what it wrote, what came back, and whether the server closed.
struct RawClient
{
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
        QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected() { return socket.waitForConnected(5000); }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    int responseCount(const QByteArray &statusLine = "HTTP/1.1 200") const { return int(received.count(statusLine)); }

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
};

ConnectionLimits testLimits()
{
    ConnectionLimits limits;
    limits.perAddress = 8;
    limits.headerTimeout = 300ms;
    limits.idleTimeout = 600ms;
    limits.maxHeaderBytes = 16 * 1024;
    limits.maxBodyBytes = 64 * 1024;
    limits.bodyLimitFor = [](QByteArrayView method, QByteArrayView path) -> qsizetype {
        return method == "PUT" && path.startsWith("/api/files/upload/") ? 4 * 1024 * 1024 : -1;
    };
    return limits;
}

QByteArray get(const QByteArray &path = "/hello")
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &method = "POST")
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestConnectionGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalRequestsPass();
    void keepAliveAndPipelining();
    void silentClientGets408();
    void dribbledHeaderIsCutOff();
    void oversizedHeaderGets431();
    void oversizedBodyGets413WithoutBuffering();
    void unguardedFigureForComparison();
    void pathLimitAllowsLargerBody();
    void chunkedBodyIsRefused();
    void garbageIsRefused_data();
    void garbageIsRefused();
    void idleConnectionIsClosed();
    void perAddressLimit();
    void webSocketOutlivesTimeouts();
};

void TestConnectionGuard::normalRequestsPass()
{
    GuardedHttp server(testLimits());
    QVERIFY(server.tcp->isListening());
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);

    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send(get());
    QTRY_VERIFY(client.received.endsWith("hello"));
    QVERIFY(client.received.startsWith("HTTP/1.1 200"));

    RawClient poster(server.port());
    QVERIFY(poster.waitConnected());
    // A body right at the limit, sent in two pieces.
    const QByteArray request = post("/echo", QByteArray(64 * 1024, 'x'));
    poster.send(request.first(100));
    QTest::qWait(50);
    poster.send(request.sliced(100));
    QTRY_VERIFY(poster.received.endsWith("65536"));
    QVERIFY(poster.received.startsWith("HTTP/1.1 200"));
    QVERIFY(!client.closed);
    QVERIFY(!poster.closed);
    QCOMPARE(refusals.count(), 0);
}

void TestConnectionGuard::keepAliveAndPipelining()
{
    GuardedHttp server(testLimits());
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);
    RawClient client(server.port());
    QVERIFY(client.waitConnected());

    // Keep-alive: a second request on the same connection, after the first answer, and after longer than the
    // header timeout (which only runs once a request has begun).
    client.send(post("/echo", "abc"));
    QTRY_COMPARE(client.responseCount(), 1);
    QTest::qWait(400);
    QVERIFY(!client.closed);
    client.send(get());
    QTRY_COMPARE(client.responseCount(), 2);
    QVERIFY(client.received.endsWith("hello"));

    // Pipelined: a POST with its body and a GET in one write.
    client.send(post("/echo", "12345") + get());
    QTRY_COMPARE(client.responseCount(), 4);
    QVERIFY(client.received.endsWith("hello"));
    QVERIFY(client.received.contains("\r\n\r\n5HTTP/1.1 200"));
    // The guard followed the framing: it does not take bytes QHttpServer has already read for the start of another
    // request (whose header would then time out).
    QTest::qWait(400);
    QVERIFY(!client.closed);
    QCOMPARE(client.responseCount("HTTP/1.1 408"), 0);
    QCOMPARE(refusals.count(), 0);
}

void TestConnectionGuard::silentClientGets408()
{
    GuardedHttp server(testLimits());
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 408 "), client.received.constData());
    QVERIFY(client.received.contains("Connection: close"));
    QCOMPARE(refusals.count(), 1);
    QCOMPARE(ConnectionGuard::addressKey(refusals.at(0).at(0).value<QHostAddress>()),
             QHostAddress(QHostAddress::LocalHost));
    // The socket is gone on the server's side too.
    QTRY_COMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 0);
}

void TestConnectionGuard::dribbledHeaderIsCutOff()
{
    GuardedHttp server(testLimits());
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    // A header that never ends, one byte every 50 ms: each byte is activity, but the header's time runs out.
    const QByteArray endless = "GET /hello HTTP/1.1\r\nX-Slow: " + QByteArray(100000, 'a');
    qsizetype sent = 0;
    QTimer dribble;
    QObject::connect(&dribble, &QTimer::timeout, &client.socket, [&] {
        if (!client.closed && sent < endless.size()) {
            client.socket.write(endless.mid(sent++, 1));
        }
    });
    dribble.start(50);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    dribble.stop();
    QVERIFY2(client.received.startsWith("HTTP/1.1 408 "), client.received.constData());
    QVERIFY(sent < endless.size());
    // 408 at the header timeout; the connection then ends after lingerTimeout of throwing away what still comes.
    qInfo("dribbling client wrote %lld header bytes before the connection ended", qint64(sent));
}

void TestConnectionGuard::oversizedHeaderGets431()
{
    GuardedHttp server(testLimits());
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Fill: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 431 "), client.received.constData());

    // Just under the limit is fine.
    RawClient fits(server.port());
    QVERIFY(fits.waitConnected());
    fits.send("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Fill: " + QByteArray(15 * 1024, 'a') + "\r\n\r\n");
    QTRY_VERIFY(fits.received.endsWith("hello"));
}

namespace {

// Sends a request announcing 200 MB and then `total` bytes of body, as fast as the server takes it, while the client itself
// never holds more than 1 MiB. Returns the bytes of body written; `peak` is the process's highest resident memory.
qint64 sendHugeBody(RawClient &client, qint64 total, qint64 &peak)
{
    client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 209715200\r\n\r\n");
    const QByteArray chunk(64 * 1024, 'z');
    qint64 written = 0;
    auto feed = [&] {
        while (!client.closed && written < total && client.socket.bytesToWrite() < 1024 * 1024) {
            client.socket.write(chunk);
            written += chunk.size();
        }
        peak = std::max(peak, testsupport::residentKiB());
    };
    const auto connection = QObject::connect(&client.socket, &QTcpSocket::bytesWritten, &client.socket, feed);
    feed();
    (void)QTest::qWaitFor([&] { return client.closed || (written >= total && client.socket.bytesToWrite() == 0); },
                    30000);
    // What the server still has to take in.
    QTest::qWait(200);
    QObject::disconnect(connection);
    peak = std::max(peak, testsupport::residentKiB());
    return written;
}

} // namespace

void TestConnectionGuard::oversizedBodyGets413WithoutBuffering()
{
    ConnectionLimits limits = testLimits();
    // Long enough for the whole 50 MB to be thrown away, not cut short by the abort.
    limits.lingerTimeout = 20s;
    limits.idleTimeout = 20s;
    GuardedHttp server(limits);
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    // Settle the allocator with one ordinary exchange first.
    client.send(get());
    QTRY_COMPARE(client.responseCount(), 1);

    const qint64 before = testsupport::residentKiB();
    QVERIFY(before > 0);
    qint64 peak = before;
    // The server answers at once and then reads and drops whatever comes, so the client can send it all.
    const qint64 written = sendHugeBody(client, 50LL * 1024 * 1024, peak);
    QTRY_VERIFY_WITH_TIMEOUT(client.received.contains("HTTP/1.1 413 "), 10000);
    QCOMPARE(client.responseCount("HTTP/1.1 413 "), 1);
    qInfo("guarded: 413 after %lld bytes of body sent; resident memory %lld KiB before, peak %lld KiB (+%lld KiB)",
          written, before, peak, peak - before);
    QCOMPARE(written, 50LL * 1024 * 1024);
#if !defined(__SANITIZE_ADDRESS__) // ASan's quarantine keeps freed buffers (256 MB), so VmRSS would measure it
    QVERIFY2(peak - before < 8 * 1024, "memory grew with the refused body");
#endif
    // The server ends the connection once the peer stops (here: once the client closes its side).
    client.socket.disconnectFromHost();
    QTRY_COMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 0);
}

void TestConnectionGuard::unguardedFigureForComparison()
{
    // Not a check of the guard: the same client against Qt 6.4 alone, to show what the guard prevents.
    GuardedHttp server(testLimits(), false);
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send(get());
    QTRY_COMPARE(client.responseCount(), 1);
    const qint64 before = testsupport::residentKiB();
    qint64 peak = before;
    // Less than the guarded test sends: Qt takes long over it.
    const qint64 written = sendHugeBody(client, 16LL * 1024 * 1024, peak);
    qInfo("unguarded Qt 6.4: %lld bytes of body sent, answers so far: %lld; resident memory %lld KiB before, peak "
          "%lld KiB (+%lld KiB)",
          written, qint64(client.responseCount("HTTP/1.1 ")), before, peak, peak - before);
}

void TestConnectionGuard::pathLimitAllowsLargerBody()
{
    GuardedHttp server(testLimits());
    RawClient upload(server.port());
    QVERIFY(upload.waitConnected());
    upload.send(post("/api/files/upload/abc?offset=0", QByteArray(1024 * 1024, 'u'), "PUT"));
    QTRY_VERIFY(upload.received.endsWith("1048576"));
    QVERIFY(upload.received.startsWith("HTTP/1.1 200"));

    // The larger limit is only for that path: elsewhere the default holds.
    RawClient other(server.port());
    QVERIFY(other.waitConnected());
    other.send(post("/echo", QByteArray(100 * 1024, 'e')));
    QTRY_VERIFY_WITH_TIMEOUT(other.closed, 10000);
    QVERIFY2(other.received.startsWith("HTTP/1.1 413 "), other.received.constData());

    // And the path's limit holds too.
    RawClient tooLarge(server.port());
    QVERIFY(tooLarge.waitConnected());
    tooLarge.send("PUT /api/files/upload/abc?offset=0 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4194305\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(tooLarge.closed, 10000);
    QVERIFY2(tooLarge.received.startsWith("HTTP/1.1 413 "), tooLarge.received.constData());
}

void TestConnectionGuard::chunkedBodyIsRefused()
{
    GuardedHttp server(testLimits());
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.startsWith("HTTP/1.1 411 "), client.received.constData());
    QCOMPARE(client.responseCount(), 0);
}

void TestConnectionGuard::garbageIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01\r\n\r\n", 8);
    QByteArray random(4096, Qt::Uninitialized);
    QRandomGenerator generator(7417);
    for (char &c : random) {
        c = char(generator.bounded(256));
    }
    QTest::newRow("random") << random;
    QTest::newRow("random with header end") << random + "\r\n\r\n";
    QTest::newRow("unknown method") << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("no version") << QByteArray("GET /hello\r\n\r\n");
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("field without colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n");
    QTest::newRow("folded field") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n y\r\n\r\n");
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n");
    QTest::newRow("negative length") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("length with letters") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n");
    QTest::newRow("huge length digits") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("NUL in field") << QByteArray("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29);
}

void TestConnectionGuard::garbageIsRefused()
{
    QFETCH(QByteArray, bytes);
    GuardedHttp server(testLimits());
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send(bytes);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QVERIFY2(client.received.isEmpty() || client.received.startsWith("HTTP/1.1 400 ")
                 || client.received.startsWith("HTTP/1.1 431 ") || client.received.startsWith("HTTP/1.1 408 "),
             client.received.left(40).constData());
    QCOMPARE(client.responseCount(), 0);

    // The server is fine afterwards.
    RawClient next(server.port());
    QVERIFY(next.waitConnected());
    next.send(get());
    QTRY_VERIFY(next.received.endsWith("hello"));
}

void TestConnectionGuard::idleConnectionIsClosed()
{
    GuardedHttp server(testLimits());
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);
    RawClient client(server.port());
    QVERIFY(client.waitConnected());
    client.send(get());
    QTRY_COMPARE(client.responseCount(), 1);
    // Kept alive, then nothing: closed without an answer.
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, 10000);
    QCOMPARE(client.responseCount(), 1);
    QVERIFY(!client.received.contains("408"));
    QCOMPARE(refusals.count(), 1);
    QCOMPARE(refusals.at(0).at(1).toString(), QStringLiteral("idle connection closed"));
}

void TestConnectionGuard::perAddressLimit()
{
    ConnectionLimits limits = testLimits();
    limits.perAddress = 3;
    limits.headerTimeout = 20s; // these connections wait without a request
    limits.idleTimeout = 20s;
    GuardedHttp server(limits);
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);

    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 3; ++i) {
        open.push_back(std::make_unique<RawClient>(server.port()));
        QVERIFY(open.back()->waitConnected());
    }
    // The listener is on Any: IPv4 peers arrive as ::ffff:127.0.0.1 and count as 127.0.0.1.
    QTRY_COMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 3);
    QCOMPARE(server.guard.connectionsFrom(QHostAddress(QStringLiteral("::ffff:127.0.0.1"))), 3);
    QCOMPARE(server.guard.connectionsFrom(QHostAddress::LocalHostIPv6), 0);

    RawClient fourth(server.port());
    QVERIFY(fourth.waitConnected()); // the system accepts it; the server then drops it
    QTRY_VERIFY_WITH_TIMEOUT(fourth.closed, 10000);
    QVERIFY(fourth.received.isEmpty());
    QCOMPARE(refusals.count(), 1);
    QCOMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 3);

    // The ones admitted work.
    open.front()->send(get());
    QTRY_VERIFY(open.front()->received.endsWith("hello"));

    // One closes: its place is free again once its socket is gone.
    open.back()->socket.disconnectFromHost();
    QTRY_COMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 2);
    RawClient again(server.port());
    QVERIFY(again.waitConnected());
    again.send(get());
    QTRY_VERIFY(again.received.endsWith("hello"));
    QCOMPARE(refusals.count(), 1);
}

void TestConnectionGuard::webSocketOutlivesTimeouts()
{
    GuardedHttp server(testLimits());
    QSignalSpy refusals(&server.guard, &ConnectionGuard::refused);
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    QStringList echoes;
    QObject::connect(&client, &QWebSocket::textMessageReceived, &client,
                     [&echoes](const QString &text) { echoes.append(text); });
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(server.port())));
    QTRY_COMPARE(connected.count(), 1);
    QTRY_COMPARE(server.webSockets.size(), std::size_t(1));
    QCOMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 1);

    // Quiet for longer than both the header and the idle timeouts: the guard does not close an upgraded
    // connection.
    QTest::qWait(1500);
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
    client.sendTextMessage(QStringLiteral("still there"));
    QTRY_COMPARE(echoes, QStringList{QStringLiteral("echo still there")});
    QCOMPARE(refusals.count(), 0);
    QCOMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 1);

    // Counted until the socket is gone.
    client.close();
    QTRY_COMPARE(server.webSockets.size(), std::size_t(0));
    QTRY_COMPARE(server.guard.connectionsFrom(QHostAddress::LocalHost), 0);
}

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"
