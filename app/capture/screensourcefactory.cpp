#include "capture/screensourcefactory.h"

#include "capture/capturelog.h"
#include "capture/fake/fakescreensource.h"
#include "capture/qscreen/qscreensource.h"
#include "capture/x11/xshmscreensource.h"

#include <QGuiApplication>
#include <QScreen>

#include <optional>

namespace deskport {

namespace {

// The area to capture, in desktop coordinates: one screen, or the whole virtual desktop; nullopt with *why.
std::optional<QRect> areaOf(int screenIndex, QScreen **through, QString *why)
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.isEmpty() || !QGuiApplication::primaryScreen()) {
        *why = QStringLiteral("no screen is available to capture");
        return std::nullopt;
    }
    if (screenIndex >= screens.size()) {
        *why = QStringLiteral("there is no screen %1: this desktop has %2 (0 to %3)")
                   .arg(screenIndex)
                   .arg(screens.size())
                   .arg(screens.size() - 1);
        return std::nullopt;
    }
    QScreen *screen = screenIndex < 0 ? QGuiApplication::primaryScreen() : screens.at(screenIndex);
    *through = screen;
    return screenIndex < 0 ? screen->virtualGeometry() : screen->geometry();
}

std::unique_ptr<ScreenSource> createQScreenSource(int screenIndex, QString *why)
{
    QScreen *screen = nullptr;
    const std::optional<QRect> area = areaOf(screenIndex, &screen, why);
    return area ? std::make_unique<QScreenSource>(screen, *area) : nullptr;
}

std::unique_ptr<ScreenSource> createX11Source(int screenIndex, QString *why)
{
    QScreen *screen = nullptr;
    const std::optional<QRect> area = areaOf(screenIndex, &screen, why);
    if (!area) {
        return nullptr;
    }
    // Qt's geometry is in device-independent pixels; X11 root coordinates are device pixels.
    const qreal ratio = screen->devicePixelRatio();
    const QRect pixels(QPoint(qRound(area->x() * ratio), qRound(area->y() * ratio)),
                       QSize(qRound(area->width() * ratio), qRound(area->height() * ratio)));
    return XShmScreenSource::create(qEnvironmentVariable("DISPLAY"), pixels, why);
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
    if (choice.override == QLatin1String("x11")) {
        return createX11Source(choice.screen, why);
    }
    if (!choice.override.isEmpty()) {
        *why = QStringLiteral("DESKPORT_CAPTURE=%1 is not a capture backend (use x11, qscreen or fake)")
                   .arg(choice.override);
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
    if (platform == QLatin1String("xcb")) {
        QString x11Why;
        if (std::unique_ptr<ScreenSource> source = createX11Source(choice.screen, &x11Why)) {
            qCInfo(lcCapture) << "capture: X11 shared memory";
            return source;
        }
        qCInfo(lcCapture).noquote() << "capture: no X11 shared memory (" << x11Why << "), using QScreen";
    }
    return createQScreenSource(choice.screen, why);
}

} // namespace deskport
