#include "server/hostrequest.h"

#include <QByteArray>
#include <QStringList>

namespace deskport {

namespace {

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

bool isWellFormedPercentEncoding(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'%') {
            if (i + 2 >= text.size() || !isHexDigit(text.at(i + 1)) || !isHexDigit(text.at(i + 2)))
                return false;
            i += 2;
        }
    }
    return true;
}

} // namespace

FilePath parseFilePath(const QString &raw)
{
    FilePath result;
    const QString lower = raw.toLower();
    // Checked on the raw text: once decoded, an encoded '/' could no longer be told from a real one.
    if (lower.contains(QLatin1String("%2f")) || lower.contains(QLatin1String("%5c"))) {
        result.status = 403;
        result.reason = QStringLiteral("encoded path separators are refused");
        return result;
    }
    // One trailing '/' is a folder written as such; any other empty segment ("home//etc/passwd") is how an absolute
    // path would come in.
    QStringList segments = (raw.endsWith(u'/') ? raw.chopped(1) : raw).split(u'/');
    if (segments.size() > 1 && segments.contains(QString())) {
        result.status = 403;
        result.reason = QStringLiteral("absolute paths and empty path segments are refused");
        return result;
    }
    segments.removeAll(QString());
    if (segments.isEmpty()) {
        result.status = 404;
        result.reason = QStringLiteral("no root given");
        return result;
    }
    QStringList decoded;
    for (const QString &segment : segments) {
        // QByteArray::fromPercentEncoding decodes "%RF" as '/' (it does not check for hex digits): a separator that
        // the "%2f" test above would miss. Found by tests/fuzz/fuzz_file_path.
        if (!isWellFormedPercentEncoding(segment)) {
            result.status = 400;
            result.reason = QStringLiteral("the path has a '%' not followed by two hex digits");
            return result;
        }
        const QByteArray bytes = QByteArray::fromPercentEncoding(segment.toUtf8());
        const QString text = QString::fromUtf8(bytes);
        if (text.toUtf8() != bytes) {
            result.status = 400;
            result.reason = QStringLiteral("the path is not valid UTF-8");
            return result;
        }
        if (text.contains(QChar(0))) {
            result.status = 400;
            result.reason = QStringLiteral("the path contains a NUL byte");
            return result;
        }
        decoded.append(text);
    }
    result.root = decoded.takeFirst();
    result.path = decoded.join(u'/');
    return result;
}

std::optional<qint64> parseCount(const QString &text)
{
    if (text.isEmpty() || text.size() > 18) {
        return std::nullopt;
    }
    for (QChar c : text) {
        if (!c.isDigit() || c.unicode() > 127) {
            return std::nullopt;
        }
    }
    return text.toLongLong();
}

} // namespace deskport
