// The host tools through the real server: a PortalServer on an ephemeral port, HTTP spoken by hand over QTcpSocket
// (so paths go out exactly as written, bodies can be read slowly, and nothing buffers a whole download), real files
// in a temporary folder. Only the screen is fake.

#include "capture/fake/fakescreensource.h"
#include "codec/framepipeline.h"
#include "core/passwordhash.h"
#include "core/sharingcontroller.h"
#include "input/fake/recordinginputsink.h"
#include "server/auth.h"
#include "server/portalserver.h"
#include "server/terminalsession.h"
#include "support/portalhttp.h"
#include "support/processmemory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace deskport;

namespace {

const QString ControlPassword = QStringLiteral("control-secret");
const QString ViewPassword = QStringLiteral("view-secret");
constexpr qint64 MiB = 1024 * 1024;

// One HTTP/1.1 exchange over its own connection, read as it arrives. The body is hashed and, unless told
// otherwise, kept; chunked bodies are unframed.
class RawRequest : public QObject
{
public:
    RawRequest(quint16 port, const QByteArray &method, const QByteArray &target, const QByteArray &cookie,
               const QList<QByteArray> &extraHeaders = {}, const QByteArray &requestBody = {})
    {
        // A small read buffer: when the test stops reading, the kernel's buffers fill and the server must wait.
        m_socket.setReadBufferSize(64 * 1024);
        connect(&m_socket, &QTcpSocket::readyRead, this, &RawRequest::readSome);
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!cookie.isEmpty()) {
            request += "Cookie: " + cookie + "\r\n";
        }
        for (const QByteArray &header : extraHeaders) {
            request += header + "\r\n";
        }
        request += "Content-Length: " + QByteArray::number(requestBody.size()) + "\r\n\r\n" + requestBody;
        m_socket.write(request);
    }

    bool keepBody = true;
    qint64 pauseAfter = -1; // stop reading once this many body bytes arrived ...
    int pauseMs = 0;        // ... for this long
    qint64 peakResidentKiB = 0;

    bool wait(int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!m_done && !(m_closed && m_socket.bytesAvailable() == 0) && !timer.hasExpired(timeoutMs)) {
            QTest::qWait(5);
            if (m_paused && m_pauseTimer.hasExpired(pauseMs)) {
                m_paused = false;
                readSome();
            }
        }
        return m_done;
    }

    int status = 0;
    QMap<QByteArray, QByteArray> headers; // lower-case names; repeated fields joined with ", "
    QByteArray body;
    qint64 bodyBytes = 0;
    QByteArray bodySha256() { return m_hash.result().toHex(); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }

private:
    void readSome()
    {
        if (m_paused) {
            return;
        }
        m_buffer += m_socket.readAll();
        peakResidentKiB = std::max(peakResidentKiB, testsupport::residentKiB());
        if (status == 0) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            const QList<QByteArray> lines = m_buffer.left(end).split('\n');
            status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                const QByteArray name = lines[i].left(colon).trimmed().toLower();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                headers[name] = headers.contains(name) ? headers[name] + ", " + value : value;
            }
            m_buffer.remove(0, end + 4);
            m_chunked = headers.value("transfer-encoding") == "chunked";
            m_remaining = headers.value("content-length").toLongLong();
            if (!m_chunked && m_remaining == 0) {
                m_done = true;
                return;
            }
        }
        while (!m_done && !m_buffer.isEmpty()) {
            if (m_chunked && m_remaining == 0) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n");
                if (lineEnd < 0) {
                    return;
                }
                bool ok = false;
                m_remaining = m_buffer.left(lineEnd).toLongLong(&ok, 16);
                m_buffer.remove(0, lineEnd + 2);
                if (m_remaining == 0) {
                    m_done = true;
                    return;
                }
                m_chunkTrailer = true;
            }
            const QByteArray piece = m_buffer.left(m_remaining);
            m_buffer.remove(0, piece.size());
            m_remaining -= piece.size();
            consume(piece);
            if (m_chunked && m_remaining == 0) {
                if (m_buffer.size() < 2) {
                    m_pendingCrlf = true;
                    return;
                }
                m_buffer.remove(0, 2);
            }
            if (!m_chunked && m_remaining == 0) {
                m_done = true;
            }
            if (pauseAfter >= 0 && bodyBytes >= pauseAfter && pauseMs > 0) {
                pauseAfter = -1;
                m_paused = true;
                m_pauseTimer.start();
                return;
            }
        }
        if (m_pendingCrlf && m_buffer.size() >= 2) {
            m_pendingCrlf = false;
            m_buffer.remove(0, 2);
        }
    }

    void consume(const QByteArray &piece)
    {
        bodyBytes += piece.size();
        m_hash.addData(piece);
        if (keepBody) {
            body += piece;
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_remaining = 0;
    bool m_chunked = false;
    bool m_chunkTrailer = false;
    bool m_pendingCrlf = false;
    bool m_done = false;
    bool m_closed = false;
    bool m_paused = false;
    QElapsedTimer m_pauseTimer;
};

QByteArray sha256OfFile(const QString &path, qint64 start = 0, qint64 length = -1)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(start)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 left = length < 0 ? file.size() - start : length;
    while (left > 0) {
        const QByteArray piece = file.read(std::min<qint64>(left, MiB));
        if (piece.isEmpty()) {
            break;
        }
        hash.addData(piece);
        left -= piece.size();
    }
    return hash.result().toHex();
}

