#include "host/byterange.h"

#include <QTest>

#include <limits>

using deskport::ByteRange;

Q_DECLARE_METATYPE(ByteRange::Kind)

class TestByteRange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("fileSize");
        QTest::addColumn<ByteRange::Kind>("kind");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<QByteArray>("contentRange");

        const auto whole = ByteRange::Kind::Whole;
        const auto partial = ByteRange::Kind::Partial;
        const auto unsatisfiable = ByteRange::Kind::Unsatisfiable;
        const qint64 max = std::numeric_limits<qint64>::max();

        // The three forms.
        QTest::newRow("first-last") << QByteArray("bytes=0-99") << qint64(1000) << partial << qint64(0) << qint64(100)
                                    << QByteArray("bytes 0-99/1000");
        QTest::newRow("middle") << QByteArray("bytes=500-599") << qint64(1000) << partial << qint64(500) << qint64(100)
                                << QByteArray("bytes 500-599/1000");
        QTest::newRow("single byte") << QByteArray("bytes=0-0") << qint64(1000) << partial << qint64(0) << qint64(1)
                                     << QByteArray("bytes 0-0/1000");
        QTest::newRow("last byte") << QByteArray("bytes=999-999") << qint64(1000) << partial << qint64(999)
                                   << qint64(1) << QByteArray("bytes 999-999/1000");
        QTest::newRow("open end") << QByteArray("bytes=900-") << qint64(1000) << partial << qint64(900) << qint64(100)
                                  << QByteArray("bytes 900-999/1000");
        QTest::newRow("open end from 0") << QByteArray("bytes=0-") << qint64(1000) << partial << qint64(0)
                                         << qint64(1000) << QByteArray("bytes 0-999/1000");
        QTest::newRow("suffix") << QByteArray("bytes=-100") << qint64(1000) << partial << qint64(900) << qint64(100)
                                << QByteArray("bytes 900-999/1000");
        QTest::newRow("suffix whole") << QByteArray("bytes=-1000") << qint64(1000) << partial << qint64(0)
                                      << qint64(1000) << QByteArray("bytes 0-999/1000");
        QTest::newRow("suffix longer than file") << QByteArray("bytes=-5000") << qint64(1000) << partial << qint64(0)
                                                 << qint64(1000) << QByteArray("bytes 0-999/1000");
        QTest::newRow("last beyond end is clamped") << QByteArray("bytes=10-5000") << qint64(1000) << partial
                                                    << qint64(10) << qint64(990) << QByteArray("bytes 10-999/1000");

        // Syntax details the RFC allows.
        QTest::newRow("unit is case-insensitive") << QByteArray("Bytes=0-9") << qint64(100) << partial << qint64(0)
                                                  << qint64(10) << QByteArray("bytes 0-9/100");
        QTest::newRow("surrounding whitespace") << QByteArray("  bytes=0-9\t") << qint64(100) << partial << qint64(0)
                                                << qint64(10) << QByteArray("bytes 0-9/100");
        QTest::newRow("empty list elements") << QByteArray("bytes=, 0-9 ,") << qint64(100) << partial << qint64(0)
                                             << qint64(10) << QByteArray("bytes 0-9/100");
        QTest::newRow("leading zeros") << QByteArray("bytes=0005-0009") << qint64(100) << partial << qint64(5)
                                       << qint64(5) << QByteArray("bytes 5-9/100");

        // Unsatisfiable: 416.
        QTest::newRow("first at size") << QByteArray("bytes=1000-") << qint64(1000) << unsatisfiable << qint64(0)
                                       << qint64(0) << QByteArray("bytes */1000");
        QTest::newRow("first beyond size") << QByteArray("bytes=2000-3000") << qint64(1000) << unsatisfiable
                                           << qint64(0) << qint64(0) << QByteArray("bytes */1000");
        QTest::newRow("zero suffix") << QByteArray("bytes=-0") << qint64(1000) << unsatisfiable << qint64(0)
                                     << qint64(0) << QByteArray("bytes */1000");
        QTest::newRow("empty file, int range") << QByteArray("bytes=0-") << qint64(0) << unsatisfiable << qint64(0)
                                               << qint64(0) << QByteArray("bytes */0");
        // Satisfiable per RFC 9110 but with no byte to name: the whole (empty) file is sent.
        QTest::newRow("empty file, suffix") << QByteArray("bytes=-10") << qint64(0) << whole << qint64(0)
                                            << qint64(0) << QByteArray();

        // Overflow: saturates instead of wrapping.
        QTest::newRow("huge first") << QByteArray("bytes=99999999999999999999999-") << qint64(1000) << unsatisfiable
                                    << qint64(0) << qint64(0) << QByteArray("bytes */1000");
        QTest::newRow("huge last") << QByteArray("bytes=1-99999999999999999999999") << qint64(1000) << partial
                                   << qint64(1) << qint64(999) << QByteArray("bytes 1-999/1000");
        QTest::newRow("huge suffix") << QByteArray("bytes=-99999999999999999999999") << qint64(1000) << partial
                                     << qint64(0) << qint64(1000) << QByteArray("bytes 0-999/1000");
        QTest::newRow("int64 max last") << QByteArray("bytes=0-9223372036854775807") << qint64(10) << partial
                                        << qint64(0) << qint64(10) << QByteArray("bytes 0-9/10");
        QTest::newRow("int64 max + 1 first") << QByteArray("bytes=9223372036854775808-") << max << unsatisfiable
                                             << qint64(0) << qint64(0)
                                             << QByteArray("bytes */9223372036854775807");
        QTest::newRow("file of int64 max") << QByteArray("bytes=-1") << max << partial << max - 1 << qint64(1)
                                           << QByteArray("bytes 9223372036854775806-9223372036854775806/"
                                                         "9223372036854775807");

        // Malformed or unsupported: ignored, the whole file is sent.
        const QList<QByteArray> ignored = {
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=abc",
            "bytes=5",
            "bytes=10-5",         // last < first is invalid, not unsatisfiable
            "bytes=-5-10",
            "bytes=+5-10",
            "bytes=5--10",
            "bytes=0x10-20",
            "bytes= 0 - 9",       // whitespace inside a range-spec
            "bytes = 0-9",
            "bytes=0-9;x",
            "items=0-9",
            "bytesx=0-9",
            "bytes=0-9,20-29",    // several ranges: deliberately unsupported
            "bytes=0-0,-1",
            "bytes=0-9,zz",
            "bytes=,",
            QByteArray("bytes=0-\0" "9", 10),
        };
        for (const QByteArray &header : ignored) {
            const QByteArray tag = QByteArrayLiteral("ignored: ") + header;
            QTest::newRow(tag.constData())
                << header << qint64(1000) << whole << qint64(0) << qint64(1000) << QByteArray();
        }
        QTest::newRow("unknown size") << QByteArray("bytes=0-9") << qint64(-1) << whole << qint64(0) << qint64(0)
                                      << QByteArray();
    }

    void parse()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, fileSize);
        QFETCH(ByteRange::Kind, kind);
        QFETCH(qint64, start);
        QFETCH(qint64, length);
        QFETCH(QByteArray, contentRange);

        const ByteRange range = ByteRange::parse(header, fileSize);
        QCOMPARE(range.kind(), kind);
        QCOMPARE(range.start(), start);
        QCOMPARE(range.length(), length);
        QCOMPARE(range.contentRange(), contentRange);
        if (kind == ByteRange::Kind::Partial) {
            QVERIFY(range.length() > 0);
            QVERIFY(range.start() <= fileSize - range.length());
        }
    }
};

QTEST_GUILESS_MAIN(TestByteRange)
#include "tst_byterange.moc"
