#include "host/fileroots.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <optional>

#include <sys/stat.h>

namespace deskport {

namespace {

// Linux NAME_MAX: longer names cannot be created, so refuse them before the system call does.
constexpr qsizetype MaxNameBytes = 255;

ResolvedPath failure(FileRootError error, QString reason)
{
    ResolvedPath result;
    result.error = error;
    result.reason = std::move(reason);
    return result;
}

// The textual rules (see fileroots.h): the meaningful segments of a client path, or the refusal.
struct Segments
{
    QStringList names;     // without empty and "." segments
    QString lastRaw;       // the last segment as written, for resolveForCreate
    std::optional<ResolvedPath> refusal;
};

Segments splitPath(const QString &relativePath)
{
    Segments result;
    if (relativePath.contains(QChar(u'\0'))) {
        result.refusal = failure(FileRootError::BadName, QStringLiteral("The path contains a NUL character."));
        return result;
    }
    if (relativePath.startsWith(u'/')) {
        result.refusal = failure(FileRootError::OutsideRoot, QStringLiteral("Absolute paths are not allowed."));
        return result;
    }
    const QStringList raw = relativePath.split(u'/');
    for (const QString &segment : raw) {
        if (segment == QStringLiteral("..")) {
            result.refusal = failure(FileRootError::OutsideRoot, QStringLiteral("\"..\" is not allowed in paths."));
            return result;
        }
        if (!segment.isEmpty() && segment != QStringLiteral("."))
            result.names.append(segment);
    }
    result.lastRaw = raw.constLast();
    return result;
}

// "dir" + "/" + "name", without doubling the slash after the filesystem root "/".
QString childPath(const QString &directory, const QString &name)
{
    if (directory.isEmpty())
        return name;
    return directory.endsWith(u'/') ? QString(directory + name) : QString(directory + u'/' + name);
}

qint64 linkModifiedMs(const QString &path)
{
    struct stat status {};
    if (::lstat(QFile::encodeName(path).constData(), &status) != 0)
        return 0;
    return qint64(status.st_mtim.tv_sec) * 1000 + status.st_mtim.tv_nsec / 1000000;
}

} // namespace

bool FileRoots::addRoot(const QString &name, const QString &directory)
{
    if (name.isEmpty() || name.contains(u'/') || name.contains(QChar(u'\0')) || findRoot(name))
        return false;
    const QFileInfo info(directory);
    if (!info.isAbsolute() || !info.isDir())
        return false;
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty())
        return false;
    m_roots.append(Root{name, canonical});
    return true;
}

FileRoots FileRoots::fromConfiguration(const QStringList &directories)
{
    FileRoots roots;
    if (directories.isEmpty()) {
        roots.addRoot(QStringLiteral("home"), QDir::homePath());
        return roots;
    }
    for (const QString &directory : directories) {
        QString base = QFileInfo(QDir::cleanPath(directory)).fileName();
        if (base.isEmpty())
            base = QStringLiteral("root");
        // Two roots may share a folder name (~/a/docs, ~/b/docs): number the later ones.
        QString name = base;
        for (int n = 2; roots.findRoot(name); ++n)
            name = base + u'-' + QString::number(n);
        roots.addRoot(name, directory);
    }
    return roots;
}

QStringList FileRoots::rootNames() const
{
    QStringList names;
    for (const Root &root : m_roots)
        names.append(root.name);
    return names;
}

QString FileRoots::rootPath(const QString &rootName) const
{
    const Root *root = findRoot(rootName);
    return root ? root->path : QString();
}

const FileRoots::Root *FileRoots::findRoot(const QString &name) const
{
    for (const Root &root : m_roots) {
        if (root.name == name)
            return &root;
    }
    return nullptr;
}

bool FileRoots::isInside(const Root &root, const QString &canonicalPath)
{
    if (canonicalPath == root.path)
        return true;
    const QString prefix = root.path.endsWith(u'/') ? root.path : root.path + u'/';
    return canonicalPath.startsWith(prefix);
}

QString FileRoots::relativeTo(const Root &root, const QString &canonicalPath)
{
    if (canonicalPath == root.path)
        return {};
    return canonicalPath.mid(root.path.endsWith(u'/') ? root.path.size() : root.path.size() + 1);
}

