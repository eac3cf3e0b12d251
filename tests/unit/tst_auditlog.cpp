#include "core/auditlog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using deskport::AuditEvent;
using deskport::AuditEventKind;
using deskport::AuditLog;

Q_DECLARE_METATYPE(AuditEventKind)

namespace {

constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                              QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                              QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

const QList<AuditEventKind> AllKinds{
    AuditEventKind::LoginSucceeded,  AuditEventKind::LoginDenied,        AuditEventKind::LoginThrottled,
    AuditEventKind::ViewerConnected, AuditEventKind::ViewerDisconnected, AuditEventKind::SessionEnded,
    AuditEventKind::ConsentAllowed,  AuditEventKind::ConsentDenied,
};

// A fixed time with milliseconds, so a lost or rounded millisecond shows.
QDateTime sampleTime(int offsetMs = 0)
{
    return QDateTime(QDate(2026, 11, 30), QTime(6, 13, 48, 123), Qt::UTC).addMSecs(offsetMs);
}

AuditEvent numbered(int number)
{
    AuditEvent event;
    event.kind = number % 2 ? AuditEventKind::ViewerDisconnected : AuditEventKind::LoginDenied;
    event.time = sampleTime(number);
    event.address = QStringLiteral("192.168.%1.%2").arg(number / 256 % 256).arg(number % 256);
    event.role = number % 2 ? QStringLiteral("control") : QString();
    event.seconds = number % 2 ? number : 0;
    // Lines of different lengths, so rotation is not always at the same line count.
    event.detail = QStringLiteral("event #%1 ").arg(number) + QString(number % 37, u'x');
    return event;
}

// What a record() keeps of an event: the form it has after a trip through the file.
AuditEvent stored(const AuditEvent &event)
{
    return AuditLog::parseLine(AuditLog::formatLine(event)).value_or(AuditEvent());
}

int numberOf(const AuditEvent &event)
{
    static const QRegularExpression pattern(QStringLiteral("^event #(\\d+) "));
    const QRegularExpressionMatch match = pattern.match(event.detail);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(data), data.size());
}

qint64 sizeOf(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

} // namespace

