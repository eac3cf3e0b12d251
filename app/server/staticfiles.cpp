#include "server/staticfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace deskport {

StaticFiles::StaticFiles(QString root)
    : m_root(std::move(root))
{
}

std::optional<StaticFiles::File> StaticFiles::find(const QString &urlPath) const
{
    QString path = urlPath;
    if (path.isEmpty() || path == QLatin1String("/")) {
        path = QStringLiteral("/index.html");
    }
    // Segments of letters, digits, '-', '_' and dots that do not start with a dot: no "..", no hidden files,
    // no backslashes, no encoded tricks (the URL is already decoded; '%' is not allowed either).
    static const QRegularExpression safe(QStringLiteral("^(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){1,8}$"));
    if (!safe.match(path).hasMatch()) {
        return std::nullopt;
    }
    // Directories "open" too (as empty files): only regular files are served.
    QFile file(m_root + path);
    if (!QFileInfo(file).isFile() || !file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return File{file.readAll(), mimeTypeFor(path)};
}

QByteArray StaticFiles::mimeTypeFor(const QString &fileName)
{
    struct Type
    {
        const char *suffix;
        const char *mime;
    };
    static constexpr Type types[] = {
        {".html", "text/html; charset=utf-8"},       {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},         {".svg", "image/svg+xml"},
        {".png", "image/png"},                       {".json", "application/json"},
        {".webmanifest", "application/manifest+json"}, {".ico", "image/x-icon"},
    };
    for (const Type &type : types) {
        if (fileName.endsWith(QLatin1String(type.suffix))) {
            return QByteArray(type.mime);
        }
    }
    return QByteArrayLiteral("application/octet-stream");
}

} // namespace deskport
