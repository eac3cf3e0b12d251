#include "core/settings.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using deskport::Settings;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const Settings settings;
        QCOMPARE(settings.port, quint16(7417));
        QCOMPARE(settings.bindAddress, QHostAddress(QHostAddress::Any));
        QCOMPARE(settings.fps, 30);
        QCOMPARE(settings.quality, 80);
        QVERIFY(!settings.maxSize.isValid());
        QCOMPARE(settings.screen, Settings::AllScreens);
        QVERIFY(!settings.headless);
        QVERIFY(!settings.virtualDisplay);
        // Host tools: everything on, the file panel in the home folder.
        QVERIFY(settings.clipboard);
        QVERIFY(settings.fileAccess);
        QVERIFY(settings.terminal);
        QVERIFY(settings.systemForViewOnly);
        QVERIFY(settings.fileRoots.isEmpty());
    }

    void fileRoot()
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QDir dir(work.path());
        QVERIFY(dir.mkpath(QStringLiteral("folder/inner")));
        const QString folder = QDir::cleanPath(dir.filePath(QStringLiteral("folder")));
        QFile file(dir.filePath(QStringLiteral("file.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(QFile::link(folder, dir.filePath(QStringLiteral("link"))));

        QString error;
        QCOMPARE(Settings::parseFileRoot(folder, &error), std::optional<QString>(folder));
        // Absolute and clean, but not canonical: a symlinked folder keeps the name the user gave.
        QCOMPARE(Settings::parseFileRoot(folder + QStringLiteral("/inner/..//./"), &error),
                 std::optional<QString>(folder));
        const QString link = QDir::cleanPath(dir.filePath(QStringLiteral("link")));
        QCOMPARE(Settings::parseFileRoot(link, &error), std::optional<QString>(link));
        QCOMPARE(Settings::parseFileRoot(QStringLiteral("/"), &error), std::optional<QString>(QStringLiteral("/")));

        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(folder));
        const std::optional<QString> relative = Settings::parseFileRoot(QStringLiteral("inner"), &error);
        QVERIFY(QDir::setCurrent(previous));
        QCOMPARE(relative, std::optional<QString>(folder + QStringLiteral("/inner")));

        error.clear();
        const QString missing = dir.filePath(QStringLiteral("missing"));
        QVERIFY(!Settings::parseFileRoot(missing, &error));
        QCOMPARE(error, QStringLiteral("must be an existing folder, got \"%1\"").arg(missing));
        QVERIFY(!Settings::parseFileRoot(file.fileName(), &error));
        QCOMPARE(error, QStringLiteral("must be a folder, not a file: \"%1\"").arg(file.fileName()));
        QVERIFY(!Settings::parseFileRoot(QString(), &error));
        QCOMPARE(error, QStringLiteral("must be an existing folder, got \"\""));
        // NUL would cut the path at the system call ("folder\0x" would open "folder").
        QVERIFY(!Settings::parseFileRoot(folder + QChar(u'\0') + u'x', &error));
        QVERIFY(!Settings::parseFileRoot(folder + QChar(u'\0'), &error));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("link"))));
        QVERIFY(QFile::link(missing, dir.filePath(QStringLiteral("link"))));
        QVERIFY(!Settings::parseFileRoot(link, &error)); // a dangling symlink
    }

    void port_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -1: rejected
        QTest::newRow("1") << QStringLiteral("1") << 1;
        QTest::newRow("7417") << QStringLiteral("7417") << 7417;
        QTest::newRow("65535") << QStringLiteral("65535") << 65535;
        QTest::newRow("0") << QStringLiteral("0") << -1;
        QTest::newRow("65536") << QStringLiteral("65536") << -1;
        QTest::newRow("empty") << QString() << -1;
        QTest::newRow("suffix") << QStringLiteral("80x") << -1;
        QTest::newRow("space") << QStringLiteral(" 80") << -1;
        QTest::newRow("trailing space") << QStringLiteral("80 ") << -1;
        QTest::newRow("plus") << QStringLiteral("+80") << -1;
        QTest::newRow("minus") << QStringLiteral("-80") << -1;
        QTest::newRow("exponent") << QStringLiteral("1e3") << -1;
        QTest::newRow("hex") << QStringLiteral("0x50") << -1;
        QTest::newRow("huge") << QStringLiteral("99999999999999999999") << -1;
        QTest::newRow("arabic-indic digits") << QStringLiteral("\u0668\u0660") << -1;
    }

    void port()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QString error;
        const std::optional<quint16> port = Settings::parsePort(text, &error);
        if (expected < 0) {
            QVERIFY(!port);
            QVERIFY(error.contains(u'"' + text + u'"'));
            QVERIFY2(error.contains(u"1 to 65535"), qPrintable(error));
        } else {
            QCOMPARE(port, std::optional<quint16>(quint16(expected)));
        }
    }

    void fps_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");
        QTest::newRow("1") << QStringLiteral("1") << 1;
        QTest::newRow("30") << QStringLiteral("30") << 30;
        QTest::newRow("60") << QStringLiteral("60") << 60;
        QTest::newRow("leading zero") << QStringLiteral("030") << 30;
        QTest::newRow("0") << QStringLiteral("0") << -1;
        QTest::newRow("61") << QStringLiteral("61") << -1;
        QTest::newRow("30x") << QStringLiteral("30x") << -1;
        QTest::newRow(" 30") << QStringLiteral(" 30") << -1;
        QTest::newRow("empty") << QStringLiteral("") << -1;
        QTest::newRow("1e3") << QStringLiteral("1e3") << -1;
        QTest::newRow("+5") << QStringLiteral("+5") << -1;
        QTest::newRow("2.5") << QStringLiteral("2.5") << -1;
    }

    void fps()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QString error;
        const std::optional<int> fps = Settings::parseFps(text, &error);
        if (expected < 0) {
            QVERIFY(!fps);
            QCOMPARE(error, QStringLiteral("must be a whole number from 1 to 60, got \"%1\"").arg(text));
        } else {
            QCOMPARE(fps, std::optional<int>(expected));
            QVERIFY(error.isEmpty());
        }
    }

    void quality_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected");
        QTest::newRow("1") << QStringLiteral("1") << 1;
        QTest::newRow("80") << QStringLiteral("80") << 80;
        QTest::newRow("100") << QStringLiteral("100") << 100;
        QTest::newRow("0") << QStringLiteral("0") << -1;
        QTest::newRow("101") << QStringLiteral("101") << -1;
        QTest::newRow("text") << QStringLiteral("high") << -1;
        QTest::newRow("+5") << QStringLiteral("+5") << -1;
    }

    void quality()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QString error;
        const std::optional<int> quality = Settings::parseQuality(text, &error);
        if (expected < 0) {
            QVERIFY(!quality);
            QCOMPARE(error, QStringLiteral("must be a whole number from 1 to 100, got \"%1\"").arg(text));
        } else {
            QCOMPARE(quality, std::optional<int>(expected));
        }
    }

    void maxSize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QSize>("expected"); // invalid: rejected
        QTest::newRow("1280x720") << QStringLiteral("1280x720") << QSize(1280, 720);
        QTest::newRow("capital X") << QStringLiteral("1920X1080") << QSize(1920, 1080);
        QTest::newRow("smallest") << QStringLiteral("16x16") << QSize(16, 16);
        QTest::newRow("largest") << QStringLiteral("16384x16384") << QSize(16384, 16384);
        QTest::newRow("too narrow") << QStringLiteral("15x720") << QSize();
        QTest::newRow("too tall") << QStringLiteral("1280x16385") << QSize();
        QTest::newRow("zero") << QStringLiteral("0x0") << QSize();
        QTest::newRow("one number") << QStringLiteral("1280") << QSize();
        QTest::newRow("no height") << QStringLiteral("1280x") << QSize();
        QTest::newRow("no width") << QStringLiteral("x720") << QSize();
        QTest::newRow("two x") << QStringLiteral("1280x720x3") << QSize();
        QTest::newRow("spaces") << QStringLiteral("1280 x 720") << QSize();
        QTest::newRow("star") << QStringLiteral("1280*720") << QSize();
        QTest::newRow("negative") << QStringLiteral("-1280x720") << QSize();
        QTest::newRow("plus") << QStringLiteral("+1280x720") << QSize();
        QTest::newRow("empty") << QString() << QSize();
    }

    void maxSize()
    {
        QFETCH(QString, text);
        QFETCH(QSize, expected);
        QString error;
        const std::optional<QSize> size = Settings::parseMaxSize(text, &error);
        if (!expected.isValid()) {
            QVERIFY(!size);
            QVERIFY2(error.contains(u'"' + text + u'"'), qPrintable(error));
        } else {
            QCOMPARE(size, std::optional<QSize>(expected));
        }
    }

    void screen_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -2: rejected
        QTest::newRow("all") << QStringLiteral("all") << Settings::AllScreens;
        QTest::newRow("0") << QStringLiteral("0") << 0;
        QTest::newRow("3") << QStringLiteral("3") << 3;
        QTest::newRow("-1") << QStringLiteral("-1") << -2;
        QTest::newRow("empty") << QString() << -2;
        QTest::newRow("1x") << QStringLiteral("1x") << -2;
        QTest::newRow("every") << QStringLiteral("every") << -2;
        QTest::newRow("huge") << QStringLiteral("12345678901234") << -2;
    }

    void screen()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        QString error;
        const std::optional<int> screen = Settings::parseScreen(text, &error);
        if (expected == -2) {
            QVERIFY(!screen);
            QVERIFY2(error.contains(u"all") && error.contains(u'"' + text + u'"'), qPrintable(error));
        } else {
            QCOMPARE(screen, std::optional<int>(expected));
        }
    }

    void bindAddress_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("loopback") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("any") << QStringLiteral("0.0.0.0") << true;
        QTest::newRow("lan") << QStringLiteral("192.168.1.20") << true;
        QTest::newRow("ipv6 loopback") << QStringLiteral("::1") << true;
        QTest::newRow("ipv6 any") << QStringLiteral("::") << true;
        QTest::newRow("ipv6") << QStringLiteral("fd00::1:2") << true;
        QTest::newRow("host name") << QStringLiteral("localhost") << false;
        QTest::newRow("bad octet") << QStringLiteral("256.1.1.1") << false;
        QTest::newRow("leading space") << QStringLiteral(" 127.0.0.1") << false;
        QTest::newRow("with port") << QStringLiteral("127.0.0.1:80") << false;
        QTest::newRow("ipv4 shorthand") << QStringLiteral("1.2.3") << false;
        QTest::newRow("ipv4 leading zeros") << QStringLiteral("127.000.000.001") << false;
        QTest::newRow("ipv4 hex") << QStringLiteral("0x7f.0.0.1") << false;
        QTest::newRow("ipv4 mapped ipv6") << QStringLiteral("::ffff:127.0.0.1") << true;
        QTest::newRow("empty") << QString() << false;
    }

    void bindAddress()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        const std::optional<QHostAddress> address = Settings::parseBindAddress(text, &error);
        QCOMPARE(address.has_value(), valid);
        if (valid) {
            QCOMPARE(*address, QHostAddress(text));
        } else {
            QVERIFY2(error.contains(u'"' + text + u'"'), qPrintable(error));
        }
    }

    void nullErrorPointer()
    {
        QVERIFY(!Settings::parseFps(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parsePort(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parseQuality(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parseMaxSize(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parseScreen(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parseBindAddress(QStringLiteral("x"), nullptr));
        QVERIFY(!Settings::parseFileRoot(QStringLiteral("/nonexistent/deskport"), nullptr));
        QVERIFY(!Settings::parseFileRoot(QString(), nullptr));
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