// size bytes that differ from MiB to MiB (a random block, numbered), written without holding them all.
void writeLargeFile(const QString &path, qint64 size)
{
    QByteArray block(MiB, Qt::Uninitialized);
    QRandomGenerator generator(42);
    generator.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (qint64 written = 0, index = 0; written < size; ++index) {
        std::memcpy(block.data(), &index, sizeof index);
        const qint64 piece = std::min<qint64>(MiB, size - written);
        QCOMPARE(file.write(block.constData(), piece), piece);
        written += piece;
    }
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qint64 i = 0; i < size; ++i) {
        bytes[i] = char(generator.bounded(256));
    }
    return bytes;
}

QStringList partFiles(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral("*.deskport-upload-*")}, QDir::Files | QDir::Hidden);
}

bool processGone(qint64 pid)
{
    return !QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

// A terminal tab as the portal opens it: binary keystrokes out, binary output and JSON text back.
class TerminalClient : public QObject
{
public:
    TerminalClient(quint16 port, const QByteArray &cookie, const QByteArray &query)
    {
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) { output += data; });
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) { texts.append(text); });
        connect(&socket, &QWebSocket::connected, this, [this] { connected = true; });
        connect(&socket, &QWebSocket::disconnected, this, [this] { closed = true; });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/terminal").arg(port)
                                     + QString::fromLatin1(query)));
        if (!cookie.isEmpty()) {
            request.setRawHeader("Cookie", cookie);
        }
        socket.open(request);
    }

    void type(const QByteArray &keys) { socket.sendBinaryMessage(keys); }
    // Connected, and the shell has printed its prompt: keys typed earlier may be discarded while the shell sets up
    // the terminal.
    bool waitForPrompt()
    {
        QElapsedTimer timer;
        timer.start();
        while ((!connected || output.isEmpty()) && !timer.hasExpired(10000)) {
            QTest::qWait(10);
        }
        return connected && !output.isEmpty();
    }
    // Waits until the output shows text (after what was there before this call, when fresh is set).
    bool waitFor(const QByteArray &text, qsizetype from = 0)
    {
        QElapsedTimer timer;
        timer.start();
        while (output.indexOf(text, from) < 0 && !timer.hasExpired(10000)) {
            QTest::qWait(10);
        }
        return output.indexOf(text, from) >= 0;
    }

    QWebSocket socket;
    QByteArray output;
    QStringList texts;
    bool connected = false;
    bool closed = false;
};

} // namespace

class TestHostTools : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sessionSaysWhichToolsAreOffered();
    void systemSnapshotForAnyViewerUnlessHidden();
    void listsAFolder();
    void downloadsALargeFileWithFlatMemory();
    void downloadsARangeOfALargeFile();
    void rangeEdgeCases();
    void downloadsAFolderAsZip();
    void previewsOnlySafeTypesInline();
    void refusesPathsOutsideTheRoot_data();
    void refusesPathsOutsideTheRoot();
    void uploadArrivesByteExact();
    void uploadNeverOverwritesSilently();
    void uploadRefusesBadPieces();
    void abandonedUploadsLeaveNoFile();
    void viewOnlyIsRefusedEveryFileRoute_data();
    void viewOnlyIsRefusedEveryFileRoute();
    void withoutSessionEveryToolRouteIs401();
    void switchedOffToolsAreRefused();
    void terminalRunsAShell();
    void closingTheTerminalEndsTheShell();
    void shellExitIsReported();
    void terminalOnlyForControlSessions();
    void sessionEndAndSwitchOffEndShells();
    void malformedTerminalMessagesCloseIt();
    void terminalsPerSessionAreLimited();

private:
    QByteArray login(const QString &password);
    std::unique_ptr<TerminalClient> openTerminal(const QByteArray &cookie, const QByteArray &query = {});
    std::unique_ptr<RawRequest> send(const QByteArray &method, const QByteArray &target, const QByteArray &cookie,
                                     const QList<QByteArray> &headers = {}, const QByteArray &body = {});
    QString home() const { return m_home->path(); }
    // The root's name in URLs: the file panel names a root after its folder.
    QByteArray rootName() const { return QFileInfo(home()).fileName().toUtf8(); }

    QTemporaryDir m_shellHome;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<QTemporaryDir> m_outside;
    std::unique_ptr<FramePipeline> m_pipeline;
    std::unique_ptr<SharingController> m_sharing;
    std::unique_ptr<Auth> m_auth;
    std::unique_ptr<RecordingInputSink> m_sink;
    std::unique_ptr<PortalServer> m_server;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    QByteArray m_control;
    QByteArray m_view;
};

void TestHostTools::initTestCase()
{
    // Shells start in an empty home of their own and run bash: the same shell everywhere, with job control, and no
    // start-up files of whoever runs the tests (a slow ~/.bashrc would hold back the prompt).
    QVERIFY(m_shellHome.isValid());
    qputenv("HOME", QFile::encodeName(m_shellHome.path()));
    qputenv("SHELL", "/bin/bash");
}

