#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace deskport {

// Why a path was refused. The HTTP layer maps OutsideRoot and BadName to 403, UnknownRoot and NotFound to 404.
enum class FileRootError {
    None,
    UnknownRoot,  // no root of that name
    OutsideRoot,  // absolute path, ".." segment, or a symlink (anywhere on the path) leading out of the root
    NotFound,     // inside the root as written, but nothing there (a dangling symlink counts as nothing)
    BadName,      // NUL byte, or a new entry named "", "." or ".." or longer than the filesystem allows
    NotADirectory,// list() on something that is not a directory, or a create target whose parent is not one
    AccessDenied, // the directory exists but cannot be read
};

// The outcome of resolving a path: either an absolute canonical path inside the root, or an error with a reason
// fit to show to the user (it never contains the absolute host path of anything outside the root).
struct ResolvedPath
{
    FileRootError error = FileRootError::None;
    QString reason;
    QString absolutePath;  // canonical, symlinks resolved; for resolveForCreate the (not yet existing) target
    QString relativePath;  // absolutePath relative to the root, '/'-separated, empty for the root itself
    bool isDir = false;
    // A regular file (or an inside symlink to one). False for FIFOs, sockets and devices, which a download must
    // refuse: reading a FIFO blocks forever.
    bool isFile = false;

    bool ok() const { return error == FileRootError::None; }
};

struct FileEntry
{
    QString name;
    bool isDir = false;      // for a followable symlink, whether its target is a directory
    bool isSymlink = false;
    bool followable = true;  // false for a symlink whose target is outside the root or missing
    qint64 size = 0;         // bytes; 0 for directories and unfollowable symlinks
    qint64 modifiedMs = 0;   // ms since the epoch (of the target when followable, of the link itself otherwise)
};

struct DirectoryListing
{
    ResolvedPath directory;
    QList<FileEntry> entries;  // folders first, then by name (locale-aware, case-insensitive, numbers by value)
};

// File access for control viewers, confined to named roots (default: one root "home" = the user's home).
//
// Paths are the already-decoded, '/'-separated relative paths the client sends. Rules, checked on the text before
// anything touches the filesystem, then on the canonical path:
// - Only '/' separates. Empty and "." segments are skipped ("a//./b" is "a/b"); a leading '/' (absolute path) and
//   any ".." segment are refused, even one that would stay inside: clients build paths from listings and never
//   need "..".
// - Everything else is a plain name character, including '\' (a legal filename character on Linux) and '%': the
//   path is never decoded again, so a literal "%2F" or "%2e%2e" is a name, not a separator or a parent. Refusing
//   raw URLs with encoded separators ("%2F", "%5C") is the HTTP layer's job.
// - NUL is refused (it would truncate the name at the system call).
// - Names are passed through byte for byte (UTF-8, no Unicode normalisation), so NFC and NFD spellings are
//   distinct files, as on the filesystem.
// - The result is canonicalised (all symlinks resolved) and must be the root or below it. So a symlink to a file
//   or a directory outside, anywhere on the path, is refused; symlinks that stay inside work. Roots are
//   canonicalised once when added, so a root that is itself a symlink works.
// Not covered: a symlink swapped in between resolve() and the caller's open() (the remote viewer cannot create
// symlinks, only the host user can).
class FileRoots
{
public:
    // Adds a root; false (and nothing added) when the name is empty, contains '/', is taken, or the path is not an
    // existing directory.
    bool addRoot(const QString &name, const QString &directory);
    // The configured roots, or when none are given, "home" = QDir::homePath().
    static FileRoots fromConfiguration(const QStringList &directories);

    QStringList rootNames() const;
    // The canonical directory of a root, empty if unknown.
    QString rootPath(const QString &rootName) const;

    // An existing file or directory.
    ResolvedPath resolve(const QString &rootName, const QString &relativePath) const;
    // A path to create or overwrite (upload target): the parent must exist inside the root; the last segment is a
    // new name (not "", ".", ".."; at most 255 UTF-8 bytes). If it already exists, it must itself resolve inside
    // the root (no writing through a symlink pointing out, nor a dangling one).
    ResolvedPath resolveForCreate(const QString &rootName, const QString &relativePath) const;
    // The entries of a directory, hidden files included. Symlinks are listed; those pointing outside the root or
    // nowhere are marked followable = false (shown, but resolve() refuses them).
    DirectoryListing list(const QString &rootName, const QString &relativePath) const;

private:
    struct Root
    {
        QString name;
        QString path;  // canonical, no trailing '/' (except the filesystem root "/")
    };
    const Root *findRoot(const QString &name) const;
    static bool isInside(const Root &root, const QString &canonicalPath);
    static QString relativeTo(const Root &root, const QString &canonicalPath);

    QList<Root> m_roots;
};

} // namespace deskport
