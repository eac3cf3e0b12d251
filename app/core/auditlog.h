#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace deskport {

// What happened. The text names (auditEventName) are what the file stores: never rename one, only add new kinds.
enum class AuditEventKind : quint8 {
    LoginSucceeded,
    LoginDenied,        // wrong password
    LoginThrottled,     // refused before checking: too many recent failures from that address
    ViewerConnected,    // the viewer's stream started (after a successful login)
    ViewerDisconnected, // carries the connection's duration in seconds
    SessionEnded,       // sharing stopped by the host, so every viewer was cut off
    ConsentAllowed,     // the host accepted a viewer at the consent prompt
    ConsentDenied,      // the host refused, or the prompt timed out
};

// "LoginSucceeded", ... (the enumerator's name).
QString auditEventName(AuditEventKind kind);
// The reverse; nothing for an unknown name.
std::optional<AuditEventKind> auditEventKindFromName(const QString &name);

// One line of the audit log. There is deliberately no field for a password or a session token, and detail must
// never carry one: it is for short facts such as "bad password" or "consent timed out".
struct AuditEvent
{
    AuditEventKind kind = AuditEventKind::LoginSucceeded;
    QDateTime time;     // UTC, millisecond precision; AuditLog::record() fills an invalid one with the current time
    QString address;    // the peer's address as text, e.g. "192.168.1.20" or "::1"
    QString role;       // "view", "control", or "" (unknown, or before a login); anything else is stored as ""
    qint64 seconds = 0; // how long the viewer was connected: ViewerDisconnected only, 0 for every other kind
    QString detail;     // short free text, sanitised (see AuditLog::sanitize)

    // The current time, so callers write AuditEvent::now(AuditEventKind::LoginDenied, peer).
    static AuditEvent now(AuditEventKind kind, const QString &address, const QString &role = {},
                          const QString &detail = {});

    bool operator==(const AuditEvent &other) const = default;
};

// The audit log: who connected, when, from where, with which role, for how long, and which logins were refused.
//
// File format (JSON Lines): one JSON object per line, UTF-8, each line ended by "\n", keys always in this order:
//   {"time":"2026-11-30T06:13:48.123Z","event":"ViewerDisconnected","address":"192.168.1.20","role":"view",
//    "seconds":754,"detail":""}
//   time     ISO 8601, UTC, milliseconds, "Z"
//   event    auditEventName(): LoginSucceeded, LoginDenied, LoginThrottled, ViewerConnected, ViewerDisconnected,
//            SessionEnded, ConsentAllowed, ConsentDenied
//   address  the peer's address as text (sanitised like detail)
//   role     "view", "control" or ""
//   seconds  integer >= 0; present only on ViewerDisconnected
//   detail   short free text: control characters, format characters (bidi overrides) and line/paragraph separators
//            are replaced, at most DetailMaxLength UTF-16 units, so a hostile peer string cannot forge a line or
//            disguise one in the tray
// Readers skip lines that are not such an object (a line cut short by a crash, garbage), so the file stays usable.
//
// Size: when appending a line would take the file over maxBytes, the file is renamed to "<file>.1" (replacing the
// previous ".1") and a new file is started: at most 2 x maxBytes on disk. The files are created with mode 0600.
//
// Every record() appends and closes the file before returning: the event is in the file (in the kernel, not
// necessarily fsynced) even if deskport crashes right after. If the file cannot be written (folder missing and not
// creatable, disk full, permissions), the error is kept (errorString()) and the events stay in memory (the newest
// MemoryCapacity of them); they are written, oldest first, by the next record() that succeeds. Never throws.
//
// Not thread-safe: use it from one thread (the GUI thread).
class AuditLog
{
public:
    static constexpr qint64 DefaultMaxBytes = 1024 * 1024;
    // A smaller maxBytes is raised to this, so that one line (at most ~1.5 KB) always fits in a file.
    static constexpr qint64 MinimumMaxBytes = 4096;
    static constexpr int DetailMaxLength = 200;
    static constexpr int AddressMaxLength = 100;
    // Events that could not be written yet are kept in memory, up to this many (the oldest are dropped).
    static constexpr int MemoryCapacity = 1000;

    explicit AuditLog(QString filePath, qint64 maxBytes = DefaultMaxBytes);

    // Appends one event (sanitised; an invalid time becomes now). Returns whether it reached the file.
    bool record(AuditEvent event);

    // The newest count events, newest first: events not yet written, then the file, then "<file>.1". Works on a
    // fresh object too, so the tray can show who was here before a restart.
    QList<AuditEvent> recent(int count) const;

    QString filePath() const { return m_filePath; }
    QString rotatedFilePath() const { return m_filePath + QStringLiteral(".1"); }
    qint64 maxBytes() const { return m_maxBytes; }
    // Why the last write failed; empty once a write succeeds again.
    QString errorString() const { return m_errorString; }

    // One line, "\n" included. The event is sanitised first (see the format above).
    static QByteArray formatLine(const AuditEvent &event);
    // Nothing if the line is not a valid audit object (garbage, cut short, unknown event, bad time). Tolerates a
    // trailing "\r\n" or "\n". Text fields are sanitised again: the file may have been edited by hand.
    static std::optional<AuditEvent> parseLine(const QByteArray &line);
    // Replaces control and format characters and line separators (whitespace ones by a space, others by U+FFFD)
    // and cuts to maxLength UTF-16 units without splitting a surrogate pair.
    static QString sanitize(const QString &text, int maxLength = DetailMaxLength);

private:
    bool writePending();
    bool appendLine(const QByteArray &line);
    bool rotate();
    void fail(const QString &why);

    QString m_filePath;
    qint64 m_maxBytes;
    QList<AuditEvent> m_pending; // recorded, not yet in the file; oldest first
    QString m_errorString;
};

} // namespace deskport