void TestHostTools::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    m_outside = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid() && m_outside->isValid());
    QVERIFY(QDir(home()).mkpath(QStringLiteral("docs/deeper")));
    QFile text(home() + QStringLiteral("/docs/notes.txt"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("hello from the host\n");
    text.close();
    QFile secret(m_outside->path() + QStringLiteral("/secret.txt"));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("not for viewers\n");
    secret.close();
    QVERIFY(QFile::link(m_outside->path(), home() + QStringLiteral("/out")));
    QVERIFY(QFile::link(m_outside->path() + QStringLiteral("/secret.txt"), home() + QStringLiteral("/out.txt")));

    m_pipeline = std::make_unique<FramePipeline>(std::make_unique<FakeScreenSource>(QSize(64, 48), Qt::red),
                                                 StreamOptions{});
    m_sharing = std::make_unique<SharingController>();
    m_auth = std::make_unique<Auth>(PasswordHash::create(ControlPassword, 1000),
                                    PasswordHash::create(ViewPassword, 1000));
    m_sink = std::make_unique<RecordingInputSink>();
    m_server = std::make_unique<PortalServer>(m_auth.get(), m_pipeline.get(), m_sharing.get(),
                                              InputContext{m_sink.get(), nullptr, QRect(0, 0, 64, 48), 1000});
    HostToolOptions options;
    options.fileRoots = {home()};
    m_server->hostTools().setOptions(options);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_port = m_server->serverPort();
    m_sharing->setSharing(true);
    m_control = login(ControlPassword);
    m_view = login(ViewPassword);
    QVERIFY(!m_control.isEmpty() && !m_view.isEmpty());
}

void TestHostTools::cleanup()
{
    m_server.reset();
    m_sink.reset();
    m_auth.reset();
    m_sharing.reset();
    m_pipeline.reset();
    m_home.reset();
    m_outside.reset();
}

QByteArray TestHostTools::login(const QString &password)
{
    return testsupport::login(m_network, m_port, password);
}

std::unique_ptr<TerminalClient> TestHostTools::openTerminal(const QByteArray &cookie, const QByteArray &query)
{
    return std::make_unique<TerminalClient>(m_port, cookie, query);
}

std::unique_ptr<RawRequest> TestHostTools::send(const QByteArray &method, const QByteArray &target,
                                                const QByteArray &cookie, const QList<QByteArray> &headers,
                                                const QByteArray &body)
{
    auto request = std::make_unique<RawRequest>(m_port, method, target, cookie, headers, body);
    request->wait();
    return request;
}

void TestHostTools::sessionSaysWhichToolsAreOffered()
{
    auto control = send("GET", "/api/session", m_control);
    QCOMPARE(control->status, 200);
    const QJsonObject controlTools = control->json().value(QStringLiteral("tools")).toObject();
    QCOMPARE(controlTools.value(QStringLiteral("files")).toBool(), true);
    QCOMPARE(controlTools.value(QStringLiteral("terminal")).toBool(), true);
    QCOMPARE(controlTools.value(QStringLiteral("system")).toBool(), true);
    auto view = send("GET", "/api/session", m_view);
    const QJsonObject viewTools = view->json().value(QStringLiteral("tools")).toObject();
    QCOMPARE(viewTools.value(QStringLiteral("files")).toBool(), false);
    QCOMPARE(viewTools.value(QStringLiteral("terminal")).toBool(), false);
    QCOMPARE(viewTools.value(QStringLiteral("system")).toBool(), true);
}

void TestHostTools::systemSnapshotForAnyViewerUnlessHidden()
{
    for (const QByteArray &cookie : {m_control, m_view}) {
        auto answer = send("GET", "/api/system", cookie);
        QCOMPARE(answer->status, 200);
        const QJsonObject json = answer->json();
        QVERIFY(!json.value(QStringLiteral("hostName")).toString().isEmpty());
        QVERIFY(json.value(QStringLiteral("cpu")).toObject().value(QStringLiteral("cores")).toInt() >= 1);
        QVERIFY(json.value(QStringLiteral("memory")).toObject().value(QStringLiteral("total")).toDouble() > 0);
        QCOMPARE(answer->headers.value("cache-control"), QByteArray("no-store"));
    }
    HostToolOptions options = m_server->hostTools().options();
    options.systemForViewOnly = false;
    m_server->hostTools().setOptions(options);
    QCOMPARE(send("GET", "/api/system", m_view)->status, 403);
    QCOMPARE(send("GET", "/api/system", m_control)->status, 200);
}

void TestHostTools::listsAFolder()
{
    QFile(home() + QStringLiteral("/docs/b10.txt")).open(QIODevice::WriteOnly);
    QFile(home() + QStringLiteral("/docs/b9.txt")).open(QIODevice::WriteOnly);
    auto answer = send("GET", "/api/files/list/" + rootName() + "/docs", m_control);
    QCOMPARE(answer->status, 200);
    QStringList names;
    for (const QJsonValue &entry : answer->json().value(QStringLiteral("entries")).toArray()) {
        names.append(entry.toObject().value(QStringLiteral("name")).toString());
    }
    QCOMPARE(names, (QStringList{QStringLiteral("deeper"), QStringLiteral("b9.txt"), QStringLiteral("b10.txt"),
                                 QStringLiteral("notes.txt")}));
    auto roots = send("GET", "/api/files/roots", m_control);
    QCOMPARE(roots->json().value(QStringLiteral("roots")).toArray().at(0).toString(), QFileInfo(home()).fileName());
    QCOMPARE(send("GET", "/api/files/list/" + rootName() + "/docs/notes.txt",
                  m_control)->status, 409);
}

void TestHostTools::downloadsALargeFileWithFlatMemory()
{
    const QString path = home() + QStringLiteral("/large.bin");
    const qint64 size = 200 * MiB;
    writeLargeFile(path, size);
    const QByteArray expected = sha256OfFile(path);
    const qint64 before = testsupport::residentKiB();

    RawRequest download(m_port, "GET", "/api/files/download/" + rootName() + "/large.bin",
                        m_control);
    download.keepBody = false;
    // A client that stops reading for a while: the server must wait for it, not pile the file into memory.
    download.pauseAfter = 16 * MiB;
    download.pauseMs = 500;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(download.wait(120000));
    const double seconds = timer.nsecsElapsed() / 1e9;
    QCOMPARE(download.status, 200);
    QCOMPARE(download.headers.value("content-length").toLongLong(), size);
    QCOMPARE(download.bodyBytes, size);
    QCOMPARE(download.bodySha256(), expected);
    const qint64 growthKiB = download.peakResidentKiB - before;
    qInfo("200 MiB download: %.1f MB/s over loopback (with a 0.5 s pause), resident memory %lld -> peak %lld KiB "
          "(+%lld KiB, server and client in one process)",
          size / 1e6 / seconds, before, download.peakResidentKiB, growthKiB);
#if !defined(__SANITIZE_ADDRESS__) // ASan's quarantine keeps freed buffers (256 MB), so VmRSS would measure it
    QVERIFY2(growthKiB < 32 * 1024, qPrintable(QStringLiteral("memory grew by %1 KiB").arg(growthKiB)));
#endif
}

void TestHostTools::downloadsARangeOfALargeFile()
{
    const QString path = home() + QStringLiteral("/large.bin");
    const qint64 size = 200 * MiB;
    writeLargeFile(path, size);
    const qint64 start = 150 * MiB + 12345;
    const QByteArray expected = sha256OfFile(path, start);
    [[maybe_unused]] const qint64 before = testsupport::residentKiB();
    RawRequest download(m_port, "GET", "/api/files/download/" + rootName() + "/large.bin",
                        m_control, {"Range: bytes=" + QByteArray::number(start) + '-'});
    download.keepBody = false;
    QVERIFY(download.wait(120000));
    QCOMPARE(download.status, 206);
    QCOMPARE(download.headers.value("content-range"),
             "bytes " + QByteArray::number(start) + '-' + QByteArray::number(size - 1) + '/' + QByteArray::number(size));
    QCOMPARE(download.bodyBytes, size - start);
    QCOMPARE(download.bodySha256(), expected);
#if !defined(__SANITIZE_ADDRESS__) // ASan's quarantine keeps freed buffers (256 MB), so VmRSS would measure it
    QVERIFY(download.peakResidentKiB - before < 32 * 1024);
#endif
}

void TestHostTools::rangeEdgeCases()
{
    const QByteArray target = "/api/files/download/" + rootName() + "/docs/notes.txt";
    auto suffix = send("GET", target, m_control, {"Range: bytes=-5"});
    QCOMPARE(suffix->status, 206);
    QCOMPARE(suffix->body, QByteArray("host\n"));
    QCOMPARE(suffix->headers.value("content-range"), QByteArray("bytes 15-19/20"));
    auto middle = send("GET", target, m_control, {"Range: bytes=6-9"});
    QCOMPARE(middle->body, QByteArray("from"));
    auto beyond = send("GET", target, m_control, {"Range: bytes=20-"});
    QCOMPARE(beyond->status, 416);
    QCOMPARE(beyond->headers.value("content-range"), QByteArray("bytes */20"));
    auto several = send("GET", target, m_control, {"Range: bytes=0-1,5-6"});
    QCOMPARE(several->status, 200);
    QCOMPARE(several->body, QByteArray("hello from the host\n"));
    auto garbage = send("GET", target, m_control, {"Range: lines=1-2"});
    QCOMPARE(garbage->status, 200);
    QCOMPARE(garbage->headers.value("accept-ranges"), QByteArray("bytes"));
}

void TestHostTools::downloadsAFolderAsZip()
{
    QFile inner(home() + QStringLiteral("/docs/deeper/inner.txt"));
    QVERIFY(inner.open(QIODevice::WriteOnly));
    inner.write("inside\n");
    inner.close();
    const QByteArray root = rootName();
    for (const QByteArray &folder : {QByteArray("/docs"), QByteArray("")}) {
        auto zip = send("GET", "/api/files/zip/" + root + folder, m_control);
        QCOMPARE(zip->status, 200);
        QCOMPARE(zip->headers.value("content-type"), QByteArray("application/zip"));
        QCOMPARE(zip->headers.value("transfer-encoding"), QByteArray("chunked"));
        QVERIFY(zip->body.startsWith("PK\x03\x04"));
        QTemporaryDir scratch;
        QFile archive(scratch.filePath(QStringLiteral("a.zip")));
        QVERIFY(archive.open(QIODevice::WriteOnly));
        archive.write(zip->body);
        archive.close();
        // Python's zipfile reads it back: every CRC checked, names and contents as on disk.
        QProcess python;
        python.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral("import sys, zipfile\n"
                                     "z = zipfile.ZipFile(sys.argv[1])\n"
                                     "assert z.testzip() is None\n"
                                     "for n in sorted(z.namelist()): print(n, z.read(n).decode().strip())\n"),
                      archive.fileName()});
        QVERIFY(python.waitForFinished(20000));
        QCOMPARE(python.exitCode(), 0);
        const QString listing = QString::fromUtf8(python.readAllStandardOutput());
        const QString top = folder.isEmpty() ? QString::fromUtf8(root) : QStringLiteral("docs");
        const QString prefix = folder.isEmpty() ? QString(top + QStringLiteral("/docs/")) : QString(top + u'/');
        QVERIFY2(listing.contains(prefix + QStringLiteral("notes.txt hello from the host")), qPrintable(listing));
        QVERIFY2(listing.contains(prefix + QStringLiteral("deeper/inner.txt inside")), qPrintable(listing));
        // The symlinks leading out of the root are left out.
        QVERIFY2(!listing.contains(QStringLiteral("not for viewers")), qPrintable(listing));
        QVERIFY2(!listing.contains(QStringLiteral("secret")), qPrintable(listing));
    }
    QCOMPARE(send("GET", "/api/files/zip/" + root + "/docs/notes.txt", m_control)->status, 409);
}

