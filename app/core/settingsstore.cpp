#include "core/settingsstore.h"

#include "core/corelog.h"

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
    store.setValue(StartAtLoginKey, settings.startAtLogin);
    store.setValue(LanguageKey, settings.language);
    store.sync();
    if (store.status() != QSettings::NoError)
        qCWarning(lcCore) << "Could not save the settings to" << store.fileName();
}

} // namespace deskport
