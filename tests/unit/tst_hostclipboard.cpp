// HostClipboard on Qt's offscreen platform, whose clipboard lives in this process; the real X selection is
// exercised by the end-to-end input test (xclip on the shared display).

#include "host/hostclipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

using namespace deskport;

class TestHostClipboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QGuiApplication::clipboard()->setText(QString()); }

    void setAndReadText()
    {
        HostClipboard clipboard(true);
        QSignalSpy changed(&clipboard, &HostClipboard::textChanged);
        clipboard.setText(QStringLiteral("Gr\u00fc\u00dfe \u20ac"));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Gr\u00fc\u00dfe \u20ac"));
        QCOMPARE(clipboard.text(), QStringLiteral("Gr\u00fc\u00dfe \u20ac"));
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toString(), QStringLiteral("Gr\u00fc\u00dfe \u20ac"));
    }

    void otherApplicationsChangesAreReported()
    {
        HostClipboard clipboard(true);
        QSignalSpy changed(&clipboard, &HostClipboard::textChanged);
        QGuiApplication::clipboard()->setText(QStringLiteral("copied elsewhere"));
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toString(), QStringLiteral("copied elsewhere"));
        // The same text again is no news.
        QGuiApplication::clipboard()->setText(QStringLiteral("copied elsewhere"));
        QTest::qWait(50);
        QCOMPARE(changed.size(), 1);
    }

    void switchedOffReadsAndWritesNothing()
    {
        QGuiApplication::clipboard()->setText(QStringLiteral("private"));
        HostClipboard clipboard(false);
        QSignalSpy changed(&clipboard, &HostClipboard::textChanged);
        QVERIFY(!clipboard.isEnabled());
        QCOMPARE(clipboard.text(), QString());
        clipboard.setText(QStringLiteral("from a viewer"));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("private"));
        QGuiApplication::clipboard()->setText(QStringLiteral("changed"));
        QTest::qWait(50);
        QCOMPARE(changed.size(), 0);
    }
};

QTEST_MAIN(TestHostClipboard)
#include "tst_hostclipboard.moc"