ResolvedPath FileRoots::resolve(const QString &rootName, const QString &relativePath) const
{
    const Root *root = findRoot(rootName);
    if (!root)
        return failure(FileRootError::UnknownRoot, QStringLiteral("There is no folder of that name."));
    const Segments segments = splitPath(relativePath);
    if (segments.refusal)
        return *segments.refusal;

    // Canonicalise prefix by prefix: a symlinked directory leading out is refused as such even when the rest of
    // the path does not exist there (otherwise NotFound vs OutsideRoot would tell what exists outside).
    QString written = root->path;
    QString canonical = root->path;
    for (const QString &name : segments.names) {
        written = childPath(written, name);
        canonical = QFileInfo(written).canonicalFilePath();
        if (canonical.isEmpty())
            return failure(FileRootError::NotFound, QStringLiteral("No such file or folder."));
        if (!isInside(*root, canonical))
            return failure(FileRootError::OutsideRoot, QStringLiteral("This leads outside the shared folder."));
        written = canonical;
    }

    const QFileInfo target(canonical);
    ResolvedPath result;
    result.absolutePath = canonical;
    result.relativePath = relativeTo(*root, canonical);
    result.isDir = target.isDir();
    result.isFile = target.isFile();
    return result;
}

ResolvedPath FileRoots::resolveForCreate(const QString &rootName, const QString &relativePath) const
{
    if (!findRoot(rootName))
        return failure(FileRootError::UnknownRoot, QStringLiteral("There is no folder of that name."));
    const Segments segments = splitPath(relativePath);
    if (segments.refusal)
        return *segments.refusal;
    const QString &leaf = segments.lastRaw;
    if (leaf.isEmpty() || leaf == QStringLiteral("."))
        return failure(FileRootError::BadName, QStringLiteral("A file name is needed."));
    if (leaf.toUtf8().size() > MaxNameBytes)
        return failure(FileRootError::BadName, QStringLiteral("The file name is too long."));

    const QStringList parentNames = segments.names.first(segments.names.size() - 1);
    ResolvedPath parent = resolve(rootName, parentNames.join(u'/'));
    if (!parent.ok())
        return parent;
    if (!parent.isDir)
        return failure(FileRootError::NotADirectory, QStringLiteral("The destination is not a folder."));

    const QString target = childPath(parent.absolutePath, leaf);
    const QFileInfo existing(target);
    if (existing.isSymLink() || existing.exists()) {
        // Overwriting goes through symlinks: the existing entry must itself stay inside.
        ResolvedPath current = resolve(rootName, childPath(parentNames.join(u'/'), leaf));
        if (current.error == FileRootError::NotFound)
            return failure(FileRootError::OutsideRoot, QStringLiteral("A symlink of that name leads nowhere."));
        if (!current.ok())
            return current;
        if (current.isDir)
            return failure(FileRootError::BadName, QStringLiteral("A folder of that name exists."));
        return current;
    }

    ResolvedPath result;
    result.absolutePath = target;
    result.relativePath = childPath(parent.relativePath, leaf);
    return result;
}

DirectoryListing FileRoots::list(const QString &rootName, const QString &relativePath) const
{
    DirectoryListing listing;
    listing.directory = resolve(rootName, relativePath);
    if (!listing.directory.ok())
        return listing;
    if (!listing.directory.isDir) {
        listing.directory = failure(FileRootError::NotADirectory, QStringLiteral("This is not a folder."));
        return listing;
    }
    const QDir dir(listing.directory.absolutePath);
    if (!dir.isReadable()) {
        listing.directory = failure(FileRootError::AccessDenied, QStringLiteral("This folder cannot be read."));
        return listing;
    }
    const Root &root = *findRoot(rootName);

    // QDir::System is needed to see dangling symlinks, FIFOs and sockets at all.
    const QFileInfoList infos =
        dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Unsorted);
    listing.entries.reserve(infos.size());
    for (const QFileInfo &info : infos) {
        FileEntry entry;
        entry.name = info.fileName();
        entry.isSymlink = info.isSymLink();
        if (entry.isSymlink) {
            const QString canonical = info.canonicalFilePath();
            entry.followable = !canonical.isEmpty() && isInside(root, canonical);
        }
        if (entry.followable) {
            // QFileInfo follows symlinks for these, which is what an inside link should show.
            entry.isDir = info.isDir();
            entry.size = entry.isDir ? 0 : info.size();
            entry.modifiedMs = info.lastModified().toMSecsSinceEpoch();
        } else {
            entry.modifiedMs = linkModifiedMs(info.filePath());
        }
        listing.entries.append(entry);
    }

    // The C locale (a service, a test) would sort by code point: "b10" before "b9". People expect English rules.
    QCollator collator{QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale()};
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    collator.setNumericMode(true);
    std::sort(listing.entries.begin(), listing.entries.end(), [&collator](const FileEntry &a, const FileEntry &b) {
        if (a.isDir != b.isDir)
            return a.isDir;
        const int order = collator.compare(a.name, b.name);
        // Names equal to the collator ("a" and "A") still need a stable, total order.
        return order != 0 ? order < 0 : a.name < b.name;
    });
    return listing;
}

} // namespace deskport