void TestHostTools::previewsOnlySafeTypesInline()
{
    const QByteArray root = "/api/files/download/" + rootName();
    QFile html(home() + QStringLiteral("/page.html"));
    QVERIFY(html.open(QIODevice::WriteOnly));
    html.write("<script>alert(1)</script>");
    html.close();
    auto text = send("GET", root + "/docs/notes.txt?inline=1", m_control);
    QCOMPARE(text->headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
    QVERIFY(text->headers.value("content-disposition").startsWith("inline"));
    QVERIFY(text->headers.value("content-security-policy").contains("sandbox"));
    // HTML is text: shown as its source, never rendered in the portal's origin.
    auto page = send("GET", root + "/page.html?inline=1", m_control);
    QCOMPARE(page->status, 200);
    QCOMPARE(page->headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
    QFile binary(home() + QStringLiteral("/tool.so"));
    QVERIFY(binary.open(QIODevice::WriteOnly));
    binary.write(QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    binary.close();
    auto program = send("GET", root + "/tool.so?inline=1", m_control);
    QCOMPARE(program->headers.value("content-type"), QByteArray("application/octet-stream"));
    QVERIFY(program->headers.value("content-disposition").startsWith("attachment"));
    auto plain = send("GET", root + "/docs/notes.txt", m_control);
    QCOMPARE(plain->headers.value("content-type"), QByteArray("application/octet-stream"));
    QCOMPARE(plain->headers.value("content-disposition"),
             QByteArray("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt"));
}

void TestHostTools::refusesPathsOutsideTheRoot_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("dot-dot") << QByteArray("/../secret.txt") << 403;
    QTest::newRow("dot-dot inside") << QByteArray("/docs/../docs/notes.txt") << 403;
    QTest::newRow("encoded dot-dot") << QByteArray("/%2e%2e/secret.txt") << 403;
    QTest::newRow("encoded slash") << QByteArray("/..%2F..%2Fetc%2Fpasswd") << 403;
    QTest::newRow("encoded slash lower") << QByteArray("/docs%2fnotes.txt") << 403;
    QTest::newRow("encoded backslash") << QByteArray("/..%5C..%5Cetc") << 403;
    QTest::newRow("symlinked folder out") << QByteArray("/out/secret.txt") << 403;
    QTest::newRow("symlinked file out") << QByteArray("/out.txt") << 403;
    QTest::newRow("absolute") << QByteArray("//etc/passwd") << 403;
    QTest::newRow("empty segment") << QByteArray("/docs//notes.txt") << 403;
    QTest::newRow("nul") << QByteArray("/docs/notes.txt%00.png") << 400;
    QTest::newRow("bad utf-8") << QByteArray("/%FF%FE") << 400;
    QTest::newRow("missing") << QByteArray("/docs/nothing.txt") << 404;
}

void TestHostTools::refusesPathsOutsideTheRoot()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    const QByteArray root = rootName();
    for (const QByteArray action : {"download", "list", "zip"}) {
        auto answer = send("GET", "/api/files/" + action + '/' + root + path, m_control);
        QVERIFY2(answer->status == status,
                 QByteArray(action + ": " + QByteArray::number(answer->status) + ' ' + answer->body).constData());
        QVERIFY2(!answer->body.contains("not for viewers"), answer->body.constData());
        QVERIFY2(!answer->body.contains(m_outside->path().toUtf8()), answer->body.constData());
    }
    if (status != 404) {
        auto upload = send("POST", "/api/files/upload/" + root + path + "?size=3", m_control);
        QVERIFY2(upload->status == status, upload->body.constData());
    }
    QVERIFY(partFiles(m_outside->path()).isEmpty());
    auto unknownRoot = send("GET", "/api/files/list/elsewhere/docs", m_control);
    QCOMPARE(unknownRoot->status, 404);
}

void TestHostTools::uploadArrivesByteExact()
{
    const QByteArray root = rootName();
    const QByteArray data = randomBytes(9 * MiB + 123, 7);
    auto start = send("POST", "/api/files/upload/" + root + "/docs/%C3%BCpload%20one.bin?size="
                                  + QByteArray::number(data.size()),
                      m_control);
    QCOMPARE(start->status, 201);
    const QByteArray id = start->json().value(QStringLiteral("id")).toString().toLatin1();
    const qint64 chunk = qint64(start->json().value(QStringLiteral("chunkSize")).toDouble());
    QCOMPARE(chunk, UploadStore::ChunkSize);
    for (qint64 offset = 0; offset < data.size(); offset += chunk) {
        auto piece = send("PUT", "/api/uploads/" + id + "?offset=" + QByteArray::number(offset), m_control, {},
                          data.mid(offset, chunk));
        QCOMPARE(piece->status, 200);
        QCOMPARE(qint64(piece->json().value(QStringLiteral("received")).toDouble()),
                 std::min<qint64>(offset + chunk, data.size()));
        // Not there under its name until finished.
        QVERIFY(!QFile::exists(home() + QStringLiteral("/docs/üpload one.bin")));
    }
    auto finish = send("POST", "/api/uploads/" + id, m_control);
    QCOMPARE(finish->status, 201);
    QCOMPARE(finish->json().value(QStringLiteral("path")).toString(), QStringLiteral("docs/üpload one.bin"));
    QFile stored(home() + QStringLiteral("/docs/üpload one.bin"));
    QVERIFY(stored.open(QIODevice::ReadOnly));
    QVERIFY(stored.readAll() == data);
    QVERIFY(partFiles(home() + QStringLiteral("/docs")).isEmpty());
}

void TestHostTools::uploadNeverOverwritesSilently()
{
    const QByteArray root = rootName();
    const QByteArray target = "/api/files/upload/" + root + "/docs/notes.txt?size=3";
    auto refused = send("POST", target, m_control);
    QCOMPARE(refused->status, 409);
    QCOMPARE(refused->json().value(QStringLiteral("error")).toString(), QStringLiteral("exists"));
    QVERIFY(partFiles(home() + QStringLiteral("/docs")).isEmpty());

    // The name is taken while the upload runs: finishing refuses, then replaces when asked to.
    auto start = send("POST", "/api/files/upload/" + root + "/docs/late.txt?size=3", m_control);
    QCOMPARE(start->status, 201);
    const QByteArray id = start->json().value(QStringLiteral("id")).toString().toLatin1();
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=0", m_control, {}, "new")->status, 200);
    QFile late(home() + QStringLiteral("/docs/late.txt"));
    QVERIFY(late.open(QIODevice::WriteOnly));
    late.write("old");
    late.close();
    QCOMPARE(send("POST", "/api/uploads/" + id, m_control)->status, 409);
    QVERIFY(late.open(QIODevice::ReadOnly));
    QCOMPARE(late.readAll(), QByteArray("old"));
    late.close();
    QCOMPARE(send("POST", "/api/uploads/" + id + "?overwrite=1", m_control)->status, 201);
    QVERIFY(late.open(QIODevice::ReadOnly));
    QCOMPARE(late.readAll(), QByteArray("new"));
    QVERIFY(partFiles(home() + QStringLiteral("/docs")).isEmpty());

    auto replace = send("POST", target + "&overwrite=1", m_control);
    QCOMPARE(replace->status, 201);
}

void TestHostTools::uploadRefusesBadPieces()
{
    const QByteArray root = rootName();
    auto start = send("POST", "/api/files/upload/" + root + "/docs/piece.bin?size=10", m_control);
    const QByteArray id = start->json().value(QStringLiteral("id")).toString().toLatin1();
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=4", m_control, {}, "abcd")->status, 409);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=0", m_control, {}, "0123456789X")->status, 413);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=x", m_control, {}, "0")->status, 400);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=0", m_control, {}, "01234")->status, 200);
    auto early = send("POST", "/api/uploads/" + id, m_control);
    QCOMPARE(early->status, 409);
    QCOMPARE(early->json().value(QStringLiteral("received")).toInt(), 5);
    // Another session cannot see it.
    const QByteArray other = login(ControlPassword);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=5", other, {}, "56789")->status, 404);
    QCOMPARE(send("DELETE", "/api/uploads/" + id, other)->status, 404);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=5", m_control, {}, "56789")->status, 200);
    QCOMPARE(send("POST", "/api/uploads/" + id, m_control)->status, 201);
    QCOMPARE(send("PUT", "/api/uploads/" + id + "?offset=10", m_control, {}, "x")->status, 404);

    QCOMPARE(send("POST", "/api/files/upload/" + root + "/docs/nosize.bin", m_control)->status, 400);
    QCOMPARE(send("POST", "/api/files/upload/" + root + "/docs/neg.bin?size=-1", m_control)->status, 400);
    HostToolOptions options = m_server->hostTools().options();
    options.uploadLimit = 1000;
    m_server->hostTools().setOptions(options);
    QCOMPARE(send("POST", "/api/files/upload/" + root + "/docs/big.bin?size=1001", m_control)->status, 413);
    QCOMPARE(send("POST", "/api/files/upload/" + root + "/docs?size=1", m_control)->status, 400); // a folder
    QVERIFY(partFiles(home() + QStringLiteral("/docs")).isEmpty());
}

