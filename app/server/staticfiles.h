#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace deskport {

// The portal's files, served from the Qt resources compiled into the binary. Only plain relative paths made of
// safe characters are looked up, so no request can name anything outside the portal.
class StaticFiles
{
public:
    struct File
    {
        QByteArray data;
        QByteArray mimeType;
    };

    explicit StaticFiles(QString root = QStringLiteral(":/web"));

    // urlPath as in the request ("/", "/js/main.js"); "/" is index.html. nullopt: not found or not allowed.
    std::optional<File> find(const QString &urlPath) const;

    static QByteArray mimeTypeFor(const QString &fileName);

private:
    QString m_root;
};

} // namespace deskport
