#include "core/settingsstore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using deskport::Settings;

Q_DECLARE_METATYPE(Settings)

namespace {

// Differs from Settings{} in every stored field, so a value that reads back as "the default" is told apart from
// one read from the file.
Settings customDefaults()
{
    Settings settings;
    settings.port = 9000;
    settings.bindAddress = QHostAddress(QStringLiteral("10.1.2.3"));
    settings.fps = 5;
    settings.quality = 40;
    settings.maxSize = QSize(800, 600);
    settings.screen = 2;
    settings.inputRate = 100;
    settings.clipboard = false;
    settings.startAtLogin = true;
    settings.language = QStringLiteral("ru");
    settings.fileAccess = false;
    settings.terminal = false;
    settings.systemForViewOnly = false;
    settings.fileRoots = QStringList{QStringLiteral("/custom/default/root")};
    return settings;
}

} // namespace

class TestSettingsStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    // A fresh file per call: rows of a data-driven test must not see each other's values.
    QString newPath() { return m_dir.filePath(QStringLiteral("deskport-%1.ini").arg(++m_files)); }

    QString writeFile(const QByteArray &contents)
    {
        const QString path = newPath();
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            return QString();
        return path;
    }

    static void compareFields(const Settings &actual, const Settings &expected)
    {
        QCOMPARE(actual.port, expected.port);
        QCOMPARE(actual.bindAddress, expected.bindAddress);
        QCOMPARE(actual.bindAddress.protocol(), expected.bindAddress.protocol());
        QCOMPARE(actual.bindAddress.scopeId(), expected.bindAddress.scopeId());
        QCOMPARE(actual.fps, expected.fps);
        QCOMPARE(actual.quality, expected.quality);
        QCOMPARE(actual.maxSize, expected.maxSize);
        QCOMPARE(actual.screen, expected.screen);
        QCOMPARE(actual.inputRate, expected.inputRate);
        QCOMPARE(actual.clipboard, expected.clipboard);
        QCOMPARE(actual.startAtLogin, expected.startAtLogin);
        QCOMPARE(actual.language, expected.language);
        QCOMPARE(actual.fileAccess, expected.fileAccess);
        QCOMPARE(actual.terminal, expected.terminal);
        QCOMPARE(actual.systemForViewOnly, expected.systemForViewOnly);
        QCOMPARE(actual.fileRoots, expected.fileRoots);
        QCOMPARE(actual.tls, expected.tls);
        QCOMPARE(actual.tlsCertificate, expected.tlsCertificate);
        QCOMPARE(actual.tlsKey, expected.tlsKey);
        QCOMPARE(actual.askBeforeAccepting, expected.askBeforeAccepting);
        QCOMPARE(actual.allowControl, expected.allowControl);
        QCOMPARE(actual.headless, expected.headless);
        QCOMPARE(actual.virtualDisplay, expected.virtualDisplay);
        QCOMPARE(actual.startSharing, expected.startSharing);
        QVERIFY(actual == expected);
    }

