#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <optional>

class QSslSocket;

namespace deskport {

// The portal's listening socket. Every accepted connection is first offered to `admit` (the connection guard:
// per-address limits and deadlines attach there, before QHttpServer connects to the socket), then, with TLS, goes
// through the TLS handshake; only then does QHttpServer see it (QTcpServer::pendingConnectionAvailable). Plain
// HTTP connections are handed on at once.
class PortalListener : public QTcpServer
{
    Q_OBJECT
public:
    // False: refuse the connection (the socket is closed and deleted).
    using Admission = std::function<bool(QTcpSocket *socket)>;

    // tls empty: plain HTTP.
    PortalListener(std::optional<QSslConfiguration> tls, Admission admit, QObject *parent = nullptr);

    bool isEncrypted() const { return m_tls.has_value(); }
    // The certificate this port serves (null for plain HTTP).
    QSslCertificate certificate() const { return m_tls ? m_tls->localCertificate() : QSslCertificate(); }

protected:
    void incomingConnection(qintptr handle) override;

private:
    void startEncryption(QSslSocket *socket);

    std::optional<QSslConfiguration> m_tls;
    Admission m_admit;
};

} // namespace deskport
