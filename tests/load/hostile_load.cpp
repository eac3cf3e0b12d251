// Load test (issue 7, "hostile clients"): the real deskport on loopback, 20 normal viewers streaming an animated
// scene, and clients that send garbage, oversize frames, never read, or connect without speaking.
//
// Phases (each prints its figures):
//   1. baseline: the 20 viewers stream for BaselineSeconds; frames/s per viewer, server RSS.
//   2. attack for AttackSeconds while the 20 keep streaming: garbage over raw TCP, slow-loris, garbage and oversize
//      WebSocket messages, a 1 GiB frame header that stalls, a viewer that never reads, SilentConnections silent
//      connections, huge Content-Length bodies to /api/login and to an upload piece. Asserts every normal viewer
//      keeps MinRateRatio of its baseline rate, RSS stays under baseline + RssHeadroomKiB, and each hostile kind is
//      cut off (or refused) in time.
//   3. afterwards: every hostile client gone, a new viewer logs in and gets a frame, /api/session answers, the
//      server is alive and its RSS is back near the baseline.
//
// Everything started here (Xvfb, deskport_scene, deskport) leads its own process group, gets a signal if this
// process dies (PR_SET_PDEATHSIG), and is ended on every exit path. Exit code 0 only when every check held.
//
//   DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene build/tests/load/hostile_load
//   DESKPORT_LOAD_TLS=1 ... speaks https/wss (self-signed: verification off) instead of plain http/ws.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtEndian>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// --- What is tested, and the limits it is tested against -----------------------------------------------------

constexpr int NormalViewers = 20;
// Logins verify a PBKDF2 hash (120 000 rounds): about 2.5 s each on this loaded 2-core machine. The 20 viewers share
// NormalSessions sessions (several tabs of one browser each) so the set-up stays bounded; each socket is its own.
constexpr int NormalSessions = 4;
constexpr int WarmUpMs = 1500;           // after every viewer got its first frame, before measuring
constexpr int BaselineMs = 5000;         // phase 1
constexpr int AttackMs = 15000;          // phase 2
constexpr int SilentStartDelayMs = 1000; // the silent flood starts after the other hostile clients are connected
constexpr int AfterSettleMs = 3000;      // phase 3: time for the server to free what the attack cost

// A normal viewer must keep MinRateRatio of the baseline rate during the attack, the baseline being the median of
// all viewers' baseline rates (one viewer's own 5 s baseline is too noisy a yardstick: viewers sharing an encoding
// differ by up to 2x within one run). 0.4 rather than 0.5: this machine is 2 shared cores (load average above 10
// while other builds run) and a run with no stalling attack at all measured a 20.6 -> 8.4 frames/s drop once.
// A server that lets one client block its event loop for seconds fails the gap check instead: no viewer may wait
// longer than MaxFrameGapMs for a frame while the scene animates (normally the longest wait is 0.2-1.2 s here).
constexpr double MinRateRatio = 0.4;
constexpr qint64 MaxFrameGapMs = 2500;
constexpr double MinBaselineFps = 4.0; // below this the scene or the machine is broken: the test means nothing

// Server memory: VmRSS sampled every RssSampleMs during the attack must stay under baseline + RssHeadroomKiB.
// A body or frame buffered whole (50 MB bodies, a 64 MiB frame) blows through it; 20 viewers' queues do not.
constexpr qint64 RssHeadroomKiB = 64 * 1024;
constexpr qint64 RssAfterHeadroomKiB = 32 * 1024; // phase 3: back near the baseline
constexpr int RssSampleMs = 200;

// The ConnectionGuard being added (lead, issue 7): HTTP headers must be complete within HeaderTimeoutMs, at most
// MaxHeaderBytes of them, bodies at most MaxBodyBytes (upload pieces: MaxUploadPieceBytes), at most
// PerAddressLimit connections from one address. Slow-loris and silent connections must be gone by
// CutOffDeadlineMs (the header timeout plus slack for a loaded machine).
constexpr int HeaderTimeoutMs = 10000;
constexpr int CutOffDeadlineMs = HeaderTimeoutMs + 5000;
constexpr int MaxHeaderBytes = 16 * 1024;
constexpr qint64 MaxBodyBytes = 64 * 1024;
constexpr qint64 MaxUploadPieceBytes = 4 * 1024 * 1024;
constexpr int PerAddressLimit = 64;
constexpr int RefusedWithinMs = 1000; // a connection closed this soon after connecting counts as refused
// Garbage over raw TCP and over WebSocket must be cut off this soon after it is sent (no timeout involved).
constexpr int GarbageCutOffMs = 3000;

constexpr int SilentConnections = 200;
constexpr int GarbageTcpClients = 2;
constexpr int GarbageTcpChunkBytes = 4096;
constexpr int GarbageTcpIntervalMs = 100;
constexpr int SlowLorisClients = 3;
constexpr int HeaderFloodFactor = 4;
constexpr int SlowLorisLineIntervalMs = 500;
constexpr qint64 OversizeMessageBytes = 64 * 1024 * 1024;      // one WebSocket frame
constexpr quint64 AnnouncedFrameBytes = 1024ULL * 1024 * 1024; // a header announcing 1 GiB, then stalling
constexpr qint64 HugeContentLength = 200 * 1000 * 1000;        // announced
constexpr qint64 HugeBodySentBytes = 50 * 1000 * 1000;         // sent
constexpr qint64 HugeBodyWriteChunk = 1024 * 1024;
// Close codes a garbage WebSocket message may get (docs/protocol.md: 4400 malformed, 4413 too large, 1009 far
// too large; the WebSocket layer itself: 1002 protocol error, 1008 policy).
const QList<int> GarbageCloseCodes = {1002, 1008, 1009, 4400, 4413};

const QByteArray ControlPassword = QByteArrayLiteral("control-secret-1");
const QByteArray ViewPassword = QByteArrayLiteral("view-secret-2");

// For finding which attack hurts: DESKPORT_LOAD_SKIP=huge,silent leaves out the kinds whose names start so
// (their checks then have nothing to check; the run still fails on what remains).
bool attackEnabled(const QString &kind)
{
    const QStringList skipped = qEnvironmentVariable("DESKPORT_LOAD_SKIP").split(u',', Qt::SkipEmptyParts);
    return std::none_of(skipped.begin(), skipped.end(), [&](const QString &s) { return kind.startsWith(s.trimmed()); });
}

// The scheme switch: plain http/ws now; https/wss (self-signed, verification off) once TLS is the default.
bool useTls()
{
    return qEnvironmentVariableIntValue("DESKPORT_LOAD_TLS") == 1;
}

// --- Small helpers -------------------------------------------------------------------------------------------

QElapsedTimer g_clock;
qint64 nowMs()
{
    return g_clock.elapsed();
}

