#pragma once

#include <QIcon>

namespace deskport {

class SharingController;

// What the tray icon shows: each state has its own look, so a glance at the panel says whether anyone can see or
// drive this screen.
enum class TrayState {
    Idle,       // not sharing: a grey screen
    Sharing,    // sharing, nobody connected: a blue screen
    Watched,    // someone is watching: blue with a green dot
    Controlled, // someone may use mouse and keyboard: orange with a red dot
};

TrayState trayStateOf(const SharingController &controller);
// Drawn, not loaded, so it stays sharp at every panel size and needs no image plugin.
QIcon trayIcon(TrayState state);

} // namespace deskport
