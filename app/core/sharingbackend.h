#pragma once

#include "core/role.h"
#include "core/settings.h"

#include <QByteArray>
#include <QString>

namespace deskport {

// What SharingController needs from the part that actually serves the screen (the service module). An interface
// in core, so the controller and the tray stay free of the server, capture and codec; tests can plug in their own.
class SharingBackend
{
public:
    virtual ~SharingBackend() = default;

    // Starts serving with `settings`: false with *error set (a sentence for the user) if it cannot, for example
    // when the port is in use; nothing is left half-started then.
    virtual bool start(const Settings &settings, QString *error) = 0;
    // Closes every viewer and stops listening.
    virtual void stop() = 0;
    // The port actually listened on (0 when stopped).
    virtual quint16 port() const = 0;
    // Changes a running backend from `current` to `next`. On failure (*error set) the backend keeps running exactly
    // as with `current`.
    virtual bool apply(const Settings &current, const Settings &next, QString *error) = 0;
    // New password hashes (empty view hash: no view-only password). Sessions of a role whose hash changed end.
    virtual void setPasswordHashes(const QByteArray &controlHash, const QByteArray &viewHash) = 0;
    // Ends the session of viewer `id`: its sockets close, and it has to log in again.
    virtual void disconnectViewer(quint64 id) = 0;
    // Ends every session: every viewer closes and has to log in again.
    virtual void endAllSessions() = 0;
    // The SHA-256 fingerprint ("AB:CD:...") of the certificate served while sharing over HTTPS; empty while not
    // sharing or over plain HTTP.
    virtual QByteArray tlsFingerprint() const = 0;
};

} // namespace deskport
