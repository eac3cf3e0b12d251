#include "host/zipstream.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <limits>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace deskport {

namespace {

// Files are read in pieces of this size, never whole.
constexpr qint64 ReadPiece = 256 * 1024;
// Whatever the caller asks, one read() returns at most this much, so a huge maxBytes cannot allocate a huge piece.
constexpr qint64 MaxPiece = 16 * 1024 * 1024;
constexpr int MaxSkippedNames = 100;

constexpr quint32 Max32 = 0xFFFFFFFFu;
constexpr quint16 Max16 = 0xFFFFu;

constexpr quint32 LocalHeaderSignature = 0x04034b50;
constexpr quint32 DataDescriptorSignature = 0x08074b50;
constexpr quint32 CentralHeaderSignature = 0x02014b50;
constexpr quint32 Zip64EndSignature = 0x06064b50;
constexpr quint32 Zip64LocatorSignature = 0x07064b50;
constexpr quint32 EndSignature = 0x06054b50;

constexpr quint16 FlagDataDescriptor = 0x0008;  // bit 3: CRC and sizes follow the data
constexpr quint16 FlagUtf8 = 0x0800;            // bit 11: the name is UTF-8
constexpr quint16 VersionDefault = 20;          // 2.0: folders
constexpr quint16 VersionZip64 = 45;            // 4.5: ZIP64
constexpr quint16 VersionMadeBy = (3 << 8) | VersionZip64;  // Unix, so external attributes carry the mode
constexpr quint16 Zip64ExtraId = 0x0001;
constexpr quint32 MsDosDirectoryAttribute = 0x10;

void put16(QByteArray &out, quint16 value)
{
    const char bytes[2] = {static_cast<char>(value & 0xFF), static_cast<char>(value >> 8)};
    out.append(bytes, 2);
}

void put32(QByteArray &out, quint32 value)
{
    put16(out, static_cast<quint16>(value & 0xFFFF));
    put16(out, static_cast<quint16>(value >> 16));
}

void put64(QByteArray &out, quint64 value)
{
    put32(out, static_cast<quint32>(value & Max32));
    put32(out, static_cast<quint32>(value >> 32));
}

quint32 clamp32(qint64 value)
{
    return value >= qint64(Max32) ? Max32 : static_cast<quint32>(value);
}

// MS-DOS date and time (local time, 2-second resolution), clamped to the years it can express (1980-2107).
void dosDateTime(time_t seconds, quint16 *dosTime, quint16 *dosDate)
{
    struct tm local = {};
    if (!localtime_r(&seconds, &local) || local.tm_year < 80) {
        *dosTime = 0;
        *dosDate = (1 << 5) | 1;  // 1980-01-01
        return;
    }
    if (local.tm_year > 207) {
        *dosTime = static_cast<quint16>((23 << 11) | (59 << 5) | 29);
        *dosDate = static_cast<quint16>((127 << 9) | (12 << 5) | 31);
        return;
    }
    *dosTime = static_cast<quint16>((local.tm_hour << 11) | (local.tm_min << 5) | (local.tm_sec / 2));
    *dosDate = static_cast<quint16>(((local.tm_year - 80) << 9) | ((local.tm_mon + 1) << 5) | local.tm_mday);
}

// Bit 11 promises UTF-8; a name that is not (a Linux file name is any bytes) goes without the promise.
quint16 nameFlags(const QByteArray &name)
{
    return QString::fromUtf8(name).toUtf8() == name ? FlagUtf8 : 0;
}

QByteArray canonical(const QByteArray &path)
{
    char *resolved = realpath(path.constData(), nullptr);
    if (!resolved)
        return {};
    QByteArray result(resolved);
    free(resolved);
    return result;
}

QByteArray childPath(const QByteArray &directory, const QByteArray &name)
{
    QByteArray path = directory;
    if (!path.endsWith('/'))
        path.append('/');
    return path.append(name);
}

// Appends one central directory record. zip64Sizes: the sizes go to the ZIP64 extra field (the entry's local
// header announced ZIP64, or they do not fit); the offset goes there when it does not fit or forceZip64.
void appendCentralRecord(QByteArray &central, const QByteArray &name, quint16 flags, quint16 dosTime,
                         quint16 dosDate, quint32 crc, qint64 size, qint64 offset, quint32 externalAttributes,
                         bool zip64Sizes, bool forceZip64)
{
    zip64Sizes = zip64Sizes || forceZip64 || size >= qint64(Max32);
    const bool zip64Offset = forceZip64 || offset >= qint64(Max32);
    QByteArray extra;
    if (zip64Sizes || zip64Offset) {
        put16(extra, Zip64ExtraId);
        put16(extra, static_cast<quint16>((zip64Sizes ? 16 : 0) + (zip64Offset ? 8 : 0)));
        if (zip64Sizes) {
            put64(extra, quint64(size));  // uncompressed
            put64(extra, quint64(size));  // compressed: stored, the same
        }
        if (zip64Offset)
            put64(extra, quint64(offset));
    }
    put32(central, CentralHeaderSignature);
    put16(central, VersionMadeBy);
    put16(central, extra.isEmpty() ? VersionDefault : VersionZip64);
    put16(central, flags);
    put16(central, 0);  // stored
    put16(central, dosTime);
    put16(central, dosDate);
    put32(central, crc);
    put32(central, zip64Sizes ? Max32 : quint32(size));
    put32(central, zip64Sizes ? Max32 : quint32(size));
    put16(central, static_cast<quint16>(name.size()));
    put16(central, static_cast<quint16>(extra.size()));
    put16(central, 0);  // comment length
    put16(central, 0);  // disk number start
    put16(central, 0);  // internal attributes
    put32(central, externalAttributes);
    put32(central, zip64Offset ? Max32 : quint32(offset));
    central.append(name);
    central.append(extra);
}

} // namespace

