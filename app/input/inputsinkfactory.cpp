#include "input/inputsinkfactory.h"

#include "input/inputlog.h"
#include "input/null/nullinputsink.h"
#include "input/x11/xtestinputsink.h"

#include <QGuiApplication>

namespace deskport {

namespace {

std::unique_ptr<InputSink> chosen(std::unique_ptr<InputSink> sink, const QString &why)
{
    if (sink->isAvailable()) {
        qCInfo(lcInput).noquote() << "input:" << sink->name() << "backend," << why;
    } else {
        qCInfo(lcInput).noquote() << "input: none (view-only)," << why << "-" << sink->unavailableReason();
    }
    return sink;
}

// XTest when it works, otherwise a null sink that carries XTest's reason.
std::unique_ptr<InputSink> createXTest(const QString &why)
{
    auto xtest = std::make_unique<XTestInputSink>();
    if (xtest->isAvailable()) {
        return chosen(std::move(xtest), why);
    }
    return chosen(std::make_unique<NullInputSink>(xtest->unavailableReason()), why);
}

} // namespace

std::unique_ptr<InputSink> createInputSink(const QString &override)
{
    const QString choice = override.trimmed().toLower();
    if (choice == u"null") {
        return chosen(std::make_unique<NullInputSink>(
                          QStringLiteral("remote control is switched off on this host (DESKPORT_INPUT=null)")),
                      QStringLiteral("chosen by DESKPORT_INPUT=null"));
    }
    if (choice == u"x11") {
        return createXTest(QStringLiteral("chosen by DESKPORT_INPUT=x11"));
    }
    if (!choice.isEmpty()) {
        qCWarning(lcInput).noquote() << QStringLiteral("input: DESKPORT_INPUT=%1 is not an input backend (use x11 or "
                                                       "null); choosing by platform")
                                            .arg(override);
    }

    const QString platform = QGuiApplication::platformName();
    if (platform == u"xcb") {
        return createXTest(QStringLiteral("the Qt platform is xcb (X11)"));
    }
    if (platform.startsWith(u"wayland")) {
        return chosen(std::make_unique<NullInputSink>(
                          QStringLiteral("Wayland session: remote control needs the desktop portal backend, which "
                                         "Deskport does not have yet")),
                      QStringLiteral("the Qt platform is %1").arg(platform));
    }
    if (platform.isEmpty()) {
        return chosen(std::make_unique<NullInputSink>(QStringLiteral("no desktop to control (no GUI platform)")),
                      QStringLiteral("there is no QGuiApplication"));
    }
    return chosen(std::make_unique<NullInputSink>(
                      QStringLiteral("the Qt platform '%1' has no remote control backend").arg(platform)),
                  QStringLiteral("the Qt platform is %1").arg(platform));
}

} // namespace deskport
