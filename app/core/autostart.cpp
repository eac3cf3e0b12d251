#include "core/autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace deskport {

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
namespace {

// Desktop Entry specification, "The Exec key": an argument holding any of these must be quoted.
bool needsQuoting(const QString &argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    if (argument.isEmpty())
        return true;
    for (const QChar c : argument) {
        if (reserved.contains(c))
            return true;
    }
    return false;
}

// One argument as the Exec key's own quoting rules want it. '%' starts a field code anywhere, so it is doubled
// whether quoted or not.
QString quoteArgument(const QString &argument)
{
    QString quoted;
    const bool quote = needsQuoting(argument);
    if (quote)
        quoted += u'"';
    for (const QChar c : argument) {
        if (quote && (c == u'"' || c == u'`' || c == u'$' || c == u'\\'))
            quoted += u'\\';
        if (c == u'%')
            quoted += u'%';
        quoted += c;
    }
    if (quote)
        quoted += u'"';
    return quoted;
}

// The escapes of every string value, applied on top of the Exec quoting: that is why a literal backslash in a
// quoted argument ends up as four in the file.
QString escapeValue(const QString &value)
{
    QString escaped;
    for (const QChar c : value) {
        if (c == u'\\')
            escaped += QStringLiteral("\\\\");
        else if (c == u'\n')
            escaped += QStringLiteral("\\n");
        else if (c == u'\t')
            escaped += QStringLiteral("\\t");
        else if (c == u'\r')
            escaped += QStringLiteral("\\r");
        else
            escaped += c;
    }
    return escaped;
}

QString execLine(const QString &program, const QStringList &arguments)
{
    QStringList parts{quoteArgument(program)};
    for (const QString &argument : arguments)
        parts.append(quoteArgument(argument));
    return escapeValue(parts.join(u' '));
}

} // namespace
#endif

QString Autostart::entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/deskport.desktop");
}

bool Autostart::isEnabled()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    QFile file(entryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    // The user may have switched the entry off in the desktop's startup settings rather than deleting it: GNOME
    // writes X-GNOME-Autostart-enabled=false, the specification (and KDE) Hidden=true.
    bool inMainGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[')) {
            inMainGroup = line == u"[Desktop Entry]";
            continue;
        }
        if (!inMainGroup)
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            continue;
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if ((key == u"Hidden" && value == u"true") || (key == u"X-GNOME-Autostart-enabled" && value == u"false"))
            return false;
    }
    return true;
#else
    return false;
#endif
}

bool Autostart::setEnabled(bool enabled, const QString &program, const QStringList &arguments, QString *error)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    const QString path = entryPath();
    if (!enabled) {
        if (!QFileInfo::exists(path))
            return true;
        QFile file(path);
        if (file.remove())
            return true;
        if (error) {
            *error = QStringLiteral("Could not remove %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        }
        return false;
    }

    const QString directory = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = QStringLiteral("Could not create the folder %1.").arg(QDir::toNativeSeparators(directory));
        return false;
    }
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=Deskport\n"
                                         "Comment=Share this screen with any web browser\n"
                                         "Exec=") +
                          execLine(program, arguments) +
                          QStringLiteral("\n"
                                         "Icon=deskport\n"
                                         "X-GNOME-Autostart-enabled=true\n"
                                         "Terminal=false\n");
    // QSaveFile: a session starting while we write must see the old entry or the new one, never half of one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(entry.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
#else
    Q_UNUSED(program);
    Q_UNUSED(arguments);
    // Nothing can have been written here, so switching it off always succeeds.
    if (enabled && error)
        *error = QStringLiteral("Starting Deskport at login is not supported on this system yet.");
    return !enabled;
#endif
}

} // namespace deskport
