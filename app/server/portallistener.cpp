#include "server/portallistener.h"

#include "server/peeraddress.h"
#include "server/serverlog.h"

#include <QSslSocket>

namespace deskport {

PortalListener::PortalListener(std::optional<QSslConfiguration> tls, Admission admit, QObject *parent)
    : QTcpServer(parent)
    , m_tls(std::move(tls))
    , m_admit(std::move(admit))
{
}

void PortalListener::incomingConnection(qintptr handle)
{
    // A child of the listener, as QTcpServer's own sockets are: PortalServer finds the connections it has to close
    // among the listener's children.
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        qCWarning(lcServer).noquote() << "cannot take a new connection:" << socket->errorString();
        delete socket;
        return;
    }
    if (m_admit && !m_admit(socket)) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    if (m_tls) {
        startEncryption(static_cast<QSslSocket *>(socket));
    } else {
        addPendingConnection(socket);
    }
}

void PortalListener::startEncryption(QSslSocket *socket)
{
    socket->setSslConfiguration(*m_tls);
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { addPendingConnection(socket); });
    // A browser that does not trust the certificate yet (the user has not accepted it) closes during the handshake;
    // a plain-HTTP request to this port fails it too. Neither is worth more than a debug line.
    connect(socket, &QAbstractSocket::errorOccurred, this, [socket](QAbstractSocket::SocketError) {
        if (!socket->isEncrypted()) {
            qCDebug(lcServer).noquote() << "TLS handshake with" << peerName(socket->peerAddress())
                                        << "failed:" << socket->errorString();
            socket->abort();
            socket->deleteLater();
        }
    });
    connect(socket, &QSslSocket::sslErrors, socket, [socket](const QList<QSslError> &errors) {
        qCDebug(lcServer).noquote() << "TLS errors with" << peerName(socket->peerAddress()) << ":"
                                    << (errors.isEmpty() ? QString() : errors.constFirst().errorString());
    });
    socket->startServerEncryption();
}

} // namespace deskport
