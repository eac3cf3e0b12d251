#include "core/qrcode.h"

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdlib>

using deskport::QrCode;

namespace {

constexpr int QuietZone = 4; // modules, as the QR specification asks
constexpr int Scale = 8;     // pixels per module

// The 7x7 finder pattern whose top-left module is (left, top): a dark ring, a light ring, a dark 3x3 centre.
bool hasFinderPattern(const QrCode &code, int left, int top)
{
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < 7; ++x) {
            const int ring = std::max(std::abs(x - 3), std::abs(y - 3)); // 3: outer ring, 2: light ring, <2: centre
            if (code.isDark(left + x, top + y) != (ring != 2))
                return false;
        }
    }
    return true;
}

// The light separator around a finder pattern: one module wide along the two sides facing the symbol.
bool hasSeparator(const QrCode &code, int left, int top)
{
    const int separatorX = left == 0 ? 7 : left - 1;
    const int separatorY = top == 0 ? 7 : top - 1;
    for (int i = 0; i < 8; ++i) {
        const int x = left == 0 ? i : left - 1 + i;
        const int y = top == 0 ? i : top - 1 + i;
        if (code.isDark(separatorX, y) || code.isDark(x, separatorY))
            return false;
    }
    return true;
}

QImage render(const QrCode &code)
{
    const int side = (code.size() + 2 * QuietZone) * Scale;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            if (!code.isDark(x, y))
                continue;
            for (int py = 0; py < Scale; ++py) {
                uchar *line = image.scanLine((QuietZone + y) * Scale + py);
                std::fill_n(line + (QuietZone + x) * Scale, Scale, uchar(0));
            }
        }
    }
    return image;
}

} // namespace

class TestQrCode : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_zbarimg;

    // What Debian's zbarimg reads from the rendered symbol, or a null string if it finds none.
    QString decode(const QrCode &code, const QString &name)
    {
        const QString path = m_dir.filePath(name + QStringLiteral(".png"));
        if (!render(code).save(path))
            return QStringLiteral("<could not save %1>").arg(path);
        QProcess zbarimg;
        zbarimg.start(m_zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), path});
        if (!zbarimg.waitForFinished(30000) || zbarimg.exitStatus() != QProcess::NormalExit ||
            zbarimg.exitCode() != 0) {
            return QString();
        }
        QByteArray output = zbarimg.readAllStandardOutput();
        // zbarimg ends each symbol's text with a newline of its own.
        if (output.endsWith('\n'))
            output.chop(1);
        return QString::fromUtf8(output);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    }

    void emptyCode()
    {
        const QrCode code;
        QVERIFY(code.isEmpty());
        QCOMPARE(code.size(), 0);
        QVERIFY(!code.isDark(0, 0));
    }

    void portalUrl()
    {
        const QrCode code = QrCode::encode(QStringLiteral("http://192.168.1.20:7417/"));
        QVERIFY(!code.isEmpty());
        // 25 bytes in 8-bit mode at level M: version 2 (holds 26); version 3 only if the mode choice changed.
        QVERIFY2(code.size() == 25 || code.size() == 29, qPrintable(QString::number(code.size())));
        const int far = code.size() - 7;
        QVERIFY(hasFinderPattern(code, 0, 0));
        QVERIFY(hasFinderPattern(code, far, 0));
        QVERIFY(hasFinderPattern(code, 0, far));
        QVERIFY(!hasFinderPattern(code, far, far)); // the fourth corner has none: that is how readers orient it
        QVERIFY(hasSeparator(code, 0, 0));
        QVERIFY(hasSeparator(code, far, 0));
        QVERIFY(hasSeparator(code, 0, far));
        // Timing patterns: row and column 6 alternate between the finders, dark on even positions.
        for (int i = 8; i < far - 1; ++i) {
            QCOMPARE(code.isDark(i, 6), i % 2 == 0);
            QCOMPARE(code.isDark(6, i), i % 2 == 0);
        }
        // The dark module beside the bottom-left separator, always present.
        QVERIFY(code.isDark(8, code.size() - 8));

        QVERIFY(!code.isDark(-1, 0));
        QVERIFY(!code.isDark(0, -1));
        QVERIFY(!code.isDark(code.size(), 0)); // (0, 0) is dark, so these are the bounds check
        QVERIFY(!code.isDark(0, code.size()));
    }

    void deterministic()
    {
        const QString text = QStringLiteral("http://10.0.0.5:7417/");
        const QrCode first = QrCode::encode(text);
        const QrCode second = QrCode::encode(text);
        QCOMPARE(first.size(), second.size());
        bool differs = false;
        for (int y = 0; y < first.size(); ++y) {
            for (int x = 0; x < first.size(); ++x)
                differs = differs || first.isDark(x, y) != second.isDark(x, y);
        }
        QVERIFY(!differs);
    }

    void growsWithText()
    {
        QCOMPARE(QrCode::encode(QStringLiteral("http://10.0.0.5:7417/")).size(), 25);
        // 100 bytes need version 6 at level M (41 modules).
        QCOMPARE(QrCode::encode(QString(100, u'a')).size(), 41);
        // The largest symbol, version 40, holds 2331 bytes at level M.
        QCOMPARE(QrCode::encode(QString(2331, u'a')).size(), 177);
    }

    void decodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("portal") << QStringLiteral("http://192.168.1.20:7417/");
        QTest::newRow("IPv6") << QStringLiteral("https://[2001:db8::5]:7417/");
        QTest::newRow("long with unicode path")
            << QStringLiteral("http://192.168.1.20:7417/files/Übersicht/отчёт-2024/Größe?q=Ä&r=ёж#€-"
                              "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                              "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz");
    }

    void decodes()
    {
        QFETCH(QString, text);
        if (m_zbarimg.isEmpty())
            QSKIP("zbarimg is not installed (Debian: zbar-tools)");
        const QrCode code = QrCode::encode(text);
        QVERIFY(!code.isEmpty());
        QCOMPARE(decode(code, QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')), text);
    }

    void tooLong()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("^Could not make a QR code of 8000 bytes")));
        const QrCode code = QrCode::encode(QString(8000, u'a'));
        QVERIFY(code.isEmpty());
        QCOMPARE(code.size(), 0);
        QVERIFY(!code.isDark(0, 0));

        // One byte more than version 40 holds.
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("^Could not make a QR code of 2332 bytes")));
        QVERIFY(QrCode::encode(QString(2332, u'a')).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestQrCode)
#include "tst_qrcode.moc"