void pump(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    const qint64 deadline = nowMs() + timeoutMs;
    while (!condition()) {
        if (nowMs() > deadline) {
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void say(const QString &line)
{
    std::fprintf(stdout, "[%6.1f s] %s\n", double(g_clock.elapsed()) / 1000.0, qPrintable(line));
    std::fflush(stdout);
}

struct Check
{
    QString name;
    bool ok;
    QString detail;
};
std::vector<Check> g_checks;

bool check(const QString &name, bool ok, const QString &detail = {})
{
    g_checks.push_back({name, ok, detail});
    say(u"  [%1] %2%3"_s.arg(ok ? u"PASS"_s : u"FAIL"_s, name, detail.isEmpty() ? QString() : u" — "_s + detail));
    return ok;
}

double median(QList<double> values)
{
    if (values.isEmpty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString mib(qint64 kib)
{
    return u"%1 MiB"_s.arg(double(kib) / 1024.0, 0, 'f', 1);
}

// --- Child processes: own process group, die with us ----------------------------------------------------------

std::vector<pid_t> g_groups; // process group ids to kill on any exit (read by the signal handler)

void killAllGroups(int signal)
{
    for (const pid_t group : g_groups) {
        ::kill(-group, signal);
    }
}

extern "C" void onFatalSignal(int signal)
{
    // SIGTERM first so that Xvfb removes its socket and lock file; then SIGKILL whatever is left.
    killAllGroups(SIGTERM);
    const timespec grace{1, 0};
    ::nanosleep(&grace, nullptr);
    killAllGroups(SIGKILL);
    ::_exit(128 + signal);
}

class Child
{
public:
    // deathSignal: what the child gets if this process dies without cleaning up (even by SIGKILL). SIGTERM for
    // Xvfb, so that it removes its socket and lock file; SIGKILL for the others.
    Child(const QString &name, const QString &program, const QStringList &arguments, const QProcessEnvironment &env,
          int deathSignal = SIGKILL)
        : m_name(name)
    {
        m_process.setProgram(program);
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(env);
        m_process.setChildProcessModifier([deathSignal] {
            ::setpgid(0, 0); // our own group: one kill ends whatever it starts
            ::prctl(PR_SET_PDEATHSIG, deathSignal);
        });
    }
    ~Child() { stop(); }
    Child(const Child &) = delete;
    Child &operator=(const Child &) = delete;

    QProcess &process() { return m_process; }
    bool start()
    {
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            say(u"cannot start %1: %2"_s.arg(m_name, m_process.errorString()));
            return false;
        }
        g_groups.push_back(pid_t(m_process.processId()));
        return true;
    }
    bool running() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning) {
            return;
        }
        const pid_t group = pid_t(m_process.processId());
        ::kill(-group, SIGTERM);
        if (!m_process.waitForFinished(3000)) {
            ::kill(-group, SIGKILL);
            m_process.waitForFinished(2000);
        }
        ::kill(-group, SIGKILL); // anything it left in its group
        std::erase(g_groups, group);
    }

private:
    QString m_name;
    QProcess m_process;
};

struct Memory
{
    qint64 rssKiB = -1;
    qint64 hwmKiB = -1;
};

Memory serverMemory(qint64 pid)
{
    Memory memory;
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return memory;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        const auto value = [&line] { return line.mid(6).trimmed().split(' ').value(0).toLongLong(); };
        if (line.startsWith("VmRSS:")) {
            memory.rssKiB = value();
        } else if (line.startsWith("VmHWM:")) {
            memory.hwmKiB = value();
        }
    }
    return memory;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// --- Connections -------------------------------------------------------------------------------------------

quint16 g_port = 0;

QString httpBase()
{
    return u"%1://127.0.0.1:%2"_s.arg(useTls() ? u"https"_s : u"http"_s).arg(g_port);
}

QByteArray origin()
{
    return httpBase().toUtf8();
}

QSslSocket *newSocket(QObject *parent)
{
    auto *socket = new QSslSocket(parent);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    QObject::connect(socket, &QSslSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    if (useTls()) {
        socket->connectToHostEncrypted(u"127.0.0.1"_s, g_port);
    } else {
        socket->connectToHost(QHostAddress::LocalHost, g_port);
    }
    return socket;
}

// The signal that a (possibly encrypting) socket is ready for bytes.
auto readySignal()
{
    return useTls() ? &QSslSocket::encrypted : &QSslSocket::connected;
}

struct HttpReply
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }
};

// Parses a complete-enough response from `data`; false while more is needed.
bool parseReply(const QByteArray &data, bool closed, HttpReply *reply)
{
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0) {
        return false;
    }
    const QList<QByteArray> lines = data.left(end).split('\n');
    reply->status = lines.value(0).split(' ').value(1).toInt();
    reply->headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0) {
            reply->headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
        }
    }
    reply->body = data.mid(end + 4);
    const QByteArray length = reply->header("Content-Length");
    if (!length.isEmpty()) {
        return reply->body.size() >= length.toLongLong();
    }
    return closed || reply->status == 204 || reply->status == 101;
}

// One HTTP request on its own connection (Connection: close), keeping the event loop running so the viewers go on.
HttpReply httpRequest(const QByteArray &method, const QByteArray &path, const QByteArray &cookie = {},
                      const QByteArray &body = {}, const QByteArray &contentType = {})
{
    QObject owner;
    QSslSocket *socket = newSocket(&owner);
    QByteArray data;
    bool closed = false;
    QObject::connect(socket, &QSslSocket::readyRead, &owner, [&] { data += socket->readAll(); });
    QObject::connect(socket, &QSslSocket::disconnected, &owner, [&] { closed = true; });
    QObject::connect(socket, &QSslSocket::errorOccurred, &owner, [&] { closed = true; });
    QObject::connect(socket, readySignal(), &owner, [&] {
        QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(g_port) +
                             "\r\nConnection: close\r\nOrigin: " + origin() + "\r\n";
        if (!cookie.isEmpty()) {
            request += "Cookie: " + cookie + "\r\n";
        }
        if (!contentType.isEmpty()) {
            request += "Content-Type: " + contentType + "\r\n";
        }
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        socket->write(request);
    });
    HttpReply reply;
    waitUntil([&] { return parseReply(data, closed, &reply) || closed; }, 10000);
    parseReply(data, true, &reply);
    return reply;
}

// Logs in and returns "deskport_session=<token>", or empty.
QByteArray login(const QByteArray &password)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"password"_s, QString::fromUtf8(password)}}).toJson();
    const HttpReply reply = httpRequest("POST", "/api/login", {}, body, "application/json");
    const QByteArray setCookie = reply.header("Set-Cookie");
    if (reply.status != 204 || !setCookie.startsWith("deskport_session=")) {
        say(u"login failed: HTTP %1 %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body)));
        return {};
    }
    return setCookie.split(';').value(0);
}

QByteArray helloMessage()
{
    QByteArray message(3, '\0');
    message[0] = 0x01;
    qToLittleEndian<quint16>(1, message.data() + 1);
    return message;
}

QByteArray viewSettingsMessage()
{
    return QByteArray("\x02\0\0\0\0\0\0", 7); // no size limit, the server's quality and rate
}

