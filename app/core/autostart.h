#pragma once

#include <QString>
#include <QStringList>

namespace deskport {

// Starting Deskport when the user logs in, the freedesktop way: a desktop entry in
// $XDG_CONFIG_HOME/autostart (QStandardPaths::GenericConfigLocation + "/autostart/deskport.desktop").
// Other platforms are not supported yet: setStartAtLogin() fails with a reason there.
class Autostart
{
public:
    // Path of the desktop entry this class writes.
    static QString entryPath();
    // True if our entry exists and is not disabled (Hidden=true).
    static bool isEnabled();
    // Writes (or removes) the entry. program and arguments form its Exec line, each quoted as the Desktop Entry
    // specification asks. False with *error set to a sentence for the user if the file cannot be written/removed.
    static bool setEnabled(bool enabled, const QString &program, const QStringList &arguments, QString *error);
};

} // namespace deskport
