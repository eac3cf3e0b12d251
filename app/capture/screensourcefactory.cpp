#include "capture/screensourcefactory.h"

#include "capture/capturelog.h"
#include "capture/fake/fakescreensource.h"
#include "capture/qscreen/qscreensource.h"

#include <QGuiApplication>
#include <QScreen>

namespace deskport {

namespace {

std::unique_ptr<ScreenSource> createQScreenSource(int screenIndex, QString *why)
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.isEmpty() || !QGuiApplication::primaryScreen()) {
        *why = QStringLiteral("no screen is available to capture");
        return nullptr;
    }
    if (screenIndex >= screens.size()) {
        *why = QStringLiteral("there is no screen %1: this desktop has %2 (0 to %3)")
                   .arg(screenIndex)
                   .arg(screens.size())
                   .arg(screens.size() - 1);
        return nullptr;
    }
    QScreen *screen = screenIndex < 0 ? QGuiApplication::primaryScreen() : screens.at(screenIndex);
    const QRect area = screenIndex < 0 ? screen->virtualGeometry() : screen->geometry();
    return std::make_unique<QScreenSource>(screen, area);
}

} // namespace

std::unique_ptr<ScreenSource> createScreenSource(const ScreenSourceChoice &choice, QString *why)
{
    if (choice.override == QLatin1String("fake")) {
        qCInfo(lcCapture) << "capture: fake screen (DESKPORT_CAPTURE=fake), not the real desktop";
        return std::make_unique<FakeScreenSource>(QSize(1280, 720), QColor(0x33, 0x66, 0x99));
    }
    if (choice.override == QLatin1String("qscreen")) {
        return createQScreenSource(choice.screen, why);
    }
    if (!choice.override.isEmpty()) {
        *why = QStringLiteral("DESKPORT_CAPTURE=%1 is not a capture backend (use qscreen or fake)").arg(choice.override);
        return nullptr;
    }

    const QString platform = QGuiApplication::platformName();
    if (platform == QLatin1String("wayland")) {
        *why = QStringLiteral("Wayland session: screen capture needs the desktop portal backend, which Deskport does "
                              "not have yet; run under X11 (QT_QPA_PLATFORM=xcb with XWayland shows only X clients)");
        return nullptr;
    }
    if (platform == QLatin1String("offscreen") || platform == QLatin1String("minimal")) {
        *why = QStringLiteral("the Qt platform '%1' has no screen to capture").arg(platform);
        return nullptr;
    }
    return createQScreenSource(choice.screen, why);
}

} // namespace deskport
