#pragma once

#include "core/settings.h"

#include <QSettings>

namespace deskport {

// Remembers the user's Settings in QSettings, so the tray's choices survive a restart. Only what the user chooses
// in the settings dialog is stored (network, stream, screen, start at login, language, input rate, clipboard, host
// tools, file roots); per-run switches (headless, virtual display, start sharing) are not. Values that are missing,
// of the wrong type or out of range read back as their defaults: a hand-edited file never stops Deskport from
// starting.
// Passwords are not here: PasswordStore keeps their hashes.
Settings loadSettings(const QSettings &store, const Settings &defaults = {});
void saveSettings(QSettings &store, const Settings &settings);

} // namespace deskport
