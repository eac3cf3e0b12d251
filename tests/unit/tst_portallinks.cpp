#include "core/portallinks.h"

#include <QNetworkInterface>
#include <QTest>

using deskport::InterfaceAddress;

namespace {

InterfaceAddress entry(const char *interfaceName, const char *address, bool isUp = true, bool isLoopback = false)
{
    return {QString::fromLatin1(interfaceName), QHostAddress(QString::fromLatin1(address)), isUp, isLoopback};
}

// A laptop with a docker daemon, on wired and wireless LAN, as QNetworkInterface lists it: loopback first, and the
// order of interfaces says nothing about which one a colleague can reach.
QList<InterfaceAddress> laptop()
{
    return {
        entry("lo", "127.0.0.1", true, true),
        entry("lo", "::1", true, true),
        entry("docker0", "172.17.0.1"),
        entry("docker0", "fe80::42:acff:fe11:1%docker0"),
        entry("eth0", "192.168.1.20"),
        entry("eth0", "fe80::1c2d:3eff:fe4f:5a6b%eth0"),
        entry("eth0", "2001:db8::5"),
        entry("eth1", "192.168.7.7", false), // cable unplugged
        entry("eth1", "2001:db8:1::7", false),
        entry("wlan0", "10.0.0.5"),
        entry("veth1a2b3c", "fe80::a:b:c:d%veth1a2b3c"),
    };
}

} // namespace

