// Deskport: share this screen with web browsers. main() parses the command line, builds the parts, wires them
// and runs the event loop; the parts themselves live in the modules (see ../shared/design.md).

#include "capture/virtualdisplay.h"
#include "core/commandline.h"
#include "core/passwordhash.h"
#include "core/passwordstore.h"
#include "core/quitonsignals.h"
#include "core/settingsstore.h"
#include "core/sharingcontroller.h"
#include "service/sharingservice.h"
#include "tray/trayapplication.h"
#include "tray/traycontroller.h"

#include <QGuiApplication>
#include <QProcessEnvironment>
#include <QSettings>

#include <algorithm>
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
// it this once (only its hash is kept). Returns the one made up, if any.
QString preparePasswords(const CommandLine &commandLine, PasswordStore &store)
{
    if (!commandLine.controlPassword.isEmpty()) {
        store.setPasswords(commandLine.controlPassword, commandLine.viewPassword, PasswordHash::DefaultIterations);
        return {};
    }
    if (store.hasControlPassword()) {
        return {};
    }
    const QString generated = PasswordHash::generate();
    store.setPasswords(generated, {}, PasswordHash::DefaultIterations);
    printLine(stdout, QStringLiteral("No password was set, so Deskport made one. Control password: %1\n"
                                     "It is shown only this once and stored hashed; set your own with --password.")
                          .arg(generated));
    return generated;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
    }
    QCoreApplication::setApplicationName(QStringLiteral("Deskport"));
    QCoreApplication::setOrganizationName(QStringLiteral("Deskport"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("deskport.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DESKPORT_VERSION));
    QSettings storedSettings;

    // Parse before anything connects to a display: --help and bad input must work everywhere. Options given
    // override the remembered settings for this run.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const CommandLine commandLine =
        CommandLine::parse(arguments, environment.toStringList(), loadSettings(storedSettings));
    if (commandLine.action != CommandLine::Action::Run) {
        printLine(commandLine.action == CommandLine::Action::Error ? stderr : stdout, commandLine.message);
        return commandLine.exitCode;
    }
    Settings settings = commandLine.settings;

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

    const std::unique_ptr<QGuiApplication> app =
        settings.headless ? std::make_unique<QGuiApplication>(argc, argv) : createWidgetsApplication(argc, argv);
    QuitOnSignals quitOnSignals;

    // Only now, with the display open, can --screen be checked; it is still a bad option value (exit code 2),
    // refused before anything is stored.
    if (const qsizetype screens = QGuiApplication::screens().size(); settings.screen >= screens) {
        const bool given = std::any_of(arguments.cbegin(), arguments.cend(), [](const QString &argument) {
            return argument == u"--screen" || argument.startsWith(u"--screen=");
        });
        if (given) {
            printLine(stderr, QStringLiteral("deskport: --screen: there is no screen %1; this desktop has %2 (0 to %3)")
                                  .arg(settings.screen)
                                  .arg(screens)
                                  .arg(screens - 1));
            return 2;
        }
        // A remembered screen that is gone (a monitor unplugged) is no reason not to start.
        printLine(stderr, QStringLiteral("deskport: the remembered screen %1 is not there; sharing all screens")
                              .arg(settings.screen));
        settings.screen = Settings::AllScreens;
    }

    PasswordStore passwords(storedSettings);
    const QString generatedPassword = preparePasswords(commandLine, passwords);

    SharingController controller;
    controller.setInitialSettings(settings);
    controller.setStorage(&storedSettings, &passwords);
    SharingService service(&controller, passwords.controlHash(), passwords.viewHash(),
                           {qEnvironmentVariable("DESKPORT_CAPTURE"), qEnvironmentVariable("DESKPORT_INPUT"), QString()});
    QString why;
    if (!service.initialize(settings, &why)) {
        printLine(stderr, QStringLiteral("deskport: cannot capture the screen: %1").arg(why));
        return 1;
    }

    std::unique_ptr<TrayController> tray;
    if (!settings.headless) {
        tray = std::make_unique<TrayController>(&controller);
        QObject::connect(tray.get(), &TrayController::quitRequested, app.get(), &QCoreApplication::quit);
        if (!generatedPassword.isEmpty()) {
            // Someone who started Deskport from a menu never sees stdout: show the new password where they look.
            tray->showGeneratedPassword(generatedPassword);
        }
    }
    if (settings.headless || settings.startSharing) {
        if (!controller.setSharing(true, &why)) {
            printLine(stderr, QStringLiteral("deskport: %1").arg(why));
            if (settings.headless) {
                return 1;
            }
        }
    }
    if (controller.isSharing()) {
        printLine(stdout, QStringLiteral("Deskport is sharing %1 (%2x%3, %4 capture) at:")
                              .arg(qEnvironmentVariable("DISPLAY", QStringLiteral("the screen")))
                              .arg(service.desktopArea().width())
                              .arg(service.desktopArea().height())
                              .arg(service.captureName()));
        for (const QString &url : controller.links()) {
            printLine(stdout, QStringLiteral("  ") + url);
        }
        if (const QString fingerprint = controller.tlsFingerprint(); !fingerprint.isEmpty()) {
            printLine(stdout, QStringLiteral("Certificate fingerprint (SHA-256), for your colleague to compare with "
                                             "what the browser shows:\n  %1")
                                  .arg(fingerprint));
        } else {
            printLine(stdout, QStringLiteral("Warning: plain HTTP (--no-tls): the screen, keystrokes and passwords "
                                             "cross the network unencrypted."));
        }
        if (settings.headless && settings.askBeforeAccepting) {
            printLine(stdout, QStringLiteral("Note: \"Ask before accepting\" is on in the settings, but without a "
                                             "tray nobody could answer: viewers are let in by their password alone."));
        }
    } else {
        printLine(stdout, QStringLiteral("Deskport is ready: turn on sharing from its tray icon."));
    }
    const int result = app->exec();
    tray.reset();
    controller.setSharing(false);
    return result;
}
