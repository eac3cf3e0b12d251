#include "host/fileroots.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace deskport;

Q_DECLARE_METATYPE(FileRootError)

namespace {

const QString Nfc = QStringLiteral("caf\u00e9");
const QString Nfd = QStringLiteral("cafe\u0301");
const QString Emoji = QStringLiteral("\U0001F642 smile.txt");
const QDateTime FixedTime = QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1700000000123), Qt::UTC);

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(content);
    file.close();
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(FixedTime, QFileDevice::FileModificationTime));
}

const FileEntry *findEntry(const QList<FileEntry> &entries, const QString &name)
{
    for (const FileEntry &entry : entries) {
        if (entry.name == name)
            return &entry;
    }
    return nullptr;
}

qsizetype indexOf(const QList<FileEntry> &entries, const QString &name)
{
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (entries.at(i).name == name)
            return i;
    }
    return -1;
}

} // namespace

class TestFileRoots : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    QString m_root;     // canonical
    QString m_outside;  // canonical, next to the root
    FileRoots m_roots;

    QString inRoot(const QString &name) const { return m_root + u'/' + name; }

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_temp.isValid());
        const QString base = QFileInfo(m_temp.path()).canonicalFilePath();
        m_root = base + QStringLiteral("/root");
        m_outside = base + QStringLiteral("/outside");
        QVERIFY(QDir().mkpath(m_root + QStringLiteral("/sub")));
        QVERIFY(QDir().mkpath(m_root + QStringLiteral("/alpha")));
        QVERIFY(QDir().mkpath(m_root + QStringLiteral("/Zeta")));
        QVERIFY(QDir().mkpath(m_outside));

        writeFile(inRoot(QStringLiteral("a.txt")), "hello");
        writeFile(inRoot(QStringLiteral("B.txt")), "bb");
        writeFile(inRoot(QStringLiteral("c.txt")), "c");
        writeFile(inRoot(QStringLiteral("file2.txt")), "2");
        writeFile(inRoot(QStringLiteral("file10.txt")), "10");
        writeFile(inRoot(QStringLiteral(".hidden")), "h");
        writeFile(inRoot(QStringLiteral("sub/inner.txt")), "inner");
        writeFile(inRoot(QStringLiteral("%2e%2e")), "literal percent name");
        writeFile(inRoot(QStringLiteral("back\\slash")), "backslash");
        writeFile(inRoot(Nfc), "nfc");
        writeFile(inRoot(Nfd), "nfd!");
        writeFile(inRoot(Emoji), "emoji");
        writeFile(m_outside + QStringLiteral("/secret.txt"), "secret");

        QVERIFY(QFile::link(QStringLiteral("a.txt"), inRoot(QStringLiteral("link-inside"))));
        QVERIFY(QFile::link(QStringLiteral("sub"), inRoot(QStringLiteral("link-dir-inside"))));
        QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), inRoot(QStringLiteral("passwd-link"))));
        QVERIFY(QFile::link(m_outside, inRoot(QStringLiteral("outside-dir"))));
        QVERIFY(QFile::link(QStringLiteral("../outside/secret.txt"), inRoot(QStringLiteral("relative-out"))));
        QVERIFY(QFile::link(QStringLiteral("/nonexistent/deskport"), inRoot(QStringLiteral("dangling"))));
        // The root itself reached through a symlink.
        QVERIFY(QFile::link(m_root, base + QStringLiteral("/root-link")));

        QVERIFY(m_roots.addRoot(QStringLiteral("files"), base + QStringLiteral("/root-link")));
    }

    void roots()
    {
        QCOMPARE(m_roots.rootNames(), QStringList{QStringLiteral("files")});
        // A symlinked root is canonicalised once.
        QCOMPARE(m_roots.rootPath(QStringLiteral("files")), m_root);
        QCOMPARE(m_roots.rootPath(QStringLiteral("nope")), QString());

        FileRoots roots;
        QVERIFY(!roots.addRoot(QString(), m_root));
        QVERIFY(!roots.addRoot(QStringLiteral("a/b"), m_root));
        QVERIFY(!roots.addRoot(QStringLiteral("x"), m_root + QStringLiteral("/missing")));
        QVERIFY(!roots.addRoot(QStringLiteral("x"), inRoot(QStringLiteral("a.txt"))));
        QVERIFY(!roots.addRoot(QStringLiteral("x"), QStringLiteral("relative/dir")));
        QVERIFY(roots.addRoot(QStringLiteral("x"), m_root));
        QVERIFY(!roots.addRoot(QStringLiteral("x"), m_outside));
        QCOMPARE(roots.rootNames(), QStringList{QStringLiteral("x")});

        const FileRoots defaults = FileRoots::fromConfiguration({});
        QCOMPARE(defaults.rootNames(), QStringList{QStringLiteral("home")});
        QCOMPARE(defaults.rootPath(QStringLiteral("home")), QFileInfo(QDir::homePath()).canonicalFilePath());

        const FileRoots configured = FileRoots::fromConfiguration({m_root + QStringLiteral("/sub"), m_outside,
                                                                   m_root + QStringLiteral("/sub/")});
        QCOMPARE(configured.rootNames(),
                 (QStringList{QStringLiteral("sub"), QStringLiteral("outside"), QStringLiteral("sub-2")}));
    }

    void resolve_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<FileRootError>("error");
        QTest::addColumn<QString>("relative");  // expected relativePath when resolved

        const auto none = FileRootError::None;
        const auto outside = FileRootError::OutsideRoot;
        const auto notFound = FileRootError::NotFound;

        QTest::newRow("root") << QString() << none << QString();
        QTest::newRow("root slash-free dot") << QStringLiteral(".") << none << QString();
        QTest::newRow("file") << QStringLiteral("a.txt") << none << QStringLiteral("a.txt");
        QTest::newRow("nested") << QStringLiteral("sub/inner.txt") << none << QStringLiteral("sub/inner.txt");
        QTest::newRow("dot segment") << QStringLiteral("sub/./inner.txt") << none << QStringLiteral("sub/inner.txt");
        QTest::newRow("leading dot") << QStringLiteral("./a.txt") << none << QStringLiteral("a.txt");
        QTest::newRow("empty segment") << QStringLiteral("sub//inner.txt") << none << QStringLiteral("sub/inner.txt");
        QTest::newRow("trailing slash") << QStringLiteral("sub/") << none << QStringLiteral("sub");
        QTest::newRow("hidden") << QStringLiteral(".hidden") << none << QStringLiteral(".hidden");
        QTest::newRow("missing") << QStringLiteral("nosuch") << notFound << QString();
        QTest::newRow("missing nested") << QStringLiteral("sub/nosuch/x") << notFound << QString();
        QTest::newRow("three dots is a name") << QStringLiteral("...") << notFound << QString();

        // Traversal and absolute paths.
        QTest::newRow("dotdot") << QStringLiteral("..") << outside << QString();
        QTest::newRow("dotdot slash") << QStringLiteral("../") << outside << QString();
        QTest::newRow("escape") << QStringLiteral("a/../../x") << outside << QString();
        QTest::newRow("escape to sibling") << QStringLiteral("../outside/secret.txt") << outside << QString();
        QTest::newRow("dotdot staying inside") << QStringLiteral("sub/../a.txt") << outside << QString();
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << outside << QString();
        QTest::newRow("double slash absolute") << QStringLiteral("//etc/passwd") << outside << QString();
        QTest::newRow("absolute inside root") << inRoot(QStringLiteral("a.txt")) << outside << QString();

        // Symlinks.
        QTest::newRow("link to inside file") << QStringLiteral("link-inside") << none << QStringLiteral("a.txt");
        QTest::newRow("through inside dir link") << QStringLiteral("link-dir-inside/inner.txt") << none
                                                 << QStringLiteral("sub/inner.txt");
        QTest::newRow("link to /etc/passwd") << QStringLiteral("passwd-link") << outside << QString();
        QTest::newRow("relative link out") << QStringLiteral("relative-out") << outside << QString();
        QTest::newRow("dir link out") << QStringLiteral("outside-dir") << outside << QString();
        QTest::newRow("file under dir link out") << QStringLiteral("outside-dir/secret.txt") << outside << QString();
        QTest::newRow("missing under dir link out") << QStringLiteral("outside-dir/nosuch") << outside << QString();
        QTest::newRow("dangling link") << QStringLiteral("dangling") << notFound << QString();

        // Encoded names: the path is decoded once by the server; what remains are plain characters.
        QTest::newRow("literal %2e%2e file") << QStringLiteral("%2e%2e") << none << QStringLiteral("%2e%2e");
        QTest::newRow("literal %2e%2e traversal") << QStringLiteral("%2e%2e/%2e%2e/etc/passwd") << notFound
                                                  << QString();
        QTest::newRow("literal %2F") << QStringLiteral("..%2Fetc%2Fpasswd") << notFound << QString();
        QTest::newRow("literal %2F inside") << QStringLiteral("sub%2Finner.txt") << notFound << QString();
        QTest::newRow("backslash traversal") << QStringLiteral("..\\..\\etc\\passwd") << notFound << QString();
        QTest::newRow("backslash name") << QStringLiteral("back\\slash") << none << QStringLiteral("back\\slash");
        QTest::newRow("NUL") << QString(QStringLiteral("a.txt") + QChar(u'\0') + QStringLiteral("/x"))
                             << FileRootError::BadName << QString();
        QTest::newRow("NUL alone") << QString(QChar(u'\0')) << FileRootError::BadName << QString();

        // Unicode: byte for byte, no normalisation.
        QTest::newRow("NFC") << Nfc << none << Nfc;
        QTest::newRow("NFD") << Nfd << none << Nfd;
        QTest::newRow("emoji") << Emoji << none << Emoji;
    }

    void resolve()
    {
        QFETCH(QString, path);
        QFETCH(FileRootError, error);
        QFETCH(QString, relative);

        const ResolvedPath resolved = m_roots.resolve(QStringLiteral("files"), path);
        QCOMPARE(resolved.error, error);
        QCOMPARE(resolved.ok(), error == FileRootError::None);
        if (!resolved.ok()) {
            QVERIFY(!resolved.reason.isEmpty());
            QVERIFY(resolved.absolutePath.isEmpty());
            QVERIFY(!resolved.reason.contains(m_outside));
            return;
        }
        QCOMPARE(resolved.relativePath, relative);
        QCOMPARE(resolved.absolutePath, relative.isEmpty() ? m_root : inRoot(relative));
        QVERIFY(resolved.absolutePath == m_root || resolved.absolutePath.startsWith(m_root + u'/'));
        QCOMPARE(QFileInfo(resolved.absolutePath).canonicalFilePath(), resolved.absolutePath);
    }

    void resolveDetails()
    {
        QCOMPARE(m_roots.resolve(QStringLiteral("nope"), QStringLiteral("a.txt")).error, FileRootError::UnknownRoot);
        QCOMPARE(m_roots.resolve(QStringLiteral("nope"), QStringLiteral("..")).error, FileRootError::UnknownRoot);

        const ResolvedPath file = m_roots.resolve(QStringLiteral("files"), QStringLiteral("a.txt"));
        QVERIFY(file.isFile);
        QVERIFY(!file.isDir);
        const ResolvedPath dir = m_roots.resolve(QStringLiteral("files"), QStringLiteral("link-dir-inside"));
        QVERIFY(dir.isDir);
        QVERIFY(!dir.isFile);

        // Unicode names round-trip to the very file: NFC and NFD are two different files here.
        for (const auto &[name, content] : {std::pair{Nfc, QByteArray("nfc")}, std::pair{Nfd, QByteArray("nfd!")},
                                            std::pair{Emoji, QByteArray("emoji")}}) {
            QFile opened(m_roots.resolve(QStringLiteral("files"), name).absolutePath);
            QVERIFY(opened.open(QIODevice::ReadOnly));
            QCOMPARE(opened.readAll(), content);
        }

        // The filesystem root as a root: no doubled slash.
        FileRoots whole;
        QVERIFY(whole.addRoot(QStringLiteral("fs"), QStringLiteral("/")));
        const ResolvedPath etc = whole.resolve(QStringLiteral("fs"), QStringLiteral("etc"));
        QVERIFY(etc.ok());
        QCOMPARE(etc.absolutePath, QStringLiteral("/etc"));
        QCOMPARE(etc.relativePath, QStringLiteral("etc"));
        QCOMPARE(whole.resolve(QStringLiteral("fs"), QString()).absolutePath, QStringLiteral("/"));
        QCOMPARE(whole.resolve(QStringLiteral("fs"), QStringLiteral("..")).error, FileRootError::OutsideRoot);
        QCOMPARE(whole.resolveForCreate(QStringLiteral("fs"), QStringLiteral("tmp/x")).absolutePath,
                 QFileInfo(QStringLiteral("/tmp")).canonicalFilePath() + QStringLiteral("/x"));
    }

    void resolveForCreate_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<FileRootError>("error");
        QTest::addColumn<QString>("relative");

        const auto none = FileRootError::None;
        const auto outside = FileRootError::OutsideRoot;
        const auto bad = FileRootError::BadName;

        QTest::newRow("new at root") << QStringLiteral("new.txt") << none << QStringLiteral("new.txt");
        QTest::newRow("new nested") << QStringLiteral("sub/new.txt") << none << QStringLiteral("sub/new.txt");
        QTest::newRow("new via inside dir link") << QStringLiteral("link-dir-inside/new.txt") << none
                                                 << QStringLiteral("sub/new.txt");
        QTest::newRow("overwrite") << QStringLiteral("a.txt") << none << QStringLiteral("a.txt");
        QTest::newRow("overwrite via inside link") << QStringLiteral("link-inside") << none << QStringLiteral("a.txt");
        QTest::newRow("unicode") << QStringLiteral("\U0001F642 new \u00e9.txt") << none
                                 << QStringLiteral("\U0001F642 new \u00e9.txt");
        QTest::newRow("255 bytes") << QString(255, u'x') << none << QString(255, u'x');
        QTest::newRow("literal %2F") << QStringLiteral("a%2Fb") << none << QStringLiteral("a%2Fb");

        QTest::newRow("missing parent") << QStringLiteral("nosuch/new.txt") << FileRootError::NotFound << QString();
        QTest::newRow("parent is a file") << QStringLiteral("a.txt/new.txt") << FileRootError::NotADirectory
                                          << QString();
        QTest::newRow("into dir link out") << QStringLiteral("outside-dir/new.txt") << outside << QString();
        QTest::newRow("over link out") << QStringLiteral("passwd-link") << outside << QString();
        QTest::newRow("over dangling link") << QStringLiteral("dangling") << outside << QString();
        QTest::newRow("dotdot") << QStringLiteral("..") << outside << QString();
        QTest::newRow("escape") << QStringLiteral("sub/../../new.txt") << outside << QString();
        QTest::newRow("absolute") << QStringLiteral("/tmp/new.txt") << outside << QString();
        QTest::newRow("empty") << QString() << bad << QString();
        QTest::newRow("trailing slash") << QStringLiteral("sub/") << bad << QString();
        QTest::newRow("dot") << QStringLiteral("sub/.") << bad << QString();
        QTest::newRow("existing folder") << QStringLiteral("sub") << bad << QString();
        QTest::newRow("256 bytes") << QString(256, u'x') << bad << QString();
        QTest::newRow("128 two-byte chars") << QString(128, u'\u00e9') << bad << QString();
        QTest::newRow("NUL") << QString(QStringLiteral("x") + QChar(u'\0')) << bad << QString();
    }

    void resolveForCreate()
    {
        QFETCH(QString, path);
        QFETCH(FileRootError, error);
        QFETCH(QString, relative);

        const ResolvedPath target = m_roots.resolveForCreate(QStringLiteral("files"), path);
        QCOMPARE(target.error, error);
        if (!target.ok()) {
            QVERIFY(!target.reason.isEmpty());
            QVERIFY(target.absolutePath.isEmpty());
            return;
        }
        QCOMPARE(target.relativePath, relative);
        QCOMPARE(target.absolutePath, inRoot(relative));
    }

    void createdNameRoundTrips()
    {
        const QString name = QStringLiteral("\U0001F680 upload ") + Nfd;
        const ResolvedPath target = m_roots.resolveForCreate(QStringLiteral("files"), QStringLiteral("sub/") + name);
        QVERIFY(target.ok());
        QVERIFY(!QFileInfo::exists(target.absolutePath));  // resolving creates nothing
        QFile file(target.absolutePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("up");
        file.close();

        const DirectoryListing listing = m_roots.list(QStringLiteral("files"), QStringLiteral("sub"));
        QVERIFY(listing.directory.ok());
        const FileEntry *entry = findEntry(listing.entries, name);
        QVERIFY(entry);
        QCOMPARE(entry->size, qint64(2));
        const ResolvedPath again = m_roots.resolve(QStringLiteral("files"), QStringLiteral("sub/") + entry->name);
        QCOMPARE(again.absolutePath, target.absolutePath);
        QVERIFY(QFile::remove(target.absolutePath));
    }

    void listRoot()
    {
        const DirectoryListing listing = m_roots.list(QStringLiteral("files"), QString());
        QVERIFY(listing.directory.ok());
        QCOMPARE(listing.directory.absolutePath, m_root);
        const QList<FileEntry> &entries = listing.entries;

        QStringList names;
        for (const FileEntry &entry : entries)
            names.append(entry.name);
        QStringList expected = {QStringLiteral("a.txt"),        QStringLiteral("B.txt"),
                                QStringLiteral("c.txt"),        QStringLiteral("file2.txt"),
                                QStringLiteral("file10.txt"),   QStringLiteral(".hidden"),
                                QStringLiteral("sub"),          QStringLiteral("alpha"),
                                QStringLiteral("Zeta"),         QStringLiteral("%2e%2e"),
                                QStringLiteral("back\\slash"),  Nfc,
                                Nfd,                            Emoji,
                                QStringLiteral("link-inside"),  QStringLiteral("link-dir-inside"),
                                QStringLiteral("passwd-link"),  QStringLiteral("outside-dir"),
                                QStringLiteral("relative-out"), QStringLiteral("dangling")};
        QStringList sortedNames = names;
        sortedNames.sort();
        expected.sort();
        QCOMPARE(sortedNames, expected);

        // Folders first (including an inside link to a folder), then files; each group by name, case-insensitive,
        // numbers by value.
        const QStringList firstFour = names.first(4);
        QCOMPARE(firstFour, (QStringList{QStringLiteral("alpha"), QStringLiteral("link-dir-inside"),
                                         QStringLiteral("sub"), QStringLiteral("Zeta")}));
        for (qsizetype i = 4; i < entries.size(); ++i)
            QVERIFY2(!entries.at(i).isDir, qPrintable(entries.at(i).name));
        QVERIFY(indexOf(entries, QStringLiteral("a.txt")) < indexOf(entries, QStringLiteral("B.txt")));
        QVERIFY(indexOf(entries, QStringLiteral("B.txt")) < indexOf(entries, QStringLiteral("c.txt")));
        QVERIFY(indexOf(entries, QStringLiteral("file2.txt")) < indexOf(entries, QStringLiteral("file10.txt")));
        QVERIFY(indexOf(entries, QStringLiteral("c.txt")) < indexOf(entries, QStringLiteral("file2.txt")));

        // Listing twice gives the same order.
        const DirectoryListing again = m_roots.list(QStringLiteral("files"), QString());
        for (qsizetype i = 0; i < entries.size(); ++i)
            QCOMPARE(again.entries.at(i).name, entries.at(i).name);
    }

    void listFields()
    {
        const QList<FileEntry> entries = m_roots.list(QStringLiteral("files"), QString()).entries;

        const FileEntry *file = findEntry(entries, QStringLiteral("a.txt"));
        QVERIFY(file);
        QCOMPARE(file->isDir, false);
        QCOMPARE(file->isSymlink, false);
        QCOMPARE(file->followable, true);
        QCOMPARE(file->size, qint64(5));
        QCOMPARE(file->modifiedMs, FixedTime.toMSecsSinceEpoch());

        const FileEntry *dir = findEntry(entries, QStringLiteral("sub"));
        QVERIFY(dir);
        QVERIFY(dir->isDir);
        QCOMPARE(dir->size, qint64(0));
        QVERIFY(dir->modifiedMs > 0);

        QCOMPARE(findEntry(entries, QStringLiteral(".hidden"))->size, qint64(1));
        QCOMPARE(findEntry(entries, Nfc)->size, qint64(3));
        QCOMPARE(findEntry(entries, Nfd)->size, qint64(4));

        const FileEntry *insideLink = findEntry(entries, QStringLiteral("link-inside"));
        QVERIFY(insideLink->isSymlink);
        QVERIFY(insideLink->followable);
        QVERIFY(!insideLink->isDir);
        QCOMPARE(insideLink->size, qint64(5));
        QCOMPARE(insideLink->modifiedMs, FixedTime.toMSecsSinceEpoch());

        const FileEntry *insideDirLink = findEntry(entries, QStringLiteral("link-dir-inside"));
        QVERIFY(insideDirLink->isSymlink);
        QVERIFY(insideDirLink->followable);
        QVERIFY(insideDirLink->isDir);

        for (const QString &name : {QStringLiteral("passwd-link"), QStringLiteral("outside-dir"),
                                    QStringLiteral("relative-out"), QStringLiteral("dangling")}) {
            const FileEntry *link = findEntry(entries, name);
            QVERIFY2(link, qPrintable(name));
            QVERIFY2(link->isSymlink, qPrintable(name));
            QVERIFY2(!link->followable, qPrintable(name));
            // Nothing about the target leaks: no size, not shown as a folder.
            QVERIFY2(!link->isDir, qPrintable(name));
            QCOMPARE(link->size, qint64(0));
            QVERIFY2(link->modifiedMs > 0, qPrintable(name));  // the link's own time
        }
    }

    void listErrors()
    {
        QCOMPARE(m_roots.list(QStringLiteral("files"), QStringLiteral("a.txt")).directory.error,
                 FileRootError::NotADirectory);
        QCOMPARE(m_roots.list(QStringLiteral("files"), QStringLiteral("outside-dir")).directory.error,
                 FileRootError::OutsideRoot);
        QCOMPARE(m_roots.list(QStringLiteral("files"), QStringLiteral("..")).directory.error,
                 FileRootError::OutsideRoot);
        QCOMPARE(m_roots.list(QStringLiteral("files"), QStringLiteral("/etc")).directory.error,
                 FileRootError::OutsideRoot);
        QCOMPARE(m_roots.list(QStringLiteral("files"), QStringLiteral("nosuch")).directory.error,
                 FileRootError::NotFound);
        QCOMPARE(m_roots.list(QStringLiteral("nope"), QString()).directory.error, FileRootError::UnknownRoot);
        QVERIFY(m_roots.list(QStringLiteral("files"), QStringLiteral("outside-dir")).entries.isEmpty());

        const DirectoryListing viaLink = m_roots.list(QStringLiteral("files"), QStringLiteral("link-dir-inside"));
        QVERIFY(viaLink.directory.ok());
        QCOMPARE(viaLink.directory.relativePath, QStringLiteral("sub"));
        QVERIFY(findEntry(viaLink.entries, QStringLiteral("inner.txt")));
    }

    void unreadableFolder()
    {
        if (::geteuid() == 0)
            QSKIP("root reads any folder");
        const QString locked = inRoot(QStringLiteral("alpha"));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::WriteOwner));
        const FileRootError error = m_roots.list(QStringLiteral("files"), QStringLiteral("alpha")).directory.error;
        QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                  | QFileDevice::ExeOwner));
        QCOMPARE(error, FileRootError::AccessDenied);
    }
};

QTEST_GUILESS_MAIN(TestFileRoots)
#include "tst_fileroots.moc"