ZipStream::ZipStream(const QString &folder, const QString &confinement, const QString &topName)
    : ZipStream(folder, confinement, topName, Options())
{
}

ZipStream::ZipStream(const QString &folder, const QString &confinement, const QString &topName, Options options)
    : m_topPath(QFile::encodeName(folder)), m_options(options)
{
    QString top = topName;
    top.replace(u'/', u'_');
    if (top.isEmpty())
        top = QStringLiteral("folder");
    m_topName = top.toUtf8();
    if (!confinement.isEmpty())
        m_confinement = canonical(QFile::encodeName(confinement));
}

ZipStream::~ZipStream()
{
    if (m_file.fd >= 0)
        ::close(m_file.fd);
}

QByteArray ZipStream::read(qint64 maxBytes)
{
    QByteArray out;
    if (maxBytes <= 0)
        return out;
    const qsizetype limit = qsizetype(std::min(maxBytes, MaxPiece));
    // Once: file data is read straight into this buffer, which must not be reallocated (and copied) as it fills.
    out.reserve(limit);
    while (out.size() < limit) {
        if (m_pendingPos < m_pending.size()) {
            const qsizetype take = std::min(limit - out.size(), m_pending.size() - m_pendingPos);
            out.append(m_pending.constData() + m_pendingPos, take);
            m_pendingPos += take;
            if (m_pendingPos == m_pending.size()) {
                m_pending.clear();
                m_pendingPos = 0;
            }
            continue;
        }
        if (m_file.fd >= 0) {
            if (readFileData(&out, limit - out.size()) == 0)
                finishFile();
            continue;
        }
        if (!advance())
            break;
    }
    // A short answer to a large request (the last piece, small entries) should not keep the reserved space alive
    // in the caller's write queue.
    if (out.capacity() - out.size() > 64 * 1024)
        out.squeeze();
    m_produced += out.size();
    return out;
}

bool ZipStream::atEnd() const
{
    return m_endQueued && m_file.fd < 0 && m_pendingPos >= m_pending.size();
}

qint64 ZipStream::bytesProduced() const
{
    return m_produced;
}

int ZipStream::entryCount() const
{
    return m_entries;
}

QStringList ZipStream::skipped() const
{
    return m_skipped;
}

bool ZipStream::advance()
{
    if (!m_started) {
        m_started = true;
        visit(m_topPath, m_topName, true);
        return true;
    }
    while (!m_stack.isEmpty()) {
        Directory &directory = m_stack.last();
        if (directory.next >= directory.names.size()) {
            m_stack.removeLast();
            continue;
        }
        const QByteArray &name = directory.names.at(directory.next++);
        // Copies: visit() may push onto m_stack, which invalidates `directory`.
        const QByteArray path = childPath(directory.path, name);
        const QByteArray entryName = directory.entryPrefix + name;
        visit(path, entryName, false);
        return true;
    }
    if (!m_endQueued) {
        writeEnd();
        return true;
    }
    return false;
}

