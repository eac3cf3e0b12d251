#include "core/commandline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace deskport {

namespace {

const QString PasswordEnv = QStringLiteral("DESKPORT_PASSWORD");
const QString ViewPasswordEnv = QStringLiteral("DESKPORT_VIEW_PASSWORD");

// The value of NAME in a list of "NAME=value" strings, or a null QString if NAME is not there.
QString environmentValue(const QStringList &environment, const QString &name)
{
    for (const QString &entry : environment) {
        const qsizetype equals = entry.indexOf(u'=');
        if (equals == name.size() && entry.startsWith(name)) {
            const QString value = entry.mid(equals + 1);
            return value.isNull() ? QStringLiteral("") : value; // "NAME=" is given (and empty), not missing
        }
    }
    return {};
}

CommandLine error(const QString &option, const QString &message)
{
    CommandLine result;
    result.action = CommandLine::Action::Error;
    result.exitCode = 2;
    result.message = QStringLiteral("deskport: ") + (option.isEmpty() ? QString() : option + u": ") + message;
    // One line, whatever the parser or a value put in it.
    result.message.replace(u'\n', u' ');
    return result;
}

QString versionString()
{
    QString version = QCoreApplication::applicationVersion();
#ifdef DESKPORT_VERSION
    if (version.isEmpty())
        version = QStringLiteral(DESKPORT_VERSION);
#endif
    if (version.isEmpty())
        version = QStringLiteral("unknown");
    return QStringLiteral("deskport ") + version;
}

} // namespace