QWebSocket *newWebSocket(QObject *parent, const QByteArray &cookie)
{
    auto *socket = new QWebSocket(QString::fromUtf8(origin()), QWebSocketProtocol::VersionLatest, parent);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket->setSslConfiguration(ssl);
    QObject::connect(socket, &QWebSocket::sslErrors, socket, [socket] { socket->ignoreSslErrors(); });
    QNetworkRequest request(QUrl(u"%1://127.0.0.1:%2/ws"_s.arg(useTls() ? u"wss"_s : u"ws"_s).arg(g_port)));
    request.setRawHeader("Cookie", cookie);
    socket->open(request);
    return socket;
}

// A normal viewer: HELLO, VIEW_SETTINGS, and an ACK for every FRAME as soon as it arrives (the portal acks once
// drawn; we draw nothing, so at once).
class Viewer : public QObject
{
public:
    Viewer(int index, const QByteArray &cookie) : m_index(index)
    {
        m_socket = newWebSocket(this, cookie);
        connect(m_socket, &QWebSocket::connected, this, [this] {
            m_socket->sendBinaryMessage(helloMessage());
            m_socket->sendBinaryMessage(viewSettingsMessage());
        });
        connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
            if (message.size() >= 20 && quint8(message[0]) == 0x82) {
                m_frames.append(nowMs());
                // ACK: type 0x03, then the frame id (bytes 2..5 of the FRAME).
                m_socket->sendBinaryMessage(QByteArrayLiteral("\x03") + message.mid(2, 4));
            }
        });
        connect(m_socket, &QWebSocket::disconnected, this, [this] {
            if (m_closedAt < 0) {
                m_closedAt = nowMs();
            }
        });
    }
    int index() const { return m_index; }
    bool gotFrame() const { return !m_frames.isEmpty(); }
    bool closed() const { return m_closedAt >= 0; }
    QString closeText() const { return u"%1 %2"_s.arg(int(m_socket->closeCode())).arg(m_socket->closeReason()); }
    double rate(qint64 from, qint64 to) const
    {
        const auto count =
            std::count_if(m_frames.begin(), m_frames.end(), [&](qint64 t) { return t >= from && t < to; });
        return double(count) * 1000.0 / double(to - from);
    }
    // The longest time without a frame within [from, to).
    qint64 longestGap(qint64 from, qint64 to) const
    {
        qint64 last = from;
        qint64 longest = 0;
        for (const qint64 t : m_frames) {
            if (t >= from && t < to) {
                longest = std::max(longest, t - last);
                last = t;
            }
        }
        return std::max(longest, to - last);
    }
    void close() { m_socket->abort(); }

private:
    int m_index;
    QWebSocket *m_socket = nullptr;
    QList<qint64> m_frames;
    qint64 m_closedAt = -1;
};

// One hostile connection's fate.
struct Fate
{
    QString kind;
    qint64 startedAt = -1;   // connect requested
    qint64 connectedAt = -1; // TCP (and TLS) established
    qint64 closedAt = -1;    // the server ended it (or refused it)
    int closeCode = -1;      // WebSocket close code, if any
    int httpStatus = 0;      // HTTP status answered, if any
    qint64 bytesSent = 0;
    QString note;
    bool open() const { return closedAt < 0; }
    qint64 survivedMs(qint64 now) const { return (closedAt < 0 ? now : closedAt) - startedAt; }
    bool refused() const { return closedAt >= 0 && (connectedAt < 0 || closedAt - connectedAt < RefusedWithinMs); }
};

// The fates of the clients in `lists` whose kind runs (DESKPORT_LOAD_SKIP), read on the thread that owns them.
template<typename... Lists>
std::vector<Fate> fatesOf(QObject *owner, const Lists &...lists)
{
    std::vector<Fate> fates;
    const auto collect = [&fates](const auto &clients) {
        for (const auto *client : clients) {
            if (attackEnabled(client->fate().kind)) {
                fates.push_back(client->fate());
            }
        }
    };
    QMetaObject::invokeMethod(owner, [&] { (collect(lists), ...); }, Qt::BlockingQueuedConnection);
    return fates;
}

// A raw (possibly TLS) TCP client with a behaviour.
class RawClient : public QObject
{
public:
    RawClient(const QString &kind, QObject *parent) : QObject(parent)
    {
        m_fate.kind = kind;
        m_fate.startedAt = nowMs();
        m_socket = attackEnabled(kind) ? newSocket(this) : new QSslSocket(this); // skipped: never connects
        connect(m_socket, readySignal(), this, [this] {
            m_fate.connectedAt = nowMs();
            onReady();
        });
        connect(m_socket, &QSslSocket::readyRead, this, [this] {
            if (m_reading) {
                m_received += m_socket->readAll();
                onData();
            }
        });
        connect(m_socket, &QSslSocket::bytesWritten, this, [this](qint64 n) {
            m_fate.bytesSent += n;
            onWritten();
        });
        connect(m_socket, &QSslSocket::disconnected, this, [this] { markClosed(); });
        connect(m_socket, &QSslSocket::errorOccurred, this, [this] {
            if (m_socket->error() != QAbstractSocket::SocketTimeoutError) {
                markClosed();
            }
        });
    }
    const Fate &fate() const { return m_fate; }
    void abort()
    {
        m_stopped = true;
        m_socket->abort();
    }

protected:
    virtual void onReady() {}
    virtual void onData()
    {
        HttpReply reply;
        if (m_fate.httpStatus == 0 && parseReply(m_received, false, &reply)) {
            m_fate.httpStatus = reply.status;
        }
    }
    virtual void onWritten() {}
    void markClosed()
    {
        if (m_fate.closedAt >= 0 || m_stopped) {
            return;
        }
        m_fate.closedAt = nowMs();
        if (m_reading) {
            m_received += m_socket->readAll();
            onData();
        }
    }
    QByteArray requestHead(const QByteArray &method, const QByteArray &path) const
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(g_port) + "\r\n";
    }

    QSslSocket *m_socket = nullptr;
    Fate m_fate;
    QByteArray m_received;
    bool m_reading = true;
    bool m_stopped = false;
};

// Random bytes, a chunk every GarbageTcpIntervalMs, until the server hangs up.
class GarbageTcp : public RawClient
{
public:
    explicit GarbageTcp(QObject *parent) : RawClient(u"tcp garbage"_s, parent)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_socket->state() != QAbstractSocket::ConnectedState || m_socket->bytesToWrite() > 0) {
                return;
            }
            QByteArray chunk(GarbageTcpChunkBytes, '\0');
            QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
            m_socket->write(chunk);
        });
    }

protected:
    void onReady() override { m_timer.start(GarbageTcpIntervalMs); }

private:
    QTimer m_timer;
};

// "GET /" and then one more header line every SlowLorisLineIntervalMs, never the blank line that ends them.
class SlowLoris : public RawClient
{
public:
    explicit SlowLoris(QObject *parent) : RawClient(u"slow-loris"_s, parent)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_socket->state() == QAbstractSocket::ConnectedState) {
                m_socket->write("X-Loris-" + QByteArray::number(++m_lines) + ": a\r\n");
            }
        });
    }