void TestHostTools::abandonedUploadsLeaveNoFile()
{
    const QByteArray root = rootName();
    const QString docs = home() + QStringLiteral("/docs");
    auto startOne = [&](const QByteArray &cookie, const QByteArray &name) {
        auto start = send("POST", "/api/files/upload/" + root + "/docs/" + name + "?size=100", cookie);
        const QByteArray id = start->json().value(QStringLiteral("id")).toString().toLatin1();
        send("PUT", "/api/uploads/" + id + "?offset=0", cookie, {}, "half");
        return id;
    };
    // Cancelled by the client.
    const QByteArray cancelled = startOne(m_control, "a.bin");
    QCOMPARE(partFiles(docs).size(), 1);
    QCOMPARE(send("DELETE", "/api/uploads/" + cancelled, m_control)->status, 204);
    QVERIFY(partFiles(docs).isEmpty());
    // The session logs out.
    const QByteArray other = login(ControlPassword);
    startOne(other, "b.bin");
    QCOMPARE(partFiles(docs).size(), 1);
    send("POST", "/api/logout", other);
    QVERIFY(partFiles(docs).isEmpty());
    // Nothing arrives for too long.
    m_server->hostTools().uploads().setIdleTimeout(300);
    startOne(m_control, "c.bin");
    QCOMPARE(partFiles(docs).size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(partFiles(docs).isEmpty(), 5000);
    // Sharing stops.
    m_server->hostTools().uploads().setIdleTimeout(UploadStore::DefaultIdleTimeoutMs);
    startOne(m_control, "d.bin");
    QCOMPARE(partFiles(docs).size(), 1);
    m_sharing->setSharing(false);
    QVERIFY(partFiles(docs).isEmpty());
    QCOMPARE(QDir(docs).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("notes.txt")});
}

