#include "server/hosttools.h"

#include "host/byterange.h"
#include "host/zipstream.h"
#include "server/auth.h"
#include "server/hostrequest.h"
#include "server/httpreply.h"
#include "server/peeraddress.h"
#include "server/prefixrule.h"
#include "server/serverlog.h"
#include "server/terminalsession.h"

#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerRouter>
#include <QJsonArray>
#include <QMimeDatabase>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>
#include <QWebSocket>

#include <optional>

namespace deskport {

namespace {

constexpr int SystemSampleShareMs = 500;

using Method = QHttpServerRequest::Method;

int statusFor(FileRootError error)
{
    switch (error) {
    case FileRootError::None:
        return 200;
    case FileRootError::UnknownRoot:
    case FileRootError::NotFound:
        return 404;
    case FileRootError::OutsideRoot:
    case FileRootError::AccessDenied:
        return 403;
    case FileRootError::BadName:
        return 400;
    case FileRootError::NotADirectory:
        return 409;
    }
    return 500;
}

int statusFor(UploadStore::Error error)
{
    switch (error) {
    case UploadStore::Error::None:
        return 200;
    case UploadStore::Error::Exists:
    case UploadStore::Error::WrongOffset:
    case UploadStore::Error::Incomplete:
        return 409;
    case UploadStore::Error::TooLarge:
        return 413;
    case UploadStore::Error::NoSpace:
        return 507;
    case UploadStore::Error::NotFound:
        return 404;
    case UploadStore::Error::Failed:
        return 500;
    }
    return 500;
}

// RFC 6266: a plain ASCII fallback for old clients and the exact UTF-8 name.
QByteArray contentDisposition(const char *kind, const QString &fileName)
{
    QByteArray fallback;
    for (QChar c : fileName) {
        fallback += (c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\') ? char(c.unicode()) : '_';
    }
    return QByteArray(kind) + "; filename=\"" + fallback + "\"; filename*=UTF-8''"
        + fileName.toUtf8().toPercentEncoding();
}

// What an inline (preview) answer may be typed as: media the browser shows by itself and plain text. Anything
// that could run script in the portal's origin (HTML, SVG, XML, PDF) is only ever an attachment.
QByteArray inlineType(const QString &absolutePath)
{
    static const QMimeDatabase database;
    const QMimeType type = database.mimeTypeForFile(absolutePath);
    const QString name = type.name();
    if ((name.startsWith(QLatin1String("image/")) && name != QLatin1String("image/svg+xml"))
        || name.startsWith(QLatin1String("audio/")) || name.startsWith(QLatin1String("video/"))) {
        return name.toLatin1();
    }
    if (type.inherits(QStringLiteral("text/plain"))) {
        return QByteArrayLiteral("text/plain; charset=utf-8");
    }
    return {};
}

QJsonObject entryJson(const FileEntry &entry)
{
    return QJsonObject{
        {QStringLiteral("name"), entry.name},
        {QStringLiteral("type"), entry.isDir ? QStringLiteral("dir") : QStringLiteral("file")},
        {QStringLiteral("size"), double(entry.size)},
        {QStringLiteral("modified"), double(entry.modifiedMs)},
        {QStringLiteral("symlink"), entry.isSymlink},
        {QStringLiteral("followable"), entry.followable},
    };
}

} // namespace

HostTools::HostTools(const Auth *auth, QObject *parent)
    : QObject(parent)
    , m_auth(auth)
    , m_roots(FileRoots::fromConfiguration({}))
{
}

HostTools::~HostTools()
{
    closeAll(QStringLiteral("Deskport is quitting"));
}

void HostTools::addRoutes(QHttpServerRouter *router)
{
    // The rules match by prefix and ignore the view-handler arguments; an argument-less handler type tells the
    // router there are no path placeholders to convert.
    auto noArguments = [] {};
    using NoArguments = decltype(noArguments);
    const auto handler = [this](void (HostTools::*method)(const QHttpServerRequest &, QTcpSocket *, const QString &)) {
        return [this, method](const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest) {
            (this->*method)(request, socket, rest);
        };
    };
    router->addRule<NoArguments>(std::make_unique<PrefixRule>(QStringLiteral("/api/system"), Method::Get,
                                                              handler(&HostTools::handleSystem)));
    router->addRule<NoArguments>(std::make_unique<PrefixRule>(QStringLiteral("/api/files/"),
                                                              Method::Get | Method::Post,
                                                              handler(&HostTools::handleFiles)));
    router->addRule<NoArguments>(std::make_unique<PrefixRule>(QStringLiteral("/api/uploads/"),
                                                              Method::Put | Method::Post | Method::Delete,
                                                              handler(&HostTools::handleUploads)));
}

void HostTools::setOptions(const HostToolOptions &options)
{
    const HostToolOptions previous = m_options;
    m_options = options;
    if (options.fileRoots != previous.fileRoots) {
        m_roots = FileRoots::fromConfiguration(options.fileRoots);
        qCInfo(lcServer).noquote() << "file roots:" << m_roots.rootNames().join(QStringLiteral(", "));
    }
    if (!options.fileAccess || options.fileRoots != previous.fileRoots) {
        m_uploads.abortAll();
    }
    if (!options.terminal) {
        closeTerminals([](const TerminalSession &) { return true; }, QWebSocketProtocol::CloseCodeGoingAway,
                       QStringLiteral("the terminal was switched off"));
    }
}

bool HostTools::mayUse(Tool tool, Role role) const
{
    if (role == Role::None) {
        return false;
    }
    switch (tool) {
    case Tool::System:
        return role == Role::Control || m_options.systemForViewOnly;
    case Tool::Files:
        return role == Role::Control && m_options.fileAccess;
    case Tool::Terminal:
        return role == Role::Control && m_options.terminal;
    }
    return false;
}

QJsonObject HostTools::toolsFor(Role role) const
{
    return QJsonObject{
        {QStringLiteral("system"), mayUse(Tool::System, role)},
        {QStringLiteral("files"), mayUse(Tool::Files, role)},
        {QStringLiteral("terminal"), mayUse(Tool::Terminal, role)},
    };
}

std::optional<HostTools::Caller> HostTools::admit(const QHttpServerRequest &request, QTcpSocket *socket,
                                                  Tool tool) const
{
    Caller caller;
    caller.token = Auth::tokenFromCookieHeader(request.value("Cookie"));
    caller.role = m_auth->sessionRole(caller.token);
    if (caller.role == Role::None) {
        writeJsonError(socket, 401, QStringLiteral("not logged in"));
        return std::nullopt;
    }
    if (!mayUse(tool, caller.role)) {
        const bool switchedOff = caller.role == Role::Control || tool == Tool::System;
        const QString reason = switchedOff ? QStringLiteral("this tool is switched off on the host")
                                           : QStringLiteral("this tool needs the control role");
        qCInfo(lcServer).noquote() << "refused" << request.url().path() << "to a" << roleName(caller.role)
                                   << "session from" << peerName(request.remoteAddress()) << ":" << reason;
        writeJsonError(socket, 403, reason);
        return std::nullopt;
    }
    return caller;
}

void HostTools::handleSystem(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest)
{
    if (!rest.isEmpty()) {
        writeJsonError(socket, 404, QStringLiteral("not found"));
        return;
    }
    if (!admit(request, socket, Tool::System)) {
        return;
    }
    // Several open panels share one sample, so each still sees usage over about a second.
    if (m_lastSystemSample.isEmpty() || m_lastSystemSampleAge.hasExpired(SystemSampleShareMs)) {
        SystemSnapshot snapshot = m_systemInfo.snapshot();
        if (m_screens) {
            snapshot.screens = m_screens();
        }
        m_lastSystemSample = toJson(snapshot);
        m_lastSystemSampleAge.start();
    }
    writeJsonResponse(socket, 200, m_lastSystemSample);
}

void HostTools::handleFiles(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest)
{
    const std::optional<Caller> caller = admit(request, socket, Tool::Files);
    if (!caller) {
        return;
    }
    const qsizetype slash = rest.indexOf(u'/');
    const QString action = rest.left(slash);
    const bool isGet = request.method() == Method::Get;
    if (action == QLatin1String("roots") && slash < 0 && isGet) {
        QJsonArray roots;
        for (const QString &name : m_roots.rootNames()) {
            roots.append(name);
        }
        writeJsonResponse(socket, 200, QJsonObject{{QStringLiteral("roots"), roots}});
        return;
    }
    const bool known = (isGet && (action == QLatin1String("list") || action == QLatin1String("download")
                                  || action == QLatin1String("zip")))
        || (!isGet && action == QLatin1String("upload"));
    if (!known || slash < 0) {
        writeJsonError(socket, 404, QStringLiteral("no such route"));
        return;
    }
    const FilePath path = parseFilePath(rest.mid(slash + 1));
    if (path.status != 0) {
        qCInfo(lcServer).noquote() << "refused" << request.url().path(QUrl::FullyEncoded) << "from"
                                   << peerName(request.remoteAddress()) << ":" << path.reason;
        writeJsonError(socket, path.status, path.reason);
        return;
    }
    if (action == QLatin1String("list")) {
        listFolder(socket, path.root, path.path);
    } else if (action == QLatin1String("download")) {
        download(request, socket, path.root, path.path);
    } else if (action == QLatin1String("zip")) {
        downloadFolder(request, socket, path.root, path.path);
    } else {
        startUpload(request, socket, *caller, path.root, path.path);
    }
}

void HostTools::listFolder(QTcpSocket *socket, const QString &root, const QString &path)
{
    const DirectoryListing listing = m_roots.list(root, path);
    if (!listing.directory.ok()) {
        writeJsonError(socket, statusFor(listing.directory.error), listing.directory.reason);
        return;
    }
    QJsonArray entries;
    for (const FileEntry &entry : listing.entries) {
        entries.append(entryJson(entry));
    }
    writeJsonResponse(socket, 200,
                      QJsonObject{{QStringLiteral("root"), root},
                                  {QStringLiteral("path"), listing.directory.relativePath},
                                  {QStringLiteral("entries"), entries}});
}

void HostTools::download(const QHttpServerRequest &request, QTcpSocket *socket, const QString &root,
                         const QString &path)
{
    const ResolvedPath resolved = m_roots.resolve(root, path);
    if (!resolved.ok()) {
        writeJsonError(socket, statusFor(resolved.error), resolved.reason);
        return;
    }
    if (!resolved.isFile) {
        writeJsonError(socket, 409, resolved.isDir ? QStringLiteral("a folder: download it as a zip")
                                                   : QStringLiteral("not a regular file"));
        return;
    }
    auto file = std::make_shared<QFile>(resolved.absolutePath);
    if (!file->open(QIODevice::ReadOnly)) {
        writeJsonError(socket, 403, QStringLiteral("cannot read the file: %1").arg(file->errorString()));
        return;
    }
    const qint64 size = file->size();
    const ByteRange range = ByteRange::parse(request.value("Range"), size);
    const QString fileName = QFileInfo(resolved.absolutePath).fileName();
    HttpHeaders headers{{QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes")},
                        // A second policy: both apply, so the host's file never runs as part of the portal.
                        {QByteArrayLiteral("Content-Security-Policy"), QByteArrayLiteral("sandbox")}};
    if (range.kind() == ByteRange::Kind::Unsatisfiable) {
        headers.append({QByteArrayLiteral("Content-Range"), range.contentRange()});
        writeJsonError(socket, 416, QStringLiteral("the range lies outside the file"), headers);
        return;
    }
    const bool wantsInline = QUrlQuery(request.url()).queryItemValue(QStringLiteral("inline")) == QLatin1String("1");
    const QByteArray previewType = wantsInline ? inlineType(resolved.absolutePath) : QByteArray();
    headers.append({QByteArrayLiteral("Content-Type"),
                    previewType.isEmpty() ? QByteArrayLiteral("application/octet-stream") : previewType});
    headers.append({QByteArrayLiteral("Content-Disposition"),
                    contentDisposition(previewType.isEmpty() ? "attachment" : "inline", fileName)});
    int status = 200;
    if (range.kind() == ByteRange::Kind::Partial) {
        status = 206;
        headers.append({QByteArrayLiteral("Content-Range"), range.contentRange()});
    }
    if (!file->seek(range.start())) {
        writeJsonError(socket, 500, QStringLiteral("cannot read the file: %1").arg(file->errorString()));
        return;
    }
    const QString peer = peerName(request.remoteAddress());
    qCInfo(lcServer).noquote() << "download of" << resolved.relativePath << "bytes" << range.start() << "+"
                               << range.length() << "of" << size << "to" << peer;
    StreamedBody::start(
        socket, status, headers, range.length(),
        [file](qint64 maxBytes, QString *error) {
            QByteArray piece = file->read(maxBytes);
            if (piece.isEmpty() && file->error() != QFileDevice::NoError) {
                *error = file->errorString();
            }
            return piece;
        },
        [relative = resolved.relativePath, peer](qint64 bytes, bool ok) {
            if (!ok) {
                qCInfo(lcServer).noquote() << "download of" << relative << "to" << peer << "ended after" << bytes
                                           << "bytes";
            }
        });
}

void HostTools::downloadFolder(const QHttpServerRequest &request, QTcpSocket *socket, const QString &root,
                               const QString &path)
{
    const ResolvedPath resolved = m_roots.resolve(root, path);
    if (!resolved.ok()) {
        writeJsonError(socket, statusFor(resolved.error), resolved.reason);
        return;
    }
    if (!resolved.isDir) {
        writeJsonError(socket, 409, QStringLiteral("not a folder"));
        return;
    }
    // The root itself is named after the root, not after the host's folder name.
    const QString name = resolved.relativePath.isEmpty() ? root : QFileInfo(resolved.absolutePath).fileName();
    auto zip = std::make_shared<ZipStream>(resolved.absolutePath, m_roots.rootPath(root), name);
    const QString peer = peerName(request.remoteAddress());
    qCInfo(lcServer).noquote() << "zip of" << (resolved.relativePath.isEmpty() ? root : resolved.relativePath)
                               << "to" << peer;
    const HttpHeaders headers{
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/zip")},
        {QByteArrayLiteral("Content-Disposition"), contentDisposition("attachment", name + QStringLiteral(".zip"))},
        {QByteArrayLiteral("Content-Security-Policy"), QByteArrayLiteral("sandbox")}};
    StreamedBody::start(
        socket, 200, headers, -1, [zip](qint64 maxBytes, QString *) { return zip->read(maxBytes); },
        [zip, name, peer](qint64 bytes, bool ok) {
            qCInfo(lcServer).noquote() << "zip of" << name << "to" << peer << (ok ? "sent:" : "cut after")
                                       << bytes << "bytes," << zip->entryCount() << "entries";
            if (!zip->skipped().isEmpty()) {
                qCInfo(lcServer).noquote() << "left out of the zip:" << zip->skipped().join(QStringLiteral(", "));
            }
        });
}

void HostTools::startUpload(const QHttpServerRequest &request, QTcpSocket *socket, const Caller &caller,
                            const QString &root, const QString &path)
{
    const QUrlQuery query(request.url());
    const std::optional<qint64> size = parseCount(query.queryItemValue(QStringLiteral("size")));
    if (!size) {
        writeJsonError(socket, 400, QStringLiteral("expected ?size=<bytes>"));
        return;
    }
    const ResolvedPath target = m_roots.resolveForCreate(root, path);
    if (!target.ok()) {
        writeJsonError(socket, statusFor(target.error), target.reason);
        return;
    }
    const bool overwrite = query.queryItemValue(QStringLiteral("overwrite")) == QLatin1String("1");
    const UploadStore::Result started = m_uploads.start(caller.token, target, *size, overwrite,
                                                        m_options.uploadLimit);
    if (!started.ok()) {
        writeJsonError(socket, statusFor(started.error), started.reason);
        return;
    }
    writeJsonResponse(socket, 201,
                      QJsonObject{{QStringLiteral("id"), QString::fromLatin1(started.id)},
                                  {QStringLiteral("chunkSize"), double(UploadStore::ChunkSize)}});
}

void HostTools::handleUploads(const QHttpServerRequest &request, QTcpSocket *socket, const QString &rest)
{
    const std::optional<Caller> caller = admit(request, socket, Tool::Files);
    if (!caller) {
        return;
    }
    const QByteArray id = rest.toLatin1();
    if (id.isEmpty() || rest.contains(u'/')) {
        writeJsonError(socket, 404, QStringLiteral("no such upload"));
        return;
    }
    const QUrlQuery query(request.url());
    UploadStore::Result result;
    int okStatus = 200;
    QJsonObject okBody;
    switch (request.method()) {
    case Method::Put: {
        const std::optional<qint64> offset = parseCount(query.queryItemValue(QStringLiteral("offset")));
        if (!offset) {
            writeJsonError(socket, 400, QStringLiteral("expected ?offset=<bytes received so far>"));
            return;
        }
        result = m_uploads.append(caller->token, id, *offset, request.body());
        okBody = QJsonObject{{QStringLiteral("received"), double(result.received)}};
        break;
    }
    case Method::Post: {
        const bool overwrite = query.queryItemValue(QStringLiteral("overwrite")) == QLatin1String("1");
        result = m_uploads.finish(caller->token, id, overwrite);
        okStatus = 201;
        okBody = QJsonObject{{QStringLiteral("path"), result.relativePath},
                             {QStringLiteral("size"), double(result.received)}};
        break;
    }
    case Method::Delete:
        if (!m_uploads.abort(caller->token, id)) {
            writeJsonError(socket, 404, QStringLiteral("no such upload"));
        } else {
            writeHttpResponse(socket, 204, QByteArrayLiteral("application/json"), {});
        }
        return;
    default:
        writeJsonError(socket, 405, QStringLiteral("method not allowed"));
        return;
    }
    if (!result.ok()) {
        QJsonObject error{{QStringLiteral("error"), result.reason}};
        if (result.error == UploadStore::Error::WrongOffset || result.error == UploadStore::Error::Incomplete) {
            error.insert(QStringLiteral("received"), double(result.received));
        }
        writeJsonResponse(socket, statusFor(result.error), error);
        return;
    }
    writeJsonResponse(socket, okStatus, okBody);
}

void HostTools::acceptTerminal(std::unique_ptr<QWebSocket> socket, const QByteArray &sessionToken, Role role,
                               const QString &peer)
{
    if (!mayUse(Tool::Terminal, role) || m_auth->sessionRole(sessionToken) != role) {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no terminal for this session"));
        return;
    }
    const auto sameSession = [&sessionToken](const auto &entry) {
        return entry.second->sessionToken() == sessionToken;
    };
    if (std::count_if(m_terminals.begin(), m_terminals.end(), sameSession) >= MaxTerminalsPerSession) {
        qCWarning(lcServer).noquote() << "terminal refused for" << peer << ": already"
                                      << MaxTerminalsPerSession << "open";
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many terminals"));
        return;
    }
    auto terminal = std::make_unique<TerminalSession>(std::move(socket), sessionToken);
    TerminalSession *session = terminal.get();
    connect(session, &TerminalSession::finished, this, [this](TerminalSession *ended) {
        const auto it = m_terminals.find(ended);
        if (it != m_terminals.end()) {
            // Not deleted here: the signal comes from inside the session.
            it->second.release()->deleteLater();
            m_terminals.erase(it);
        }
    });
    m_terminals.emplace(session, std::move(terminal));
    session->start(peer);
}

QList<qint64> HostTools::terminalShells() const
{
    QList<qint64> shells;
    for (const auto &[session, terminal] : m_terminals) {
        if (terminal->shellProcessId() > 0) {
            shells.append(terminal->shellProcessId());
        }
    }
    return shells;
}

void HostTools::closeTerminals(const std::function<bool(const TerminalSession &)> &which, int code,
                               const QString &reason)
{
    QList<TerminalSession *> chosen;
    for (const auto &[session, terminal] : m_terminals) {
        if (which(*terminal)) {
            chosen.append(session);
        }
    }
    for (TerminalSession *session : chosen) {
        if (m_terminals.count(session)) {
            session->close(QWebSocketProtocol::CloseCode(code), reason);
        }
    }
}

void HostTools::endSession(const QByteArray &sessionToken)
{
    m_uploads.abortOwner(sessionToken);
    closeTerminals([&sessionToken](const TerminalSession &terminal) { return terminal.sessionToken() == sessionToken; },
                   4401, QStringLiteral("session ended"));
}

void HostTools::closeAll(const QString &reason)
{
    m_uploads.abortAll();
    closeTerminals([](const TerminalSession &) { return true; }, QWebSocketProtocol::CloseCodeGoingAway, reason);
}

} // namespace deskport