class TestPortalLinks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ranking_data()
    {
        QTest::addColumn<QList<InterfaceAddress>>("addresses");
        QTest::addColumn<QHostAddress>("bind");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("any") << laptop() << QHostAddress(QHostAddress::Any)
                             << QStringList{
                                    QStringLiteral("http://192.168.1.20:7417/"),
                                    QStringLiteral("http://10.0.0.5:7417/"),
                                    QStringLiteral("http://[2001:db8::5]:7417/"),
                                    QStringLiteral("http://172.17.0.1:7417/"),
                                    QStringLiteral("http://127.0.0.1:7417/"),
                                    QStringLiteral("http://[::1]:7417/"),
                                };
        // A default-constructed address is no bind address at all: the same as Any.
        QTest::newRow("null") << laptop() << QHostAddress()
                              << QStringList{
                                     QStringLiteral("http://192.168.1.20:7417/"),
                                     QStringLiteral("http://10.0.0.5:7417/"),
                                     QStringLiteral("http://[2001:db8::5]:7417/"),
                                     QStringLiteral("http://172.17.0.1:7417/"),
                                     QStringLiteral("http://127.0.0.1:7417/"),
                                     QStringLiteral("http://[::1]:7417/"),
                                 };
        QTest::newRow("any IPv4") << laptop() << QHostAddress(QHostAddress::AnyIPv4)
                                  << QStringList{
                                         QStringLiteral("http://192.168.1.20:7417/"),
                                         QStringLiteral("http://10.0.0.5:7417/"),
                                         QStringLiteral("http://172.17.0.1:7417/"),
                                         QStringLiteral("http://127.0.0.1:7417/"),
                                     };
        // Qt listens on IPv6 only for AnyIPv6 (IPV6_V6ONLY), so IPv4 links would not work.
        QTest::newRow("any IPv6") << laptop() << QHostAddress(QHostAddress::AnyIPv6)
                                  << QStringList{
                                         QStringLiteral("http://[2001:db8::5]:7417/"),
                                         QStringLiteral("http://[::1]:7417/"),
                                     };
        QTest::newRow("specific IPv4") << laptop() << QHostAddress(QStringLiteral("10.0.0.5"))
                                       << QStringList{QStringLiteral("http://10.0.0.5:7417/")};
        QTest::newRow("specific IPv6") << laptop() << QHostAddress(QStringLiteral("2001:db8::5"))
                                       << QStringList{QStringLiteral("http://[2001:db8::5]:7417/")};
        QTest::newRow("specific IPv6 with scope")
            << laptop() << QHostAddress(QStringLiteral("fe80::1c2d:3eff:fe4f:5a6b%eth0"))
            << QStringList{QStringLiteral("http://[fe80::1c2d:3eff:fe4f:5a6b]:7417/")};
        QTest::newRow("specific loopback") << laptop() << QHostAddress(QHostAddress::LocalHost)
                                           << QStringList{QStringLiteral("http://127.0.0.1:7417/")};
        // The user's choice, even if no interface has it (yet): the server reports the failure to listen.
        QTest::newRow("specific, not on any interface") << laptop() << QHostAddress(QStringLiteral("192.0.2.1"))
                                                        << QStringList{QStringLiteral("http://192.0.2.1:7417/")};

        QTest::newRow("no network") << QList<InterfaceAddress>{entry("lo", "127.0.0.1", true, true),
                                                               entry("lo", "::1", true, true)}
                                    << QHostAddress(QHostAddress::Any)
                                    << QStringList{QStringLiteral("http://127.0.0.1:7417/"),
                                                   QStringLiteral("http://[::1]:7417/")};
        QTest::newRow("nothing at all") << QList<InterfaceAddress>{} << QHostAddress(QHostAddress::Any)
                                        << QStringList{};
        QTest::newRow("everything down") << QList<InterfaceAddress>{entry("lo", "127.0.0.1", false, true),
                                                                    entry("eth0", "192.168.1.20", false)}
                                         << QHostAddress(QHostAddress::Any) << QStringList{};

        // 172.16/12 ends at 172.31.255.255; 192.169 and 11/8 are public.
        QTest::newRow("private ranges")
            << QList<InterfaceAddress>{entry("eth0", "172.32.0.1"),  entry("eth1", "172.31.255.1"),
                                       entry("eth2", "192.169.0.1"), entry("eth3", "172.16.0.1"),
                                       entry("eth4", "11.0.0.1"),    entry("eth5", "10.255.255.254"),
                                       entry("eth6", "192.168.0.1")}
            << QHostAddress(QHostAddress::Any)
            << QStringList{QStringLiteral("http://172.31.255.1:7417/"),   QStringLiteral("http://172.16.0.1:7417/"),
                           QStringLiteral("http://10.255.255.254:7417/"), QStringLiteral("http://192.168.0.1:7417/"),
                           QStringLiteral("http://172.32.0.1:7417/"),     QStringLiteral("http://192.169.0.1:7417/"),
                           QStringLiteral("http://11.0.0.1:7417/")};

        // Loopback goes by the address too, whatever the interface flags say.
        QTest::newRow("loopback address on an odd interface")
            << QList<InterfaceAddress>{entry("dummy0", "127.0.0.2"), entry("eth0", "203.0.113.9")}
            << QHostAddress(QHostAddress::Any)
            << QStringList{QStringLiteral("http://203.0.113.9:7417/"), QStringLiteral("http://127.0.0.2:7417/")};

        QTest::newRow("duplicates")
            << QList<InterfaceAddress>{entry("eth0", "192.168.1.20"),     entry("br0", "192.168.1.20"),
                                       entry("eth0", "192.168.1.20"),     entry("eth0", "2001:db8::5"),
                                       entry("eth0", "2001:db8::5%eth0"), entry("eth1", "2001:db8::5%eth1")}
            << QHostAddress(QHostAddress::Any)
            << QStringList{QStringLiteral("http://192.168.1.20:7417/"), QStringLiteral("http://[2001:db8::5]:7417/")};

        // Global IPv6 on a real interface beats private IPv4 on a virtual one; within a virtual interface the
        // address order is the same as on real ones.
        QTest::newRow("virtual after real")
            << QList<InterfaceAddress>{entry("wg0", "10.8.0.2"),         entry("tun0", "198.51.100.3"),
                                       entry("virbr0", "2001:db8:2::1"), entry("enp3s0", "203.0.113.9"),
                                       entry("enp3s0", "2001:db8::5"),   entry("lo", "127.0.0.1", true, true)}
            << QHostAddress(QHostAddress::Any)
            << QStringList{QStringLiteral("http://203.0.113.9:7417/"),     QStringLiteral("http://[2001:db8::5]:7417/"),
                           QStringLiteral("http://10.8.0.2:7417/"),        QStringLiteral("http://198.51.100.3:7417/"),
                           QStringLiteral("http://[2001:db8:2::1]:7417/"), QStringLiteral("http://127.0.0.1:7417/")};
    }

    void ranking()
    {
        QFETCH(QList<InterfaceAddress>, addresses);
        QFETCH(QHostAddress, bind);
        QFETCH(QStringList, expected);
        QCOMPARE(deskport::rankPortalLinks(addresses, bind, 7417), expected);
    }

    void virtualInterfaceNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("isVirtual");
        const char *virtualNames[] = {"docker0", "br-3f2a9c1d", "veth9a8b7c", "virbr0", "vmnet8", "vboxnet0",
                                      "tun0",    "tap0",        "wg0",        "zt5u4y", "lxcbr0", "lxdbr0"};
        for (const char *name : virtualNames)
            QTest::newRow(name) << QString::fromLatin1(name) << true;
        const char *realNames[] = {"eth0", "enp3s0", "wlan0", "wlp2s0", "eno1", "br0", "bond0", "usb0"};
        for (const char *name : realNames)
            QTest::newRow(name) << QString::fromLatin1(name) << false;
    }

    void virtualInterfaceNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, isVirtual);
        // A private address on the interface under test against a public one on a real interface: only the
        // virtual penalty can put the public one first.
        const QList<InterfaceAddress> addresses = {
            {name, QHostAddress(QStringLiteral("192.168.50.1")), true, false},
            {QStringLiteral("eth9"), QHostAddress(QStringLiteral("203.0.113.9")), true, false},
        };
        const QStringList links = deskport::rankPortalLinks(addresses, QHostAddress(QHostAddress::Any), 7417);
        QCOMPARE(links.size(), 2);
        QCOMPARE(links.first(),
                 isVirtual ? QStringLiteral("http://203.0.113.9:7417/") : QStringLiteral("http://192.168.50.1:7417/"));
    }

    void schemeAndPort()
    {
        const QStringList links =
            deskport::rankPortalLinks(laptop(), QHostAddress(QHostAddress::Any), 443, QStringLiteral("https"));
        QCOMPARE(links.first(), QStringLiteral("https://192.168.1.20:443/"));
        QCOMPARE(links.at(2), QStringLiteral("https://[2001:db8::5]:443/"));
        QCOMPARE(deskport::rankPortalLinks({}, QHostAddress(QStringLiteral("::1")), 1, QStringLiteral("https")),
                 QStringList{QStringLiteral("https://[::1]:1/")});
    }

    void thisMachine()
    {
        const QStringList links = deskport::portalLinks(QHostAddress(QHostAddress::Any), 7417);
        qInfo() << "links on this machine:" << links;
        for (const QString &link : links) {
            QVERIFY2(link.startsWith(u"http://") && link.endsWith(u":7417/"), qPrintable(link));
            QVERIFY2(!link.contains(u'%'), qPrintable(link));
            QCOMPARE(links.count(link), 1);
        }
        // Every running loopback interface gives a link, so there is one even without a network.
        bool hasLoopback = false;
        const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
        for (const QNetworkInterface &networkInterface : interfaces) {
            const auto flags = networkInterface.flags();
            if (flags.testFlag(QNetworkInterface::IsLoopBack) && flags.testFlag(QNetworkInterface::IsUp) &&
                flags.testFlag(QNetworkInterface::IsRunning) && !networkInterface.addressEntries().isEmpty()) {
                hasLoopback = true;
            }
        }
        if (hasLoopback)
            QVERIFY(!links.isEmpty());

        QCOMPARE(deskport::portalLinks(QHostAddress(QStringLiteral("192.0.2.1")), 8080, QStringLiteral("https")),
                 QStringList{QStringLiteral("https://192.0.2.1:8080/")});
        const QStringList ipv4 = deskport::portalLinks(QHostAddress(QHostAddress::AnyIPv4), 7417);
        for (const QString &link : ipv4)
            QVERIFY2(!link.contains(u'['), qPrintable(link));
    }
};

QTEST_GUILESS_MAIN(TestPortalLinks)
#include "tst_portallinks.moc"