CommandLine CommandLine::parse(const QStringList &arguments, const QStringList &environment, const Settings &base)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Share this screen with any web browser."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();

    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QStringLiteral("Listen on TCP port N (1-65535, default %1).").arg(QString::number(Settings::DefaultPort)),
        QStringLiteral("N"));
    const QCommandLineOption bindOption(QStringLiteral("bind"),
                                        QStringLiteral("Listen on this IP address only (default: all addresses)."),
                                        QStringLiteral("ADDRESS"));
    const QCommandLineOption passwordOption(
        QStringLiteral("password"),
        QStringLiteral("The control password: viewers who log in with it may use the mouse and keyboard. "
                       "Also read from the environment variable %1.")
            .arg(PasswordEnv),
        QStringLiteral("TEXT"));
    const QCommandLineOption viewPasswordOption(
        QStringLiteral("view-password"),
        QStringLiteral("The view-only password: viewers who log in with it can only watch. Only together with a "
                       "control password. Also read from the environment variable %1.")
            .arg(ViewPasswordEnv),
        QStringLiteral("TEXT"));
    const QCommandLineOption fpsOption(QStringLiteral("fps"),
                                       QStringLiteral("At most N frames per second (%1-%2, default %3).")
                                           .arg(QString::number(Settings::MinFps), QString::number(Settings::MaxFps),
                                                QString::number(Settings::DefaultFps)),
                                       QStringLiteral("N"));
    const QCommandLineOption qualityOption(QStringLiteral("quality"),
                                           QStringLiteral("JPEG quality N (%1-%2, default %3).")
                                               .arg(QString::number(Settings::MinQuality),
                                                    QString::number(Settings::MaxQuality),
                                                    QString::number(Settings::DefaultQuality)),
                                           QStringLiteral("N"));
    const QCommandLineOption maxSizeOption(
        QStringLiteral("max-size"),
        QStringLiteral("Scale screens larger than WxH down to fit, keeping the aspect ratio (e.g. 1920x1080)."),
        QStringLiteral("WxH"));
    const QCommandLineOption screenOption(
        QStringLiteral("screen"),
        QStringLiteral("Share one monitor by its 0-based index, or \"all\" for the whole virtual desktop "
                       "(default all)."),
        QStringLiteral("N|all"));
    const QCommandLineOption inputRateOption(
        QStringLiteral("input-rate"),
        QStringLiteral("Apply at most N input events per second from each control viewer (%1-%2, default %3); "
                       "pointer moves beyond it are merged, clicks and keys wait their turn.")
            .arg(QString::number(Settings::MinInputRate), QString::number(Settings::MaxInputRate),
                 QString::number(Settings::DefaultInputRate)),
        QStringLiteral("N"));
    const QCommandLineOption noClipboardOption(
        QStringLiteral("no-clipboard"),
        QStringLiteral("Do not share the clipboard (by default control viewers can read and set its text)."));
    const QCommandLineOption noFilesOption(
        QStringLiteral("no-files"),
        QStringLiteral("Do not offer the file panel (by default control viewers can browse, download and upload "
                       "files in the file roots)."));
    const QCommandLineOption noTerminalOption(
        QStringLiteral("no-terminal"),
        QStringLiteral("Do not offer the terminal (by default control viewers can open a shell as you)."));
    const QCommandLineOption noSystemForViewOption(
        QStringLiteral("no-system-for-view"),
        QStringLiteral("Hide the system panel from view-only viewers (control viewers always see it)."));
    const QCommandLineOption fileRootOption(
        QStringLiteral("file-root"),
        QStringLiteral("A folder the file panel may reach; repeat for several. Given, they replace the remembered "
                       "ones (default: your home folder)."),
        QStringLiteral("DIR"));
    const QCommandLineOption noTlsOption(
        QStringLiteral("no-tls"),
        QStringLiteral("Serve plain HTTP instead of HTTPS (not encrypted: anyone on the network can read the screen "
                       "and the passwords). The portal shows a warning."));
    const QCommandLineOption tlsCertOption(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS with this PEM certificate (chain) instead of Deskport's own self-signed one; "
                       "needs --tls-key."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKeyOption(QStringLiteral("tls-key"),
                                          QStringLiteral("The unencrypted PEM private key of --tls-cert."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption noControlOption(
        QStringLiteral("no-control"),
        QStringLiteral("Every viewer can only watch, whatever password they log in with."));
    const QCommandLineOption headlessOption(QStringLiteral("headless"),
                                            QStringLiteral("Run without a tray icon, sharing at once."));
    const QCommandLineOption shareOption(
        QStringLiteral("share"),
        QStringLiteral("With the tray icon: start sharing at once instead of waiting for a click."));
    const QCommandLineOption virtualOption(
        QStringLiteral("virtual"),
        QStringLiteral("Share a new private Xvfb display instead of the current one (for machines without a "
                       "display)."));

    parser.addOptions({portOption, bindOption, passwordOption, viewPasswordOption, fpsOption, qualityOption,
                       maxSizeOption, screenOption, inputRateOption, noClipboardOption, noFilesOption, noTerminalOption,
                       noSystemForViewOption, fileRootOption, noTlsOption, tlsCertOption, tlsKeyOption,
                       noControlOption, headlessOption, shareOption, virtualOption});

    if (!parser.parse(arguments))
        return error(QString(), parser.errorText());

    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        CommandLine result;
        result.action = Action::Exit;
        QString help = parser.helpText();
        // Without a QCoreApplication (main parses before creating one) Qt writes "<executable_name>".
        if (help.startsWith(u"Usage: ")) {
            const QString program =
                arguments.isEmpty() ? QStringLiteral("deskport") : QFileInfo(arguments.constFirst()).fileName();
            help = QStringLiteral("Usage: %1 [options]").arg(program) + help.mid(help.indexOf(u'\n'));
        }
        help += QStringLiteral("\nPasswords given on the command line (or in %1 and\n"
                               "%2) replace the stored ones and are stored hashed,\n"
                               "never in clear text. With no password given and none stored, a random\n"
                               "control password is generated and printed once.")
                    .arg(PasswordEnv, ViewPasswordEnv);
        result.message = help; // no final newline: the caller prints it as a line
        return result;
    }
    if (parser.isSet(versionOption)) {
        CommandLine result;
        result.action = Action::Exit;
        result.message = versionString();
        return result;
    }

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty())
        return error(QString(), QStringLiteral("unexpected argument \"%1\"").arg(positional.constFirst()));

    CommandLine result;
    Settings &settings = result.settings;
    settings = base;
    QString message;

    // QCommandLineParser keeps every occurrence; the last one wins, as people expect from "... --fps 10".
    if (parser.isSet(portOption)) {
        const std::optional<quint16> port = Settings::parsePort(parser.value(portOption), &message);
        if (!port)
            return error(QStringLiteral("--port"), message);
        settings.port = *port;
    }
    if (parser.isSet(bindOption)) {
        const std::optional<QHostAddress> address = Settings::parseBindAddress(parser.value(bindOption), &message);
        if (!address)
            return error(QStringLiteral("--bind"), message);
        settings.bindAddress = *address;
    }
    if (parser.isSet(fpsOption)) {
        const std::optional<int> fps = Settings::parseFps(parser.value(fpsOption), &message);
        if (!fps)
            return error(QStringLiteral("--fps"), message);
        settings.fps = *fps;
    }
    if (parser.isSet(qualityOption)) {
        const std::optional<int> quality = Settings::parseQuality(parser.value(qualityOption), &message);
        if (!quality)
            return error(QStringLiteral("--quality"), message);
        settings.quality = *quality;
    }
    if (parser.isSet(maxSizeOption)) {
        const std::optional<QSize> size = Settings::parseMaxSize(parser.value(maxSizeOption), &message);
        if (!size)
            return error(QStringLiteral("--max-size"), message);
        settings.maxSize = *size;
    }
    if (parser.isSet(screenOption)) {
        const std::optional<int> screen = Settings::parseScreen(parser.value(screenOption), &message);
        if (!screen)
            return error(QStringLiteral("--screen"), message);
        settings.screen = *screen;
    }
    if (parser.isSet(inputRateOption)) {
        const std::optional<int> rate = Settings::parseInputRate(parser.value(inputRateOption), &message);
        if (!rate)
            return error(QStringLiteral("--input-rate"), message);
        settings.inputRate = *rate;
    }
    if (parser.isSet(noClipboardOption))
        settings.clipboard = false;
    if (parser.isSet(noFilesOption))
        settings.fileAccess = false;
    if (parser.isSet(noTerminalOption))
        settings.terminal = false;
    if (parser.isSet(noSystemForViewOption))
        settings.systemForViewOnly = false;
    if (parser.isSet(fileRootOption)) {
        // Every occurrence counts (unlike the single-value options): together they are the list for this run.
        QStringList roots;
        for (const QString &directory : parser.values(fileRootOption)) {
            const std::optional<QString> root = Settings::parseFileRoot(directory, &message);
            if (!root)
                return error(QStringLiteral("--file-root"), message);
            roots.append(*root);
        }
        roots.removeDuplicates();
        settings.fileRoots = roots;
    }
    if (parser.isSet(noTlsOption))
        settings.tls = false;
    if (parser.isSet(tlsCertOption) != parser.isSet(tlsKeyOption)) {
        return error(parser.isSet(tlsCertOption) ? QStringLiteral("--tls-cert") : QStringLiteral("--tls-key"),
                     QStringLiteral("--tls-cert and --tls-key go together"));
    }
    if (parser.isSet(tlsCertOption)) {
        if (parser.isSet(noTlsOption))
            return error(QStringLiteral("--tls-cert"), QStringLiteral("cannot be used with --no-tls"));
        const std::optional<QString> certificate = Settings::parseReadableFile(parser.value(tlsCertOption), &message);
        if (!certificate)
            return error(QStringLiteral("--tls-cert"), message);
        const std::optional<QString> key = Settings::parseReadableFile(parser.value(tlsKeyOption), &message);
        if (!key)
            return error(QStringLiteral("--tls-key"), message);
        settings.tlsCertificate = *certificate;
        settings.tlsKey = *key;
    }
    if (parser.isSet(noControlOption))
        settings.allowControl = false;
    settings.headless = parser.isSet(headlessOption);
    settings.startSharing = parser.isSet(shareOption);
    settings.virtualDisplay = parser.isSet(virtualOption);

    // Passwords: the command line wins over the environment. Remember where each came from so an error names it.
    const bool controlOnCommandLine = parser.isSet(passwordOption);
    const QString controlSource = controlOnCommandLine ? QStringLiteral("--password") : PasswordEnv;
    const QString control =
        controlOnCommandLine ? parser.value(passwordOption) : environmentValue(environment, PasswordEnv);
    const bool viewOnCommandLine = parser.isSet(viewPasswordOption);
    const QString viewSource = viewOnCommandLine ? QStringLiteral("--view-password") : ViewPasswordEnv;
    const QString view =
        viewOnCommandLine ? parser.value(viewPasswordOption) : environmentValue(environment, ViewPasswordEnv);
    // A null value means "not given"; an empty one was given and is an error.
    const bool controlGiven = controlOnCommandLine || !control.isNull();
    const bool viewGiven = viewOnCommandLine || !view.isNull();

    if (controlGiven && control.isEmpty())
        return error(controlSource, QStringLiteral("the password must not be empty"));
    if (viewGiven && view.isEmpty())
        return error(viewSource, QStringLiteral("the password must not be empty"));
    if (viewGiven && !controlGiven) {
        return error(
            viewSource,
            QStringLiteral("a view-only password needs a control password too (--password or %1)").arg(PasswordEnv));
    }
    if (viewGiven && view == control) {
        return error(viewSource, QStringLiteral("the view-only password must differ from the control password"));
    }
    result.controlPassword = control;
    result.viewPassword = view;
    return result;
}

} // namespace deskport