void TestHostTools::viewOnlyIsRefusedEveryFileRoute_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("roots") << QByteArray("GET") << QByteArray("/api/files/roots");
    QTest::newRow("list") << QByteArray("GET") << QByteArray("/api/files/list/ROOT/docs");
    QTest::newRow("download") << QByteArray("GET") << QByteArray("/api/files/download/ROOT/docs/notes.txt");
    QTest::newRow("preview") << QByteArray("GET") << QByteArray("/api/files/download/ROOT/docs/notes.txt?inline=1");
    QTest::newRow("zip") << QByteArray("GET") << QByteArray("/api/files/zip/ROOT/docs");
    QTest::newRow("upload") << QByteArray("POST") << QByteArray("/api/files/upload/ROOT/docs/x.txt?size=1");
    QTest::newRow("piece") << QByteArray("PUT") << QByteArray("/api/uploads/ID?offset=0");
    QTest::newRow("finish") << QByteArray("POST") << QByteArray("/api/uploads/ID");
    QTest::newRow("cancel") << QByteArray("DELETE") << QByteArray("/api/uploads/ID");
}

void TestHostTools::viewOnlyIsRefusedEveryFileRoute()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    // A real upload of the control session, so that the id exists.
    auto start = send("POST", "/api/files/upload/" + rootName() + "/docs/y.txt?size=1",
                      m_control);
    const QByteArray id = start->json().value(QStringLiteral("id")).toString().toLatin1();
    target.replace("ROOT", rootName()).replace("ID", id);
    auto answer = send(method, target, m_view, {}, "x");
    QCOMPARE(answer->status, 403);
    QCOMPARE(answer->json().value(QStringLiteral("error")).toString(), QStringLiteral("this tool needs the control role"));
    QVERIFY(!answer->body.contains("hello from the host"));
    QVERIFY(!QFile::exists(home() + QStringLiteral("/docs/x.txt")));
    QCOMPARE(m_server->hostTools().uploads().count(), 1);
}

