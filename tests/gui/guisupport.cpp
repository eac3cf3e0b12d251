#include "guisupport.h"

#include "support/jpegquality.h"

#include <QApplication>
#include <QDir>
#include <QNetworkProxy>
#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>

namespace deskport::guitest {

void prepareApplication()
{
    // As main() does: the tray icon's X window is named after the application ("Deskport").
    QCoreApplication::setApplicationName(QStringLiteral("Deskport"));
    QCoreApplication::setOrganizationName(QStringLiteral("Deskport"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("deskport.org"));
    // The tests talk to 127.0.0.1 only; a proxy from the environment must not get in between.
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
}

QString artifactsDir()
{
    QString path = qEnvironmentVariable("DESKPORT_ARTIFACTS");
    if (path.isEmpty()) {
        path = QDir::current().filePath(QStringLiteral("artifacts"));
    }
    QDir().mkpath(path);
    return path;
}

DeskportApp::~DeskportApp()
{
    // main()'s order: the front end first, then sharing off, then the service.
    tray.reset();
    if (controller) {
        controller->setSharing(false);
    }
    service.reset();
    controller.reset();
    passwords.reset();
    store.reset();
}

bool DeskportApp::build(TrayController::Mode mode, QString *error)
{
    if (!dir.isValid()) {
        *error = QStringLiteral("no temporary directory: %1").arg(dir.errorString());
        return false;
    }
    store = std::make_unique<QSettings>(dir.filePath(QStringLiteral("Deskport.conf")), QSettings::IniFormat);
    passwords = std::make_unique<PasswordStore>(*store);
    // Few PBKDF2 iterations: logins in tests should take milliseconds.
    passwords->setPasswords(ControlPassword, ViewPassword, 1000);

    Settings settings;
    settings.port = freePort();
    settings.bindAddress = QHostAddress(QHostAddress::LocalHost);
    settings.language = QStringLiteral("en"); // not the machine's language: the tests compare texts
    // Plain HTTP: the tests talk to the server with plain clients. tst_tray's encryptionConsentAndAuditInTheTray
    // switches HTTPS on for itself, and the browser tests run over HTTPS.
    settings.tls = false;
    if (settings.port == 0) {
        *error = QStringLiteral("no free port");
        return false;
    }

    controller = std::make_unique<SharingController>();
    controller->setInitialSettings(settings);
    controller->setStorage(store.get(), passwords.get());
    service =
        std::make_unique<SharingService>(controller.get(), passwords->controlHash(), passwords->viewHash(),
                                         SharingService::Overrides{QString(), QStringLiteral("null"), QString()});
    if (!service->initialize(settings, error)) {
        return false;
    }
    tray = std::make_unique<TrayController>(controller.get(), mode);
    return true;
}

HttpAnswer httpGet(QNetworkAccessManager &network, const QUrl &url)
{
    return httpRequest(network, "GET", url);
}

Viewer::Viewer(quint16 port, const QByteArray &cookie, QObject *parent)
    : QObject(parent), m_port(port), m_cookie(cookie)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        ++m_connects;
        m_socket.sendBinaryMessage(protocol::encode(protocol::Hello{}));
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { ++m_disconnects; });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &Viewer::onMessage);
}

const QElapsedTimer &Viewer::clock()
{
    static const QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer;
}

void Viewer::open()
{
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
    request.setRawHeader("Cookie", m_cookie);
    // What a browser on the portal's page sends; the server refuses other origins.
    request.setRawHeader("Origin", QStringLiteral("http://127.0.0.1:%1").arg(m_port).toLatin1());
    m_socket.open(request);
}

void Viewer::onMessage(const QByteArray &message)
{
    const protocol::Decoded<protocol::ServerMessage> decoded = protocol::decodeServerMessage(message);
    if (!decoded) {
        m_error = QStringLiteral("malformed server message: %1").arg(decoded.error);
        return;
    }
    if (const auto *hello = std::get_if<protocol::ServerHello>(&*decoded.message)) {
        m_hello = *hello;
        return;
    }
    const auto *frame = std::get_if<protocol::Frame>(&*decoded.message);
    if (!frame) {
        return;
    }
    // Ack at once, as a browser does once it has drawn the frame: otherwise the stream stops after two.
    m_socket.sendBinaryMessage(protocol::encode(protocol::Ack{frame->frameId}));
    FrameInfo info;
    info.id = frame->frameId;
    info.flags = frame->flags;
    info.rects = int(frame->rects.size());
    info.receivedMs = clock().elapsed();
    for (const protocol::FrameRect &rect : frame->rects) {
        const int quality = testsupport::estimateJpegQuality(rect.jpeg);
        info.minQuality = info.minQuality < 0 ? quality : std::min(info.minQuality, quality);
        info.maxQuality = std::max(info.maxQuality, quality);
    }
    m_frames.append(info);
}

QList<Viewer::FrameInfo> Viewer::plainFrames(qsizetype from) const
{
    QList<FrameInfo> result;
    for (qsizetype i = from; i < m_frames.size(); ++i) {
        if (!(m_frames[i].flags & protocol::FrameFlag::Refine)) {
            result.append(m_frames[i]);
        }
    }
    return result;
}

NoiseWidget::NoiseWidget(const QRect &geometry)
    : QWidget(nullptr, Qt::Window | Qt::FramelessWindowHint | Qt::WindowDoesNotAcceptFocus)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_ShowWithoutActivating);
    setGeometry(geometry);
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_timer.start();
}

void NoiseWidget::paintEvent(QPaintEvent *)
{
    QImage noise(size(), QImage::Format_RGB32);
    QRandomGenerator *random = QRandomGenerator::global();
    for (int y = 0; y < noise.height(); ++y) {
        auto *line = reinterpret_cast<quint32 *>(noise.scanLine(y));
        for (int x = 0; x < noise.width(); ++x) {
            line[x] = 0xff000000u | (random->generate() & 0xffffffu);
        }
    }
    QPainter(this).drawImage(0, 0, noise);
}

int countNear(const QImage &image, const QColor &color, int tolerance)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            if (std::abs(qRed(line[x]) - color.red()) <= tolerance &&
                std::abs(qGreen(line[x]) - color.green()) <= tolerance &&
                std::abs(qBlue(line[x]) - color.blue()) <= tolerance) {
                ++count;
            }
        }
    }
    return count;
}

double similarity(const QImage &a, const QImage &b, int tolerance)
{
    if (a.size() != b.size() || a.isNull()) {
        return 0.0;
    }
    const QImage first = a.convertToFormat(QImage::Format_RGB32);
    const QImage second = b.convertToFormat(QImage::Format_RGB32);
    qint64 same = 0;
    for (int y = 0; y < first.height(); ++y) {
        const auto *one = reinterpret_cast<const QRgb *>(first.constScanLine(y));
        const auto *two = reinterpret_cast<const QRgb *>(second.constScanLine(y));
        for (int x = 0; x < first.width(); ++x) {
            if (std::abs(qRed(one[x]) - qRed(two[x])) <= tolerance &&
                std::abs(qGreen(one[x]) - qGreen(two[x])) <= tolerance &&
                std::abs(qBlue(one[x]) - qBlue(two[x])) <= tolerance) {
                ++same;
            }
        }
    }
    return double(same) / (double(first.width()) * first.height());
}

void closeBalloons()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->isVisible() && qstrcmp(widget->metaObject()->className(), "QBalloonTip") == 0) {
            widget->close();
        }
    }
}

} // namespace deskport::guitest