void ZipStream::visit(const QByteArray &path, const QByteArray &entryName, bool isTop)
{
    struct stat info = {};
    // Names through chains of symlinked folders can outgrow what the 16-bit name length holds.
    if (entryName.size() + 1 > Max16 || ::lstat(path.constData(), &info) != 0) {
        skip(entryName);
        return;
    }
    QByteArray real = path;
    // Children of a listed (canonical) directory that are not symlinks are inside by construction; symlinks and
    // the top folder (canonical by contract, checked anyway) are resolved and checked against the confinement.
    if (S_ISLNK(info.st_mode) || isTop) {
        real = canonical(path);
        if (real.isEmpty() || !isConfined(real) || ::stat(real.constData(), &info) != 0) {
            skip(entryName);
            return;
        }
    }

    if (S_ISDIR(info.st_mode)) {
        Directory directory;
        directory.path = real;
        directory.entryPrefix = entryName + '/';
        if (!openDirectory(real, &directory.names)) {
            skip(entryName);
            return;
        }
        addDirectoryEntry(directory.entryPrefix, info);
        m_stack.append(std::move(directory));
        return;
    }
    if (S_ISREG(info.st_mode) && !isTop) {
        // O_NONBLOCK: should a FIFO have been swapped in since lstat(), opening it does not block (and fstat()
        // below refuses it); for regular files the flag changes nothing. O_NOFOLLOW: `real` is canonical, so a
        // symlink there now was swapped in.
        const int fd = ::open(real.constData(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            skip(entryName);
            return;
        }
        struct stat opened = {};
        if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
            ::close(fd);
            skip(entryName);
            return;
        }
        startFile(fd, entryName, opened);
        return;
    }
    skip(entryName);  // FIFO, socket, device (never opened), or a top "folder" that is not one
}

bool ZipStream::openDirectory(const QByteArray &path, QList<QByteArray> *names)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat info = {};
    // Identified by what was opened, not by a path: a loop through symlinks or bind mounts ends here.
    if (::fstat(fd, &info) != 0 || m_visitedDirectories.contains({quint64(info.st_dev), quint64(info.st_ino)})) {
        ::close(fd);
        return false;
    }
    DIR *dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return false;
    }
    m_visitedDirectories.insert({quint64(info.st_dev), quint64(info.st_ino)});
    errno = 0;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArray name(entry->d_name);
        if (name != ".." && name != ".")
            names->append(name);
    }
    ::closedir(dir);
    std::sort(names->begin(), names->end());
    return true;
}

void ZipStream::addDirectoryEntry(const QByteArray &entryName, const struct stat &info)
{
    quint16 time = 0;
    quint16 date = 0;
    dosDateTime(info.st_mtime, &time, &date);
    const quint16 flags = nameFlags(entryName);
    const qint64 offset = m_archiveSize;

    // Sizes and CRC (all 0) are known: no data descriptor.
    QByteArray header;
    put32(header, LocalHeaderSignature);
    put16(header, VersionDefault);
    put16(header, flags);
    put16(header, 0);  // stored
    put16(header, time);
    put16(header, date);
    put32(header, 0);  // CRC-32
    put32(header, 0);  // compressed size
    put32(header, 0);  // uncompressed size
    put16(header, static_cast<quint16>(entryName.size()));
    put16(header, 0);  // extra length
    header.append(entryName);
    queue(header);

    const quint32 attributes = (quint32(S_IFDIR | (info.st_mode & 07777)) << 16) | MsDosDirectoryAttribute;
    appendCentralRecord(m_centralDirectory, entryName, flags, time, date, 0, 0, offset, attributes, false,
                        m_options.forceZip64);
    ++m_entries;
}

void ZipStream::startFile(int fd, const QByteArray &entryName, const struct stat &info)
{
    m_file = FileInProgress();
    m_file.fd = fd;
    m_file.entryName = entryName;
    m_file.headerOffset = m_archiveSize;
    m_file.crc = static_cast<quint32>(::crc32(0L, Z_NULL, 0));
    m_file.zip64 = m_options.forceZip64 || info.st_size >= qint64(Max32);
    m_file.sizeLimit = m_file.zip64 ? std::numeric_limits<qint64>::max() : qint64(Max32) - 1;
    m_file.mode = quint32(S_IFREG | (info.st_mode & 07777));
    dosDateTime(info.st_mtime, &m_file.dosTime, &m_file.dosDate);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    QByteArray header;
    put32(header, LocalHeaderSignature);
    put16(header, m_file.zip64 ? VersionZip64 : VersionDefault);
    put16(header, static_cast<quint16>(FlagDataDescriptor | nameFlags(entryName)));
    put16(header, 0);  // stored
    put16(header, m_file.dosTime);
    put16(header, m_file.dosDate);
    put32(header, 0);  // CRC-32: in the data descriptor
    // Sizes: in the data descriptor. With ZIP64 the local header must carry the extra field with both sizes,
    // and 0xFFFFFFFF here points to it; the descriptor then has 8-byte sizes.
    put32(header, m_file.zip64 ? Max32 : 0);
    put32(header, m_file.zip64 ? Max32 : 0);
    put16(header, static_cast<quint16>(entryName.size()));
    put16(header, m_file.zip64 ? 20 : 0);
    header.append(entryName);
    if (m_file.zip64) {
        put16(header, Zip64ExtraId);
        put16(header, 16);
        put64(header, 0);
        put64(header, 0);
    }
    queue(header);
}

