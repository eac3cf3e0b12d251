#include "host/uploadstore.h"

#include "host/hostlog.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QStorageInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>

namespace deskport {

namespace {

UploadStore::Result failure(UploadStore::Error error, const QString &reason)
{
    UploadStore::Result result;
    result.error = error;
    result.reason = reason;
    return result;
}

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return raw.toHex();
}

// rename(2) without replacing: atomic, so a file that appears under the name at the last moment is not lost.
bool renameNoReplace(const QString &from, const QString &to, int *error)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) == 0) {
        return true;
    }
    *error = errno;
    return false;
}

bool renameReplacing(const QString &from, const QString &to, int *error)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0) {
        return true;
    }
    *error = errno;
    return false;
}

} // namespace

UploadStore::UploadStore(QObject *parent)
    : QObject(parent)
{
    connect(&m_sweep, &QTimer::timeout, this, &UploadStore::removeIdle);
}

UploadStore::~UploadStore()
{
    abortAll();
}

void UploadStore::setIdleTimeout(int milliseconds)
{
    m_idleTimeoutMs = std::max(1, milliseconds);
    if (m_sweep.isActive()) {
        m_sweep.start(std::max(1, m_idleTimeoutMs / 6));
    }
}

UploadStore::Result UploadStore::start(const QByteArray &owner, const ResolvedPath &target, qint64 size,
                                       bool overwrite, qint64 limit)
{
    Q_ASSERT(target.ok());
    if (size < 0 || size > limit) {
        return failure(Error::TooLarge, QStringLiteral("the file is larger than the upload limit of %1 bytes").arg(limit));
    }
    const QFileInfo targetInfo(target.absolutePath);
    if (targetInfo.exists() || targetInfo.isSymLink()) {
        if (targetInfo.isDir()) {
            return failure(Error::Exists, QStringLiteral("a folder of that name exists"));
        }
        if (!overwrite) {
            return failure(Error::Exists, QStringLiteral("exists"));
        }
    }
    const QString folder = targetInfo.absolutePath();
    const QStorageInfo storage(folder);
    if (storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < size) {
        return failure(Error::NoSpace, QStringLiteral("not enough free space on the disk"));
    }

    Upload upload;
    upload.owner = owner;
    upload.targetPath = target.absolutePath;
    upload.relativePath = target.relativePath;
    upload.size = size;
    upload.overwrite = overwrite;
    // Hidden, beside the target (same filesystem, so the final rename is atomic), never an existing file.
    const QString partName = u'.' + targetInfo.fileName().left(200) + QStringLiteral(".deskport-upload-")
        + QString::fromLatin1(randomHex(6));
    upload.part = std::make_unique<QFile>(folder + u'/' + partName);
    if (!upload.part->open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        return failure(Error::Failed, QStringLiteral("cannot write in this folder: %1").arg(upload.part->errorString()));
    }
    upload.idle.start();

    Result result;
    result.id = randomHex(16);
    qCInfo(lcHost).noquote() << "upload" << result.id << "started:" << target.relativePath << size << "bytes";
    m_uploads.emplace(result.id, std::move(upload));
    if (!m_sweep.isActive()) {
        m_sweep.start(std::max(1, m_idleTimeoutMs / 6));
    }
    return result;
}

UploadStore::Upload *UploadStore::find(const QByteArray &owner, const QByteArray &id)
{
    const auto it = m_uploads.find(id);
    return it != m_uploads.end() && it->second.owner == owner ? &it->second : nullptr;
}

UploadStore::Result UploadStore::append(const QByteArray &owner, const QByteArray &id, qint64 offset,
                                        const QByteArray &data)
{
    Upload *upload = find(owner, id);
    if (!upload) {
        return failure(Error::NotFound, QStringLiteral("no such upload"));
    }
    if (offset != upload->received) {
        Result result = failure(Error::WrongOffset,
                                QStringLiteral("expected the piece at offset %1").arg(upload->received));
        result.received = upload->received;
        return result;
    }
    if (data.size() > ChunkSize || upload->received + data.size() > upload->size) {
        return failure(Error::TooLarge, QStringLiteral("the piece is too large"));
    }
    if (upload->part->write(data) != data.size() || !upload->part->flush()) {
        const QString reason = QStringLiteral("writing failed: %1").arg(upload->part->errorString());
        remove(id, "failed to write");
        return failure(Error::Failed, reason);
    }
    upload->received += data.size();
    upload->idle.start();
    Result result;
    result.id = id;
    result.received = upload->received;
    return result;
}

UploadStore::Result UploadStore::finish(const QByteArray &owner, const QByteArray &id, bool overwrite)
{
    Upload *upload = find(owner, id);
    if (!upload) {
        return failure(Error::NotFound, QStringLiteral("no such upload"));
    }
    if (upload->received != upload->size) {
        Result result = failure(Error::Incomplete, QStringLiteral("%1 of %2 bytes received")
                                                       .arg(upload->received)
                                                       .arg(upload->size));
        result.received = upload->received;
        return result;
    }
    upload->part->close();
    int error = 0;
    const bool replace = overwrite || upload->overwrite;
    const bool renamed = replace ? renameReplacing(upload->part->fileName(), upload->targetPath, &error)
                                 : renameNoReplace(upload->part->fileName(), upload->targetPath, &error);
    if (!renamed) {
        upload->idle.start();
        if (error == EEXIST) {
            // Kept: the client may still ask to replace.
            return failure(Error::Exists, QStringLiteral("exists"));
        }
        const QString reason = QStringLiteral("cannot rename the uploaded file: %1")
                                   .arg(QString::fromLocal8Bit(std::strerror(error)));
        remove(id, "failed to rename");
        return failure(Error::Failed, reason);
    }
    Result result;
    result.id = id;
    result.received = upload->received;
    result.relativePath = upload->relativePath;
    qCInfo(lcHost).noquote() << "upload" << id << "finished:" << upload->relativePath << upload->size << "bytes";
    upload->part.reset(); // renamed: nothing to remove
    m_uploads.erase(id);
    return result;
}

bool UploadStore::abort(const QByteArray &owner, const QByteArray &id)
{
    if (!find(owner, id)) {
        return false;
    }
    remove(id, "abandoned by the client");
    return true;
}

void UploadStore::abortOwner(const QByteArray &owner)
{
    QList<QByteArray> ids;
    for (const auto &[id, upload] : m_uploads) {
        if (upload.owner == owner) {
            ids.append(id);
        }
    }
    for (const QByteArray &id : ids) {
        remove(id, "its session ended");
    }
}

void UploadStore::abortAll()
{
    while (!m_uploads.empty()) {
        remove(m_uploads.begin()->first, "abandoned");
    }
    m_sweep.stop();
}

void UploadStore::remove(const QByteArray &id, const char *why)
{
    const auto it = m_uploads.find(id);
    if (it == m_uploads.end()) {
        return;
    }
    if (it->second.part) {
        it->second.part->close();
        it->second.part->remove();
    }
    qCInfo(lcHost).noquote() << "upload" << id << "removed:" << why;
    m_uploads.erase(it);
    if (m_uploads.empty()) {
        m_sweep.stop();
    }
}

void UploadStore::removeIdle()
{
    QList<QByteArray> idle;
    for (const auto &[id, upload] : m_uploads) {
        if (upload.idle.hasExpired(m_idleTimeoutMs)) {
            idle.append(id);
        }
    }
    for (const QByteArray &id : idle) {
        remove(id, "no piece for too long");
    }
}

} // namespace deskport
