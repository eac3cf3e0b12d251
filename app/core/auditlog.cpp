#include "core/auditlog.h"

#include "core/corelog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <utility>

namespace deskport {

namespace {

constexpr std::array<std::pair<AuditEventKind, const char *>, 8> EventNames{{
    {AuditEventKind::LoginSucceeded, "LoginSucceeded"},
    {AuditEventKind::LoginDenied, "LoginDenied"},
    {AuditEventKind::LoginThrottled, "LoginThrottled"},
    {AuditEventKind::ViewerConnected, "ViewerConnected"},
    {AuditEventKind::ViewerDisconnected, "ViewerDisconnected"},
    {AuditEventKind::SessionEnded, "SessionEnded"},
    {AuditEventKind::ConsentAllowed, "ConsentAllowed"},
    {AuditEventKind::ConsentDenied, "ConsentDenied"},
}};

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                              QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                              QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

// recent() reads at most this much of the end of a file: a file made huge by someone else must not stall the tray.
constexpr qint64 ReadLimitFloor = 4 * 1024 * 1024;

QString sanitizedRole(const QString &role)
{
    if (role == QLatin1String("view") || role == QLatin1String("control"))
        return role;
    return {};
}

// The event as it is stored: text cleaned, role known, seconds only where they mean something, time in UTC.
AuditEvent cleaned(AuditEvent event)
{
    event.address = AuditLog::sanitize(event.address, AuditLog::AddressMaxLength);
    event.role = sanitizedRole(event.role);
    event.detail = AuditLog::sanitize(event.detail, AuditLog::DetailMaxLength);
    event.seconds = event.kind == AuditEventKind::ViewerDisconnected ? std::max<qint64>(event.seconds, 0) : 0;
    if (event.time.isValid())
        event.time = event.time.toUTC();
    return event;
}

// A JSON string literal. The text is already sanitised, but every control byte is escaped anyway so the output is
// valid JSON on one line whatever it is given.
void appendJsonString(QByteArray &out, const QString &text)
{
    out += '"';
    for (const char byte : text.toUtf8()) {
        const auto unit = static_cast<unsigned char>(byte);
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += byte;
        } else if (unit < 0x20) {
            out += "\\u00";
            out += "0123456789abcdef"[unit >> 4];
            out += "0123456789abcdef"[unit & 0xf];
        } else {
            out += byte;
        }
    }
    out += '"';
}

QString stringField(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString() : QString();
}

// Parses the lines of data from the last one back, appending valid events to out until it holds count.
void appendNewestFirst(const QByteArray &data, int count, QList<AuditEvent> &out)
{
    qsizetype end = data.size();
    while (end > 0 && out.size() < count) {
        const qsizetype newline = data.lastIndexOf('\n', end - 1);
        const qsizetype begin = newline + 1; // 0 when there is no newline before
        if (begin < end) {
            if (std::optional<AuditEvent> event = AuditLog::parseLine(data.sliced(begin, end - begin)))
                out.append(std::move(*event));
        }
        end = newline < 0 ? 0 : newline;
    }
}

} // namespace

QString auditEventName(AuditEventKind kind)
{
    for (const auto &[candidate, name] : EventNames) {
        if (candidate == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<AuditEventKind> auditEventKindFromName(const QString &name)
{
    for (const auto &[kind, candidate] : EventNames) {
        if (name == QLatin1String(candidate))
            return kind;
    }
    return std::nullopt;
}

AuditEvent AuditEvent::now(AuditEventKind kind, const QString &address, const QString &role, const QString &detail)
{
    AuditEvent event;
    event.kind = kind;
    event.time = QDateTime::currentDateTimeUtc();
    event.address = address;
    event.role = role;
    event.detail = detail;
    return event;
}

AuditLog::AuditLog(QString filePath, qint64 maxBytes)
    : m_filePath(std::move(filePath)), m_maxBytes(std::max(maxBytes, MinimumMaxBytes))
{
}

bool AuditLog::record(AuditEvent event)
{
    event = cleaned(std::move(event));
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    m_pending.append(std::move(event));
    if (m_pending.size() > MemoryCapacity)
        m_pending.remove(0, m_pending.size() - MemoryCapacity);
    return writePending();
}

bool AuditLog::writePending()
{
    // Oldest first, so the file keeps the order in which things happened even after an outage.
    while (!m_pending.isEmpty()) {
        if (!appendLine(formatLine(m_pending.constFirst())))
            return false;
        m_pending.removeFirst();
    }
    if (!m_errorString.isEmpty())
        qCInfo(lcCore) << "Audit log" << m_filePath << "is written again";
    m_errorString.clear();
    return true;
}

bool AuditLog::appendLine(const QByteArray &line)
{
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath())) {
        fail(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
        return false;
    }

    qint64 size = info.exists() ? info.size() : 0;
    // A crash or a full disk can leave a line without its "\n"; start on a fresh line so this one is not glued to
    // it (readers skip the broken one).
    bool needsNewline = false;
    if (size > 0) {
        QFile existing(m_filePath);
        char last = '\n';
        if (existing.open(QIODevice::ReadOnly) && existing.seek(size - 1))
            existing.getChar(&last);
        needsNewline = last != '\n';
    }
    if (size > 0 && size + qint64(needsNewline) + line.size() > m_maxBytes) {
        if (!rotate())
            return false;
        size = 0;
        needsNewline = false;
    }

    QFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered, OwnerOnly)) {
        fail(QStringLiteral("cannot open %1: %2").arg(m_filePath, file.errorString()));
        return false;
    }
    // The permissions given to open() only apply to a new file; one created by someone else is tightened too.
    if ((file.permissions() & ModeBits) != OwnerOnly && !file.setPermissions(OwnerOnly))
        qCWarning(lcCore) << "Audit log" << m_filePath << "could not be made private:" << file.errorString();

    const QByteArray data = needsNewline ? '\n' + line : line;
    // One write() of the whole line: with O_APPEND it lands in one piece at the end.
    const qint64 written = file.write(data);
    file.close();
    if (written != data.size() || file.error() != QFileDevice::NoError) {
        fail(QStringLiteral("cannot write %1: %2").arg(m_filePath, file.errorString()));
        return false;
    }
    return true;
}

