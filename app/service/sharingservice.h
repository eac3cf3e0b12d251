#pragma once

#include "core/settings.h"
#include "core/sharingbackend.h"

#include <QObject>
#include <QRect>
#include <QString>

#include <functional>
#include <memory>

namespace deskport {

class AuditLog;
class Auth;
class CursorSource;
class CursorTracker;
class ScreenSource;
class FramePipeline;
class HostClipboard;
class InputSink;
class PortalServer;
class SharingController;

// The screen-serving half of Deskport: capture, frame pipeline, input, clipboard, authentication and the portal
// server, built once and then started, stopped and changed live through SharingController (as its
// SharingBackend). Front ends never see it.
class SharingService : public QObject, public SharingBackend
{
    Q_OBJECT
public:
    struct Overrides
    {
        QString capture; // DESKPORT_CAPTURE
        QString input;   // DESKPORT_INPUT
        QString auditLog; // the audit log's file; empty: audit.log beside the settings (~/.config/Deskport)
    };

    // Registers itself as controller's backend. Needs an open display (a Q(Gui)Application).
    SharingService(SharingController *controller, const QByteArray &controlHash, const QByteArray &viewHash,
                   const Overrides &overrides, QObject *parent = nullptr);
    ~SharingService() override;

    // Creates the capture source for settings.screen: false with *error (for the user) when nothing can capture.
    bool initialize(const Settings &settings, QString *error);

    QRect desktopArea() const { return m_area; }
    QString captureName() const { return m_captureName; }
    PortalServer *server() const { return m_server.get(); }
    AuditLog *auditLog() const { return m_audit.get(); }

    // Where the host pointer comes from. By default createCursorSource() (XFixes on X11); tests put a fake here.
    // The source is made when a viewer first needs it, so this may be called until then; a factory returning
    // nullptr means the pointer is not shown.
    using CursorSourceFactory = std::function<std::unique_ptr<CursorSource>()>;
    void setCursorSourceFactory(CursorSourceFactory factory);
    // The pointer follower, once made (nullptr before the first viewer, or when there is no pointer source). It
    // runs only while sharing with at least one viewer connected.
    CursorTracker *cursorTracker() const { return m_cursorTracker.get(); }

    bool start(const Settings &settings, QString *error) override;
    void stop() override;
    quint16 port() const override;
    bool apply(const Settings &current, const Settings &next, QString *error) override;
    void setPasswordHashes(const QByteArray &controlHash, const QByteArray &viewHash) override;
    void disconnectViewer(quint64 id) override;
    void endAllSessions() override;
    QByteArray tlsFingerprint() const override;

    // Where Deskport keeps its own certificate and key (~/.config/Deskport/tls).
    static QString tlsDirectory();

private:
    // Loads or makes the certificate the settings ask for and hands it to the server for its next listen(); false
    // with *error when it cannot be had (a broken or foreign file is never replaced).
    bool prepareTls(const Settings &settings, QString *error);
    bool listen(const Settings &settings, QString *error);
    bool useScreen(int screen, QString *error);
    // Captures from source (screen `screen`) from now on; nothing here can fail.
    void useSource(int screen, std::unique_ptr<ScreenSource> source);
    // Starts the pointer tracker while sharing with viewers, stops it otherwise.
    void updateCursorTracking();
    void setCursorRate(int fps);

    SharingController *m_controller;
    Overrides m_overrides;
    QRect m_area;
    QString m_captureName;
    int m_screen = Settings::AllScreens;
    std::unique_ptr<InputSink> m_input;
    std::unique_ptr<HostClipboard> m_clipboard;
    std::unique_ptr<Auth> m_auth;
    std::unique_ptr<FramePipeline> m_pipeline;
    CursorSourceFactory m_cursorSourceFactory;
    bool m_cursorSourceTried = false;
    int m_cursorIntervalMs = 0;
    std::unique_ptr<CursorTracker> m_cursorTracker;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<PortalServer> m_server; // last: destroyed first, it uses everything above
};

} // namespace deskport
