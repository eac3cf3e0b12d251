#include "core/settingsstore.h"

#include "core/corelog.h"

#include <QDir>
#include <QFileInfo>

#include <optional>

namespace deskport {

namespace {

const QString PortKey = QStringLiteral("network/port");
const QString BindKey = QStringLiteral("network/bind");
const QString FpsKey = QStringLiteral("stream/fps");
const QString QualityKey = QStringLiteral("stream/quality");
const QString MaxSizeKey = QStringLiteral("stream/maxSize");
const QString ScreenKey = QStringLiteral("capture/screen");
const QString InputRateKey = QStringLiteral("input/rate");
const QString ClipboardKey = QStringLiteral("host/clipboard");
const QString FilesKey = QStringLiteral("host/files");
const QString TerminalKey = QStringLiteral("host/terminal");
const QString SystemForViewKey = QStringLiteral("host/systemForViewOnly");
const QString FileRootsKey = QStringLiteral("host/fileRoots");
const QString TlsKey = QStringLiteral("security/tls");
const QString TlsCertificateKey = QStringLiteral("security/certificate");
const QString TlsKeyKey = QStringLiteral("security/key");
const QString AskBeforeAcceptingKey = QStringLiteral("security/askBeforeAccepting");
const QString AllowControlKey = QStringLiteral("security/allowControl");
const QString StartAtLoginKey = QStringLiteral("app/startAtLogin");
const QString LanguageKey = QStringLiteral("app/language");

// Every value is read back as text, whatever type the backend returns (INI gives strings, a native backend may give
// ints), so the command line's strict parsers decide what is valid. A list or map reads as an empty string and is
// rejected like any other garbage.
std::optional<QString> text(const QSettings &store, const QString &key)
{
    if (!store.contains(key))
        return std::nullopt;
    return store.value(key).toString();
}

// Parses the stored text with parse, or keeps fallback if the key is missing or parse rejects the text.
template <typename T, typename Parse> T read(const QSettings &store, const QString &key, Parse parse, const T &fallback)
{
    const std::optional<QString> value = text(store, key);
    if (!value)
        return fallback;
    const auto parsed = parse(*value, nullptr);
    if (!parsed) {
        qCWarning(lcCore) << "Ignoring the stored setting" << key << "=" << *value << "in" << store.fileName();
        return fallback;
    }
    return T(*parsed);
}

// An empty text (no file chosen) or a readable file.
std::optional<QString> parseOptionalFile(const QString &value, QString *error)
{
    if (value.isEmpty())
        return QString();
    return Settings::parseReadableFile(value, error);
}

// QVariant::toBool() takes any text but "", "0" and "false" as true; a hand-edited "ja" should not switch
// something on.
std::optional<bool> parseBool(const QString &value, QString *)
{
    if (value == u"true")
        return true;
    if (value == u"false")
        return false;
    return std::nullopt;
}

// The empty text means "every address", the one value the command line's parser has no spelling for.
std::optional<QHostAddress> parseBind(const QString &value, QString *error)
{
    if (value.isEmpty())
        return QHostAddress(QHostAddress::Any);
    return Settings::parseBindAddress(value, error);
}

std::optional<QSize> parseMaxSize(const QString &value, QString *error)
{
    if (value.isEmpty())
        return QSize();
    return Settings::parseMaxSize(value, error);
}

std::optional<int> parseScreen(const QString &value, QString *error)
{
    if (value == QString::number(Settings::AllScreens))
        return Settings::AllScreens;
    return Settings::parseScreen(value, error);
}

// Only languages Deskport has translations for: anything else would silently show English anyway, and the
// settings dialog could not show it as the current choice.
std::optional<QString> parseLanguage(const QString &value, QString *)
{
    if (value.isEmpty() || value == u"en" || value == u"de" || value == u"ru")
        return value;
    return std::nullopt;
}

// The folders as QSettings gives a list back: INI writes a list of one as a plain string and the empty list as
// @Invalid() (an invalid QVariant), so those spellings are lists too; "" is the empty list. Every entry must be an
// absolute path without NUL; any other entry, or a value of another type, makes the whole value garbage (a
// half-read list would offer different folders than the user chose). A folder that is not there now (a drive
// not mounted) is kept: the file panel leaves it out, and it comes back when the folder does. Dropping it here
// could leave the list empty, which means the whole home folder.
std::optional<QStringList> readFileRoots(const QSettings &store, const QString &key, const QStringList &fallback)
{
    if (!store.contains(key))
        return fallback;
    const QVariant value = store.value(key);
    QStringList entries;
    if (value.typeId() == QMetaType::QStringList) {
        entries = value.toStringList();
    } else if (value.typeId() == QMetaType::QString) {
        if (!value.toString().isEmpty())
            entries.append(value.toString());
    } else if (value.isValid()) {
        return std::nullopt;
    }
    QStringList roots;
    for (const QString &entry : entries) {
        if (entry.isEmpty() || entry.contains(QChar(u'\0')) || !QDir::isAbsolutePath(entry))
            return std::nullopt;
        const QString root = QDir::cleanPath(entry);
        if (!QFileInfo(root).isDir())
            qCWarning(lcCore) << "The remembered file root" << root << "is not a folder now; the file panel skips it";
        roots.append(root);
    }
    roots.removeDuplicates();
    return roots;
}

QString bindText(const QHostAddress &address)
{
    // Any is dual-stack and has no text of its own; AnyIPv4 ("0.0.0.0") and AnyIPv6 ("::") keep theirs.
    if (address.protocol() == QAbstractSocket::AnyIPProtocol || address.isNull())
        return QString();
    return address.toString();
}

QString maxSizeText(const QSize &size)
{
    if (!size.isValid())
        return QString();
    return QString::number(size.width()) + u'x' + QString::number(size.height());
}

} // namespace

Settings loadSettings(const QSettings &store, const Settings &defaults)
{
    Settings settings = defaults;
    settings.port = read(store, PortKey, Settings::parsePort, defaults.port);
    settings.bindAddress = read(store, BindKey, parseBind, defaults.bindAddress);
    settings.fps = read(store, FpsKey, Settings::parseFps, defaults.fps);
    settings.quality = read(store, QualityKey, Settings::parseQuality, defaults.quality);
    settings.maxSize = read(store, MaxSizeKey, parseMaxSize, defaults.maxSize);
    settings.screen = read(store, ScreenKey, parseScreen, defaults.screen);
    settings.inputRate = read(store, InputRateKey, Settings::parseInputRate, defaults.inputRate);
    settings.clipboard = read(store, ClipboardKey, parseBool, defaults.clipboard);
    settings.fileAccess = read(store, FilesKey, parseBool, defaults.fileAccess);
    settings.terminal = read(store, TerminalKey, parseBool, defaults.terminal);
    settings.systemForViewOnly = read(store, SystemForViewKey, parseBool, defaults.systemForViewOnly);
    if (const std::optional<QStringList> roots = readFileRoots(store, FileRootsKey, defaults.fileRoots)) {
        settings.fileRoots = *roots;
    } else {
        qCWarning(lcCore) << "Ignoring the stored setting" << FileRootsKey << "=" << store.value(FileRootsKey) << "in"
                          << store.fileName();
    }
    settings.tls = read(store, TlsKey, parseBool, defaults.tls);
    // The certificate and key go together: one without the other is ignored (the stored pair was edited by hand).
    const QString certificate = read(store, TlsCertificateKey, parseOptionalFile, defaults.tlsCertificate);
    const QString key = read(store, TlsKeyKey, parseOptionalFile, defaults.tlsKey);
    if (certificate.isEmpty() == key.isEmpty()) {
        settings.tlsCertificate = certificate;
        settings.tlsKey = key;
    } else {
        qCWarning(lcCore) << "Ignoring a TLS certificate without a key (or a key without a certificate) in"
                          << store.fileName();
    }
    settings.askBeforeAccepting = read(store, AskBeforeAcceptingKey, parseBool, defaults.askBeforeAccepting);
    settings.allowControl = read(store, AllowControlKey, parseBool, defaults.allowControl);
    settings.startAtLogin = read(store, StartAtLoginKey, parseBool, defaults.startAtLogin);
    settings.language = read(store, LanguageKey, parseLanguage, defaults.language);
    return settings;
}

void saveSettings(QSettings &store, const Settings &settings)
{
    // Numbers as text too, so that every backend stores the same thing and loadSettings reads it the same way.
    store.setValue(PortKey, QString::number(settings.port));
    store.setValue(BindKey, bindText(settings.bindAddress));
    store.setValue(FpsKey, QString::number(settings.fps));
    store.setValue(QualityKey, QString::number(settings.quality));
    store.setValue(MaxSizeKey, maxSizeText(settings.maxSize));
    store.setValue(ScreenKey, QString::number(settings.screen));
    store.setValue(InputRateKey, QString::number(settings.inputRate));
    store.setValue(ClipboardKey, settings.clipboard);
    store.setValue(FilesKey, settings.fileAccess);
    store.setValue(TerminalKey, settings.terminal);
    store.setValue(SystemForViewKey, settings.systemForViewOnly);
    // A list, even of one (INI then writes a plain string, which readFileRoots takes back as a list of one).
    store.setValue(FileRootsKey, settings.fileRoots);
    store.setValue(TlsKey, settings.tls);
    store.setValue(TlsCertificateKey, settings.tlsCertificate);
    store.setValue(TlsKeyKey, settings.tlsKey);
    store.setValue(AskBeforeAcceptingKey, settings.askBeforeAccepting);
    store.setValue(AllowControlKey, settings.allowControl);
    store.setValue(StartAtLoginKey, settings.startAtLogin);
    store.setValue(LanguageKey, settings.language);
    store.sync();
    if (store.status() != QSettings::NoError)
        qCWarning(lcCore) << "Could not save the settings to" << store.fileName();
}

} // namespace deskport
