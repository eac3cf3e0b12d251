#include "server/loginthrottle.h"

#include <QTest>

using deskport::LoginThrottle;

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = 0;
    LoginThrottle throttle(int maxFailures = 5, qint64 windowMs = 60000)
    {
        return LoginThrottle(maxFailures, windowMs, [this] { return m_now; });
    }
    const QHostAddress m_address{QStringLiteral("192.0.2.7")};

private Q_SLOTS:
    void init() { m_now = 1000000; }

    void fiveFailuresAllowed()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(t.retryAfterSeconds(m_address), 0);
            t.recordFailure(m_address);
            m_now += 1000;
        }
        // Failures at +0 s .. +4 s; now +5 s: the oldest leaves the window at +60 s.
        QCOMPARE(t.retryAfterSeconds(m_address), 55);
        m_now += 54000; // +59 s
        QCOMPARE(t.retryAfterSeconds(m_address), 1);
        m_now += 999; // +59.999 s: still blocked, rounded up to 1 s
        QCOMPARE(t.retryAfterSeconds(m_address), 1);
        m_now += 1; // +60 s: the oldest failure has left the window
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
        // Four failures remain in the window, so one more blocks again until the second oldest leaves (+61 s).
        t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 1);
        m_now += 1000;
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
    }

    void retryAfterRoundsUp()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 60);
        m_now += 1;
        QCOMPARE(t.retryAfterSeconds(m_address), 60); // 59.999 s
        m_now += 999;
        QCOMPARE(t.retryAfterSeconds(m_address), 59);
        m_now += 29500;
        QCOMPARE(t.retryAfterSeconds(m_address), 30); // 29.5 s
    }

    void windowExpiry()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 4; ++i)
            t.recordFailure(m_address);
        m_now += 60000;
        // The four old failures have expired: five new ones are allowed before the block.
        for (int i = 0; i < 4; ++i) {
            t.recordFailure(m_address);
            QCOMPARE(t.retryAfterSeconds(m_address), 0);
        }
        t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 60);
        m_now += 120000;
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
    }

    void failuresWhileBlockedExtendTheWait()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        m_now += 30000;
        // A caller that records failures anyway (the throttle itself does not refuse) keeps the address blocked
        // until fewer than five failures remain in the window.
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 60);
        m_now += 30000;
        QCOMPARE(t.retryAfterSeconds(m_address), 30);
    }

    void successResets()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 4; ++i)
            t.recordFailure(m_address);
        t.recordSuccess(m_address);
        for (int i = 0; i < 4; ++i)
            t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
        t.recordFailure(m_address);
        QVERIFY(t.retryAfterSeconds(m_address) > 0);
        t.recordSuccess(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
    }

    void ipv4MappedIsIpv4()
    {
        LoginThrottle t = throttle();
        const QHostAddress mapped(QStringLiteral("::ffff:1.2.3.4"));
        const QHostAddress plain(QStringLiteral("1.2.3.4"));
        for (int i = 0; i < 3; ++i)
            t.recordFailure(mapped);
        for (int i = 0; i < 2; ++i)
            t.recordFailure(plain);
        QCOMPARE(t.retryAfterSeconds(mapped), 60);
        QCOMPARE(t.retryAfterSeconds(plain), 60);
        t.recordSuccess(mapped);
        QCOMPARE(t.retryAfterSeconds(plain), 0);
    }

    void otherAddressesUnaffected()
    {
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        QVERIFY(t.retryAfterSeconds(m_address) > 0);
        QCOMPARE(t.retryAfterSeconds(QHostAddress(QStringLiteral("192.0.2.8"))), 0);
        QCOMPARE(t.retryAfterSeconds(QHostAddress(QStringLiteral("2001:db8::1"))), 0);
        QCOMPARE(t.retryAfterSeconds(QHostAddress(QStringLiteral("::ffff:192.0.2.8"))), 0);

        const QHostAddress v6(QStringLiteral("2001:db8::7"));
        for (int i = 0; i < 5; ++i)
            t.recordFailure(v6);
        QCOMPARE(t.retryAfterSeconds(v6), 60);
        QCOMPARE(t.retryAfterSeconds(QHostAddress(QStringLiteral("2001:db8::8"))), 0);
        t.recordSuccess(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
        QCOMPARE(t.retryAfterSeconds(v6), 60);
    }

    void otherLimits()
    {
        LoginThrottle t = throttle(2, 10000);
        t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
        t.recordFailure(m_address);
        QCOMPARE(t.retryAfterSeconds(m_address), 10);
        m_now += 10000;
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
    }

    void manyAddresses()
    {
        // Enough to trigger the sweep of expired entries; the live ones must survive it.
        LoginThrottle t = throttle();
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        m_now += 30000;
        for (quint32 i = 0; i < 3000; ++i)
            t.recordFailure(QHostAddress(0x0a000000u + i));
        QCOMPARE(t.retryAfterSeconds(m_address), 30);
        m_now += 59000;
        for (quint32 i = 0; i < 3000; ++i)
            t.recordFailure(QHostAddress(0x0b000000u + i));
        QCOMPARE(t.retryAfterSeconds(m_address), 0);
        QCOMPARE(t.retryAfterSeconds(QHostAddress(0x0a000001u)), 0);
    }

    void defaultClock()
    {
        LoginThrottle t;
        for (int i = 0; i < 5; ++i)
            t.recordFailure(m_address);
        const int wait = t.retryAfterSeconds(m_address);
        QVERIFY2(wait >= 59 && wait <= 60, qPrintable(QString::number(wait)));
        QCOMPARE(t.retryAfterSeconds(QHostAddress(QHostAddress::LocalHost)), 0);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
