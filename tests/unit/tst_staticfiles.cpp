#include "server/staticfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace deskport;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace

// StaticFiles serves the portal from resources (":/web", compiled into the deskport_web library) and must never
// give away anything outside its root, whatever the request path looks like.
class TestStaticFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void index_data();
    void index();
    void javascript();
    void css();
    void missingFile();
    void refused_data();
    void refused();
    void directoryInResourcesIsNotAFile();
    void directoryOnDiskIsNotAFile();
    void mimeTypes_data();
    void mimeTypes();

    void customRoot();
    void customRootNeverEscapes_data();
    void customRootNeverEscapes();

private:
    QTemporaryDir m_temp;
    QString m_root;
};

void TestStaticFiles::initTestCase()
{
    // The resources live in a static library; their initializer is linked in as an object file, so they should be
    // there without Q_INIT_RESOURCE. Say so clearly if they are not.
    QVERIFY2(QFile::exists(QStringLiteral(":/web/index.html")), "portal resources are not linked into the test");

    // A root with a file, a subdirectory and a hidden file, next to a secret that must stay unreachable.
    QVERIFY(m_temp.isValid());
    const QDir base(m_temp.path());
    QVERIFY(base.mkpath(QStringLiteral("root/sub")));
    m_root = base.filePath(QStringLiteral("root"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("secret.txt")), "the secret"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("rootsecret.txt")), "another secret"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("root/index.html")), "<p>custom</p>"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("root/sub/a.js")), "export {};"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("root/.hidden")), "hidden"));
    QVERIFY(writeFile(base.filePath(QStringLiteral("root/sub/.hidden.js")), "hidden"));
}

void TestStaticFiles::index_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("slash") << QStringLiteral("/");
    QTest::newRow("empty") << QString();
    QTest::newRow("explicit") << QStringLiteral("/index.html");
}

void TestStaticFiles::index()
{
    QFETCH(QString, path);
    const StaticFiles files;
    const std::optional<StaticFiles::File> file = files.find(path);
    QVERIFY(file);
    QVERIFY2(file->data.contains("<canvas"), file->data.left(200).constData());
    QCOMPARE(file->mimeType, QByteArray("text/html; charset=utf-8"));

    QFile original(QStringLiteral(":/web/index.html"));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(file->data, original.readAll());
}

void TestStaticFiles::javascript()
{
    const StaticFiles files;
    const std::optional<StaticFiles::File> file = files.find(QStringLiteral("/js/main.js"));
    QVERIFY(file);
    QVERIFY(!file->data.isEmpty());
    QVERIFY2(file->mimeType.startsWith("text/javascript"), file->mimeType.constData());
}

void TestStaticFiles::css()
{
    const QStringList sheets = QDir(QStringLiteral(":/web/css")).entryList(QDir::Files);
    if (sheets.isEmpty()) {
        QSKIP("the portal has no stylesheet");
    }
    const StaticFiles files;
    const std::optional<StaticFiles::File> file = files.find(QStringLiteral("/css/") + sheets.first());
    QVERIFY(file);
    QCOMPARE(file->mimeType, QByteArray("text/css; charset=utf-8"));
}

void TestStaticFiles::missingFile()
{
    const StaticFiles files;
    QVERIFY(!files.find(QStringLiteral("/nonexistent.html")));
    QVERIFY(!files.find(QStringLiteral("/js/nonexistent.js")));
    QVERIFY(!files.find(QStringLiteral("/Index.html"))); // resources are case-sensitive
}

void TestStaticFiles::refused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("parent") << QStringLiteral("/../etc/passwd");
    QTest::newRow("just parent") << QStringLiteral("/..");
    QTest::newRow("just dot") << QStringLiteral("/.");
    QTest::newRow("parent inside") << QStringLiteral("/js/../index.html");
    QTest::newRow("dot inside") << QStringLiteral("/js/./main.js");
    QTest::newRow("parent at end") << QStringLiteral("/js/..");
    QTest::newRow("hidden") << QStringLiteral("/.hidden");
    QTest::newRow("hidden in dir") << QStringLiteral("/js/.main.js");
    QTest::newRow("double slash") << QStringLiteral("/js//main.js");
    QTest::newRow("leading double slash") << QStringLiteral("//etc/passwd");
    QTest::newRow("double slash index") << QStringLiteral("//index.html");
    QTest::newRow("encoded dots") << QStringLiteral("/%2e%2e/x");
    QTest::newRow("encoded slash") << QStringLiteral("/js%2fmain.js");
    QTest::newRow("backslash") << QStringLiteral("/js\\main.js");
    QTest::newRow("backslash parent") << QStringLiteral("/..\\..\\etc\\passwd");
    QTest::newRow("leading backslash") << QStringLiteral("\\index.html");
    QTest::newRow("nul") << (QStringLiteral("/index.html") + QChar(0) + QStringLiteral(".png"));
    QTest::newRow("nul at end") << (QStringLiteral("/index.html") + QChar(0));
    QTest::newRow("trailing slash") << QStringLiteral("/index.html/");
    QTest::newRow("dir trailing slash") << QStringLiteral("/js/");
    QTest::newRow("no leading slash") << QStringLiteral("index.html");
    QTest::newRow("absolute resource") << QStringLiteral(":/web/index.html");
    QTest::newRow("query") << QStringLiteral("/index.html?x=1");
    QTest::newRow("fragment") << QStringLiteral("/index.html#x");
    QTest::newRow("space") << QStringLiteral("/index .html");
    QTest::newRow("tilde") << QStringLiteral("/~/index.html");
    QTest::newRow("newline") << QStringLiteral("/index.html\n");
    QTest::newRow("non-ascii") << QStringLiteral("/ind\u00e9x.html");
    QTest::newRow("fullwidth dots") << QStringLiteral("/\uff0e\uff0e/index.html");
    QTest::newRow("long name") << (QStringLiteral("/") + QString(5000, QLatin1Char('a')) + QStringLiteral(".js"));
    QTest::newRow("101 chars") << (QStringLiteral("/") + QString(101, QLatin1Char('a')));
    QTest::newRow("deep") << QStringLiteral("/a/b/c/d/e/f/g/h/i.js");
    QTest::newRow("very long path") << QString(100000, QLatin1Char('/'));
}

