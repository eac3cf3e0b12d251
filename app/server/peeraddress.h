#pragma once

#include <QHostAddress>
#include <QString>

namespace deskport {

// A server listening on Any sees IPv4 peers as ::ffff:a.b.c.d. For logs, throttling and the viewer list, one
// machine should have one name: the plain IPv4 form when there is one.
QString peerName(const QHostAddress &address);

} // namespace deskport
