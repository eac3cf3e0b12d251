// Deskport: share this screen with web browsers. main() parses the command line, builds the parts, wires them
// and runs the event loop; the parts themselves live in the modules (see ../shared/design.md).

#include "capture/screensourcefactory.h"
#include "capture/virtualdisplay.h"
#include "codec/framepipeline.h"
#include "core/commandline.h"
#include "core/passwordhash.h"
#include "core/passwordstore.h"
#include "core/quitonsignals.h"
#include "core/sharingcontroller.h"
#include "host/hostclipboard.h"
#include "input/inputsinkfactory.h"
#include "server/auth.h"
#include "server/portalserver.h"

#include <QGuiApplication>
#include <QNetworkInterface>
#include <QProcessEnvironment>
#include <QSettings>

#include <cstdio>

using namespace deskport;

namespace {

void printLine(FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stream);
    std::fflush(stream);
}

bool hasDisplay(const QProcessEnvironment &environment)
{
    return environment.contains(QStringLiteral("QT_QPA_PLATFORM")) || environment.contains(QStringLiteral("DISPLAY"))
        || environment.contains(QStringLiteral("WAYLAND_DISPLAY"));
}

// Passwords from the command line replace the stored ones; with none given and none stored, make one up and show
// it this once (only its hash is kept).
void preparePasswords(const CommandLine &commandLine, PasswordStore &store)
{
    if (!commandLine.controlPassword.isEmpty()) {
        store.setPasswords(commandLine.controlPassword, commandLine.viewPassword, PasswordHash::DefaultIterations);
        return;
    }
    if (store.hasControlPassword()) {
        return;
    }
    const QString generated = PasswordHash::generate();
    store.setPasswords(generated, {}, PasswordHash::DefaultIterations);
    printLine(stdout, QStringLiteral("No password was set, so Deskport made one. Control password: %1\n"
                                     "It is shown only this once and stored hashed; set your own with --password.")
                          .arg(generated));
}

QStringList portalUrls(const QHostAddress &bind, quint16 port)
{
    QList<QHostAddress> hosts;
    if (bind == QHostAddress::Any || bind == QHostAddress::AnyIPv4 || bind == QHostAddress::AnyIPv6) {
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (address.protocol() == QAbstractSocket::IPv4Protocol) {
                hosts.append(address);
            }
        }
    } else {
        hosts.append(bind);
    }
    QStringList urls;
    for (const QHostAddress &host : hosts) {
        const QString name = host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']'
                                                                              : host.toString();
        urls.append(QStringLiteral("http://%1:%2/").arg(name).arg(port));
    }
    return urls;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    // Parse before anything connects to a display: --help and bad input must work everywhere.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const CommandLine commandLine = CommandLine::parse(arguments, environment.toStringList());
    if (commandLine.action != CommandLine::Action::Run) {
        printLine(commandLine.action == CommandLine::Action::Error ? stderr : stdout, commandLine.message);
        return commandLine.exitCode;
    }
    const Settings &settings = commandLine.settings;

    VirtualDisplay virtualDisplay;
    if (settings.virtualDisplay) {
        QString error;
        const QSize size = settings.maxSize.isValid() ? settings.maxSize : QSize(1920, 1080);
        if (!virtualDisplay.start(size, &error)) {
            printLine(stderr, QStringLiteral("deskport: --virtual: %1").arg(error));
            return 1;
        }
        qputenv("DISPLAY", virtualDisplay.name().toLocal8Bit());
        qputenv("QT_QPA_PLATFORM", "xcb");
    } else if (!hasDisplay(environment)) {
        printLine(stderr, QStringLiteral("deskport: no display to share (DISPLAY is not set). Start Deskport inside a "
                                         "desktop session, or add --virtual to share a new virtual display."));
        return 1;
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Deskport"));
    QGuiApplication::setOrganizationName(QStringLiteral("Deskport"));
    QGuiApplication::setOrganizationDomain(QStringLiteral("deskport.org"));
    QGuiApplication::setApplicationVersion(QStringLiteral(DESKPORT_VERSION));
    QuitOnSignals quitOnSignals;

    // Only now, with the display open, can --screen be checked; it is still a bad option value (exit code 2),
    // refused before anything is stored.
    if (const qsizetype screens = QGuiApplication::screens().size(); settings.screen >= screens) {
        printLine(stderr, QStringLiteral("deskport: --screen: there is no screen %1; this desktop has %2 (0 to %3)")
                              .arg(settings.screen)
                              .arg(screens)
                              .arg(screens - 1));
        return 2;
    }

    if (!settings.headless) {
        printLine(stdout, QStringLiteral("The tray icon is not built yet: running headless."));
    }

    QSettings storedSettings;
    PasswordStore passwords(storedSettings);
    preparePasswords(commandLine, passwords);

    QString why;
    std::unique_ptr<ScreenSource> source =
        createScreenSource({qEnvironmentVariable("DESKPORT_CAPTURE"), settings.screen}, &why);
    if (!source) {
        printLine(stderr, QStringLiteral("deskport: cannot capture the screen: %1").arg(why));
        return 1;
    }
    const QRect area = source->geometry();
    const QString sourceName = source->name();

    StreamOptions options;
    options.fps = settings.fps;
    options.quality = settings.quality;
    options.maxSize = settings.maxSize;
    FramePipeline pipeline(std::move(source), options);
    SharingController sharing;
    Auth auth(passwords.controlHash(), passwords.viewHash());
    const std::unique_ptr<InputSink> inputSink = createInputSink(qEnvironmentVariable("DESKPORT_INPUT"));
    HostClipboard clipboard(settings.clipboard);
    PortalServer server(&auth, &pipeline, &sharing, InputContext{inputSink.get(), &clipboard, area, settings.inputRate});
    if (!server.listen(settings.bindAddress, settings.port)) {
        printLine(stderr, QStringLiteral("deskport: cannot listen on %1 port %2: %3")
                              .arg(settings.bindAddress.toString())
                              .arg(settings.port)
                              .arg(server.errorString()));
        return 1;
    }
    sharing.setSharing(true);

    printLine(stdout, QStringLiteral("Deskport is sharing %1 (%2x%3, %4 capture) at:")
                          .arg(qEnvironmentVariable("DISPLAY", QStringLiteral("the screen")))
                          .arg(area.width())
                          .arg(area.height())
                          .arg(sourceName));
    for (const QString &url : portalUrls(settings.bindAddress, server.serverPort())) {
        printLine(stdout, QStringLiteral("  ") + url);
    }
    const int result = app.exec();
    server.closeAll();
    return result;
}
