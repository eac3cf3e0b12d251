#pragma once

#include <QGuiApplication>

#include <memory>

namespace deskport {

// A QApplication (widgets) for the tray front end. Here so that only the tray module includes Qt Widgets.
std::unique_ptr<QGuiApplication> createWidgetsApplication(int &argc, char **argv);

} // namespace deskport