protected:
    void onReady() override
    {
        m_socket->write(requestHead("GET", "/"));
        m_timer.start(SlowLorisLineIntervalMs);
    }

private:
    QTimer m_timer;
    int m_lines = 0;
};

// Sends HeaderFloodFactor times MaxHeaderBytes of header lines at once, never ending them: refused with 431 (or
// closed) without waiting for the header timeout.
class HeaderFlood : public RawClient
{
public:
    explicit HeaderFlood(QObject *parent) : RawClient(u"header flood"_s, parent) {}

protected:
    void onReady() override
    {
        QByteArray head = requestHead("GET", "/");
        for (int i = 0; head.size() < HeaderFloodFactor * MaxHeaderBytes; ++i) {
            head += "X-Flood-" + QByteArray::number(i) + ": " + QByteArray(100, 'f') + "\r\n";
        }
        m_socket->write(head);
    }
};

// Connects and says nothing.
class Silent : public RawClient
{
public:
    explicit Silent(QObject *parent) : RawClient(u"silent"_s, parent) {}
};

// Announces HugeContentLength and sends HugeBodySentBytes as fast as the server takes them.
class HugeBody : public RawClient
{
public:
    HugeBody(const QString &kind, const QByteArray &method, const QByteArray &path, const QByteArray &cookie,
             QObject *parent)
        : RawClient(kind, parent), m_method(method), m_path(path), m_cookie(cookie)
    {
    }

protected:
    void onReady() override
    {
        QByteArray head = requestHead(m_method, m_path) + "Origin: " + origin() + "\r\n";
        if (!m_cookie.isEmpty()) {
            head += "Cookie: " + m_cookie + "\r\n";
        }
        head += "Content-Type: application/octet-stream\r\nContent-Length: " + QByteArray::number(HugeContentLength) +
                "\r\n\r\n";
        m_headBytes = head.size();
        m_socket->write(head);
        feed();
    }
    void onWritten() override { feed(); }

private:
    void feed()
    {
        // Keep at most two chunks queued in our own buffer: what is "sent" is what the server's kernel took.
        while (m_queued < HugeBodySentBytes && m_socket->bytesToWrite() < 2 * HugeBodyWriteChunk &&
               m_socket->state() == QAbstractSocket::ConnectedState) {
            const qint64 n = std::min(HugeBodyWriteChunk, HugeBodySentBytes - m_queued);
            m_socket->write(QByteArray(n, 'x'));
            m_queued += n;
        }
    }
    QByteArray m_method;
    QByteArray m_path;
    QByteArray m_cookie;
    qint64 m_headBytes = 0;
    qint64 m_queued = 0;
};

// A WebSocket handshake done by hand, then raw frames: either a header announcing AnnouncedFrameBytes followed by
// a few bytes and silence; or one frame of OversizeMessageBytes streamed; or HELLO + VIEW_SETTINGS and then never
// reading again.
class RawWebSocket : public RawClient
{
public:
    enum class Mode { AnnounceHuge, Oversize, NeverRead };
    RawWebSocket(Mode mode, const QByteArray &cookie, QObject *parent)
        : RawClient(mode == Mode::AnnounceHuge ? u"ws 1 GiB header"_s
                    : mode == Mode::Oversize   ? u"ws 64 MiB frame"_s
                                               : u"never reads"_s,
                    parent),
          m_mode(mode), m_cookie(cookie)
    {
    }

protected:
    void onReady() override
    {
        QByteArray key(16, '\0');
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
        m_socket->write(requestHead("GET", "/ws") + "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key.toBase64() +
                        "\r\nOrigin: " + origin() + "\r\nCookie: " + m_cookie + "\r\n\r\n");
    }
    void onData() override
    {
        if (m_upgraded) {
            // Walk the server's (unmasked) frames; a close frame (opcode 8) carries the close code first.
            while (m_received.size() >= 2) {
                const quint8 opcode = quint8(m_received[0]) & 0x0f;
                qint64 length = quint8(m_received[1]) & 0x7f;
                qsizetype header = 2;
                if (length == 126 && m_received.size() >= 4) {
                    length = qFromBigEndian<quint16>(m_received.constData() + 2);
                    header = 4;
                } else if (length == 127 && m_received.size() >= 10) {
                    length = qint64(qFromBigEndian<quint64>(m_received.constData() + 2));
                    header = 10;
                } else if (length >= 126) {
                    break;
                }
                if (m_received.size() < header + length) {
                    break;
                }
                if (opcode == 0x8 && length >= 2) {
                    m_fate.closeCode = qFromBigEndian<quint16>(m_received.constData() + header);
                }
                m_received.remove(0, header + length);
            }
            return;
        }
        const qsizetype end = m_received.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        m_fate.httpStatus = m_received.split(' ').value(1).toInt();
        m_received.remove(0, end + 4);
        if (m_fate.httpStatus != 101) {
            return;
        }
        m_upgraded = true;
        if (m_mode == Mode::AnnounceHuge) {
            QByteArray header("\x82\xff", 2); // FIN + binary; masked, 64-bit length follows
            QByteArray length(8, '\0');
            qToBigEndian<quint64>(AnnouncedFrameBytes, length.data());
            m_socket->write(header + length + QByteArray("\x11\x22\x33\x44", 4) + QByteArray(1000, 'g'));
        } else if (m_mode == Mode::Oversize) {
            // HELLO, then one binary frame of OversizeMessageBytes, streamed as the server takes it. The mask key
            // is 0 (legal, and it leaves the payload as it is), so building it costs us nothing.
            QByteArray length(8, '\0');
            qToBigEndian<quint64>(quint64(OversizeMessageBytes), length.data());
            m_socket->write(maskedFrame(helloMessage()) + QByteArray("\x82\xff", 2) + length + QByteArray(4, '\0'));
            m_feeding = true;
            feed();
        } else {
            m_socket->write(maskedFrame(helloMessage()) + maskedFrame(viewSettingsMessage()));
            // From now on nothing is read: Qt stops taking bytes from the kernel once its buffer is full, the
            // kernel's window closes, and the server's writes to us back up.
            m_socket->setReadBufferSize(16 * 1024);
            m_reading = false;
        }
    }

    void onWritten() override { feed(); }

private:
    void feed()
    {
        while (m_feeding && m_queued < OversizeMessageBytes && m_socket->bytesToWrite() < 2 * HugeBodyWriteChunk &&
               m_socket->state() == QAbstractSocket::ConnectedState) {
            const qint64 n = std::min(HugeBodyWriteChunk, OversizeMessageBytes - m_queued);
            m_socket->write(QByteArray(n, '\x03'));
            m_queued += n;
        }
    }
    static QByteArray maskedFrame(const QByteArray &payload)
    {
        QByteArray frame;
        frame.append(char(0x82));
        frame.append(char(0x80 | payload.size())); // < 126 bytes here
        const char mask[4] = {0x01, 0x02, 0x03, 0x04};
        frame.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i) {
            frame.append(char(payload[i] ^ mask[i % 4]));
        }
        return frame;
    }
    Mode m_mode;
    QByteArray m_cookie;
    bool m_upgraded = false;
    bool m_feeding = false;
    qint64 m_queued = 0;
};

