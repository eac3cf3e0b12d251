#pragma once

// What the X server itself says about windows, read with Xlib (not through Qt): where trayer's panel is and whether
// our tray icon window really sits inside it. Xlib's headers stay in x11windows.cpp: their macros (None, Bool,
// Status, Always...) clash with Qt and with deskport::Role::None.

#include <QRect>
#include <QString>

#include <optional>

namespace deskport::guitest {

struct X11Window
{
    unsigned long id = 0;
    QString name;   // WM_NAME
    QRect geometry; // in root (screen) coordinates
    bool viewable = false;
    int depth = 0; // Xlib depth of the window
};

struct TrayEmbedding
{
    std::optional<X11Window> panel; // trayer's top-level "panel" window
    std::optional<X11Window> icon;  // a window named iconName somewhere below the panel

    // Out of line: GCC 12 at -O2 takes the optional's members for uninitialised when this is read inline right
    // after an assignment in QTRY_VERIFY (-Wmaybe-uninitialized, an error with DESKPORT_WERROR).
    bool iconViewable() const;
};

// Looks for trayer's panel (a top-level window named "panel" of class "trayer") and, below it at any depth, a
// window named iconName. Opens its own connection to $DISPLAY.
TrayEmbedding findTrayIcon(const QString &iconName);

// Gives the root window a plain background colour, so screenshots show a desktop rather than black.
bool setRootBackground(unsigned int rgb);

} // namespace deskport::guitest
