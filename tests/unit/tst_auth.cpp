#include "core/passwordhash.h"
#include "server/auth.h"

#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace deskport;

namespace {

constexpr int FastIterations = 1000;

QByteArray hashOf(const char *password)
{
    return PasswordHash::create(QString::fromUtf8(password), FastIterations);
}

bool isBase64Url(const QByteArray &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]+$"));
    return pattern.match(QString::fromLatin1(text)).hasMatch();
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roles()
    {
        const Auth auth(hashOf("control secret"), hashOf("view secret"));
        QCOMPARE(auth.checkPassword(QStringLiteral("control secret")), Role::Control);
        QCOMPARE(auth.checkPassword(QStringLiteral("view secret")), Role::View);
        QCOMPARE(auth.checkPassword(QStringLiteral("wrong")), Role::None);
        QCOMPARE(auth.checkPassword(QString()), Role::None);
        QCOMPARE(auth.checkPassword(QStringLiteral("Control secret")), Role::None);
    }

    void noViewPassword()
    {
        const Auth auth(hashOf("control secret"), QByteArray());
        QCOMPARE(auth.checkPassword(QStringLiteral("control secret")), Role::Control);
        QCOMPARE(auth.checkPassword(QString()), Role::None);
        QCOMPARE(auth.checkPassword(QStringLiteral("view secret")), Role::None);
    }

    void controlWinsWhenSame()
    {
        const Auth auth(hashOf("same"), hashOf("same"));
        QCOMPARE(auth.checkPassword(QStringLiteral("same")), Role::Control);
    }

    void noHashesLetNobodyIn()
    {
        const Auth auth{QByteArray(), QByteArray()};
        QCOMPARE(auth.checkPassword(QString()), Role::None);
        QCOMPARE(auth.checkPassword(QStringLiteral("anything")), Role::None);
        const Auth broken(QByteArray("secret"), QByteArray("secret"));
        QCOMPARE(broken.checkPassword(QStringLiteral("secret")), Role::None);
    }

    void sessions()
    {
        Auth auth(hashOf("c"), QByteArray());
        const QByteArray control = auth.createSession(Role::Control);
        const QByteArray view = auth.createSession(Role::View);
        QCOMPARE(control.size(), 43); // 32 bytes, base64 without padding
        QVERIFY2(isBase64Url(control), control.constData());
        QVERIFY2(isBase64Url(view), view.constData());
        QCOMPARE(QByteArray::fromBase64(control, QByteArray::Base64UrlEncoding).size(), 32);
        QVERIFY(control != view);
        QCOMPARE(auth.sessionRole(control), Role::Control);
        QCOMPARE(auth.sessionRole(view), Role::View);
        QCOMPARE(auth.sessionRole(QByteArray()), Role::None);
        QCOMPARE(auth.sessionRole(QByteArray("unknown")), Role::None);
        QCOMPARE(auth.sessionRole(control.left(42)), Role::None);
    }

    void tokensAreUnique()
    {
        Auth auth{QByteArray(), QByteArray()};
        QSet<QByteArray> tokens;
        for (int i = 0; i < 1000; ++i)
            tokens.insert(auth.createSession(Role::View));
        QCOMPARE(tokens.size(), 1000);
        for (const QByteArray &token : std::as_const(tokens))
            QCOMPARE(auth.sessionRole(token), Role::View);
    }

