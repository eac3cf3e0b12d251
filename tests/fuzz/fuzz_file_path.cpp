// The files routes' paths: parseFilePath (app/server/hostrequest.cpp, the raw percent-encoded path of
// /api/files/<action>/<root>/<path>) and FileRoots::resolve / resolveForCreate / list (app/host/fileroots.cpp),
// against a temporary root "home" holding files, folders, a symlink inside, symlinks pointing out of the root, a
// dangling one and a loop. The input is tried both as a raw URL path and as an already-decoded relative path.
// Asserts: whatever resolves is the root or below it, canonical (no symlink left), and relativePath leads back to
// it; an upload target's parent is inside the root and its name is a real name; listings name no path.
#include "fuzzcheck.h"
#include "host/fileroots.h"
#include "server/hostrequest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace deskport;

namespace {

struct Fixture
{
    QTemporaryDir base;
    FileRoots roots;
    QString rootPath;

    Fixture()
    {
        FUZZ_CHECK(base.isValid());
        const QDir dir(base.path());
        for (const char *folder : {"root/a/deeper", "root/dir", "root/\xc3\xbcn\xc3\xaf", "outside"})
            FUZZ_CHECK(dir.mkpath(QString::fromUtf8(folder)));
        for (const char *file : {"root/a/b.txt", "root/a/deeper/c", "root/%2e%2e", "outside/secret"}) {
            QFile f(dir.filePath(QString::fromUtf8(file)));
            FUZZ_CHECK(f.open(QIODevice::WriteOnly) && f.write("x") == 1);
        }
        const std::pair<const char *, const char *> links[] = {
            {"a", "root/in"},          {"../outside", "root/out"}, {"../outside/secret", "root/outfile"},
            {"nowhere", "root/dangling"}, {"loop", "root/loop"},   {"/", "root/slash"},
            {"..", "root/a/up"},
        };
        for (const auto &[target, link] : links)
            FUZZ_CHECK(QFile::link(QString::fromUtf8(target), dir.filePath(QString::fromUtf8(link))));
        FUZZ_CHECK(roots.addRoot(QStringLiteral("home"), dir.filePath(QStringLiteral("root"))));
        rootPath = roots.rootPath(QStringLiteral("home"));
        FUZZ_CHECK(!rootPath.isEmpty());
    }

    bool inside(const QString &absolute) const
    {
        return absolute == rootPath || absolute.startsWith(rootPath + u'/');
    }

    void checkRelative(const ResolvedPath &resolved) const
    {
        FUZZ_CHECK(resolved.absolutePath
                   == (resolved.relativePath.isEmpty() ? rootPath : rootPath + u'/' + resolved.relativePath));
        for (const QString &segment : resolved.relativePath.split(u'/', Qt::SkipEmptyParts))
            FUZZ_CHECK(segment != QLatin1String(".."));
    }

    void check(const QString &root, const QString &path) const
    {
        const ResolvedPath existing = roots.resolve(root, path);
        if (existing.ok()) {
            FUZZ_CHECK(root == QLatin1String("home"));
            FUZZ_CHECK(inside(existing.absolutePath));
            FUZZ_CHECK(QFileInfo(existing.absolutePath).canonicalFilePath() == existing.absolutePath);
            checkRelative(existing);
        } else {
            FUZZ_CHECK(!existing.reason.isEmpty());
            FUZZ_CHECK(!existing.reason.contains(base.path() + QStringLiteral("/outside")));
        }
        const ResolvedPath target = roots.resolveForCreate(root, path);
        if (target.ok()) {
            FUZZ_CHECK(inside(target.absolutePath) && target.absolutePath != rootPath);
            const QFileInfo info(target.absolutePath);
            FUZZ_CHECK(info.fileName() != QLatin1String(".") && info.fileName() != QLatin1String("..")
                       && !info.fileName().isEmpty());
            FUZZ_CHECK(inside(QFileInfo(info.path()).canonicalFilePath()));
            if (info.exists() || info.isSymLink())
                FUZZ_CHECK(inside(info.canonicalFilePath()));
            checkRelative(target);
        }
        const DirectoryListing listing = roots.list(root, path);
        if (listing.directory.ok()) {
            FUZZ_CHECK(inside(listing.directory.absolutePath) && listing.directory.isDir);
            for (const FileEntry &entry : listing.entries)
                FUZZ_CHECK(!entry.name.isEmpty() && !entry.name.contains(u'/') && entry.name != QLatin1String(".."));
        } else {
            FUZZ_CHECK(listing.entries.isEmpty());
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const Fixture fixture;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    // As the URL path after /api/files/<action>/.
    const FilePath parsed = parseFilePath(text);
    if (parsed.status == 0) {
        FUZZ_CHECK(!parsed.root.isEmpty() && !parsed.root.contains(u'/'));
        FUZZ_CHECK(!parsed.path.startsWith(u'/'));
        FUZZ_CHECK(!parsed.root.contains(QChar(0)) && !parsed.path.contains(QChar(0)));
        if (!parsed.path.isEmpty())
            FUZZ_CHECK(!parsed.path.split(u'/').contains(QString()));
        fixture.check(parsed.root, parsed.path);
    } else {
        FUZZ_CHECK(parsed.status == 400 || parsed.status == 403 || parsed.status == 404);
        FUZZ_CHECK(!parsed.reason.isEmpty());
    }
    // As a decoded relative path, FileRoots' own defences alone.
    fixture.check(QStringLiteral("home"), text);
    return 0;
}
