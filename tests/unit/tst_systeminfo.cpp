// The /proc parsers against fixture files from tests/fixtures/proc (taken from a 2-core machine; stat and
// stat.1s-later a second apart, intr/softirq lines shortened; SwapTotal/SwapFree edited to non-zero), malformed
// input, and SystemInfo on both the fixtures and the real /proc.

#include "host/systeminfo.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace deskport;
using namespace Qt::StringLiterals;

namespace {

QString fixtureDir()
{
    return QFINDTESTDATA("../fixtures/proc");
}

QByteArray fixture(const char *name)
{
    QFile file(fixtureDir() + u'/' + QLatin1StringView(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

} // namespace

class TestSystemInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(!fixtureDir().isEmpty()); }

    void statFixtureParsesToExactCounters()
    {
        const std::optional<CpuSample> sample = parseProcStat(fixture("stat"));
        QVERIFY(sample);
        QCOMPARE(sample->all.index, -1);
        QCOMPARE(sample->all.user, 594432u);
        QCOMPARE(sample->all.nice, 32116u);
        QCOMPARE(sample->all.system, 215543u);
        QCOMPARE(sample->all.idle, 381477u);
        QCOMPARE(sample->all.iowait, 1190u);
        QCOMPARE(sample->all.softirq, 3245u);
        QCOMPARE(sample->all.total(), 594432u + 32116u + 215543u + 381477u + 1190u + 3245u);
        QCOMPARE(sample->cores.size(), 2);
        QCOMPARE(sample->cores.at(0).index, 0);
        QCOMPARE(sample->cores.at(1).index, 1);
        QCOMPARE(sample->cores.at(1).user, 306726u);
        QCOMPARE(sample->cores.at(1).iowait, 965u);
    }

    void usageBetweenFixturesIsHandComputed()
    {
        const auto before = parseProcStat(fixture("stat"));
        const auto after = parseProcStat(fixture("stat.1s-later"));
        QVERIFY(before && after);
        const CpuUsage usage = cpuUsageBetween(*before, *after);
        // all:  user +169, system +34, idle +2, nothing else moved: 203 busy of 205.
        // cpu0: user +76, system +24, idle +2: 100 of 102. cpu1: user +93, system +9: 102 of 102.
        QCOMPARE(usage.total, 203.0 * 100 / 205);
        QCOMPARE(usage.perCore.size(), 2);
        QCOMPARE(usage.perCore.at(0), 100.0 * 100 / 102);
        QCOMPARE(usage.perCore.at(1), 100.0);
    }

    void usageIgnoresGuestAndCountsIowaitAsIdle()
    {
        const auto before = parseProcStat("cpu 100 0 100 100 100 0 0 0 0 0\ncpu0 100 0 100 100 100 0 0 0 0 0\n");
        // +30 user (of which 30 guest, already inside user), +10 iowait, +60 idle: 30 % busy.
        const auto after = parseProcStat("cpu 130 0 100 160 110 0 0 0 30 0\ncpu0 130 0 100 160 110 0 0 0 30 0\n");
        QVERIFY(before && after);
        const CpuUsage usage = cpuUsageBetween(*before, *after);
        QCOMPARE(usage.total, 30.0);
        QCOMPARE(usage.perCore, QList<double>{30.0});
    }

    void usageSurvivesBackwardsCountersAndHotplug()
    {
        // iowait went down, and cpu1 appeared: no negative or >100 values, new core measured since boot.
        const auto before = parseProcStat("cpu 100 0 0 100 50 0 0 0\ncpu0 100 0 0 100 50 0 0 0\n");
        const auto after = parseProcStat("cpu 100 0 0 100 40 0 0 0\ncpu0 100 0 0 100 40 0 0 0\n"
                                         "cpu1 25 0 25 50 0 0 0 0\n");
        QVERIFY(before && after);
        const CpuUsage usage = cpuUsageBetween(*before, *after);
        QCOMPARE(usage.total, 0.0);
        QCOMPARE(usage.perCore, (QList<double>{0.0, 50.0}));
        // Identical samples: no time passed, 0 %, no division by zero.
        QCOMPARE(cpuUsageBetween(*before, *before).total, 0.0);
    }

    void statWithoutGuestColumns()
    {
        // Kernels 2.6.11 to 2.6.23 stop at steal.
        const auto sample = parseProcStat("cpu 1 2 3 4 5 6 7 8\ncpu0 1 2 3 4 5 6 7 8\n");
        QVERIFY(sample);
        QCOMPARE(sample->all.total(), 36u);
        QCOMPARE(sample->all.steal, 8u);
    }

    void malformedStatIsRejected_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("\x01\xff\xfe garbage\n\n");
        QTest::newRow("no aggregate line") << QByteArray("cpu0 1 2 3 4 5 6 7 8\n");
        QTest::newRow("truncated line") << QByteArray("cpu  594432 32116 215\n");
        QTest::newRow("truncated after label") << QByteArray("cpu");
        QTest::newRow("non-numeric counter") << QByteArray("cpu 1 2 x 4 5 6 7 8\n");
        QTest::newRow("negative counter") << QByteArray("cpu 1 2 -3 4 5 6 7 8\n");
        QTest::newRow("bad core label") << QByteArray("cpu 1 2 3 4 5 6 7 8\ncpuX 1 2 3 4 5 6 7 8\n");
        QTest::newRow("overflowing counter") << QByteArray("cpu 1 2 3 99999999999999999999999\n");
        QTest::newRow("two aggregates") << QByteArray("cpu 1 2 3 4 5 6 7 8\ncpu 1 2 3 4 5 6 7 8\n");
        QTest::newRow("fewer than 8 counters") << QByteArray("cpu 1 2 3 4\n");
        QTest::newRow("fixture cut in a number") << fixture("stat").left(30);
        QTest::newRow("fixture cut after 8 counters") << fixture("stat").left(46);
        QTest::newRow("no final newline") << fixture("stat").chopped(1);
    }