qint64 ZipStream::readFileData(QByteArray *out, qint64 maxBytes)
{
    const qint64 want = std::min({maxBytes, ReadPiece, m_file.sizeLimit - m_file.size});
    if (want <= 0)
        return 0;
    const qsizetype before = out->size();
    out->resize(before + qsizetype(want));
    ssize_t got = 0;
    do {
        got = ::read(m_file.fd, out->data() + before, size_t(want));
    } while (got < 0 && errno == EINTR);
    if (got <= 0) {
        // End of file, or a read error (EIO, EAGAIN on an odd file): the entry ends with what was read.
        out->resize(before);
        return 0;
    }
    out->resize(before + qsizetype(got));
    m_file.crc = static_cast<quint32>(
        ::crc32(m_file.crc, reinterpret_cast<const Bytef *>(out->constData() + before), static_cast<uInt>(got)));
    m_file.size += got;
    m_archiveSize += got;
    return got;
}

void ZipStream::finishFile()
{
    ::close(m_file.fd);
    m_file.fd = -1;

    QByteArray descriptor;
    put32(descriptor, DataDescriptorSignature);
    put32(descriptor, m_file.crc);
    if (m_file.zip64) {
        put64(descriptor, quint64(m_file.size));
        put64(descriptor, quint64(m_file.size));
    } else {
        put32(descriptor, quint32(m_file.size));
        put32(descriptor, quint32(m_file.size));
    }
    queue(descriptor);

    appendCentralRecord(m_centralDirectory, m_file.entryName,
                        static_cast<quint16>(FlagDataDescriptor | nameFlags(m_file.entryName)), m_file.dosTime,
                        m_file.dosDate, m_file.crc, m_file.size, m_file.headerOffset, m_file.mode << 16,
                        m_file.zip64, m_options.forceZip64);
    ++m_entries;
    m_file.entryName.clear();
}

void ZipStream::writeEnd()
{
    const qint64 centralOffset = m_archiveSize;
    const qint64 centralSize = m_centralDirectory.size();
    const bool force = m_options.forceZip64;
    const bool zip64 = force || m_entries >= Max16 || centralOffset >= qint64(Max32) || centralSize >= qint64(Max32);

    QByteArray tail;
    if (zip64) {
        const qint64 zip64EndOffset = centralOffset + centralSize;
        put32(tail, Zip64EndSignature);
        put64(tail, 44);  // size of the rest of this record
        put16(tail, VersionMadeBy);
        put16(tail, VersionZip64);
        put32(tail, 0);  // this disk
        put32(tail, 0);  // disk with the central directory
        put64(tail, quint64(m_entries));
        put64(tail, quint64(m_entries));
        put64(tail, quint64(centralSize));
        put64(tail, quint64(centralOffset));

        put32(tail, Zip64LocatorSignature);
        put32(tail, 0);  // disk with the ZIP64 end record
        put64(tail, quint64(zip64EndOffset));
        put32(tail, 1);  // total disks
    }
    const quint16 entries = force || m_entries >= Max16 ? Max16 : static_cast<quint16>(m_entries);
    put32(tail, EndSignature);
    put16(tail, 0);  // this disk
    put16(tail, 0);  // disk with the central directory
    put16(tail, entries);
    put16(tail, entries);
    put32(tail, force ? Max32 : clamp32(centralSize));
    put32(tail, force ? Max32 : clamp32(centralOffset));
    put16(tail, 0);  // comment length

    // Called only once everything before has been returned, so the central directory moves instead of copying.
    m_centralDirectory.append(tail);
    m_archiveSize += m_centralDirectory.size();
    if (m_pendingPos >= m_pending.size()) {
        m_pending = std::move(m_centralDirectory);
        m_pendingPos = 0;
    } else {
        m_pending.append(m_centralDirectory);
    }
    m_centralDirectory = QByteArray();
    m_endQueued = true;
}

void ZipStream::skip(const QByteArray &entryName)
{
    if (m_skipped.size() < MaxSkippedNames)
        m_skipped.append(QString::fromUtf8(entryName));
}

bool ZipStream::isConfined(const QByteArray &canonicalPath) const
{
    if (m_confinement.isEmpty())
        return false;
    if (m_confinement == "/")
        return canonicalPath.startsWith('/');
    return canonicalPath == m_confinement
        || (canonicalPath.startsWith(m_confinement) && canonicalPath.at(m_confinement.size()) == '/');
}

void ZipStream::queue(const QByteArray &bytes)
{
    m_pending.append(bytes);
    m_archiveSize += bytes.size();
}

} // namespace deskport