// A logged-in QWebSocket that, once connected, sends something bad.
class BadWebSocket : public QObject
{
public:
    BadWebSocket(const QString &kind, const QByteArray &cookie, std::function<void(QWebSocket *)> attack,
                 QObject *parent)
        : QObject(parent), m_attack(std::move(attack))
    {
        m_fate.kind = kind;
        m_fate.startedAt = nowMs();
        m_socket = attackEnabled(kind) ? newWebSocket(this, cookie)
                                       : new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        connect(m_socket, &QWebSocket::connected, this, [this] {
            m_fate.connectedAt = nowMs();
            m_attack(m_socket);
        });
        connect(m_socket, &QWebSocket::bytesWritten, this, [this](qint64 n) { m_fate.bytesSent += n; });
        connect(m_socket, &QWebSocket::disconnected, this, [this] {
            if (m_fate.closedAt < 0 && !m_stopped) {
                m_fate.closedAt = nowMs();
                m_fate.closeCode = int(m_socket->closeCode());
                m_fate.note = m_socket->closeReason();
            }
        });
    }
    const Fate &fate() const { return m_fate; }
    void abort()
    {
        m_stopped = true;
        m_socket->abort();
    }

private:
    std::function<void(QWebSocket *)> m_attack;
    QWebSocket *m_socket = nullptr;
    Fate m_fate;
    bool m_stopped = false;
};

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, '\0');
    for (char &c : bytes) {
        c = char(QRandomGenerator::global()->bounded(256));
    }
    return bytes;
}

// --- The test ----------------------------------------------------------------------------------------------

struct Environment
{
    QTemporaryDir dir;
    std::unique_ptr<Child> xvfb;
    std::unique_ptr<Child> scene;
    std::unique_ptr<Child> deskport;
};

bool startEnvironment(Environment &env)
{
    const QString binary = qEnvironmentVariable("DESKPORT_BIN");
    const QString sceneBinary = qEnvironmentVariable("DESKPORT_SCENE");
    if (binary.isEmpty() || sceneBinary.isEmpty()) {
        say(u"DESKPORT_BIN and DESKPORT_SCENE must be set"_s);
        return false;
    }
    // Xvfb on a free display.
    int display = -1;
    for (int n = 90; n < 200 && display < 0; ++n) {
        if (QFile::exists(u"/tmp/.X11-unix/X%1"_s.arg(n)) || QFile::exists(u"/tmp/.X%1-lock"_s.arg(n))) {
            continue;
        }
        env.xvfb = std::make_unique<Child>(u"Xvfb"_s, u"Xvfb"_s,
                                           QStringList{u":%1"_s.arg(n), u"-screen"_s, u"0"_s, u"1024x768x24"_s,
                                                       u"-noreset"_s, u"-nolisten"_s, u"tcp"_s},
                                           QProcessEnvironment::systemEnvironment(), SIGTERM);
        env.xvfb->process().setStandardOutputFile(QProcess::nullDevice());
        env.xvfb->process().setStandardErrorFile(QProcess::nullDevice());
        if (!env.xvfb->start()) {
            return false;
        }
        if (waitUntil([&] { return QFile::exists(u"/tmp/.X11-unix/X%1"_s.arg(n)) || !env.xvfb->running(); }, 10000) &&
            env.xvfb->running()) {
            display = n;
        } else {
            env.xvfb->stop(); // lost a race for that display
        }
    }
    if (display < 0) {
        say(u"no free X display"_s);
        return false;
    }
    QProcessEnvironment x = QProcessEnvironment::systemEnvironment();
    x.insert(u"DISPLAY"_s, u":%1"_s.arg(display));

    // The scene, animating a band so every capture differs.
    env.scene = std::make_unique<Child>(u"deskport_scene"_s, sceneBinary, QStringList{}, x);
    env.scene->process().setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (!env.scene->start()) {
        return false;
    }
    QByteArray sceneOut;
    auto sceneSaid = [&](const QByteArray &word) {
        return waitUntil(
                   [&] {
                       sceneOut += env.scene->process().readAllStandardOutput();
                       return sceneOut.contains(QByteArray(word + '\n')) || !env.scene->running();
                   },
                   10000) &&
               env.scene->running();
    };
    if (!sceneSaid("ready")) {
        say(u"deskport_scene did not get ready"_s);
        return false;
    }
    sceneOut.clear();
    env.scene->process().write("animate 120\n");
    if (!sceneSaid("ok")) {
        say(u"deskport_scene did not animate"_s);
        return false;
    }

    // deskport --headless on a free port, its own config, runtime and home folders.
    const QString root = env.dir.path();
    for (const QString &sub : {u"config"_s, u"runtime"_s, u"cache"_s, u"data"_s, u"home"_s}) {
        QDir(root).mkpath(sub);
    }
    QFile::setPermissions(root + u"/runtime"_s,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcessEnvironment desk = x;
    desk.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    desk.insert(u"XDG_CONFIG_HOME"_s, root + u"/config"_s);
    desk.insert(u"XDG_RUNTIME_DIR"_s, root + u"/runtime"_s);
    desk.insert(u"XDG_CACHE_HOME"_s, root + u"/cache"_s);
    desk.insert(u"XDG_DATA_HOME"_s, root + u"/data"_s);
    desk.insert(u"HOME"_s, root + u"/home"_s); // the files tool's default root: uploads land here
    g_port = freePort();
    QStringList args{u"--headless"_s,
                     u"--port"_s,
                     QString::number(g_port),
                     u"--bind"_s,
                     u"127.0.0.1"_s,
                     u"--password"_s,
                     QString::fromUtf8(ControlPassword),
                     u"--view-password"_s,
                     QString::fromUtf8(ViewPassword)};
    if (!useTls()) {
        args << u"--no-tls"_s;
    }
    env.deskport = std::make_unique<Child>(u"deskport"_s, binary, args, desk);
    env.deskport->process().setStandardOutputFile(root + u"/deskport.log"_s);
    env.deskport->process().setStandardErrorFile(root + u"/deskport.log"_s, QIODevice::Append);
    if (!env.deskport->start()) {
        return false;
    }
    const bool up = waitUntil(
        [&] {
            if (!env.deskport->running()) {
                return true;
            }
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, g_port);
            return probe.waitForConnected(200);
        },
        20000);
    if (!up || !env.deskport->running()) {
        QFile log(root + u"/deskport.log"_s);
        log.open(QIODevice::ReadOnly);
        say(u"deskport did not start; its log:\n"_s + QString::fromUtf8(log.readAll()));
        return false;
    }
    say(u"deskport pid %1 at %2 on :%3 (1024x768, scene animating)"_s.arg(env.deskport->pid())
            .arg(httpBase())
            .arg(display));
    return true;
}