    void malformedStatIsRejected()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseProcStat(text));
    }

    void meminfoFixtureParsesToBytes()
    {
        const auto memory = parseProcMeminfo(fixture("meminfo"));
        QVERIFY(memory);
        QCOMPARE(memory->totalBytes, 24683620ull * 1024);
        QCOMPARE(memory->availableBytes, 23728484ull * 1024);
        QCOMPARE(memory->swapTotalBytes, 2097148ull * 1024);
        QCOMPARE(memory->swapFreeBytes, 1572860ull * 1024);
    }

    void meminfoWithoutMemAvailableFallsBack()
    {
        const auto memory = parseProcMeminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n"
                                             "HugePages_Total: 0\n");
        QVERIFY(memory);
        QCOMPARE(memory->availableBytes, 420u * 1024);
        QCOMPARE(memory->swapTotalBytes, 0u);
    }

    void malformedMeminfoIsRejected_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("\xff\xfe\x00\x01 lorem ipsum", 17);
        QTest::newRow("no MemTotal") << QByteArray("MemFree: 10 kB\n");
        QTest::newRow("value cut off") << QByteArray("MemTotal: 10 kB\nMemFree:");
        QTest::newRow("non-numeric") << QByteArray("MemTotal: lots kB\nMemFree: 1 kB\n");
        QTest::newRow("unknown unit") << QByteArray("MemTotal: 10 MB\nMemFree: 1 kB\n");
        QTest::newRow("overflow") << QByteArray("MemTotal: 18446744073709551615 kB\nMemFree: 1 kB\n");
        QTest::newRow("first line of fixture") << fixture("meminfo").left(20);
        QTest::newRow("fixture cut in a number") << fixture("meminfo").left(48);
    }

    void malformedMeminfoIsRejected()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!parseProcMeminfo(text));
    }

    void cpuinfoFixture()
    {
        const auto info = parseProcCpuinfo(fixture("cpuinfo"));
        QVERIFY(info);
        QCOMPARE(info->model, u"AMD EPYC");
        QCOMPARE(info->logicalCores, 2);
    }

    void cpuinfoArmStyle()
    {
        const auto info = parseProcCpuinfo("processor\t: 0\nBogoMIPS\t: 108.00\nprocessor\t: 1\n"
                                           "processor\t: 2\nprocessor\t: 3\n\nHardware\t: BCM2835\n"
                                           "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        QVERIFY(info);
        QCOMPARE(info->model, u"Raspberry Pi 4 Model B Rev 1.4");
        QCOMPARE(info->logicalCores, 4);
    }

    void malformedCpuinfoIsRejected()
    {
        QVERIFY(!parseProcCpuinfo(""));
        QVERIFY(!parseProcCpuinfo("model name : Some CPU\n")); // no processor entries
        QVERIFY(!parseProcCpuinfo("processor : zero\n"));
        QVERIFY(!parseProcCpuinfo(QByteArray("\xff\x00\x01", 3)));
    }

    void uptimeAndLoadavgFixtures()
    {
        QCOMPARE(parseProcUptime(fixture("uptime")), std::optional<double>(6177.22));
        const auto load = parseProcLoadavg(fixture("loadavg"));
        QVERIFY(load);
        QCOMPARE(load->one, 2.31);
        QCOMPARE(load->five, 1.79);
        QCOMPARE(load->fifteen, 1.99);
    }

    void malformedUptimeAndLoadavgAreRejected()
    {
        for (const QByteArray &text : {QByteArray(), QByteArray("6177.22"), QByteArray("abc def"), QByteArray("-5 3"),
                                       QByteArray("nan 1"), QByteArray("inf 1"), QByteArray("1 2 3")})
            QVERIFY2(!parseProcUptime(text), text.constData());
        for (const QByteArray &text : {QByteArray(), QByteArray("2.31 1.79 1.99"), QByteArray("a b c 1/2 3"),
                                       QByteArray("2.31 1.79 1.99 3"), QByteArray("1 2 3 4 5")})
            QVERIFY2(!parseProcLoadavg(text), text.constData());
    }

    void fileSystemFilter()
    {
        for (const char *shown : {"ext4", "btrfs", "xfs", "vfat", "overlay", "nfs4", "fuseblk", "zfs"})
            QVERIFY2(isShownFileSystem(shown), shown);
        for (const char *hidden : {"tmpfs", "proc", "sysfs", "devtmpfs", "cgroup2", "squashfs", ""})
            QVERIFY2(!isShownFileSystem(hidden), hidden);
    }

    void snapshotOfFixtureRoot()
    {
        // A copy of the fixtures, so stat can be swapped for its later sample between two snapshots.
        QTemporaryDir root;
        QVERIFY(root.isValid());
        for (const char *name : {"stat", "meminfo", "cpuinfo", "uptime", "loadavg"})
            QVERIFY(QFile::copy(fixtureDir() + u'/' + QLatin1StringView(name), root.filePath(QLatin1StringView(name))));

        SystemInfo info(root.path());
        const SystemSnapshot first = info.snapshot();
        QCOMPARE(first.cpuModel, u"AMD EPYC");
        QCOMPARE(first.cpuCores, 2);
        QCOMPARE(first.uptimeSeconds, std::optional<double>(6177.22));
        QVERIFY(first.memory);
        QCOMPARE(first.memory->totalBytes, 24683620ull * 1024);
        // First snapshot: the average since boot.
        QVERIFY(first.cpuUsageSinceBoot);
        QVERIFY(first.cpuUsage);
        const auto boot = parseProcStat(fixture("stat"));
        QCOMPARE(first.cpuUsage->total, 100.0 - 100.0 * boot->all.idleTotal() / boot->all.total());

        QVERIFY(QFile::remove(root.filePath(u"stat"_s)));
        QVERIFY(QFile::copy(fixtureDir() + u"/stat.1s-later", root.filePath(u"stat"_s)));
        const SystemSnapshot second = info.snapshot();
        QVERIFY(!second.cpuUsageSinceBoot);
        QVERIFY(second.cpuUsage);
        QCOMPARE(second.cpuUsage->total, 203.0 * 100 / 205);
        QCOMPARE(second.cpuUsage->perCore.size(), 2);

        // Broken files leave their parts empty; the rest is still reported.
        QFile stat(root.filePath(u"stat"_s));
        QVERIFY(stat.open(QIODevice::WriteOnly | QIODevice::Truncate));
        stat.write("cpu 1 2");
        stat.close();
        QVERIFY(QFile::remove(root.filePath(u"meminfo"_s)));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot parse"_s));
        const SystemSnapshot broken = info.snapshot();
        QVERIFY(!broken.cpuUsage);
        QVERIFY(!broken.memory);
        QCOMPARE(broken.cpuCores, 2);
        QVERIFY(broken.uptimeSeconds);
    }

    void snapshotOfRealSystemIsSane()
    {
        SystemInfo info;
        const SystemSnapshot snapshot = info.snapshot();
        QVERIFY(!snapshot.hostName.isEmpty());
        QVERIFY(!snapshot.osName.isEmpty());
        QVERIFY(snapshot.kernel.startsWith(u"linux "));
        QVERIFY(snapshot.uptimeSeconds && *snapshot.uptimeSeconds > 0);
        QVERIFY(snapshot.loadAverage);
        QVERIFY(snapshot.cpuCores >= 1);
        QVERIFY(snapshot.cpuUsage);
        QVERIFY(snapshot.cpuUsage->total >= 0 && snapshot.cpuUsage->total <= 100);
        QVERIFY(!snapshot.cpuUsage->perCore.isEmpty());
        QVERIFY(snapshot.memory && snapshot.memory->totalBytes > 0);
        QVERIFY(snapshot.memory->availableBytes <= snapshot.memory->totalBytes);
        QVERIFY(!snapshot.disks.isEmpty());
        bool haveRoot = false;
        for (const DiskInfo &disk : snapshot.disks) {
            QVERIFY(disk.totalBytes > 0);
            QVERIFY(disk.freeBytes <= disk.totalBytes);
            QVERIFY(disk.availableBytes <= disk.freeBytes);
            haveRoot = haveRoot || disk.mountPoint == u"/";
        }
        QVERIFY(haveRoot);
        for (const NetworkInterfaceInfo &interface : snapshot.network)
            QVERIFY(!interface.addresses.isEmpty());
        qInfo() << "host" << snapshot.hostName << snapshot.osName << snapshot.kernel << "cores" << snapshot.cpuCores
                << "disks" << snapshot.disks.size() << "interfaces" << snapshot.network.size();

        const SystemSnapshot later = info.snapshot();
        QVERIFY(!later.cpuUsageSinceBoot);
        QVERIFY(later.cpuUsage && later.cpuUsage->total >= 0 && later.cpuUsage->total <= 100);
    }

    void jsonHasTheDocumentedKeys()
    {
        SystemSnapshot snapshot = SystemInfo().snapshot();
        snapshot.screens.append(ScreenInfo{u"Virtual-1"_s, 0, 0, 1920, 1080, 1.0});
        const QJsonObject json = toJson(snapshot);
        qInfo().noquote() << QJsonDocument(json).toJson(QJsonDocument::Compact);
        QStringList keys = json.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{u"cpu"_s, u"disks"_s, u"hostName"_s, u"kernel"_s, u"loadAverage"_s, u"memory"_s,
                                    u"network"_s, u"os"_s, u"screens"_s, u"swap"_s, u"uptime"_s}));
        QCOMPARE(json.value(u"hostName").toString(), snapshot.hostName);
        QVERIFY(json.value(u"uptime").toDouble() > 0);
        QCOMPARE(json.value(u"loadAverage").toArray().size(), 3);

        const QJsonObject cpu = json.value(u"cpu").toObject();
        QCOMPARE(cpu.value(u"cores").toInt(), snapshot.cpuCores);
        QCOMPARE(cpu.value(u"usage").toDouble(), snapshot.cpuUsage->total);
        QCOMPARE(cpu.value(u"perCore").toArray().size(), snapshot.cpuUsage->perCore.size());
        QVERIFY(cpu.value(u"sinceBoot").toBool());
        QVERIFY(cpu.contains(u"model"));

        const QJsonObject memory = json.value(u"memory").toObject();
        QCOMPARE(memory.value(u"total").toDouble(), double(snapshot.memory->totalBytes));
        QCOMPARE(memory.value(u"used").toDouble(),
                 double(snapshot.memory->totalBytes - snapshot.memory->availableBytes));
        QVERIFY(memory.contains(u"available"));
        const QJsonObject swap = json.value(u"swap").toObject();
        QCOMPARE(swap.keys(), (QStringList{u"free"_s, u"total"_s, u"used"_s}));

        const QJsonObject disk = json.value(u"disks").toArray().first().toObject();
        QStringList diskKeys = disk.keys();
        diskKeys.sort();
        QCOMPARE(diskKeys, (QStringList{u"available"_s, u"device"_s, u"free"_s, u"mountPoint"_s, u"readOnly"_s,
                                        u"total"_s, u"type"_s, u"used"_s}));
        QCOMPARE(disk.value(u"total").toDouble(), double(snapshot.disks.first().totalBytes));

        for (const QJsonValue &interface : json.value(u"network").toArray()) {
            QCOMPARE(interface.toObject().keys(), (QStringList{u"addresses"_s, u"mac"_s, u"name"_s}));
        }
        const QJsonObject screen = json.value(u"screens").toArray().first().toObject();
        QCOMPARE(screen.value(u"width").toInt(), 1920);
        QCOMPARE(screen.value(u"height").toInt(), 1080);
        QCOMPARE(screen.value(u"name").toString(), u"Virtual-1");

        // Unreadable parts become null, not missing keys.
        const QJsonObject empty = toJson(SystemSnapshot{});
        QVERIFY(empty.value(u"uptime").isNull());
        QVERIFY(empty.value(u"memory").isNull());
        QVERIFY(empty.value(u"swap").isNull());
        QVERIFY(empty.value(u"cpu").toObject().value(u"usage").isNull());
    }
};

QTEST_GUILESS_MAIN(TestSystemInfo)
#include "tst_systeminfo.moc"
