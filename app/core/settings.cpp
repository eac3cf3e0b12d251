#include "core/settings.h"

#include <QDir>
#include <QFileInfo>

namespace deskport {

namespace {

// Strict: ASCII digits only, no sign, no spaces, no exponent. At most 9 digits so the result always fits an int;
// longer inputs are out of every range we use anyway.
std::optional<int> parseDigits(const QString &text)
{
    if (text.isEmpty() || text.size() > 9)
        return std::nullopt;
    int value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

QString quoted(const QString &text)
{
    return u'"' + text + u'"';
}

std::optional<int> parseRange(const QString &text, int min, int max, QString *error)
{
    const std::optional<int> value = parseDigits(text);
    if (value && *value >= min && *value <= max)
        return value;
    if (error) {
        *error = QStringLiteral("must be a whole number from %1 to %2, got %3")
                     .arg(QString::number(min), QString::number(max), quoted(text));
    }
    return std::nullopt;
}

} // namespace

std::optional<quint16> Settings::parsePort(const QString &text, QString *error)
{
    const std::optional<int> value = parseRange(text, 1, 65535, error);
    if (!value)
        return std::nullopt;
    return static_cast<quint16>(*value);
}

std::optional<QHostAddress> Settings::parseBindAddress(const QString &text, QString *error)
{
    // QHostAddress simplifies whitespace and takes the old inet_aton shorthands ("1.2.3" is 1.2.0.3); an address
    // people type should mean what it looks like, so IPv4 must be the plain dotted quad.
    QHostAddress address;
    if (!text.isEmpty() && text == text.trimmed() && address.setAddress(text) &&
        (address.protocol() != QAbstractSocket::IPv4Protocol || address.toString() == text)) {
        return address;
    }
    if (error)
        *error = QStringLiteral("must be an IPv4 or IPv6 address, got %1").arg(quoted(text));
    return std::nullopt;
}

std::optional<int> Settings::parseFps(const QString &text, QString *error)
{
    return parseRange(text, MinFps, MaxFps, error);
}

std::optional<int> Settings::parseQuality(const QString &text, QString *error)
{
    return parseRange(text, MinQuality, MaxQuality, error);
}

std::optional<int> Settings::parseInputRate(const QString &text, QString *error)
{
    return parseRange(text, MinInputRate, MaxInputRate, error);
}

std::optional<QString> Settings::parseFileRoot(const QString &text, QString *error)
{
    // NUL would cut the path short at the system call; an empty text would mean the current folder by accident.
    if (!text.isEmpty() && !text.contains(QChar(u'\0'))) {
        const QFileInfo info(text);
        if (info.isDir())
            return QDir::cleanPath(info.absoluteFilePath());
        if (error) {
            *error = info.exists() ? QStringLiteral("must be a folder, not a file: %1").arg(quoted(text))
                                   : QStringLiteral("must be an existing folder, got %1").arg(quoted(text));
        }
        return std::nullopt;
    }
    if (error)
        *error = QStringLiteral("must be an existing folder, got %1").arg(quoted(text));
    return std::nullopt;
}

std::optional<QString> Settings::parseReadableFile(const QString &text, QString *error)
{
    if (!text.isEmpty() && !text.contains(QChar(u'\0'))) {
        const QFileInfo info(text);
        if (info.isFile() && info.isReadable())
            return QDir::cleanPath(info.absoluteFilePath());
        if (error) {
            *error = !info.exists()  ? QStringLiteral("must be an existing file, got %1").arg(quoted(text))
                     : info.isDir() ? QStringLiteral("must be a file, not a folder: %1").arg(quoted(text))
                                    : QStringLiteral("cannot be read: %1").arg(quoted(text));
        }
        return std::nullopt;
    }
    if (error)
        *error = QStringLiteral("must be an existing file, got %1").arg(quoted(text));
    return std::nullopt;
}

std::optional<QSize> Settings::parseMaxSize(const QString &text, QString *error)
{
    constexpr int MinSide = 16;
    constexpr int MaxSide = 16384;
    qsizetype separator = text.indexOf(u'x');
    if (separator < 0)
        separator = text.indexOf(u'X');
    if (separator >= 0) {
        const std::optional<int> width = parseDigits(text.left(separator));
        const std::optional<int> height = parseDigits(text.mid(separator + 1));
        if (width && height && *width >= MinSide && *width <= MaxSide && *height >= MinSide && *height <= MaxSide)
            return QSize(*width, *height);
    }
    if (error) {
        *error = QStringLiteral("must be WIDTHxHEIGHT with each side from %1 to %2, e.g. 1920x1080, got %3")
                     .arg(QString::number(MinSide), QString::number(MaxSide), quoted(text));
    }
    return std::nullopt;
}

std::optional<int> Settings::parseScreen(const QString &text, QString *error)
{
    if (text == u"all")
        return AllScreens;
    if (const std::optional<int> index = parseDigits(text))
        return index;
    if (error)
        *error = QStringLiteral("must be a screen number (0, 1, ...) or \"all\", got %1").arg(quoted(text));
    return std::nullopt;
}

} // namespace deskport
