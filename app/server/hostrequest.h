#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

// The host tools' request parsing (docs/protocol.md, "Host tools"), apart from HostTools so that the unit and fuzz
// tests reach it without a server.
namespace deskport {

// A file path as the client wrote it: "<root>/<segment>/<segment>", each segment percent-encoded UTF-8.
struct FilePath
{
    QString root;
    QString path;
    int status = 0; // non-zero: refused with this status and reason
    QString reason;
};

// Splits and decodes a raw (still percent-encoded) path: refuses encoded separators (403), empty segments (403),
// a '%' without two hex digits, invalid UTF-8 and NUL (400), and a path without a root (404). The result still
// goes through FileRoots.
FilePath parseFilePath(const QString &raw);

// A non-negative decimal count of at most 18 ASCII digits (an upload offset), or nothing.
std::optional<qint64> parseCount(const QString &text);

} // namespace deskport
