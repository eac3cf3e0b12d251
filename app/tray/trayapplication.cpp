#include "tray/trayapplication.h"

#include <QApplication>

namespace deskport {

std::unique_ptr<QGuiApplication> createWidgetsApplication(int &argc, char **argv)
{
    auto app = std::make_unique<QApplication>(argc, argv);
    // Closing a dialog must not end Deskport: only Quit (or the fallback window) does.
    QApplication::setQuitOnLastWindowClosed(false);
    return app;
}

} // namespace deskport