private Q_SLOTS:
    // Existing folders for the file roots, with names that need quoting in an INI file.
    QString folder(const QString &name) const { return QDir::cleanPath(m_dir.filePath(name)); }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char *name : {"shared", "a, b", "\"quoted\" = x; y", "Übung ünd 日本", " spaces "})
            QVERIFY(QDir(m_dir.path()).mkpath(QString::fromUtf8(name)));
        for (const char *name : {"cert.pem", "key.pem"}) {
            QFile file(m_dir.filePath(QString::fromLatin1(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("PEM\n");
        }
    }

    void roundTrip_data()
    {
        QTest::addColumn<Settings>("settings");
        QTest::newRow("defaults") << Settings();

        Settings changed;
        changed.port = 8080;
        changed.bindAddress = QHostAddress(QStringLiteral("192.168.1.20"));
        changed.fps = 12;
        changed.quality = 55;
        changed.maxSize = QSize(1280, 720);
        changed.screen = 1;
        changed.inputRate = 500;
        changed.clipboard = false;
        changed.startAtLogin = true;
        changed.language = QStringLiteral("de");
        changed.fileAccess = false;
        changed.terminal = false;
        changed.systemForViewOnly = false;
        changed.fileRoots = QStringList{folder(QStringLiteral("shared")), QStringLiteral("/")};
        changed.tls = false;
        changed.tlsCertificate = folder(QStringLiteral("cert.pem"));
        changed.tlsKey = folder(QStringLiteral("key.pem"));
        changed.askBeforeAccepting = true;
        changed.allowControl = false;
        QTest::newRow("every field changed") << changed;

        // INI writes a list of one as a plain string.
        Settings oneRoot;
        oneRoot.fileRoots = QStringList{folder(QStringLiteral("shared"))};
        QTest::newRow("one file root") << oneRoot;

        Settings awkwardRoots;
        awkwardRoots.fileRoots =
            QStringList{folder(QStringLiteral("a, b")), folder(QStringLiteral("\"quoted\" = x; y")),
                        folder(QStringLiteral("Übung ünd 日本")), folder(QStringLiteral(" spaces "))};
        QTest::newRow("file roots that need quoting") << awkwardRoots;

        Settings awkwardOne;
        awkwardOne.fileRoots = QStringList{folder(QStringLiteral("a, b"))};
        QTest::newRow("one file root with a comma") << awkwardOne;

        Settings onlyOneToolOff;
        onlyOneToolOff.terminal = false;
        QTest::newRow("only the terminal off") << onlyOneToolOff;

        Settings limits;
        limits.port = 65535;
        limits.fps = Settings::MaxFps;
        limits.quality = Settings::MinQuality;
        limits.maxSize = QSize(16384, 16);
        limits.screen = 0;
        limits.inputRate = Settings::MaxInputRate;
        limits.language = QStringLiteral("en");
        QTest::newRow("limits") << limits;

        Settings low = limits;
        low.port = 1;
        low.fps = Settings::MinFps;
        low.quality = Settings::MaxQuality;
        low.inputRate = Settings::MinInputRate;
        low.language = QStringLiteral("ru");
        QTest::newRow("other limits") << low;

        Settings ipv4Only;
        ipv4Only.bindAddress = QHostAddress(QHostAddress::AnyIPv4);
        QTest::newRow("AnyIPv4") << ipv4Only;

        Settings ipv6Only;
        ipv6Only.bindAddress = QHostAddress(QHostAddress::AnyIPv6);
        QTest::newRow("AnyIPv6") << ipv6Only;

        Settings ipv6;
        ipv6.bindAddress = QHostAddress(QStringLiteral("2001:db8::5"));
        QTest::newRow("IPv6") << ipv6;

        Settings linkLocal;
        linkLocal.bindAddress = QHostAddress(QStringLiteral("fe80::1%eth0"));
        QTest::newRow("IPv6 with scope") << linkLocal;

        Settings loopback;
        loopback.bindAddress = QHostAddress(QHostAddress::LocalHost);
        QTest::newRow("loopback") << loopback;
    }

    void roundTrip()
    {
        QFETCH(Settings, settings);
        const QString path = newPath();
        {
            QSettings store(path, QSettings::IniFormat);
            deskport::saveSettings(store, settings);
            QCOMPARE(store.status(), QSettings::NoError);
            // Same object, before it is destroyed.
            compareFields(deskport::loadSettings(store, customDefaults()), settings);
            if (QTest::currentTestFailed())
                return;
        }
        // On disk: a new QSettings sees it all; none of it comes from the (all different) defaults.
        const QSettings reopened(path, QSettings::IniFormat);
        compareFields(deskport::loadSettings(reopened, customDefaults()), settings);
    }

    void missingKeysGiveDefaults()
    {
        const QSettings store(newPath(), QSettings::IniFormat);
        compareFields(deskport::loadSettings(store, customDefaults()), customDefaults());
        if (QTest::currentTestFailed())
            return;
        compareFields(deskport::loadSettings(store), Settings());
    }

    void fileIsReadable()
    {
        // Hand-editable: plain text, "-1" for all screens, "WxH", empty for "every address" and "no limit".
        const QString path = newPath();
        {
            QSettings store(path, QSettings::IniFormat);
            Settings settings;
            settings.maxSize = QSize(1920, 1080);
            deskport::saveSettings(store, settings);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray contents = file.readAll();
        QVERIFY2(contents.contains("\nport=7417\n"), contents.constData());
        QVERIFY2(contents.contains("\nbind=\n"), contents.constData());
        QVERIFY2(contents.contains("\nmaxSize=1920x1080\n"), contents.constData());
        QVERIFY2(contents.contains("\nscreen=-1\n"), contents.constData());
        QVERIFY2(contents.contains("\nclipboard=true\n"), contents.constData());
        QVERIFY2(contents.contains("\nstartAtLogin=false\n"), contents.constData());
        QVERIFY2(contents.contains("\nfiles=true\n"), contents.constData());
        QVERIFY2(contents.contains("\nterminal=true\n"), contents.constData());
        QVERIFY2(contents.contains("\nsystemForViewOnly=true\n"), contents.constData());

        QSettings store(path, QSettings::IniFormat);
        Settings settings;
        deskport::saveSettings(store, settings);
        QCOMPARE(store.value(QStringLiteral("stream/maxSize")).toString(), QString());
        QCOMPARE(deskport::loadSettings(store, customDefaults()).maxSize, QSize());
    }

    void perRunSwitchesNotStored()
    {
        const QString path = newPath();
        Settings settings;
        settings.headless = true;
        settings.virtualDisplay = true;
        settings.startSharing = true;
        {
            QSettings store(path, QSettings::IniFormat);
            deskport::saveSettings(store, settings);
        }
        const QSettings store(path, QSettings::IniFormat);
        QStringList keys = store.allKeys();
        keys.sort();
        const QStringList expected = {
            QStringLiteral("app/language"),   QStringLiteral("app/startAtLogin"), QStringLiteral("capture/screen"),
            QStringLiteral("host/clipboard"), QStringLiteral("host/fileRoots"), QStringLiteral("host/files"),
            QStringLiteral("host/systemForViewOnly"), QStringLiteral("host/terminal"), QStringLiteral("input/rate"),
            QStringLiteral("network/bind"), QStringLiteral("network/port"), QStringLiteral("security/allowControl"),
            QStringLiteral("security/askBeforeAccepting"), QStringLiteral("security/certificate"),
            QStringLiteral("security/key"), QStringLiteral("security/tls"), QStringLiteral("stream/fps"),
            QStringLiteral("stream/maxSize"), QStringLiteral("stream/quality"),
        };
        QCOMPARE(keys, expected);

        // They come from the defaults (this run's command line), whatever was saved.
        const Settings loaded = deskport::loadSettings(store);
        QVERIFY(!loaded.headless);
        QVERIFY(!loaded.virtualDisplay);
        QVERIFY(!loaded.startSharing);
        const Settings loadedWithSwitches = deskport::loadSettings(store, settings);
        QVERIFY(loadedWithSwitches.headless);
        QVERIFY(loadedWithSwitches.virtualDisplay);
        QVERIFY(loadedWithSwitches.startSharing);
    }

    void garbageGivesDefaults_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<bool>("warns");
        QTest::newRow("port 0") << QByteArray("[network]\nport=0\n") << true;
        QTest::newRow("port 65536") << QByteArray("[network]\nport=65536\n") << true;
        QTest::newRow("port negative") << QByteArray("[network]\nport=-80\n") << true;
        QTest::newRow("port text") << QByteArray("[network]\nport=http\n") << true;
        QTest::newRow("port fraction") << QByteArray("[network]\nport=80.5\n") << true;
        QTest::newRow("port list") << QByteArray("[network]\nport=80, 81\n") << true;
        QTest::newRow("port empty") << QByteArray("[network]\nport=\n") << true;
        QTest::newRow("port byte array") << QByteArray("[network]\nport=@ByteArray(\\0)\n") << true;
        QTest::newRow("bind name") << QByteArray("[network]\nbind=localhost\n") << true;
        QTest::newRow("bind shorthand") << QByteArray("[network]\nbind=10.1\n") << true;
        QTest::newRow("bind out of range") << QByteArray("[network]\nbind=300.1.1.1\n") << true;
        QTest::newRow("bind spaces") << QByteArray("[network]\nbind=\" 10.0.0.1\"\n") << true;
        QTest::newRow("fps 0") << QByteArray("[stream]\nfps=0\n") << true;
        QTest::newRow("fps 61") << QByteArray("[stream]\nfps=61\n") << true;
        QTest::newRow("fps float") << QByteArray("[stream]\nfps=29.97\n") << true;
        QTest::newRow("quality 0") << QByteArray("[stream]\nquality=0\n") << true;
        QTest::newRow("quality 101") << QByteArray("[stream]\nquality=101\n") << true;
        QTest::newRow("maxSize too small") << QByteArray("[stream]\nmaxSize=15x600\n") << true;
        QTest::newRow("maxSize too large") << QByteArray("[stream]\nmaxSize=16385x600\n") << true;
        QTest::newRow("maxSize one side") << QByteArray("[stream]\nmaxSize=1920\n") << true;
        QTest::newRow("maxSize words") << QByteArray("[stream]\nmaxSize=big\n") << true;
        QTest::newRow("screen -2") << QByteArray("[capture]\nscreen=-2\n") << true;
        QTest::newRow("screen text") << QByteArray("[capture]\nscreen=left\n") << true;
        QTest::newRow("input rate 9") << QByteArray("[input]\nrate=9\n") << true;
        QTest::newRow("input rate 2001") << QByteArray("[input]\nrate=2001\n") << true;
        QTest::newRow("clipboard yes") << QByteArray("[host]\nclipboard=yes\n") << true;
        QTest::newRow("clipboard 2") << QByteArray("[host]\nclipboard=2\n") << true;
        QTest::newRow("clipboard empty") << QByteArray("[host]\nclipboard=\n") << true;
        QTest::newRow("files yes") << QByteArray("[host]\nfiles=yes\n") << true;
        QTest::newRow("files 0") << QByteArray("[host]\nfiles=0\n") << true;
        QTest::newRow("terminal TRUE") << QByteArray("[host]\nterminal=TRUE\n") << true;
        QTest::newRow("terminal empty") << QByteArray("[host]\nterminal=\n") << true;
        QTest::newRow("systemForViewOnly 1") << QByteArray("[host]\nsystemForViewOnly=1\n") << true;
        QTest::newRow("systemForViewOnly list") << QByteArray("[host]\nsystemForViewOnly=true, false\n") << true;
        QTest::newRow("fileRoots relative") << QByteArray("[host]\nfileRoots=Documents\n") << true;
        QTest::newRow("fileRoots tilde") << QByteArray("[host]\nfileRoots=~/Documents\n") << true;
        QTest::newRow("fileRoots one relative of two") << QByteArray("[host]\nfileRoots=/tmp, docs\n") << true;
        QTest::newRow("fileRoots empty entry") << QByteArray("[host]\nfileRoots=/tmp, \n") << true;
        QTest::newRow("fileRoots NUL") << QByteArray("[host]\nfileRoots=/tmp/a\\0b\n") << true;
        QTest::newRow("fileRoots byte array") << QByteArray("[host]\nfileRoots=@ByteArray(/tmp)\n") << true;
        QTest::newRow("fileRoots number") << QByteArray("[host]\nfileRoots=@Variant(\\0\\0\\0\\x2\\0\\0\\0\\x5)\n")
                                          << true;
        QTest::newRow("startAtLogin on") << QByteArray("[app]\nstartAtLogin=on\n") << true;
        QTest::newRow("language fr") << QByteArray("[app]\nlanguage=fr\n") << true;
        QTest::newRow("language EN") << QByteArray("[app]\nlanguage=EN\n") << true;
        QTest::newRow("language de_DE") << QByteArray("[app]\nlanguage=de_DE\n") << true;
        QTest::newRow("language ../de") << QByteArray("[app]\nlanguage=../de\n") << true;
        QTest::newRow("per-run switches") << QByteArray("[app]\nheadless=true\nvirtualDisplay=true\n"
                                                        "startSharing=true\n")
                                          << false;
    }

    void garbageGivesDefaults()
    {
        QFETCH(QByteArray, ini);
        QFETCH(bool, warns);
        const QString path = writeFile(ini);
        QVERIFY(!path.isEmpty());
        const QSettings store(path, QSettings::IniFormat);
        QCOMPARE(store.status(), QSettings::NoError);
        // Only the bad key is in the file, so everything must equal the defaults; warnings name the ignored key.
        if (warns)
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Ignoring the stored setting")));
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
        compareFields(deskport::loadSettings(store, customDefaults()), customDefaults());
    }

    void oneBadValueKeepsTheOthers()
    {
        const QString path = writeFile("[network]\nport=99999\nbind=192.168.1.20\n"
                                       "[stream]\nfps=25\nquality=abc\nmaxSize=1024X768\n"
                                       "[capture]\nscreen=all\n"
                                       "[host]\nclipboard=false\nfiles=true\nterminal=maybe\nfileRoots=x\n"
                                       "[app]\nlanguage=de\nstartAtLogin=false\n");
        QVERIFY(!path.isEmpty());
        const QSettings store(path, QSettings::IniFormat);
        Settings expected = customDefaults();
        expected.bindAddress = QHostAddress(QStringLiteral("192.168.1.20"));
        expected.fps = 25;
        expected.maxSize = QSize(1024, 768);
        expected.screen = Settings::AllScreens;
        expected.clipboard = false;
        expected.fileAccess = true;
        expected.language = QStringLiteral("de");
        expected.startAtLogin = false;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("network/port")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("host/terminal")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("host/fileRoots")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stream/quality")));
        compareFields(deskport::loadSettings(store, customDefaults()), expected);
    }

    void emptyTextMeansNoLimit()
    {
        // Empty is a value of its own for bind, maxSize and language, not "missing".
        const QString path = writeFile("[network]\nbind=\n[stream]\nmaxSize=\n[app]\nlanguage=\n");
        QVERIFY(!path.isEmpty());
        const QSettings store(path, QSettings::IniFormat);
        const Settings loaded = deskport::loadSettings(store, customDefaults());
        QCOMPARE(loaded.bindAddress, QHostAddress(QHostAddress::Any));
        QCOMPARE(loaded.bindAddress.protocol(), QAbstractSocket::AnyIPProtocol);
        QCOMPARE(loaded.maxSize, QSize());
        QCOMPARE(loaded.language, QString());
        QCOMPARE(loaded.port, customDefaults().port);
    }

    void fileRootsSpellings()
    {
        // What a hand-edited file may say: no roots (the home folder), paths to be cleaned, the same folder twice.
        const QString shared = folder(QStringLiteral("shared"));
        for (const QByteArray &empty : {QByteArray("fileRoots=\n"), QByteArray("fileRoots=@Invalid()\n")}) {
            const QString path = writeFile("[host]\n" + empty);
            const QSettings store(path, QSettings::IniFormat);
            QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
            QCOMPARE(deskport::loadSettings(store, customDefaults()).fileRoots, QStringList());
        }
        const QString path = writeFile("[host]\nfileRoots=" + shared.toUtf8() + "/./x/../, /tmp//, " +
                                       shared.toUtf8() + "\n");
        const QSettings store(path, QSettings::IniFormat);
        QCOMPARE(deskport::loadSettings(store, customDefaults()).fileRoots,
                 (QStringList{shared, QStringLiteral("/tmp")}));
    }

    void missingFileRootIsKept()
    {
        // A folder that is not there now (a drive not mounted) stays remembered: dropping it could leave the list
        // empty, which would mean the whole home folder. The file panel skips it.
        const QString missing = folder(QStringLiteral("not-mounted"));
        const QString shared = folder(QStringLiteral("shared"));
        const QString path = writeFile("[host]\nfileRoots=" + missing.toUtf8() + ", " + shared.toUtf8() + "\n");
        const QSettings store(path, QSettings::IniFormat);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("file root .*not-mounted.* is not a folder now")));
        QCOMPARE(deskport::loadSettings(store).fileRoots, (QStringList{missing, shared}));
    }

    void certificateWithoutKeyIsIgnored()
    {
        const QString certificate = folder(QStringLiteral("cert.pem"));
        const QString path = writeFile("[security]\ncertificate=" + certificate.toUtf8() + "\ntls=true\n");
        const QSettings store(path, QSettings::IniFormat);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("certificate without a key")));
        const Settings loaded = deskport::loadSettings(store);
        QVERIFY(loaded.tlsCertificate.isEmpty());
        QVERIFY(loaded.tlsKey.isEmpty());
        QVERIFY(loaded.tls);
    }

    void eachSwitchHasItsOwnKey()
    {
        // Each switch is stored under its own key: turning one off changes that key only.
        const QString path = newPath();
        Settings settings;
        settings.systemForViewOnly = false;
        {
            QSettings store(path, QSettings::IniFormat);
            deskport::saveSettings(store, settings);
        }
        const QSettings store(path, QSettings::IniFormat);
        QCOMPARE(store.value(QStringLiteral("host/systemForViewOnly")).toString(), QStringLiteral("false"));
        QCOMPARE(store.value(QStringLiteral("host/files")).toString(), QStringLiteral("true"));
        QCOMPARE(store.value(QStringLiteral("host/terminal")).toString(), QStringLiteral("true"));
        const Settings loaded = deskport::loadSettings(store, customDefaults());
        QVERIFY(!loaded.systemForViewOnly);
        QVERIFY(loaded.fileAccess);
        QVERIFY(loaded.terminal);
    }
};

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settingsstore.moc"
