#include "server/terminalmessages.h"

#include <QTest>

using deskport::TerminalSize;
using deskport::parseTerminalResize;
using deskport::terminalSizeFromQuery;

class TestTerminalMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resize_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<int>("columns"); // 0: refused
        QTest::addColumn<int>("rows");
        QTest::newRow("resize") << QByteArray(R"({"type":"resize","cols":120,"rows":40})") << 120 << 40;
        QTest::newRow("smallest and largest") << QByteArray(R"({"type":"resize","cols":2,"rows":1000})") << 2 << 1000;
        QTest::newRow("extra fields") << QByteArray(R"({"rows":5,"cols":6,"type":"resize","x":[]})") << 6 << 5;
        QTest::newRow("too small") << QByteArray(R"({"type":"resize","cols":1,"rows":40})") << 0 << 0;
        QTest::newRow("too large") << QByteArray(R"({"type":"resize","cols":80,"rows":1001})") << 0 << 0;
        QTest::newRow("fraction") << QByteArray(R"({"type":"resize","cols":80.5,"rows":24})") << 0 << 0;
        QTest::newRow("text number") << QByteArray(R"({"type":"resize","cols":"80","rows":24})") << 0 << 0;
        QTest::newRow("huge number") << QByteArray(R"({"type":"resize","cols":1e300,"rows":24})") << 0 << 0;
        QTest::newRow("other type") << QByteArray(R"({"type":"exit","cols":80,"rows":24})") << 0 << 0;
        QTest::newRow("no type") << QByteArray(R"({"cols":80,"rows":24})") << 0 << 0;
        QTest::newRow("array") << QByteArray(R"([{"type":"resize","cols":80,"rows":24}])") << 0 << 0;
        QTest::newRow("not JSON") << QByteArray("resize 80x24") << 0 << 0;
        QTest::newRow("empty") << QByteArray() << 0 << 0;
        QTest::newRow("invalid UTF-8") << QByteArray("{\"type\":\"resize\xff\",\"cols\":80,\"rows\":24}") << 0 << 0;
    }

    void resize()
    {
        QFETCH(QByteArray, message);
        QFETCH(int, columns);
        QFETCH(int, rows);
        const std::optional<TerminalSize> size = parseTerminalResize(message);
        if (columns == 0) {
            QVERIFY(!size);
        } else {
            QVERIFY(size);
            QCOMPARE(size->columns, columns);
            QCOMPARE(size->rows, rows);
        }
    }

    void sizeFromQuery()
    {
        QCOMPARE(terminalSizeFromQuery(QStringLiteral("cols=120&rows=40")), (TerminalSize{120, 40}));
        QCOMPARE(terminalSizeFromQuery(QString()), (TerminalSize{80, 24}));
        // Each value on its own: a bad one falls back to its default, the other is kept.
        QCOMPARE(terminalSizeFromQuery(QStringLiteral("cols=1&rows=40")), (TerminalSize{80, 40}));
        QCOMPARE(terminalSizeFromQuery(QStringLiteral("cols=100&rows=abc")), (TerminalSize{100, 24}));
        QCOMPARE(terminalSizeFromQuery(QStringLiteral("cols=99999999999&rows=-5")), (TerminalSize{80, 24}));
        QCOMPARE(terminalSizeFromQuery(QStringLiteral("%%%&&&===")), (TerminalSize{80, 24}));
    }
};

QTEST_GUILESS_MAIN(TestTerminalMessages)
#include "tst_terminalmessages.moc"