void TestStaticFiles::refused()
{
    QFETCH(QString, path);
    const StaticFiles files;
    QVERIFY(!files.find(path));
    const StaticFiles custom(m_root);
    QVERIFY(!custom.find(path));
}

void TestStaticFiles::directoryInResourcesIsNotAFile()
{
    // A directory is not a page: the server must answer 404, not an empty 200. QFile opens a resource directory
    // without error (and reads nothing), unlike a directory on disk.
    const StaticFiles files;
    QVERIFY(!files.find(QStringLiteral("/js")));
    QVERIFY(!files.find(QStringLiteral("/css")));
}

void TestStaticFiles::directoryOnDiskIsNotAFile()
{
    const StaticFiles custom(m_root);
    QVERIFY(!custom.find(QStringLiteral("/sub")));
}

void TestStaticFiles::mimeTypes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("mime");
    QTest::newRow("html") << QStringLiteral("/index.html") << QByteArray("text/html; charset=utf-8");
    QTest::newRow("js") << QStringLiteral("/js/main.js") << QByteArray("text/javascript; charset=utf-8");
    QTest::newRow("css") << QStringLiteral("/css/a.css") << QByteArray("text/css; charset=utf-8");
    QTest::newRow("svg") << QStringLiteral("/icon.svg") << QByteArray("image/svg+xml");
    QTest::newRow("png") << QStringLiteral("/icon.png") << QByteArray("image/png");
    QTest::newRow("json") << QStringLiteral("/a.json") << QByteArray("application/json");
    QTest::newRow("unknown") << QStringLiteral("/a.bin") << QByteArray("application/octet-stream");
    QTest::newRow("no suffix") << QStringLiteral("/README") << QByteArray("application/octet-stream");
}

void TestStaticFiles::mimeTypes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, mime);
    QCOMPARE(StaticFiles::mimeTypeFor(name), mime);
}

void TestStaticFiles::customRoot()
{
    const StaticFiles files(m_root);
    std::optional<StaticFiles::File> file = files.find(QStringLiteral("/"));
    QVERIFY(file);
    QCOMPARE(file->data, QByteArray("<p>custom</p>"));
    QCOMPARE(file->mimeType, QByteArray("text/html; charset=utf-8"));

    file = files.find(QStringLiteral("/sub/a.js"));
    QVERIFY(file);
    QCOMPARE(file->data, QByteArray("export {};"));
    QVERIFY(file->mimeType.startsWith("text/javascript"));

    // The portal's own files are not under this root.
    QVERIFY(!files.find(QStringLiteral("/js/main.js")));
}

void TestStaticFiles::customRootNeverEscapes_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("sibling") << QStringLiteral("/secret.txt");
    QTest::newRow("parent") << QStringLiteral("/../secret.txt");
    QTest::newRow("parent from sub") << QStringLiteral("/sub/../../secret.txt");
    QTest::newRow("parent with backslash") << QStringLiteral("/..\\secret.txt");
    QTest::newRow("encoded parent") << QStringLiteral("/%2e%2e/secret.txt");
    QTest::newRow("root prefix sibling") << QStringLiteral("secret.txt"); // would make ".../rootsecret.txt"
    QTest::newRow("root prefix sibling 2") << QStringLiteral("/../rootsecret.txt");
    QTest::newRow("hidden") << QStringLiteral("/.hidden");
    QTest::newRow("hidden in sub") << QStringLiteral("/sub/.hidden.js");
    QTest::newRow("sub parent index") << QStringLiteral("/sub/../index.html");
    QTest::newRow("double slash") << QStringLiteral("//secret.txt");
}

void TestStaticFiles::customRootNeverEscapes()
{
    QFETCH(QString, path);
    const StaticFiles files(m_root);
    QVERIFY(!files.find(path));
    // And a root without a trailing slash must not reach a sibling whose name starts with the root's.
    const StaticFiles prefixed(m_root + QStringLiteral("/"));
    QVERIFY(!prefixed.find(path));
}

QTEST_MAIN(TestStaticFiles)
#include "tst_staticfiles.moc"
