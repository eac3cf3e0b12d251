#include "server/websocketrule.h"

#include <QTest>

using namespace deskport;

// WebSocketRule::isSameOrigin decides whether a browser page may open the WebSocket: only pages served by this
// very host (same scheme-default port, same host, same port) and non-browser clients (no Origin) may.
class TestWebSocketRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isSameOrigin_data();
    void isSameOrigin();
};

void TestWebSocketRule::isSameOrigin_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("expected");

    // Not a browser: the cookie alone decides.
    QTest::newRow("empty origin") << QByteArray() << QByteArray("127.0.0.1:7417") << true;
    QTest::newRow("empty origin, empty host") << QByteArray() << QByteArray() << true;

    QTest::newRow("same ipv4 and port") << QByteArray("http://127.0.0.1:7417") << QByteArray("127.0.0.1:7417")
                                        << true;
    QTest::newRow("same https") << QByteArray("https://127.0.0.1:7417") << QByteArray("127.0.0.1:7417") << true;
    QTest::newRow("host case") << QByteArray("http://Example.ORG:7417") << QByteArray("example.org:7417") << true;
    QTest::newRow("host header case") << QByteArray("http://example.org:7417") << QByteArray("EXAMPLE.org:7417")
                                      << true;
    QTest::newRow("scheme case") << QByteArray("HTTP://example.org:7417") << QByteArray("example.org:7417") << true;

    // Default ports: the Origin omits them, the Host header may or may not.
    QTest::newRow("http default, host without port") << QByteArray("http://example.org") << QByteArray("example.org")
                                                     << true;
    QTest::newRow("http default, host :80") << QByteArray("http://example.org") << QByteArray("example.org:80")
                                            << true;
    QTest::newRow("http :80, host without port") << QByteArray("http://example.org:80") << QByteArray("example.org")
                                                 << true;
    QTest::newRow("https default, host without port") << QByteArray("https://example.org")
                                                      << QByteArray("example.org") << true;
    QTest::newRow("https default, host :443") << QByteArray("https://example.org") << QByteArray("example.org:443")
                                              << true;
    QTest::newRow("http default vs host :443") << QByteArray("http://example.org") << QByteArray("example.org:443")
                                               << false;
    QTest::newRow("https default vs host :80") << QByteArray("https://example.org") << QByteArray("example.org:80")
                                               << false;
    QTest::newRow("http default vs host :7417") << QByteArray("http://example.org") << QByteArray("example.org:7417")
                                                << false;

    // IPv6 literals.
    QTest::newRow("ipv6 loopback") << QByteArray("http://[::1]:7417") << QByteArray("[::1]:7417") << true;
    QTest::newRow("ipv6 other port") << QByteArray("http://[::1]:7418") << QByteArray("[::1]:7417") << false;
    QTest::newRow("ipv6 vs ipv4") << QByteArray("http://[::1]:7417") << QByteArray("127.0.0.1:7417") << false;

    // Different origins.
    QTest::newRow("different port") << QByteArray("http://127.0.0.1:7418") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("different host") << QByteArray("http://127.0.0.2:7417") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("evil host") << QByteArray("http://evil.example:7417") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("localhost vs ip") << QByteArray("http://localhost:7417") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("suffix host") << QByteArray("http://example.org.evil:7417") << QByteArray("example.org:7417")
                                 << false;
    QTest::newRow("file scheme") << QByteArray("file://") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("file scheme with host") << QByteArray("file://127.0.0.1:7417") << QByteArray("127.0.0.1:7417")
                                           << false;
    QTest::newRow("ws scheme") << QByteArray("ws://127.0.0.1:7417") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("null") << QByteArray("null") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("garbage") << QByteArray("%%%garbage") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("scheme only") << QByteArray("http://") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("no scheme") << QByteArray("127.0.0.1:7417") << QByteArray("127.0.0.1:7417") << false;
    QTest::newRow("empty host header") << QByteArray("http://127.0.0.1:7417") << QByteArray() << false;
    QTest::newRow("bad port") << QByteArray("http://127.0.0.1:99999") << QByteArray("127.0.0.1:99999") << false;
    QTest::newRow("space") << QByteArray("http://127.0.0.1 :7417") << QByteArray("127.0.0.1:7417") << false;

    // Userinfo: the part before '@' is not the host.
    QTest::newRow("userinfo trick") << QByteArray("http://127.0.0.1:7417@evil") << QByteArray("127.0.0.1:7417")
                                    << false;
    QTest::newRow("userinfo trick with port") << QByteArray("http://127.0.0.1:7417@evil:7417")
                                              << QByteArray("127.0.0.1:7417") << false;
}

void TestWebSocketRule::isSameOrigin()
{
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, host);
    QFETCH(bool, expected);
    QCOMPARE(WebSocketRule::isSameOrigin(origin, host), expected);
}

QTEST_MAIN(TestWebSocketRule)
#include "tst_websocketrule.moc"
