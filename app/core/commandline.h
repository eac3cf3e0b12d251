#pragma once

#include "core/settings.h"

#include <QString>
#include <QStringList>

namespace deskport {

// The outcome of reading the command line. main() prints `message` and exits with `exitCode` unless
// action is Run.
struct CommandLine
{
    enum class Action {
        Run,
        Exit, // --help or --version: message goes to stdout, exit code 0
        Error // bad input: message is one line naming the option, goes to stderr, exit code 2
    };

    Action action = Action::Run;
    int exitCode = 0;
    QString message;
    Settings settings;
    // Given on the command line (or via DESKPORT_PASSWORD / DESKPORT_VIEW_PASSWORD); empty if not given.
    QString controlPassword;
    QString viewPassword;

    // arguments as from QCoreApplication::arguments() (program name first). environment supplies the
    // DESKPORT_PASSWORD and DESKPORT_VIEW_PASSWORD fallbacks so a password need not appear in `ps`. Options given
    // replace the values of base (the remembered settings); the others keep them.
    static CommandLine parse(const QStringList &arguments, const QStringList &environment = {},
                             const Settings &base = {});
};

} // namespace deskport
