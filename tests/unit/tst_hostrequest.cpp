#include "server/hostrequest.h"

#include <QTest>

using namespace deskport;

// The host tools' request parsing on its own (tst_hosttools covers it through HTTP).
class TestHostRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesAFilePath();
    void refusesMalformedFilePaths_data();
    void refusesMalformedFilePaths();
    void parsesCounts();
};

void TestHostRequest::parsesAFilePath()
{
    const FilePath parsed = parseFilePath(QStringLiteral("home/My%20Docs/%C3%A9t%C3%A9.txt"));
    QCOMPARE(parsed.status, 0);
    QCOMPARE(parsed.root, QStringLiteral("home"));
    QCOMPARE(parsed.path, QStringLiteral("My Docs/\u00e9t\u00e9.txt"));
    const FilePath folder = parseFilePath(QStringLiteral("home/docs/"));
    QCOMPARE(folder.status, 0);
    QCOMPARE(folder.path, QStringLiteral("docs"));
}

void TestHostRequest::refusesMalformedFilePaths_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("encoded slash") << QStringLiteral("home/a%2Fb") << 403;
    QTest::newRow("encoded backslash") << QStringLiteral("home/a%5cb") << 403;
    QTest::newRow("empty segment") << QStringLiteral("home//etc") << 403;
    QTest::newRow("no root") << QStringLiteral("/") << 404;
    QTest::newRow("nothing") << QString() << 404;
    QTest::newRow("nul") << QStringLiteral("home/a%00b") << 400;
    QTest::newRow("bad utf-8") << QStringLiteral("home/%FF") << 400;
    // Found by tests/fuzz/fuzz_file_path: QByteArray::fromPercentEncoding reads non-hex digits too, so "%RF"
    // decoded to '/' and "%UC" to '\', past the encoded-separator check.
    QTest::newRow("non-hex escape as slash") << QStringLiteral("home/docs%RFnotes.txt") << 400;
    QTest::newRow("non-hex escape in root") << QStringLiteral("ho%\"Fme/x") << 400;
    QTest::newRow("non-hex escape as backslash") << QStringLiteral("home/a%UCb") << 400;
    QTest::newRow("truncated escape") << QStringLiteral("home/a%2") << 400;
    QTest::newRow("lone percent") << QStringLiteral("home/100%") << 400;
}

void TestHostRequest::refusesMalformedFilePaths()
{
    QFETCH(QString, raw);
    QFETCH(int, status);
    const FilePath parsed = parseFilePath(raw);
    QCOMPARE(parsed.status, status);
    QVERIFY(!parsed.reason.isEmpty());
}

void TestHostRequest::parsesCounts()
{
    QCOMPARE(parseCount(QStringLiteral("0")), std::optional<qint64>(0));
    QCOMPARE(parseCount(QStringLiteral("000123")), std::optional<qint64>(123));
    QCOMPARE(parseCount(QStringLiteral("999999999999999999")), std::optional<qint64>(999999999999999999LL));
    for (const QString &bad : {QStringLiteral(""), QStringLiteral("1000000000000000000"), QStringLiteral("-1"),
                               QStringLiteral("+5"), QStringLiteral("12a"), QStringLiteral("\u0661\u0662")}) {
        QVERIFY2(!parseCount(bad), qPrintable(bad));
    }
}

QTEST_GUILESS_MAIN(TestHostRequest)
#include "tst_hostrequest.moc"