void TestHostTools::withoutSessionEveryToolRouteIs401()
{
    const QByteArray root = rootName();
    for (const auto &[method, target] : QList<std::pair<QByteArray, QByteArray>>{
             {"GET", "/api/system"},
             {"GET", "/api/files/roots"},
             {"GET", "/api/files/list/" + root},
             {"GET", "/api/files/download/" + root + "/docs/notes.txt"},
             {"POST", "/api/files/upload/" + root + "/docs/z.txt?size=1"},
             {"PUT", "/api/uploads/abc?offset=0"},
             {"DELETE", "/api/uploads/abc"}}) {
        for (const QByteArray &cookie : {QByteArray(), QByteArray("deskport_session=forged")}) {
            auto answer = send(method, target, cookie);
            QVERIFY2(answer->status == 401, target.constData());
        }
    }
}

void TestHostTools::switchedOffToolsAreRefused()
{
    const QByteArray root = rootName();
    auto start = send("POST", "/api/files/upload/" + root + "/docs/w.txt?size=5", m_control);
    QCOMPARE(start->status, 201);
    HostToolOptions options = m_server->hostTools().options();
    options.fileAccess = false;
    m_server->hostTools().setOptions(options);
    QVERIFY(partFiles(home() + QStringLiteral("/docs")).isEmpty());
    auto refused = send("GET", "/api/files/list/" + root, m_control);
    QCOMPARE(refused->status, 403);
    QCOMPARE(refused->json().value(QStringLiteral("error")).toString(),
             QStringLiteral("this tool is switched off on the host"));
    auto session = send("GET", "/api/session", m_control);
    QCOMPARE(session->json().value(QStringLiteral("tools")).toObject().value(QStringLiteral("files")).toBool(), false);
    options.fileAccess = true;
    m_server->hostTools().setOptions(options);
    QCOMPARE(send("GET", "/api/files/list/" + root, m_control)->status, 200);
}

void TestHostTools::terminalRunsAShell()
{
    auto terminal = openTerminal(m_control, "?cols=100&rows=30");
    QVERIFY(terminal->waitForPrompt());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), 1, 5000);
    terminal->type("echo $((6*7))\n");
    // The echo of the command line holds "6*7", not "42": only the shell's answer does.
    QVERIFY2(terminal->waitFor("42"), terminal->output.constData());
    qsizetype mark = terminal->output.size();
    terminal->type("stty size\n");
    QVERIFY2(terminal->waitFor("30 100", mark), terminal->output.constData());
    terminal->socket.sendTextMessage(QStringLiteral("{\"type\":\"resize\",\"cols\":120,\"rows\":40}"));
    mark = terminal->output.size();
    terminal->type("stty size\n");
    QVERIFY2(terminal->waitFor("40 120", mark), terminal->output.constData());
    mark = terminal->output.size();
    terminal->type("echo $TERM\n");
    QVERIFY2(terminal->waitFor("xterm-256color", mark), terminal->output.constData());
}