bool AuditLog::rotate()
{
    const QString rotated = rotatedFilePath();
    if (QFile::exists(rotated) && !QFile::remove(rotated)) {
        fail(QStringLiteral("cannot remove %1").arg(rotated));
        return false;
    }
    QFile current(m_filePath);
    if (!current.rename(rotated)) {
        // Not written rather than written past the limit: the size bound is a promise.
        fail(QStringLiteral("cannot rename %1 to %2: %3").arg(m_filePath, rotated, current.errorString()));
        return false;
    }
    return true;
}

void AuditLog::fail(const QString &why)
{
    // Warn once per outage, not once per event.
    if (m_errorString.isEmpty())
        qCWarning(lcCore).noquote() << "Audit log:" << why << "- events are kept in memory";
    m_errorString = why;
}

QList<AuditEvent> AuditLog::recent(int count) const
{
    QList<AuditEvent> events;
    if (count <= 0)
        return events;
    for (auto it = m_pending.crbegin(); it != m_pending.crend() && events.size() < count; ++it)
        events.append(*it);

    const qint64 readLimit = std::max(2 * m_maxBytes, ReadLimitFloor);
    for (const QString &path : {m_filePath, rotatedFilePath()}) {
        if (events.size() >= count)
            break;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const qint64 size = file.size();
        QByteArray data;
        if (size > readLimit && file.seek(size - readLimit)) {
            data = file.read(readLimit);
            // The first line is most likely cut: drop it.
            data.remove(0, data.indexOf('\n') + 1);
        } else {
            data = file.readAll();
        }
        appendNewestFirst(data, count, events);
    }
    return events;
}

QByteArray AuditLog::formatLine(const AuditEvent &original)
{
    const AuditEvent event = cleaned(original);
    QByteArray line;
    line.reserve(128 + event.address.size() + event.detail.size());
    line += "{\"time\":";
    appendJsonString(line, event.time.toString(Qt::ISODateWithMs));
    line += ",\"event\":";
    appendJsonString(line, auditEventName(event.kind));
    line += ",\"address\":";
    appendJsonString(line, event.address);
    line += ",\"role\":";
    appendJsonString(line, event.role);
    if (event.kind == AuditEventKind::ViewerDisconnected) {
        line += ",\"seconds\":";
        line += QByteArray::number(event.seconds);
    }
    line += ",\"detail\":";
    appendJsonString(line, event.detail);
    line += "}\n";
    return line;
}

std::optional<AuditEvent> AuditLog::parseLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();

    const std::optional<AuditEventKind> kind = auditEventKindFromName(stringField(object, QLatin1String("event")));
    if (!kind)
        return std::nullopt;
    const QString timeText = stringField(object, QLatin1String("time"));
    const QDateTime time = QDateTime::fromString(timeText, Qt::ISODateWithMs);
    if (timeText.isEmpty() || !time.isValid())
        return std::nullopt;

    AuditEvent event;
    event.kind = *kind;
    event.time = time;
    event.address = stringField(object, QLatin1String("address"));
    event.role = stringField(object, QLatin1String("role"));
    event.detail = stringField(object, QLatin1String("detail"));
    const QJsonValue seconds = object.value(QLatin1String("seconds"));
    event.seconds = seconds.isDouble() ? seconds.toInteger() : 0;
    return cleaned(std::move(event));
}

QString AuditLog::sanitize(const QString &text, int maxLength)
{
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxLength));
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size;) {
        char32_t codePoint = text.at(i).unicode();
        qsizetype units = 1;
        if (QChar::isHighSurrogate(codePoint) && i + 1 < size && text.at(i + 1).isLowSurrogate()) {
            codePoint = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            units = 2;
        }
        i += units;

        switch (QChar::category(codePoint)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate: // a lone half of a pair
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            codePoint = QChar::isSpace(codePoint) ? U' ' : U'\uFFFD';
            units = 1;
            break;
        default:
            break;
        }
        if (out.size() + units > maxLength)
            break;
        if (units == 2) {
            out += QChar(QChar::highSurrogate(codePoint));
            out += QChar(QChar::lowSurrogate(codePoint));
        } else {
            out += QChar(static_cast<char16_t>(codePoint));
        }
    }
    return out;
}

} // namespace deskport
