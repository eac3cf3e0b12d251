#pragma once

#include <QHostAddress>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace deskport {

// Everything the user can set, typed, with its default and its valid range in one place. Both the command line and
// (later) the tray's settings dialog go through the validate* functions, so the rules cannot drift apart.
struct Settings
{
    static constexpr quint16 DefaultPort = 7417;
    static constexpr int DefaultFps = 30;
    static constexpr int MinFps = 1;
    static constexpr int MaxFps = 60;
    static constexpr int DefaultQuality = 80;
    static constexpr int MinQuality = 1;
    static constexpr int MaxQuality = 100;
    static constexpr int AllScreens = -1;
    static constexpr int DefaultInputRate = 250;
    static constexpr int MinInputRate = 10;
    static constexpr int MaxInputRate = 2000;

    quint16 port = DefaultPort;
    QHostAddress bindAddress = QHostAddress::Any;
    int fps = DefaultFps;
    int quality = DefaultQuality;
    QSize maxSize;             // invalid: no limit. Larger screens are scaled down to fit, keeping the aspect ratio.
    int screen = AllScreens;   // index into QGuiApplication::screens(), or AllScreens for the whole virtual desktop
    bool headless = false;
    bool virtualDisplay = false; // start on a private Xvfb display
    int inputRate = DefaultInputRate; // remote input events applied per second, per viewer
    bool clipboard = true;            // share the clipboard with control viewers
    bool startAtLogin = false;        // a desktop entry starts Deskport (sharing) when the user logs in
    QString language;                 // "de", "ru", "en"; empty: the system's language
    bool startSharing = false;        // tray: share at once instead of waiting for the user's click (--share)
    // Host tools (docs/protocol.md, "Host tools"): what the portal offers beside the screen.
    bool systemForViewOnly = true;    // view-only viewers see the System panel too (control viewers always do)
    bool fileAccess = true;           // control viewers may browse, download and upload files
    bool terminal = true;             // control viewers may open a shell
    QStringList fileRoots;            // folders the file panel may reach; empty: the user's home folder
    // Security (docs/security.md).
    bool tls = true;                  // HTTPS/WSS; false only as an explicit opt-out (--no-tls)
    QString tlsCertificate;           // a PEM certificate (chain) and its key; empty: Deskport's own self-signed one
    QString tlsKey;
    bool askBeforeAccepting = false;  // a new session waits until the host allows it (tray only)
    bool allowControl = true;         // false: every session is view-only

    friend bool operator==(const Settings &, const Settings &) = default;

    // Each returns the parsed value, or std::nullopt with *error set to a sentence for the user (no option name:
    // the caller knows which option it parsed).
    static std::optional<quint16> parsePort(const QString &text, QString *error);
    static std::optional<QHostAddress> parseBindAddress(const QString &text, QString *error);
    static std::optional<int> parseFps(const QString &text, QString *error);
    static std::optional<int> parseQuality(const QString &text, QString *error);
    static std::optional<QSize> parseMaxSize(const QString &text, QString *error); // "WxH", each 16..16384
    static std::optional<int> parseScreen(const QString &text, QString *error);    // "N" (0-based) or "all"
    static std::optional<int> parseInputRate(const QString &text, QString *error);
    // An existing folder (relative paths against the current one), as an absolute, clean path (not canonical).
    static std::optional<QString> parseFileRoot(const QString &text, QString *error);
    // A readable file, as an absolute, clean path (a certificate or key).
    static std::optional<QString> parseReadableFile(const QString &text, QString *error);
};

} // namespace deskport
