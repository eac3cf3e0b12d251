#pragma once

#include "host/fileroots.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>

namespace deskport {

// Uploads in progress, each written piece by piece into a hidden part file beside its target and renamed to the
// real name only when every byte has arrived, so no partial file ever carries the real name. Knows nothing of
// HTTP: the server maps the errors to status codes. Every upload belongs to an owner (the session that started
// it); another owner cannot see or touch it.
class UploadStore : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 ChunkSize = 4 * 1024 * 1024;
    static constexpr int DefaultIdleTimeoutMs = 60 * 1000;

    enum class Error {
        None,
        Exists,      // the target name is taken and overwriting was not asked for
        TooLarge,    // the announced size is over the limit, or a piece is larger than ChunkSize or goes past it
        NoSpace,     // the disk has less free space than the announced size
        NotFound,    // no such upload (or another owner's)
        WrongOffset, // a piece that does not continue where the last one ended
        Incomplete,  // finishing before all bytes arrived
        Failed,      // the filesystem refused (reason says why)
    };

    struct Result
    {
        Error error = Error::None;
        QString reason;
        QByteArray id;
        qint64 received = 0;
        QString relativePath; // of the finished file, inside its root

        bool ok() const { return error == Error::None; }
    };

    explicit UploadStore(QObject *parent = nullptr);
    ~UploadStore() override; // removes every part file

    // target: from FileRoots::resolveForCreate (must be ok()). limit: the largest size accepted.
    Result start(const QByteArray &owner, const ResolvedPath &target, qint64 size, bool overwrite, qint64 limit);
    Result append(const QByteArray &owner, const QByteArray &id, qint64 offset, const QByteArray &data);
    // overwrite: replace a file that took the name meanwhile (also when start() was not asked to).
    Result finish(const QByteArray &owner, const QByteArray &id, bool overwrite = false);
    bool abort(const QByteArray &owner, const QByteArray &id);
    void abortOwner(const QByteArray &owner);
    void abortAll();

    int count() const { return int(m_uploads.size()); }
    // Uploads without a piece for this long are abandoned (checked every timeout / 6).
    void setIdleTimeout(int milliseconds);

private:
    struct Upload
    {
        QByteArray owner;
        QString targetPath;   // absolute
        QString relativePath; // inside the root
        std::unique_ptr<QFile> part;
        qint64 size = 0;
        qint64 received = 0;
        bool overwrite = false;
        QElapsedTimer idle;
    };

    Upload *find(const QByteArray &owner, const QByteArray &id);
    void remove(const QByteArray &id, const char *why);
    void removeIdle();

    std::map<QByteArray, Upload> m_uploads;
    QTimer m_sweep;
    int m_idleTimeoutMs = DefaultIdleTimeoutMs;
};

} // namespace deskport
