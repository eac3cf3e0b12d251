#include "capture/cursorsource.h"

#include "capture/capturelog.h"
#include "capture/x11/xfixescursorsource.h"

#include <QGuiApplication>

namespace deskport {

CursorSource::~CursorSource() = default;

std::unique_ptr<CursorSource> createCursorSource(const QString &captureOverride)
{
    if (captureOverride == QLatin1String("fake")) {
        qCInfo(lcCapture) << "pointer: not shown (the fake screen has no pointer)";
        return nullptr;
    }
    const QString platform = QGuiApplication::platformName();
    if (platform != QLatin1String("xcb")) {
        qCInfo(lcCapture).noquote()
            << QStringLiteral("pointer: not shown (the Qt platform '%1' has no X11 pointer to follow)").arg(platform);
        return nullptr;
    }
    QString why;
    std::unique_ptr<CursorSource> source = XFixesCursorSource::create(qEnvironmentVariable("DISPLAY"), &why);
    if (!source) {
        qCInfo(lcCapture).noquote() << "pointer: not shown (" << why << ")";
        return nullptr;
    }
    qCInfo(lcCapture) << "pointer: X11 XFixes";
    return source;
}

} // namespace deskport
