#include "core/commandline.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using deskport::CommandLine;
using deskport::Settings;
using Action = CommandLine::Action;

namespace {

CommandLine parse(const QStringList &arguments, const QStringList &environment = {})
{
    return CommandLine::parse(QStringList{QStringLiteral("deskport")} + arguments, environment);
}

QStringList args(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const CommandLine result = parse({});
        QCOMPARE(result.action, Action::Run);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.message.isEmpty());
        QCOMPARE(result.settings.port, Settings::DefaultPort);
        QCOMPARE(result.settings.bindAddress, QHostAddress(QHostAddress::Any));
        QCOMPARE(result.settings.fps, Settings::DefaultFps);
        QCOMPARE(result.settings.quality, Settings::DefaultQuality);
        QVERIFY(!result.settings.maxSize.isValid());
        QCOMPARE(result.settings.screen, Settings::AllScreens);
        QVERIFY(!result.settings.headless);
        QVERIFY(!result.settings.virtualDisplay);
        QCOMPARE(result.settings.inputRate, Settings::DefaultInputRate);
        QVERIFY(result.settings.clipboard);
        QVERIFY(result.settings.fileAccess);
        QVERIFY(result.settings.terminal);
        QVERIFY(result.settings.systemForViewOnly);
        QVERIFY(result.settings.fileRoots.isEmpty()); // the home folder
        QVERIFY(result.controlPassword.isEmpty());
        QVERIFY(result.viewPassword.isEmpty());
    }

    void givenOptionsOverrideRememberedSettings()
    {
        // The remembered settings are the base; only what the command line names changes, for this run.
        Settings remembered;
        remembered.port = 9000;
        remembered.fps = 12;
        remembered.quality = 44;
        remembered.clipboard = false;
        remembered.language = QStringLiteral("de");
        remembered.fileAccess = false;
        remembered.terminal = false;
        remembered.systemForViewOnly = false;
        remembered.fileRoots = QStringList{QStringLiteral("/remembered/one"), QStringLiteral("/remembered/two")};
        const CommandLine result = CommandLine::parse(
            {QStringLiteral("deskport"), QStringLiteral("--fps"), QStringLiteral("20"), QStringLiteral("--share")}, {},
            remembered);
        QCOMPARE(result.action, Action::Run);
        QCOMPARE(result.settings.fps, 20);
        QCOMPARE(result.settings.port, quint16(9000));
        QCOMPARE(result.settings.quality, 44);
        QVERIFY(!result.settings.clipboard); // no --no-clipboard given, the remembered "off" stays
        QCOMPARE(result.settings.language, QStringLiteral("de"));
        // Host tools: no option given, the remembered choices stay (there is no option to switch them back on).
        QVERIFY(!result.settings.fileAccess);
        QVERIFY(!result.settings.terminal);
        QVERIFY(!result.settings.systemForViewOnly);
        QCOMPARE(result.settings.fileRoots, remembered.fileRoots);
        QVERIFY(result.settings.startSharing);
        QVERIFY(!result.settings.headless);
        QVERIFY(!parse({}).settings.startSharing);
    }

    void everyOption()
    {
        const CommandLine result = parse(
            {QStringLiteral("--port"), QStringLiteral("8080"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
             QStringLiteral("--password"), QStringLiteral("secret one"), QStringLiteral("--view-password"),
             QStringLiteral("secret two"), QStringLiteral("--fps"), QStringLiteral("15"), QStringLiteral("--quality"),
             QStringLiteral("55"), QStringLiteral("--max-size"), QStringLiteral("1280x720"), QStringLiteral("--screen"),
             QStringLiteral("1"), QStringLiteral("--headless"), QStringLiteral("--virtual"),
             QStringLiteral("--input-rate"), QStringLiteral("40"), QStringLiteral("--no-clipboard"),
             QStringLiteral("--no-files"), QStringLiteral("--no-terminal"), QStringLiteral("--no-system-for-view"),
             QStringLiteral("--file-root"), QDir::tempPath()});
        QCOMPARE(result.action, Action::Run);
        QVERIFY2(result.message.isEmpty(), qPrintable(result.message));
        QCOMPARE(result.settings.port, quint16(8080));
        QCOMPARE(result.settings.bindAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(result.controlPassword, QStringLiteral("secret one"));
        QCOMPARE(result.viewPassword, QStringLiteral("secret two"));
        QCOMPARE(result.settings.fps, 15);
        QCOMPARE(result.settings.quality, 55);
        QCOMPARE(result.settings.maxSize, QSize(1280, 720));
        QCOMPARE(result.settings.screen, 1);
        QVERIFY(result.settings.headless);
        QVERIFY(result.settings.virtualDisplay);
        QCOMPARE(result.settings.inputRate, 40);
        QVERIFY(!result.settings.clipboard);
        QVERIFY(!result.settings.fileAccess);
        QVERIFY(!result.settings.terminal);
        QVERIFY(!result.settings.systemForViewOnly);
        QCOMPARE(result.settings.fileRoots, QStringList{QDir::cleanPath(QDir::tempPath())});
    }

    void eachHostSwitchOnItsOwn()
    {
        // Each flag turns off its own switch and nothing else.
        CommandLine result = parse(args("--no-files"));
        QCOMPARE(result.action, Action::Run);
        QVERIFY(!result.settings.fileAccess);
        QVERIFY(result.settings.terminal && result.settings.systemForViewOnly && result.settings.clipboard);
        result = parse(args("--no-terminal"));
        QVERIFY(!result.settings.terminal);
        QVERIFY(result.settings.fileAccess && result.settings.systemForViewOnly && result.settings.clipboard);
        result = parse(args("--no-system-for-view"));
        QVERIFY(!result.settings.systemForViewOnly);
        QVERIFY(result.settings.fileAccess && result.settings.terminal && result.settings.clipboard);
    }

    void securityOptions()
    {
        CommandLine result = parse({});
        QVERIFY(result.settings.tls); // HTTPS unless the user opts out
        QVERIFY(result.settings.allowControl);
        QVERIFY(result.settings.tlsCertificate.isEmpty() && result.settings.tlsKey.isEmpty());
        result = parse(args("--no-tls"));
        QCOMPARE(result.action, Action::Run);
        QVERIFY(!result.settings.tls);
        result = parse(args("--no-control"));
        QVERIFY(!result.settings.allowControl);
        QVERIFY(result.settings.tls);

        QTemporaryDir work;
        const QString certificate = work.filePath(QStringLiteral("cert.pem"));
        const QString key = work.filePath(QStringLiteral("key.pem"));
        for (const QString &path : {certificate, key}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("PEM");
        }
        result = parse({QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), key});
        QCOMPARE(result.action, Action::Run);
        QCOMPARE(result.settings.tlsCertificate, certificate);
        QCOMPARE(result.settings.tlsKey, key);
        // Half a pair, a missing file, a folder, or a certificate with --no-tls: refused, naming the option.
        result = parse({QStringLiteral("--tls-cert"), certificate});
        QCOMPARE(result.action, Action::Error);
        QVERIFY2(result.message.contains(u"--tls-cert and --tls-key go together"), qPrintable(result.message));
        result = parse({QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"),
                        work.filePath(QStringLiteral("missing.pem"))});
        QCOMPARE(result.action, Action::Error);
        QVERIFY2(result.message.startsWith(u"deskport: --tls-key: must be an existing file"), qPrintable(result.message));
        result = parse({QStringLiteral("--tls-cert"), work.path(), QStringLiteral("--tls-key"), key});
        QCOMPARE(result.action, Action::Error);
        QVERIFY2(result.message.contains(u"must be a file, not a folder"), qPrintable(result.message));
        result = parse({QStringLiteral("--no-tls"), QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), key});
        QCOMPARE(result.action, Action::Error);
        QVERIFY2(result.message.contains(u"cannot be used with --no-tls"), qPrintable(result.message));
    }

    void fileRootsAreRepeatableAbsoluteAndClean()
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QDir dir(work.path());
        QVERIFY(dir.mkpath(QStringLiteral("a/b")));
        QVERIFY(dir.mkpath(QStringLiteral("c d")));
        const QString a = QDir::cleanPath(dir.filePath(QStringLiteral("a")));
        const QString b = QDir::cleanPath(dir.filePath(QStringLiteral("a/b")));
        const QString cd = QDir::cleanPath(dir.filePath(QStringLiteral("c d")));

        // Every occurrence counts, in order; "x/./y/..", a trailing slash and the same folder twice are cleaned.
        const CommandLine result =
            parse({QStringLiteral("--file-root"), a + QStringLiteral("/b/../"), QStringLiteral("--file-root=") + b,
                   QStringLiteral("--file-root"), cd, QStringLiteral("--file-root"), a + QStringLiteral("/./")});
        QCOMPARE(result.action, Action::Run);
        QVERIFY2(result.message.isEmpty(), qPrintable(result.message));
        QCOMPARE(result.settings.fileRoots, (QStringList{a, b, cd}));

        // A relative folder is taken against the current one and stored absolute.
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(a));
        const CommandLine relative = parse(args("--file-root b --file-root ."));
        QVERIFY(QDir::setCurrent(previous));
        QCOMPARE(relative.action, Action::Run);
        QCOMPARE(relative.settings.fileRoots, (QStringList{b, a}));

        // Given, they replace the remembered list for this run.
        Settings remembered;
        remembered.fileRoots = QStringList{QStringLiteral("/remembered")};
        const CommandLine replaced =
            CommandLine::parse({QStringLiteral("deskport"), QStringLiteral("--file-root"), cd}, {}, remembered);
        QCOMPARE(replaced.settings.fileRoots, QStringList{cd});
    }

    void badFileRootsAreRefused()
    {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QString file = QDir(work.path()).filePath(QStringLiteral("plain.txt"));
        QFile plain(file);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const QString missing = QDir(work.path()).filePath(QStringLiteral("missing"));

        CommandLine result = parse({QStringLiteral("--file-root"), missing});
        QCOMPARE(result.action, Action::Error);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.message,
                 QStringLiteral("deskport: --file-root: must be an existing folder, got \"%1\"").arg(missing));

        result = parse({QStringLiteral("--file-root"), file});
        QCOMPARE(result.action, Action::Error);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.message,
                 QStringLiteral("deskport: --file-root: must be a folder, not a file: \"%1\"").arg(file));

        // One bad folder among good ones refuses the whole command line.
        result = parse({QStringLiteral("--file-root"), work.path(), QStringLiteral("--file-root"), missing});
        QCOMPARE(result.action, Action::Error);
        QVERIFY(result.settings.fileRoots.isEmpty());
    }

    void equalsSyntaxAndScreenAll()
    {
        const CommandLine result = parse(args("--port=1 --fps=60 --quality=100 --screen=all --bind=::1"));
        QCOMPARE(result.action, Action::Run);
        QCOMPARE(result.settings.port, quint16(1));
        QCOMPARE(result.settings.fps, 60);
        QCOMPARE(result.settings.quality, 100);
        QCOMPARE(result.settings.screen, Settings::AllScreens);
        QCOMPARE(result.settings.bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
    }

    void lastOccurrenceWins() { QCOMPARE(parse(args("--fps 10 --fps 20")).settings.fps, 20); }

    void invalidValues_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("option");
        QTest::newRow("port 0") << args("--port 0") << QStringLiteral("--port");
        QTest::newRow("port 65536") << args("--port 65536") << QStringLiteral("--port");
        QTest::newRow("port text") << args("--port http") << QStringLiteral("--port");
        QTest::newRow("bind host name") << args("--bind localhost") << QStringLiteral("--bind");
        QTest::newRow("bind bad") << args("--bind 1.2.3") << QStringLiteral("--bind");
        QTest::newRow("fps 0") << args("--fps 0") << QStringLiteral("--fps");
        QTest::newRow("fps 61") << args("--fps 61") << QStringLiteral("--fps");
        QTest::newRow("fps 30x") << args("--fps 30x") << QStringLiteral("--fps");
        QTest::newRow("quality 0") << args("--quality 0") << QStringLiteral("--quality");
        QTest::newRow("quality 101") << args("--quality 101") << QStringLiteral("--quality");
        QTest::newRow("max-size one number") << args("--max-size 1280") << QStringLiteral("--max-size");
        QTest::newRow("max-size too small") << args("--max-size 8x8") << QStringLiteral("--max-size");
        QTest::newRow("screen negative") << args("--screen -1") << QStringLiteral("--screen");
        QTest::newRow("screen word") << args("--screen primary") << QStringLiteral("--screen");
        QTest::newRow("input-rate 9") << args("--input-rate 9") << QStringLiteral("--input-rate");
        QTest::newRow("input-rate 2001") << args("--input-rate 2001") << QStringLiteral("--input-rate");
        QTest::newRow("clipboard flag with value") << args("--no-clipboard=1") << QStringLiteral("no-clipboard");
        QTest::newRow("files flag with value") << args("--no-files=1") << QStringLiteral("no-files");
        QTest::newRow("terminal flag with value") << args("--no-terminal=yes") << QStringLiteral("no-terminal");
        QTest::newRow("system flag with value")
            << args("--no-system-for-view=0") << QStringLiteral("no-system-for-view");
        QTest::newRow("file root missing") << args("--file-root /nonexistent/deskport-test")
                                           << QStringLiteral("--file-root");
        QTest::newRow("file root is a file") << args("--file-root /etc/passwd") << QStringLiteral("--file-root");
        QTest::newRow("file root empty") << QStringList{QStringLiteral("--file-root=")} << QStringLiteral("--file-root");
        QTest::newRow("file root without value") << args("--file-root") << QStringLiteral("file-root");
        QTest::newRow("empty password") << QStringList{QStringLiteral("--password=")} << QStringLiteral("--password");
        QTest::newRow("empty view password")
            << QStringList{QStringLiteral("--password=a"), QStringLiteral("--view-password=")}
            << QStringLiteral("--view-password");
        QTest::newRow("view without control") << args("--view-password abc") << QStringLiteral("--view-password");
        QTest::newRow("view same as control")
            << args("--password same --view-password same") << QStringLiteral("--view-password");
        QTest::newRow("missing value") << args("--port") << QStringLiteral("port");
        QTest::newRow("unknown option") << args("--colour blue") << QStringLiteral("colour");
        QTest::newRow("unknown short option") << args("-x") << QStringLiteral("x");
        QTest::newRow("positional") << args("extra") << QStringLiteral("extra");
        QTest::newRow("positional after options") << args("--fps 10 extra") << QStringLiteral("extra");
        QTest::newRow("flag with value") << args("--headless=yes") << QStringLiteral("headless");
    }

    void invalidValues()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, option);
        const CommandLine result = parse(arguments);
        QCOMPARE(result.action, Action::Error);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.message.startsWith(u"deskport: "), qPrintable(result.message));
        QVERIFY2(result.message.contains(option), qPrintable(result.message));
        QVERIFY2(!result.message.contains(u'\n'), qPrintable(result.message));
    }

    void exactErrorMessage()
    {
        QCOMPARE(parse(args("--fps 0")).message,
                 QStringLiteral("deskport: --fps: must be a whole number from 1 to 60, got \"0\""));
    }

    void errorDoesNotEchoPasswords()
    {
        const CommandLine result = parse(args("--password hunter2 --view-password hunter2"));
        QCOMPARE(result.action, Action::Error);
        QVERIFY(!result.message.contains(u"hunter2"));
        QVERIFY(result.controlPassword.isEmpty());
    }

    void environmentFallback()
    {
        const QStringList environment{QStringLiteral("HOME=/home/me"), QStringLiteral("DESKPORT_PASSWORD=from env"),
                                      QStringLiteral("DESKPORT_VIEW_PASSWORD=view=env")};
        CommandLine result = parse({}, environment);
        QCOMPARE(result.action, Action::Run);
        QCOMPARE(result.controlPassword, QStringLiteral("from env"));
        QCOMPARE(result.viewPassword, QStringLiteral("view=env")); // only the first '=' separates

        // The command line wins over the environment, each password on its own.
        result = parse(args("--password cli"), environment);
        QCOMPARE(result.controlPassword, QStringLiteral("cli"));
        QCOMPARE(result.viewPassword, QStringLiteral("view=env"));
        result = parse(args("--view-password cliview"), environment);
        QCOMPARE(result.controlPassword, QStringLiteral("from env"));
        QCOMPARE(result.viewPassword, QStringLiteral("cliview"));
    }

    void environmentNamesMustMatchExactly()
    {
        const CommandLine result =
            parse({}, {QStringLiteral("DESKPORT_PASSWORDX=a"), QStringLiteral("XDESKPORT_PASSWORD=b"),
                       QStringLiteral("DESKPORT_PASSWORD")});
        QCOMPARE(result.action, Action::Run);
        QVERIFY(result.controlPassword.isEmpty());
    }

    void environmentErrors()
    {
        CommandLine result = parse({}, {QStringLiteral("DESKPORT_VIEW_PASSWORD=v")});
        QCOMPARE(result.action, Action::Error);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.message.contains(u"DESKPORT_VIEW_PASSWORD"), qPrintable(result.message));

        result = parse({}, {QStringLiteral("DESKPORT_PASSWORD=")});
        QCOMPARE(result.action, Action::Error);
        QVERIFY2(result.message.contains(u"DESKPORT_PASSWORD"), qPrintable(result.message));

        result = parse(args("--view-password same"), {QStringLiteral("DESKPORT_PASSWORD=same")});
        QCOMPARE(result.action, Action::Error);
    }

    void help()
    {
        for (const char *option : {"--help", "-h"}) {
            const CommandLine result = parse({QString::fromLatin1(option)});
            QCOMPARE(result.action, Action::Exit);
            QCOMPARE(result.exitCode, 0);
            for (const char *name : {"--port", "--bind", "--password", "--view-password", "--fps", "--quality",
                                     "--max-size", "--screen", "--input-rate", "--no-clipboard", "--no-files",
                                     "--no-terminal", "--no-system-for-view", "--file-root", "--no-tls",
                                     "--tls-cert", "--tls-key", "--no-control", "--headless",
                                     "--virtual", "--help", "--version",
                                     "DESKPORT_PASSWORD", "DESKPORT_VIEW_PASSWORD", "7417"}) {
                QVERIFY2(result.message.contains(QString::fromLatin1(name)), name);
            }
            QVERIFY2(result.message.startsWith(u"Usage: deskport [options]\n"), qPrintable(result.message));
            QVERIFY(!result.message.endsWith(u'\n')); // main() prints it as a line
            const QString text = result.message.simplified();
            QVERIFY(text.contains(u"replace the stored ones"));
            QVERIFY(text.contains(u"stored hashed"));
            QVERIFY(text.contains(u"a random control password is generated and printed once"));
        }
    }

    void version()
    {
        const CommandLine result = parse(args("--version"));
        QCOMPARE(result.action, Action::Exit);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.message.startsWith(u"deskport "));
        QVERIFY(!result.message.contains(u'\n'));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