void printRates(const QString &label, const std::vector<std::unique_ptr<Viewer>> &viewers, qint64 from, qint64 to)
{
    QList<double> rates;
    QStringList each;
    for (const auto &viewer : viewers) {
        rates.append(viewer->rate(from, to));
        each.append(QString::number(rates.last(), 'f', 1));
    }
    say(u"  %1: frames/s per viewer min %2, median %3, max %4 over %5 s"_s.arg(label)
            .arg(*std::min_element(rates.begin(), rates.end()), 0, 'f', 1)
            .arg(median(rates), 0, 'f', 1)
            .arg(*std::max_element(rates.begin(), rates.end()), 0, 'f', 1)
            .arg(double(to - from) / 1000.0, 0, 'f', 1));
    say(u"    [%1]"_s.arg(each.join(u", "_s)));
}

int run()
{
    Environment env;
    if (!env.dir.isValid() || !startEnvironment(env)) {
        check(u"environment starts"_s, false);
        return 1;
    }
    const qint64 pid = env.deskport->pid();

    // Cookies first: every login is one short connection, done before any long-lived one exists.
    std::vector<QByteArray> viewerCookies;
    for (int i = 0; i < NormalSessions; ++i) {
        viewerCookies.push_back(login(ViewPassword));
    }
    const QByteArray hostileCookie = login(ViewPassword);
    const QByteArray controlCookie = login(ControlPassword);
    const bool loggedIn =
        std::all_of(viewerCookies.begin(), viewerCookies.end(), [](const QByteArray &c) { return !c.isEmpty(); }) &&
        !hostileCookie.isEmpty() && !controlCookie.isEmpty();
    if (!check(u"%1 viewer sessions and 2 hostile sessions log in"_s.arg(NormalSessions), loggedIn)) {
        return 1;
    }
    // A real upload, so that the huge body goes to a piece route that exists (PUT /api/uploads/<id>).
    const HttpReply upload = httpRequest("POST", "/api/files/upload/home/hostile.bin?size=1048576", controlCookie);
    const QByteArray uploadId = QJsonDocument::fromJson(upload.body).object().value(u"id"_s).toString().toUtf8();
    check(u"an upload opens for the huge-piece attack"_s, upload.status == 201 && !uploadId.isEmpty(),
          u"HTTP %1"_s.arg(upload.status));

    // --- Phase 1: baseline ---
    say(u"\nPhase 1: %1 normal viewers, baseline"_s.arg(NormalViewers));
    std::vector<std::unique_ptr<Viewer>> viewers;
    for (int i = 0; i < NormalViewers; ++i) {
        viewers.push_back(std::make_unique<Viewer>(i, viewerCookies[size_t(i % NormalSessions)]));
    }
    const bool streaming = waitUntil(
        [&] { return std::all_of(viewers.begin(), viewers.end(), [](const auto &v) { return v->gotFrame(); }); },
        20000);
    if (!check(u"every normal viewer gets a first frame"_s, streaming)) {
        return 1;
    }
    pump(WarmUpMs);
    const Memory before = serverMemory(pid);
    const qint64 baseFrom = nowMs();
    pump(BaselineMs);
    const qint64 baseTo = nowMs();
    const Memory baseline = serverMemory(pid);
    printRates(u"baseline"_s, viewers, baseFrom, baseTo);
    say(u"  server RSS %1 at the start, %2 at the end of the baseline (VmHWM %3)"_s.arg(
        mib(before.rssKiB), mib(baseline.rssKiB), mib(baseline.hwmKiB)));
    bool baselineOk = true;
    for (const auto &viewer : viewers) {
        baselineOk = baselineOk && viewer->rate(baseFrom, baseTo) >= MinBaselineFps;
    }
    check(u"every viewer streams at least %1 frames/s at baseline"_s.arg(MinBaselineFps), baselineOk);

    // --- Phase 2: attack ---
    say(u"\nPhase 2: attack for %1 s"_s.arg(AttackMs / 1000));
    // The attackers live on their own thread: a client busy pushing 50 MB or spawning 200 connections
    // must not stall the normal viewers' event loop (which would look like the server stalling them).
    QThread attackThread;
    auto *attackers = new QObject;
    attackers->moveToThread(&attackThread);
    attackThread.start();
    std::vector<RawClient *> raw;
    std::vector<RawClient *> silent;
    std::vector<BadWebSocket *> badSockets;
    const qint64 attackFrom = nowMs();
    QMetaObject::invokeMethod(
        attackers,
        [&, attackers] {
            for (int i = 0; i < GarbageTcpClients; ++i) {
                raw.push_back(new GarbageTcp(attackers));
            }
            for (int i = 0; i < SlowLorisClients; ++i) {
                raw.push_back(new SlowLoris(attackers));
            }
            raw.push_back(new HeaderFlood(attackers));
            raw.push_back(new RawWebSocket(RawWebSocket::Mode::AnnounceHuge, hostileCookie, attackers));
            raw.push_back(new RawWebSocket(RawWebSocket::Mode::NeverRead, hostileCookie, attackers));
            raw.push_back(new HugeBody(u"huge body /api/login"_s, "POST", "/api/login", {}, attackers));
            raw.push_back(new HugeBody(u"huge body upload piece"_s, "PUT", "/api/uploads/" + uploadId + "?offset=0",
                                       controlCookie, attackers));
            badSockets.push_back(new BadWebSocket(
                u"ws garbage binary"_s, hostileCookie,
                [](QWebSocket *s) {
                    s->sendBinaryMessage(helloMessage());
                    s->sendBinaryMessage(QByteArray(1, '\x7e') + randomBytes(40)); // unknown type
                },
                attackers));
            badSockets.push_back(new BadWebSocket(
                u"ws garbage before HELLO"_s, hostileCookie,
                [](QWebSocket *s) { s->sendBinaryMessage(randomBytes(64)); }, attackers));
            badSockets.push_back(new BadWebSocket(
                u"ws text message"_s, hostileCookie,
                [](QWebSocket *s) {
                    s->sendBinaryMessage(helloMessage());
                    s->sendTextMessage(u"{\"type\":\"garbage\"}"_s);
                },
                attackers));
            badSockets.push_back(new BadWebSocket(
                u"ws 1000-byte message"_s, hostileCookie,
                [](QWebSocket *s) {
                    s->sendBinaryMessage(helloMessage());
                    s->sendBinaryMessage(QByteArray(1, '\x03') + randomBytes(999));
                },
                attackers));
            raw.push_back(new RawWebSocket(RawWebSocket::Mode::Oversize, hostileCookie, attackers));
            QTimer::singleShot(SilentStartDelayMs, attackers, [&, attackers] {
                for (int i = 0; i < SilentConnections; ++i) {
                    silent.push_back(new Silent(attackers));
                }
            });
        },
        Qt::QueuedConnection);
    Memory peak = baseline;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        const Memory m = serverMemory(pid);
        peak.rssKiB = std::max(peak.rssKiB, m.rssKiB);
    });
    sampler.start(RssSampleMs);
    pump(AttackMs);
    sampler.stop();
    const qint64 attackTo = nowMs();
    const std::vector<Fate> hostileFates = fatesOf(attackers, raw, badSockets);
    std::vector<Fate> silentFates;
    // Silent connections are judged each from its own connection: a flood larger than the listen backlog gets
    // through the kernel in waves (SYN retries), and those admitted late (when other hostile connections were cut
    // and freed places) have their own header deadline. Wait until each has had it, at most CutOffDeadlineMs
    // after the attack.
    const auto collectSilent = [&] {
        silentFates = fatesOf(attackers, silent);
        return std::any_of(silentFates.begin(), silentFates.end(), [](const Fate &f) { return f.open(); });
    };
    for (const qint64 deadline = nowMs() + CutOffDeadlineMs; collectSilent() && nowMs() < deadline;) {
        pump(500);
    }
    const Memory afterAttack = serverMemory(pid);
    peak.rssKiB = std::max(peak.rssKiB, afterAttack.rssKiB);

    printRates(u"under attack"_s, viewers, attackFrom, attackTo);
    say(u"  server RSS peak %1 (baseline %2, bound %3), VmHWM %4"_s.arg(
        mib(peak.rssKiB), mib(baseline.rssKiB), mib(baseline.rssKiB + RssHeadroomKiB), mib(afterAttack.hwmKiB)));
    say(u"  hostile connections (survived = from connect request to the server ending it):"_s);
    auto describe = [&](const Fate &f) {
        QString text = u"    %1: %2"_s.arg(f.kind, -24)
                           .arg(f.open() ? u"still open after %1 ms"_s.arg(f.survivedMs(attackTo))
                                         : u"closed after %1 ms"_s.arg(f.survivedMs(attackTo)));
        text +=
            f.connectedAt < 0 ? u", never connected"_s : u", connected after %1 ms"_s.arg(f.connectedAt - f.startedAt);
        if (f.closeCode >= 0) {
            text += u", close code %1"_s.arg(f.closeCode);
        }
        if (f.httpStatus) {
            text += u", HTTP %1"_s.arg(f.httpStatus);
        }
        text += u", %1 bytes sent"_s.arg(f.bytesSent);
        if (!f.note.isEmpty()) {
            text += u" (%1)"_s.arg(f.note);
        }
        say(text);
    };
    for (const Fate &f : hostileFates) {
        describe(f);
    }
    int silentRefused = 0;
    int silentCut = 0;
    int silentOpen = 0;
    int silentConnected = 0;
    qint64 silentLongest = 0;
    // The most silent connections the server held at once (refused ones, closed at once, do not count).
    std::vector<std::pair<qint64, int>> silentEvents;
    const qint64 silentJudged = nowMs();
    for (const Fate &f : silentFates) {
        silentConnected += f.connectedAt >= 0;
        if (f.connectedAt >= 0) {
            silentLongest = std::max(silentLongest, (f.open() ? silentJudged : f.closedAt) - f.connectedAt);
        }
        if (f.connectedAt >= 0 && !f.refused()) {
            silentEvents.emplace_back(f.connectedAt, +1);
            silentEvents.emplace_back(f.open() ? silentJudged : f.closedAt, -1);
        }
        if (f.open()) {
            ++silentOpen;
        } else if (f.refused()) {
            ++silentRefused;
        } else {
            ++silentCut;
        }
    }
    say(u"    silent x%1: %2 connected, %3 refused (closed within %4 ms), %5 cut off later, %6 still open; "
        "longest %7 ms"_s.arg(silentFates.size())
            .arg(silentConnected)
            .arg(silentRefused)
            .arg(RefusedWithinMs)
            .arg(silentCut)
            .arg(silentOpen)
            .arg(silentLongest));

    // The checks of phase 2.
    QList<double> baselineRates;
    for (const auto &viewer : viewers) {
        baselineRates.append(viewer->rate(baseFrom, baseTo));
    }
    const double baselineMedian = median(baselineRates);
    QStringList slowViewers;
    QStringList stalledViewers;
    qint64 longestGap = 0;
    for (const auto &viewer : viewers) {
        const double attacked = viewer->rate(attackFrom, attackTo);
        if (attacked < MinRateRatio * baselineMedian) {
            slowViewers.append(u"#%1 %2"_s.arg(viewer->index()).arg(attacked, 0, 'f', 1));
        }
        const qint64 gap = viewer->longestGap(attackFrom, attackTo);
        longestGap = std::max(longestGap, gap);
        if (gap > MaxFrameGapMs) {
            stalledViewers.append(u"#%1 %2 ms"_s.arg(viewer->index()).arg(gap));
        }
    }
    say(u"  longest wait for a frame during the attack: %1 ms"_s.arg(longestGap));
    check(u"every normal viewer keeps ≥ %1 % of the baseline median rate %2 frames/s"_s.arg(MinRateRatio * 100)
              .arg(baselineMedian, 0, 'f', 1),
          slowViewers.isEmpty(), slowViewers.join(u", "_s));
    check(u"no normal viewer waits more than %1 ms for a frame"_s.arg(MaxFrameGapMs), stalledViewers.isEmpty(),
          stalledViewers.join(u", "_s));
    QStringList dropped;
    for (const auto &viewer : viewers) {
        if (viewer->closed()) {
            dropped.append(u"#%1 (%2)"_s.arg(viewer->index()).arg(viewer->closeText()));
        }
    }
    check(u"no normal viewer is disconnected"_s, dropped.isEmpty(), dropped.join(u", "_s));
    check(u"server RSS stays under baseline + %1"_s.arg(mib(RssHeadroomKiB)),
          peak.rssKiB <= baseline.rssKiB + RssHeadroomKiB,
          u"peak %1, baseline %2"_s.arg(mib(peak.rssKiB), mib(baseline.rssKiB)));
    auto fates = [&](const QString &kindPrefix) {
        QList<Fate> list;
        for (const Fate &f : hostileFates) {
            if (f.kind.startsWith(kindPrefix)) {
                list.append(f);
            }
        }
        return list;
    };
    auto allClosedWithin = [&](const QString &kind, qint64 limitMs) {
        QStringList late;
        for (const Fate &f : fates(kind)) {
            if (f.open() || f.survivedMs(attackTo) > limitMs) {
                late.append(f.open() ? u"open after %1 ms"_s.arg(f.survivedMs(attackTo))
                                     : u"closed after %1 ms"_s.arg(f.survivedMs(attackTo)));
            }
        }
        check(u"%1 cut off within %2 ms"_s.arg(kind).arg(limitMs), late.isEmpty(), late.join(u"; "_s));
    };
    allClosedWithin(u"tcp garbage"_s, GarbageCutOffMs);
    allClosedWithin(u"slow-loris"_s, CutOffDeadlineMs);
    check(u"silent connections each gone within %1 ms of connecting"_s.arg(CutOffDeadlineMs),
          silentOpen == 0 && silentLongest <= CutOffDeadlineMs,
          u"%1 still open, longest %2 ms"_s.arg(silentOpen).arg(silentLongest));
    // The normal viewers hold NormalViewers of the address's PerAddressLimit connections: at most the rest of the
    // silent ones may be held open (the other hostile ones take some too, so this is an upper bound).
    std::sort(silentEvents.begin(), silentEvents.end()); // at equal times a close (-1) before an open
    int silentHeld = 0;
    int silentHeldMost = 0;
    for (const auto &[at, delta] : silentEvents) {
        silentHeld += delta;
        silentHeldMost = std::max(silentHeldMost, silentHeld);
    }
    check(u"silent connections held at once ≤ per-address limit %1 − %2 viewers"_s.arg(PerAddressLimit)
              .arg(NormalViewers),
          silentHeldMost <= PerAddressLimit - NormalViewers,
          u"%1 held at once (%2 held longer than %3 ms in all)"_s.arg(silentHeldMost)
              .arg(qsizetype(silentFates.size()) - silentRefused - silentOpen)
              .arg(RefusedWithinMs));
    for (const QString &kind :
         {u"ws garbage binary"_s, u"ws garbage before HELLO"_s, u"ws text message"_s, u"ws 1000-byte message"_s}) {
        for (const Fate &f : fates(kind)) {
            check(u"%1 closed with a protocol close code within %2 ms"_s.arg(kind).arg(GarbageCutOffMs),
                  !f.open() && GarbageCloseCodes.contains(f.closeCode) && f.survivedMs(attackTo) <= GarbageCutOffMs,
                  f.open() ? u"still open"_s : u"code %1"_s.arg(f.closeCode));
        }
    }
    for (const Fate &f : fates(u"ws 64 MiB frame"_s)) {
        // Over TLS the client's socket encrypts and hands the kernel everything it is given while the server's TLS
        // layer goes on reading (and dropping) until the connection ends, and the close frame may be lost in the
        // client's own writing: there only the cut-off counts here, and the RSS bound above shows the frame was not
        // buffered.
        check(u"64 MiB frame refused before it is buffered"_s,
              !f.open() && f.survivedMs(attackTo) <= GarbageCutOffMs
                  && (useTls() || f.bytesSent < OversizeMessageBytes),
              u"%1, %2 of %3 bytes taken, code %4"_s.arg(f.open() ? u"open"_s : u"closed"_s)
                  .arg(f.bytesSent)
                  .arg(OversizeMessageBytes)
                  .arg(f.closeCode));
    }
    for (const Fate &f : fates(u"ws 1 GiB header"_s)) {
        check(u"1 GiB frame header refused at once"_s,
              f.httpStatus == 101 && !f.open() && f.survivedMs(attackTo) <= GarbageCutOffMs,
              u"HTTP %1, %2, code %3"_s.arg(f.httpStatus).arg(f.open() ? u"open"_s : u"closed"_s).arg(f.closeCode));
    }
    for (const Fate &f : fates(u"huge body"_s)) {
        // 413 is the answer; a server that answers and closes while we are still sending may make our kernel
        // drop the answer (RST), so a close long before the body is through counts as refused too.
        const bool answered413 = f.httpStatus == 413;
        const bool cutEarly = !f.open() && f.bytesSent < HugeBodySentBytes / 2;
        const qint64 limit = f.kind.contains(u"upload"_s) ? MaxUploadPieceBytes : MaxBodyBytes;
        check(u"%1 refused (413 or cut) long before it is through"_s.arg(f.kind),
              (answered413 || cutEarly) && f.survivedMs(attackTo) <= GarbageCutOffMs,
              u"HTTP %1, %2, %3 bytes taken (limit %4)"_s.arg(f.httpStatus)
                  .arg(f.open() ? u"still open"_s : u"closed after %1 ms"_s.arg(f.survivedMs(attackTo)))
                  .arg(f.bytesSent)
                  .arg(limit));
    }
    for (const Fate &f : fates(u"header flood"_s)) {
        check(u"%1 KiB of headers refused (431 or cut) at once"_s.arg(HeaderFloodFactor * MaxHeaderBytes / 1024),
              (f.httpStatus == 431 || !f.open()) && f.survivedMs(attackTo) <= GarbageCutOffMs,
              u"HTTP %1, %2"_s.arg(f.httpStatus)
                  .arg(f.open() ? u"still open"_s : u"closed after %1 ms"_s.arg(f.survivedMs(attackTo))));
    }

    // --- Phase 3: afterwards ---
    say(u"\nPhase 3: afterwards"_s);
    QMetaObject::invokeMethod(
        attackers,
        [&] {
            for (RawClient *client : raw) {
                client->abort();
            }
            for (RawClient *client : silent) {
                client->abort();
            }
            for (BadWebSocket *socket : badSockets) {
                socket->abort();
            }
            const auto objects = attackers->children();
            qDeleteAll(objects);
        },
        Qt::BlockingQueuedConnection);
    attackThread.quit();
    attackThread.wait();
    delete attackers;
    pump(AfterSettleMs);
    check(u"the server process is alive"_s, env.deskport->running() && QFile::exists(u"/proc/%1"_s.arg(pid)));
    const HttpReply session = httpRequest("GET", "/api/session", viewerCookies.front());
    check(u"/api/session answers 200"_s, session.status == 200,
          u"HTTP %1 %2"_s.arg(session.status).arg(QString::fromUtf8(session.body)));
    const QByteArray lateCookie = login(ViewPassword);
    Viewer late(NormalViewers, lateCookie);
    check(u"a new viewer logs in and gets a frame"_s,
          !lateCookie.isEmpty() && waitUntil([&] { return late.gotFrame(); }, 10000));
    const qint64 restFrom = nowMs();
    pump(2000);
    printRates(u"after the attack"_s, viewers, restFrom, nowMs());
    const Memory after = serverMemory(pid);
    say(u"  server RSS %1 (baseline %2), VmHWM %3"_s.arg(mib(after.rssKiB), mib(baseline.rssKiB), mib(after.hwmKiB)));
    check(u"server RSS back within baseline + %1"_s.arg(mib(RssAfterHeadroomKiB)),
          after.rssKiB >= 0 && after.rssKiB <= baseline.rssKiB + RssAfterHeadroomKiB);
    late.close();
    for (auto &viewer : viewers) {
        viewer->close();
    }
    pump(200);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    g_clock.start();
    QCoreApplication app(argc, argv);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        std::signal(signal, onFatalSignal);
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::atexit([] { killAllGroups(SIGKILL); });
    const int setup = run();
    killAllGroups(SIGKILL); // normally already stopped by the Environment's destructor
    int failed = 0;
    for (const Check &c : g_checks) {
        failed += !c.ok;
    }
    say(u"\n%1 checks, %2 failed, %3 s"_s.arg(g_checks.size()).arg(failed).arg(double(nowMs()) / 1000.0, 0, 'f', 1));
    for (const Check &c : g_checks) {
        if (!c.ok) {
            say(u"  FAILED: %1 %2"_s.arg(c.name, c.detail));
        }
    }
    return failed || setup ? 1 : 0;
}
