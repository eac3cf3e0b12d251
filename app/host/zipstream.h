#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <utility>

#include <sys/stat.h>

namespace deskport {

// A ZIP archive of a folder, produced piece by piece as the caller pulls bytes, in bounded memory: the route
// GET /api/files/zip/... frames what read() returns as HTTP chunks while the socket drains. Nothing here knows
// HTTP, and nothing is built in memory or on disk beyond the current piece and the central directory (about
// 50 bytes plus the name per entry).
//
// Format: every entry is a local header, its data, and (for files) a data descriptor (general purpose bit 3),
// because sizes and CRC-32 are only known once a file has been read: a file that grows or shrinks while it is
// read is stored as read. Files are stored (method 0): no compression keeps the stream at disk speed. Names are
// UTF-8 (bit 11; cleared for the rare name that is not valid UTF-8, passed through as bytes). Folders are "name/"
// entries, so empty folders are kept. ZIP64 extra fields and end records appear when a size or offset reaches
// 0xFFFFFFFF or there are 65535 entries or more (or always with Options::forceZip64). A file smaller than 4 GiB
// when reached is written without ZIP64 in its local header; should it grow past 0xFFFFFFFE bytes while read,
// reading stops there.
//
// The tree is walked lazily, one directory listing (names only) per level of the current path, in byte order of
// the names. Left out, and named in skipped(): symlinks leading outside `confinement` or nowhere, special files
// (FIFO, socket, device: never opened, since opening a FIFO blocks), files that cannot be opened, folders that
// cannot be listed, and a folder reached a second time (by (device, inode): a symlink loop, a second link to the
// same folder, or a bind-mount loop), which guards against endless and exponential archives. Inside symlinks are
// stored as what they point to.
class ZipStream
{
public:
    struct Options
    {
        bool forceZip64 = false;  // tests: ZIP64 records even for small entries
    };

    // folder: canonical absolute path of the folder to pack; confinement: canonical root path. Entry names start
    // with topName + "/" (a '/' in topName becomes '_'; an empty one becomes "folder").
    // Two constructors rather than `Options options = {}`: GCC 12 refuses a default argument of a nested struct
    // with member initialisers inside its enclosing class (GCC bug 88165). Calls are written the same way.
    ZipStream(const QString &folder, const QString &confinement, const QString &topName);
    ZipStream(const QString &folder, const QString &confinement, const QString &topName, Options options);
    ~ZipStream();

    ZipStream(const ZipStream &) = delete;
    ZipStream &operator=(const ZipStream &) = delete;

    // The next bytes of the archive, at most maxBytes (> 0; pieces are capped at 16 MiB whatever is asked), at
    // least 1 byte unless finished. Empty once finished.
    QByteArray read(qint64 maxBytes);
    bool atEnd() const;
    qint64 bytesProduced() const;
    int entryCount() const;       // entries written so far
    QStringList skipped() const;  // archive names left out ("top/a/fifo"), the first 100 only, for the log

private:
    struct Directory
    {
        QByteArray path;        // filesystem path of the listed directory (canonical)
        QByteArray entryPrefix; // archive name prefix of its children, ending in '/'
        QList<QByteArray> names;
        qsizetype next = 0;
    };
    struct FileInProgress
    {
        int fd = -1;
        QByteArray entryName;
        qint64 headerOffset = 0;
        quint32 crc = 0;
        qint64 size = 0;
        qint64 sizeLimit = 0;  // past this, reading stops (0xFFFFFFFE without ZIP64)
        bool zip64 = false;
        quint16 dosTime = 0;
        quint16 dosDate = 0;
        quint32 mode = 0;
    };

    // Moves to the next entry: queues its local header (and for a folder pushes its listing), or, when the walk
    // is over, queues the central directory and end records. False once everything is queued.
    bool advance();
    void visit(const QByteArray &path, const QByteArray &entryName, bool isTop);
    bool openDirectory(const QByteArray &path, QList<QByteArray> *names);
    void startFile(int fd, const QByteArray &entryName, const struct stat &info);
    void addDirectoryEntry(const QByteArray &entryName, const struct stat &info);
    qint64 readFileData(QByteArray *out, qint64 maxBytes);
    void finishFile();
    void writeEnd();
    void skip(const QByteArray &entryName);
    bool isConfined(const QByteArray &canonicalPath) const;
    void queue(const QByteArray &bytes);

    QByteArray m_topPath;
    QByteArray m_topName;
    QByteArray m_confinement;  // canonical; empty when it could not be resolved (then nothing is packed)
    Options m_options;
    QList<Directory> m_stack;
    QSet<std::pair<quint64, quint64>> m_visitedDirectories;  // (st_dev, st_ino)
    FileInProgress m_file;
    QByteArray m_pending;       // queued archive bytes not yet returned
    qsizetype m_pendingPos = 0;
    QByteArray m_centralDirectory;
    qint64 m_archiveSize = 0;   // bytes queued or produced so far: the offset of the next queued byte
    qint64 m_produced = 0;
    int m_entries = 0;
    QStringList m_skipped;
    bool m_started = false;
    bool m_endQueued = false;
};

} // namespace deskport