namespace deskport {
// Readable failures: QCOMPARE prints both events.
char *toString(const AuditEvent &event)
{
    return QTest::toString(QString::fromUtf8(AuditLog::formatLine(event).trimmed()));
}
} // namespace deskport

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("audit-%1/audit.log").arg(++m_files)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void namesAreStable()
    {
        // The file stores these names: changing one would make old lines unreadable.
        const QStringList expected{
            QStringLiteral("LoginSucceeded"),  QStringLiteral("LoginDenied"),        QStringLiteral("LoginThrottled"),
            QStringLiteral("ViewerConnected"), QStringLiteral("ViewerDisconnected"), QStringLiteral("SessionEnded"),
            QStringLiteral("ConsentAllowed"),  QStringLiteral("ConsentDenied"),
        };
        for (int i = 0; i < AllKinds.size(); ++i) {
            QCOMPARE(deskport::auditEventName(AllKinds.at(i)), expected.at(i));
            QVERIFY(deskport::auditEventKindFromName(expected.at(i)) == AllKinds.at(i));
        }
        QVERIFY(!deskport::auditEventKindFromName(QStringLiteral("loginsucceeded")));
        QVERIFY(!deskport::auditEventKindFromName(QString()));
    }

    void roundTrip_data()
    {
        QTest::addColumn<AuditEventKind>("kind");
        for (AuditEventKind kind : AllKinds)
            QTest::newRow(qPrintable(deskport::auditEventName(kind))) << kind;
    }

    void roundTrip()
    {
        QFETCH(AuditEventKind, kind);
        AuditEvent event;
        event.kind = kind;
        event.time = sampleTime();
        event.address = QStringLiteral("fe80::1%eth0");
        event.role = QStringLiteral("view");
        event.seconds = kind == AuditEventKind::ViewerDisconnected ? 754 : 0;
        event.detail = QStringLiteral("caf\u00e9 \"quoted\" back\\slash \U0001F600");

        const QByteArray line = AuditLog::formatLine(event);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1);
        const std::optional<AuditEvent> parsed = AuditLog::parseLine(line);
        QVERIFY(parsed);
        QCOMPARE(*parsed, event);
        QCOMPARE(parsed->time.timeSpec(), Qt::UTC);
        QCOMPARE(parsed->time.toMSecsSinceEpoch(), event.time.toMSecsSinceEpoch());
        // Also without the "\n", and with "\r\n".
        QCOMPARE(AuditLog::parseLine(line.chopped(1)).value_or(AuditEvent()), event);
        QCOMPARE(AuditLog::parseLine(line.chopped(1) + "\r\n").value_or(AuditEvent()), event);
    }

    void lineFormat()
    {
        AuditEvent disconnect;
        disconnect.kind = AuditEventKind::ViewerDisconnected;
        disconnect.time = sampleTime();
        disconnect.address = QStringLiteral("192.168.1.20");
        disconnect.role = QStringLiteral("control");
        disconnect.seconds = 754;
        QCOMPARE(AuditLog::formatLine(disconnect),
                 QByteArray(R"({"time":"2026-11-30T06:13:48.123Z","event":"ViewerDisconnected",)"
                            R"("address":"192.168.1.20","role":"control","seconds":754,"detail":""})"
                            "\n"));

        // seconds only on disconnects; a local time is written as UTC.
        AuditEvent denied;
        denied.kind = AuditEventKind::LoginDenied;
        denied.time = sampleTime().toOffsetFromUtc(3 * 3600);
        denied.address = QStringLiteral("10.0.0.7");
        denied.seconds = 99;
        denied.detail = QStringLiteral("bad password");
        QCOMPARE(AuditLog::formatLine(denied), QByteArray(R"({"time":"2026-11-30T06:13:48.123Z","event":"LoginDenied",)"
                                                          R"("address":"10.0.0.7","role":"","detail":"bad password"})"
                                                          "\n"));
        QCOMPARE(AuditLog::parseLine(AuditLog::formatLine(denied))->seconds, 0);

        // An unknown role is not stored; a negative duration becomes 0.
        disconnect.role = QStringLiteral("admin");
        disconnect.seconds = -5;
        const std::optional<AuditEvent> parsed = AuditLog::parseLine(AuditLog::formatLine(disconnect));
        QVERIFY(parsed);
        QCOMPARE(parsed->role, QString());
        QCOMPARE(parsed->seconds, 0);
    }

    void parseRejectsGarbage_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("not json at all");
        QTest::newRow("array") << QByteArray("[1,2,3]");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("cut short") << QByteArray("{\"time\":\"2026-11-30T06:13:48.123Z\",\"event\":\"LoginDen");
        QTest::newRow("unknown event") << QByteArray(R"({"time":"2026-11-30T06:13:48.123Z","event":"Bogus"})");
        QTest::newRow("event not text") << QByteArray(R"({"time":"2026-11-30T06:13:48.123Z","event":3})");
        QTest::newRow("no time") << QByteArray(R"({"event":"LoginSucceeded"})");
        QTest::newRow("bad time") << QByteArray(R"({"time":"yesterday","event":"LoginSucceeded"})");
        QTest::newRow("binary") << QByteArray(QByteArray(3, '\0') + QByteArray(3, '\xff') + "{\"");
    }

    void parseRejectsGarbage()
    {
        QFETCH(QByteArray, line);
        QVERIFY(!AuditLog::parseLine(line));
    }

    void parseSanitisesHandEditedLines()
    {
        // Written by hand (or by another program): the escapes decode to a newline and a bidi override, which must
        // not reach the tray.
        const std::optional<AuditEvent> parsed = AuditLog::parseLine(
            R"({"time":"2026-11-30T06:13:48.123Z","event":"LoginDenied","address":"1.2.3.4\n","detail":"a\u202eb\nc"})");
        QVERIFY(parsed);
        QCOMPARE(parsed->address, QStringLiteral("1.2.3.4 "));
        QCOMPARE(parsed->detail, QStringLiteral("a\uFFFDb c"));
    }

    void sanitize()
    {
        QCOMPARE(AuditLog::sanitize(QStringLiteral("plain text")), QStringLiteral("plain text"));
        QCOMPARE(AuditLog::sanitize(QStringLiteral("a\nb\rc\td")), QStringLiteral("a b c d"));
        QCOMPARE(AuditLog::sanitize(QStringLiteral("a\u2028b\u2029c")), QStringLiteral("a b c"));
        QString controls = QStringLiteral("a");
        for (char16_t control : {char16_t(0x00), char16_t(0x1b), char16_t(0x7f), char16_t(0x85), char16_t(0x202e)})
            controls += QChar(control) + QStringLiteral("b");
        QCOMPARE(AuditLog::sanitize(controls), QStringLiteral("a\uFFFDb\uFFFDb\uFFFDb b\uFFFDb"));
        // A lone surrogate is replaced, a pair kept.
        const QString lone = QStringLiteral("a") + QChar(char16_t(0xD83D)) + QStringLiteral("b");
        QCOMPARE(AuditLog::sanitize(lone), QStringLiteral("a\uFFFDb"));
        QCOMPARE(AuditLog::sanitize(QStringLiteral("\U0001F600")), QStringLiteral("\U0001F600"));

        QCOMPARE(AuditLog::sanitize(QString(500, u'y')).size(), AuditLog::DetailMaxLength);
        // The cut never splits a pair: 199 units + a 2-unit character would be 201.
        const QString cutInPair = QString(199, u'y') + QStringLiteral("\U0001F600");
        QCOMPARE(AuditLog::sanitize(cutInPair), QString(199, u'y'));
        QCOMPARE(AuditLog::sanitize(QString(198, u'y') + QStringLiteral("\U0001F600")),
                 QString(198, u'y') + QStringLiteral("\U0001F600"));
    }

    void fileIsCreatedPrivate()
    {
        const QString path = newPath();
        QVERIFY(!QFileInfo::exists(QFileInfo(path).absolutePath()));
        AuditLog log(path);
        QCOMPARE(log.filePath(), path);
        QVERIFY(log.record(
            AuditEvent::now(AuditEventKind::LoginSucceeded, QStringLiteral("10.0.0.1"), QStringLiteral("control"))));
        QVERIFY(log.errorString().isEmpty());
        QVERIFY(QFileInfo::exists(path));
        QCOMPARE(QFileInfo(path).permissions() & ModeBits, OwnerOnly);
        // On disk as soon as record() returns, one line.
        const QByteArray data = readAll(path);
        QCOMPARE(data.count('\n'), 1);
        QVERIFY(data.contains("\"event\":\"LoginSucceeded\""));
    }

    void existingFileIsMadePrivate()
    {
        const QString path = newPath();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        writeAll(path, QByteArray());
        QVERIFY(QFile::setPermissions(path, OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        AuditLog log(path);
        QVERIFY(log.record(numbered(1)));
        QCOMPARE(QFileInfo(path).permissions() & ModeBits, OwnerOnly);
    }

    void hostileDetailStaysOneLine()
    {
        const QString path = newPath();
        AuditLog log(path);
        AuditEvent event = numbered(0);
        event.kind = AuditEventKind::LoginDenied;
        event.address = QStringLiteral("6.6.6.6\n{\"event\":\"LoginSucceeded\"}");
        event.detail = QStringLiteral("\n{\"event\":\"LoginSucceeded\"}");
        QVERIFY(log.record(event));

        const QByteArray data = readAll(path);
        QCOMPARE(data.count('\n'), 1);
        QVERIFY(data.endsWith('\n'));
        const QList<AuditEvent> events = log.recent(10);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0).kind, AuditEventKind::LoginDenied);
        QVERIFY(!events.at(0).detail.contains(u'\n'));
        QVERIFY(!events.at(0).address.contains(u'\n'));
        QCOMPARE(events.at(0).detail, QStringLiteral(" {\"event\":\"LoginSucceeded\"}"));
        // A restarted reader sees the same single event.
        QCOMPARE(AuditLog(path).recent(10), events);
    }

    void rotationKeepsSizeBoundedAndNewestReadable()
    {
        const QString path = newPath();
        const qint64 maxBytes = 16 * 1024;
        AuditLog log(path, maxBytes);
        const QString rotated = path + QStringLiteral(".1");
        QCOMPARE(log.rotatedFilePath(), rotated);

        const int total = 10000;
        int rotations = 0;
        qint64 previousSize = 0;
        qint64 largestTotal = 0;
        for (int i = 0; i < total; ++i) {
            QVERIFY(log.record(numbered(i)));
            const qint64 current = sizeOf(path);
            const qint64 old = sizeOf(rotated);
            QVERIFY2(current <= maxBytes, qPrintable(QStringLiteral("event %1: %2 bytes").arg(i).arg(current)));
            QVERIFY(old <= maxBytes);
            QVERIFY(current + old <= 2 * maxBytes);
            largestTotal = std::max(largestTotal, current + old);
            const bool justRotated = current < previousSize;
            previousSize = current;
            if (justRotated) {
                ++rotations;
                // Right after a rotation the current file holds one line: the rest come from ".1", in order.
                QCOMPARE(readAll(path).count('\n'), 1);
                QCOMPARE(QFileInfo(rotated).permissions() & ModeBits, OwnerOnly);
            }
            if (justRotated || i % 97 == 0) {
                const QList<AuditEvent> events = log.recent(40);
                QCOMPARE(events.size(), std::min(40, i + 1));
                for (int k = 0; k < events.size(); ++k)
                    QCOMPARE(numberOf(events.at(k)), i - k);
                QCOMPARE(events.at(0), stored(numbered(i)));
            }
        }
        QVERIFY(log.errorString().isEmpty());
        // Lines are ~130 bytes: 10 000 of them fill 16 KiB files many times over.
        QVERIFY2(rotations >= 50, qPrintable(QString::number(rotations)));
        QVERIFY(largestTotal > maxBytes);
        qInfo("%d rotations, largest total on disk %lld bytes (limit %lld)", rotations, largestTotal, 2 * maxBytes);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".2")));

        // Everything on disk reads back, newest first, without gaps, from both files.
        const int onDisk = readAll(path).count('\n') + readAll(rotated).count('\n');
        const QList<AuditEvent> all = AuditLog(path, maxBytes).recent(total);
        QCOMPARE(all.size(), onDisk);
        QVERIFY(onDisk > int(maxBytes / 200));
        for (int k = 0; k < all.size(); ++k)
            QCOMPARE(numberOf(all.at(k)), total - 1 - k);
    }

    void truncatedAndGarbageLinesAreSkipped()
    {
        const QString path = newPath();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QByteArray data;
        data += AuditLog::formatLine(numbered(1));
        data += "garbage line that is not json\n";
        data += "\n";
        data += R"({"time":"2026-11-30T06:13:48.123Z","event":"Bogus","address":"","role":"","detail":""})"
                "\n";
        data += AuditLog::formatLine(numbered(2));
        // A crash in the middle of a write: the last line has no end.
        data += AuditLog::formatLine(numbered(3)).left(40);
        writeAll(path, data);

        AuditLog log(path);
        QList<AuditEvent> events = log.recent(10);
        QCOMPARE(events.size(), 2);
        QCOMPARE(numberOf(events.at(0)), 2);
        QCOMPARE(numberOf(events.at(1)), 1);

        // The next event starts on a line of its own, rather than being glued to the cut one and lost.
        QVERIFY(log.record(numbered(4)));
        events = log.recent(10);
        QCOMPARE(events.size(), 3);
        QCOMPARE(numberOf(events.at(0)), 4);
        QCOMPARE(numberOf(events.at(1)), 2);
        QVERIFY(readAll(path).endsWith(AuditLog::formatLine(numbered(4))));
        QVERIFY(readAll(path).contains(QByteArray(AuditLog::formatLine(numbered(3)).left(40) + "\n")));

        // recent() with a count stops early; nothing for 0 or less.
        QCOMPARE(log.recent(1).size(), 1);
        QVERIFY(log.recent(0).isEmpty());
        QVERIFY(log.recent(-3).isEmpty());
    }

    void unwritableFolderKeepsEventsInMemory()
    {
        // A folder under a regular file cannot be created, even by root.
        const QString blocker = m_dir.filePath(QStringLiteral("blocker-%1").arg(++m_files));
        writeAll(blocker, "I am a file\n");
        const QString path = blocker + QStringLiteral("/sub/audit.log");

        AuditLog log(path);
        QVERIFY(log.recent(5).isEmpty());
        // One warning per outage, not one per event.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Audit log: cannot create the folder ")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Audit log")));
        for (int i = 0; i < 3; ++i)
            QVERIFY(!log.record(numbered(i)));
        QVERIFY(!log.errorString().isEmpty());
        QVERIFY(!QFileInfo::exists(path));
        const QList<AuditEvent> events = log.recent(10);
        QCOMPARE(events.size(), 3);
        for (int k = 0; k < 3; ++k)
            QCOMPARE(events.at(k), stored(numbered(2 - k)));

        // Memory is bounded too: the oldest are dropped.
        for (int i = 3; i < AuditLog::MemoryCapacity + 10; ++i)
            log.record(numbered(i));
        const QList<AuditEvent> kept = log.recent(AuditLog::MemoryCapacity * 2);
        QCOMPARE(kept.size(), AuditLog::MemoryCapacity);
        QCOMPARE(numberOf(kept.first()), AuditLog::MemoryCapacity + 9);
        QCOMPARE(numberOf(kept.last()), 10);
    }

    void eventsKeptInMemoryAreWrittenOnceTheFolderIsBack()
    {
        const QString folder = m_dir.filePath(QStringLiteral("later-%1").arg(++m_files));
        writeAll(folder, "in the way\n");
        const QString path = folder + QStringLiteral("/audit.log");
        AuditLog log(path);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Audit log: cannot create the folder ")));
        QVERIFY(!log.record(numbered(1)));
        QVERIFY(!log.record(numbered(2)));
        QVERIFY(!log.errorString().isEmpty());

        QVERIFY(QFile::remove(folder));
        QVERIFY(log.record(numbered(3)));
        QVERIFY(log.errorString().isEmpty());
        QCOMPARE(readAll(path).count('\n'), 3);
        const QList<AuditEvent> events = AuditLog(path).recent(10);
        QCOMPARE(events.size(), 3);
        for (int k = 0; k < 3; ++k)
            QCOMPARE(numberOf(events.at(k)), 3 - k);
    }

    void restartContinuesTheSameFile()
    {
        const QString path = newPath();
        {
            AuditLog first(path);
            for (int i = 0; i < 3; ++i)
                QVERIFY(first.record(numbered(i)));
        }
        AuditLog second(path);
        // Who was here before the restart.
        QList<AuditEvent> events = second.recent(10);
        QCOMPARE(events.size(), 3);
        QCOMPARE(numberOf(events.at(0)), 2);

        for (int i = 3; i < 5; ++i)
            QVERIFY(second.record(numbered(i)));
        QCOMPARE(readAll(path).count('\n'), 5);
        QVERIFY(!QFileInfo::exists(second.rotatedFilePath()));
        events = second.recent(10);
        QCOMPARE(events.size(), 5);
        for (int k = 0; k < 5; ++k)
            QCOMPARE(numberOf(events.at(k)), 4 - k);
    }

    void recordFillsTheTime()
    {
        const QString path = newPath();
        AuditLog log(path);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        AuditEvent event;
        event.kind = AuditEventKind::SessionEnded;
        QVERIFY(log.record(event));
        const QDateTime after = QDateTime::currentDateTimeUtc();
        const QList<AuditEvent> events = log.recent(1);
        QCOMPARE(events.size(), 1);
        QVERIFY(events.at(0).time >= before && events.at(0).time <= after);
        QCOMPARE(events.at(0).time.timeSpec(), Qt::UTC);
    }

    void tinyLimitIsRaised()
    {
        AuditLog log(newPath(), 10);
        QCOMPARE(log.maxBytes(), AuditLog::MinimumMaxBytes);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