void TestHostTools::closingTheTerminalEndsTheShell()
{
    auto terminal = openTerminal(m_control);
    QVERIFY(terminal->waitForPrompt());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalShells().size(), 1, 5000);
    const qint64 shell = m_server->hostTools().terminalShells().first();
    QVERIFY(!processGone(shell));
    // A child of the shell goes too: the whole process group is ended.
    terminal->type("sleep 1000 & echo \"pid:\"$!\n");
    const QRegularExpression pidLine(QStringLiteral("pid:(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT(pidLine.match(QString::fromUtf8(terminal->output)).hasMatch(), 10000);
    const qint64 sleeper = pidLine.match(QString::fromUtf8(terminal->output)).captured(1).toLongLong();
    QVERIFY2(sleeper > 0 && !processGone(sleeper), terminal->output.constData());
    terminal->socket.close();
    QTRY_VERIFY_WITH_TIMEOUT(processGone(shell), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(sleeper), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), 0, 5000);
}

void TestHostTools::shellExitIsReported()
{
    auto terminal = openTerminal(m_control);
    QVERIFY(terminal->waitForPrompt());
    terminal->type("exit 3\n");
    QTRY_VERIFY_WITH_TIMEOUT(terminal->closed, 5000);
    QCOMPARE(terminal->texts, QStringList{QStringLiteral("{\"code\":3,\"type\":\"exit\"}")});
    QCOMPARE(terminal->socket.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), 0, 5000);
}

void TestHostTools::terminalOnlyForControlSessions()
{
    for (const QByteArray &cookie : {m_view, QByteArray(), QByteArray("deskport_session=forged")}) {
        auto terminal = openTerminal(cookie);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->closed || terminal->socket.error() != QAbstractSocket::UnknownSocketError,
                                 5000);
        QVERIFY(!terminal->connected);
        QCOMPARE(m_server->hostTools().terminalCount(), 0);
    }
    // Spoken by hand: the upgrade is answered with 403, never 101.
    const QList<QByteArray> upgrade{"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="};
    for (const QByteArray &cookie : {m_view, QByteArray()}) {
        auto refused = send("GET", "/terminal", cookie, upgrade);
        QCOMPARE(refused->status, 403);
    }
    HostToolOptions options = m_server->hostTools().options();
    options.terminal = false;
    m_server->hostTools().setOptions(options);
    QCOMPARE(send("GET", "/terminal", m_control, upgrade)->status, 403);
    auto switchedOff = openTerminal(m_control);
    QTRY_VERIFY_WITH_TIMEOUT(switchedOff->closed || switchedOff->socket.error() != QAbstractSocket::UnknownSocketError,
                             5000);
    QVERIFY(!switchedOff->connected);
    QCOMPARE(m_server->hostTools().terminalCount(), 0);
}

void TestHostTools::sessionEndAndSwitchOffEndShells()
{
    auto first = openTerminal(m_control);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalShells().size(), 1, 5000);
    const qint64 firstShell = m_server->hostTools().terminalShells().first();
    send("POST", "/api/logout", m_control);
    QTRY_VERIFY_WITH_TIMEOUT(first->closed, 5000);
    QCOMPARE(int(first->socket.closeCode()), 4401);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(firstShell), 5000);

    const QByteArray cookie = login(ControlPassword);
    auto second = openTerminal(cookie);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalShells().size(), 1, 5000);
    const qint64 secondShell = m_server->hostTools().terminalShells().first();
    HostToolOptions options = m_server->hostTools().options();
    options.terminal = false;
    m_server->hostTools().setOptions(options);
    QTRY_VERIFY_WITH_TIMEOUT(second->closed, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(secondShell), 5000);

    options.terminal = true;
    m_server->hostTools().setOptions(options);
    auto third = openTerminal(cookie);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalShells().size(), 1, 5000);
    const qint64 thirdShell = m_server->hostTools().terminalShells().first();
    m_sharing->setSharing(false);
    QTRY_VERIFY_WITH_TIMEOUT(third->closed, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(thirdShell), 5000);
}

void TestHostTools::malformedTerminalMessagesCloseIt()
{
    for (const QString &message : {QStringLiteral("not json"), QStringLiteral("{\"type\":\"resize\",\"cols\":1,\"rows\":5}"),
                                   QStringLiteral("{\"type\":\"launch\"}")}) {
        auto terminal = openTerminal(m_control);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->connected, 5000);
        terminal->socket.sendTextMessage(message);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->closed, 5000);
        QCOMPARE(terminal->socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), 0, 5000);
    }
    auto oversized = openTerminal(m_control);
    QTRY_VERIFY_WITH_TIMEOUT(oversized->connected, 5000);
    oversized->type(QByteArray(TerminalSession::MaxMessageSize + 1, 'a'));
    QTRY_VERIFY_WITH_TIMEOUT(oversized->closed, 5000);
    QCOMPARE(oversized->socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), 0, 5000);
}

void TestHostTools::terminalsPerSessionAreLimited()
{
    std::vector<std::unique_ptr<TerminalClient>> terminals;
    for (int i = 0; i < HostTools::MaxTerminalsPerSession; ++i) {
        terminals.push_back(openTerminal(m_control));
        QTRY_VERIFY_WITH_TIMEOUT(terminals.back()->connected, 5000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), HostTools::MaxTerminalsPerSession, 5000);
    auto oneTooMany = openTerminal(m_control);
    QTRY_VERIFY_WITH_TIMEOUT(oneTooMany->closed, 5000);
    QCOMPARE(oneTooMany->socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    // Another session has its own allowance.
    auto other = openTerminal(login(ControlPassword));
    QTRY_VERIFY_WITH_TIMEOUT(other->connected, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hostTools().terminalCount(), HostTools::MaxTerminalsPerSession + 1, 5000);
}

QTEST_GUILESS_MAIN(TestHostTools)
#include "tst_hosttools.moc"
