#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace deskport {

// One address of one network interface of this machine, as QNetworkInterface reports it.
struct InterfaceAddress
{
    QString interfaceName; // "eth0", "wlp2s0", "docker0", "lo"
    QHostAddress address;
    bool isUp = true;
    bool isLoopback = false;
};

// The portal URLs a colleague could open, best first: "http://192.168.1.20:7417/". Ranking: private IPv4 on a
// real interface (192.168/16, 10/8, 172.16/12) before other IPv4, IPv4 before IPv6 (global before link-local;
// link-local IPv6 is left out, a browser cannot open it), addresses of virtual interfaces (docker*, br-*, veth*,
// virbr*, vmnet*, vboxnet*, tun*, tap*, wg*, zt*, lxc*, lxd*) after real ones, loopback last (kept so there is
// always a link on a machine without a network). Interfaces that are down are left out.
// A specific bind address gives just that one URL. IPv6 hosts are written in brackets.
QStringList rankPortalLinks(const QList<InterfaceAddress> &addresses, const QHostAddress &bind, quint16 port,
                            const QString &scheme = QStringLiteral("http"));

// rankPortalLinks over this machine's interfaces (QNetworkInterface::allInterfaces()).
QStringList portalLinks(const QHostAddress &bind, quint16 port, const QString &scheme = QStringLiteral("http"));

} // namespace deskport