    void sessionCountIsCapped()
    {
        Auth auth{QByteArray(), QByteArray()};
        QSignalSpy ended(&auth, &Auth::sessionEnded);
        QList<QByteArray> tokens;
        for (qsizetype i = 0; i < Auth::MaxSessions; ++i)
            tokens.append(auth.createSession(Role::View));
        QCOMPARE(ended.size(), 0);
        const QByteArray newest = auth.createSession(Role::Control);
        // The oldest session made room, and its sockets are told (sessionEnded); everyone else stays logged in.
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().first().toByteArray(), tokens.first());
        QCOMPARE(auth.sessionRole(tokens.first()), Role::None);
        QCOMPARE(auth.sessionRole(tokens.at(1)), Role::View);
        QCOMPARE(auth.sessionRole(newest), Role::Control);
        // A session ended by logout does not count against the cap.
        auth.endSession(tokens.at(1));
        auth.createSession(Role::View);
        QCOMPARE(ended.size(), 2);
        QCOMPARE(auth.sessionRole(tokens.at(2)), Role::View);
    }

    void noSessionWithoutRole()
    {
        Auth auth{QByteArray(), QByteArray()};
        QVERIFY(auth.createSession(Role::None).isEmpty());
    }

    void endSession()
    {
        Auth auth(hashOf("c"), QByteArray());
        QSignalSpy spy(&auth, &Auth::sessionEnded);
        const QByteArray first = auth.createSession(Role::Control);
        const QByteArray second = auth.createSession(Role::View);

        auth.endSession(first);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toByteArray(), first);
        QCOMPARE(auth.sessionRole(first), Role::None);
        QCOMPARE(auth.sessionRole(second), Role::View);

        // Only sessions that existed end.
        auth.endSession(first);
        auth.endSession(QByteArray("nonsense"));
        auth.endSession(QByteArray());
        QCOMPARE(spy.count(), 1);

        auth.endSession(second);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toByteArray(), second);
    }

    void setCookie()
    {
        Auth auth{QByteArray(), QByteArray()};
        QCOMPARE(auth.setCookieValue("abc_-123", false),
                 QByteArray("deskport_session=abc_-123; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"));
        QCOMPARE(auth.setCookieValue("abc_-123", true),
                 QByteArray("deskport_session=abc_-123; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=43200"));
        QCOMPARE(auth.setCookieValue(QByteArray(), false),
                 QByteArray("deskport_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"));
        auth.setSessionLifetime(std::chrono::minutes(5));
        QVERIFY(auth.setCookieValue("abc", true).endsWith("; Max-Age=300"));
    }

    void cookieRoundTrip()
    {
        Auth auth{QByteArray(), QByteArray()};
        const QByteArray token = auth.createSession(Role::Control);
        const QByteArray header = auth.setCookieValue(token, true).split(';').constFirst();
        QCOMPARE(Auth::tokenFromCookieHeader(header), token);
        QCOMPARE(auth.sessionRole(Auth::tokenFromCookieHeader("theme=dark; " + header + "; lang=de")), Role::Control);
    }

    void sessionsExpire()
    {
        Auth auth{QByteArray(), QByteArray()};
        const QByteArray longLived = auth.createSession(Role::View);
        auth.setSessionLifetime(std::chrono::milliseconds(200));
        const QByteArray shortLived = auth.createSession(Role::Control);
        QSignalSpy ended(&auth, &Auth::sessionEnded);
        QCOMPARE(auth.sessionRole(shortLived), Role::Control);
        // The timer ends it (viewers are closed on sessionEnded), not only the next lookup.
        QVERIFY(ended.wait(5000));
        QCOMPARE(ended.at(0).at(0).toByteArray(), shortLived);
        QCOMPARE(auth.sessionRole(shortLived), Role::None);
        QCOMPARE(auth.sessionRole(longLived), Role::View);
        QCOMPARE(auth.sessionCount(), 1);
    }

    void controlCanBeWithdrawnFromEverySession()
    {
        Auth auth{QByteArray(), QByteArray()};
        const QByteArray control = auth.createSession(Role::Control);
        const QByteArray view = auth.createSession(Role::View);
        auth.setControlAllowed(false);
        QCOMPARE(auth.sessionRole(control), Role::View);
        QCOMPARE(auth.sessionRole(view), Role::View);
        // A login with the control password made now is view-only too, and gets control with the others.
        const QByteArray later = auth.createSession(Role::Control);
        QCOMPARE(auth.sessionRole(later), Role::View);
        auth.setControlAllowed(true);
        QCOMPARE(auth.sessionRole(control), Role::Control);
        QCOMPARE(auth.sessionRole(later), Role::Control);
        QCOMPARE(auth.sessionRole(view), Role::View);
    }

    void endAllSessionsRevokesEveryToken()
    {
        Auth auth{QByteArray(), QByteArray()};
        const QByteArray a = auth.createSession(Role::Control);
        const QByteArray b = auth.createSession(Role::View);
        QSignalSpy ended(&auth, &Auth::sessionEnded);
        auth.endAllSessions();
        QCOMPARE(ended.count(), 2);
        QCOMPARE(auth.sessionRole(a), Role::None);
        QCOMPARE(auth.sessionRole(b), Role::None);
        QCOMPARE(auth.sessionCount(), 0);
    }

    void tokenFromCookieHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        const QByteArray longest(128, 'a');
        QTest::newRow("alone") << QByteArray("deskport_session=abc") << QByteArray("abc");
        QTest::newRow("first") << QByteArray("deskport_session=abc; theme=dark") << QByteArray("abc");
        QTest::newRow("middle") << QByteArray("a=b; deskport_session=Zz09-_; c=d") << QByteArray("Zz09-_");
        QTest::newRow("last") << QByteArray("a=b; c=d; deskport_session=xyz") << QByteArray("xyz");
        QTest::newRow("no spaces") << QByteArray("a=b;deskport_session=xyz;c=d") << QByteArray("xyz");
        QTest::newRow("extra spaces") << QByteArray("  a=b ;  deskport_session = xyz  ;c=d ") << QByteArray("xyz");
        QTest::newRow("trailing semicolon") << QByteArray("deskport_session=xyz;") << QByteArray("xyz");
        QTest::newRow("empty header") << QByteArray() << QByteArray();
        QTest::newRow("missing") << QByteArray("a=b; c=d") << QByteArray();
        QTest::newRow("similar name") << QByteArray("my_deskport_session=abc; deskport_sessionx=def") << QByteArray();
        QTest::newRow("name in a value") << QByteArray("a=deskport_session=abc") << QByteArray();
        QTest::newRow("empty value") << QByteArray("deskport_session=") << QByteArray();
        QTest::newRow("no equals") << QByteArray("deskport_session") << QByteArray();
        QTest::newRow("base64 plus") << QByteArray("deskport_session=ab+c") << QByteArray();
        QTest::newRow("base64 slash") << QByteArray("deskport_session=ab/c") << QByteArray();
        QTest::newRow("padding") << QByteArray("deskport_session=abc=") << QByteArray();
        QTest::newRow("quoted") << QByteArray("deskport_session=\"abc\"") << QByteArray();
        QTest::newRow("inner space") << QByteArray("deskport_session=ab c") << QByteArray();
        QTest::newRow("control char") << QByteArray("deskport_session=ab\x01"
                                                    "c")
                                      << QByteArray();
        QTest::newRow("non-ascii") << QByteArray("deskport_session=ab\xc3\xa4") << QByteArray();
        QTest::newRow("longest") << QByteArray("deskport_session=" + longest) << longest;
        QTest::newRow("too long") << QByteArray("deskport_session=" + longest + 'a') << QByteArray();
        QTest::newRow("first of two") << QByteArray("deskport_session=one; deskport_session=two") << QByteArray("one");
    }

    void tokenFromCookieHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        QCOMPARE(Auth::tokenFromCookieHeader(header), token);
    }

    void passwordFromLoginBody()
    {
        QCOMPARE(Auth::passwordFromLoginBody(R"({"password": "s\u00e9cret"})"),
                 std::optional(QStringLiteral("s\u00e9cret")));
        QCOMPARE(Auth::passwordFromLoginBody(R"({"password": ""})"), std::optional(QString()));
        for (const QByteArray body : {"", "null", "[]", R"(["password"])", R"({"password": 1})", R"({"other": "x"})",
                                      R"({"password": "x")", "\xff"}) {
            QVERIFY2(!Auth::passwordFromLoginBody(body), body.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
