#pragma once

// Shared by the GUI tests: Deskport put together as app/main.cpp does it, a real HTTP client, a real WebSocket
// viewer that acks every frame and reads the JPEG quality of each, a widget that keeps the screen changing, and
// small pixel helpers.

#include "core/passwordstore.h"
#include "core/settings.h"
#include "core/sharingcontroller.h"
#include "protocol/messages.h"
#include "service/sharingservice.h"
#include "support/portalhttp.h"
#include "tray/traycontroller.h"

#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>
#include <QWidget>

#include <memory>
#include <optional>

namespace deskport::guitest {

inline const QString ControlPassword = QStringLiteral("control-pass-1");
inline const QString ViewPassword = QStringLiteral("view-pass-1");

// Application name and organisation as main() sets them, no proxy for the tests' own HTTP and WebSocket clients.
void prepareApplication();

// Where screenshots and other files for a reviewer go: $DESKPORT_ARTIFACTS, created if needed.
QString artifactsDir();

// Deskport as app/main.cpp builds it: stored settings and password hashes (in a temporary ini file), the
// controller, the real service (QScreen capture, no input) and the tray front end.
class DeskportApp
{
public:
    // Listens on 127.0.0.1 at a free port once sharing starts. False with *error if anything is missing.
    bool build(TrayController::Mode mode, QString *error);
    ~DeskportApp();

    quint16 port() const { return controller->settings().port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1/").arg(port()); }

    QTemporaryDir dir;
    std::unique_ptr<QSettings> store;
    std::unique_ptr<PasswordStore> passwords;
    std::unique_ptr<SharingController> controller;
    std::unique_ptr<SharingService> service;
    std::unique_ptr<TrayController> tray;
};

using testsupport::freePort;
using testsupport::HttpAnswer;
using testsupport::httpRequest;
using testsupport::login;
// One GET, waited for (10 s at most).
HttpAnswer httpGet(QNetworkAccessManager &network, const QUrl &url);

// A browser stand-in: opens /ws with the session cookie and the portal's Origin, sends HELLO, acks every FRAME at
// once (the server keeps at most 2 unacknowledged) and records what it got.
class Viewer : public QObject
{
    Q_OBJECT
public:
    struct FrameInfo
    {
        quint32 id = 0;
        quint8 flags = 0;
        int minQuality = -1; // over the frame's rectangles
        int maxQuality = -1;
        int rects = 0;
        qint64 receivedMs = 0; // on clock()
    };

    Viewer(quint16 port, const QByteArray &cookie, QObject *parent = nullptr);
    void open();
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QWebSocket &socket() { return m_socket; }
    const QList<FrameInfo> &frames() const { return m_frames; }
    std::optional<protocol::ServerHello> hello() const { return m_hello; }
    int connects() const { return m_connects; }
    int disconnects() const { return m_disconnects; }
    QString error() const { return m_error; }
    // Frames that are not REFINE repaints.
    QList<FrameInfo> plainFrames(qsizetype from = 0) const;

    static const QElapsedTimer &clock();

private:
    void onMessage(const QByteArray &message);

    quint16 m_port;
    QByteArray m_cookie;
    QWebSocket m_socket;
    QList<FrameInfo> m_frames;
    std::optional<protocol::ServerHello> m_hello;
    int m_connects = 0;
    int m_disconnects = 0;
    QString m_error;
};

// Keeps part of the screen changing: random noise, repainted at about 20 Hz, so the stream never goes still.
class NoiseWidget : public QWidget
{
    Q_OBJECT
public:
    explicit NoiseWidget(const QRect &geometry);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QTimer m_timer;
};

// Pixels of image within tolerance (per channel) of color.
int countNear(const QImage &image, const QColor &color, int tolerance);
// The fraction of pixels that match (per channel within tolerance) between two images of the same size.
double similarity(const QImage &a, const QImage &b, int tolerance);

// Closes the notification balloons Qt's XEmbed tray shows (QBalloonTip), so they do not cover screenshots.
void closeBalloons();

} // namespace deskport::guitest
