#include "core/portallinks.h"

#include <QNetworkInterface>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace deskport {

namespace {

// Lower ranks first.
enum class Rank {
    PrivateIPv4,
    OtherIPv4,
    IPv6,
    VirtualPrivateIPv4,
    VirtualOtherIPv4,
    VirtualIPv6,
    LoopbackIPv4,
    LoopbackIPv6,
};

// Containers, VMs and VPNs: their addresses are reachable from this machine (or a tunnel) only, so a colleague on
// the LAN would most likely pick a dead link if one of these came first.
bool isVirtualInterface(const QString &name)
{
    static const std::array<QString, 12> prefixes = {
        QStringLiteral("docker"), QStringLiteral("br-"),     QStringLiteral("veth"), QStringLiteral("virbr"),
        QStringLiteral("vmnet"),  QStringLiteral("vboxnet"), QStringLiteral("tun"),  QStringLiteral("tap"),
        QStringLiteral("wg"),     QStringLiteral("zt"),      QStringLiteral("lxc"),  QStringLiteral("lxd"),
    };
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&name](const QString &prefix) { return name.startsWith(prefix); });
}

bool isPrivateIPv4(const QHostAddress &address)
{
    return address.isInSubnet(QHostAddress(QStringLiteral("10.0.0.0")), 8) ||
           address.isInSubnet(QHostAddress(QStringLiteral("172.16.0.0")), 12) ||
           address.isInSubnet(QHostAddress(QStringLiteral("192.168.0.0")), 16);
}

std::optional<Rank> rankOf(const InterfaceAddress &entry)
{
    const QHostAddress &address = entry.address;
    const bool ipv4 = address.protocol() == QAbstractSocket::IPv4Protocol;
    const bool ipv6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    if (!entry.isUp || (!ipv4 && !ipv6))
        return std::nullopt;
    if (entry.isLoopback || address.isLoopback())
        return ipv4 ? Rank::LoopbackIPv4 : Rank::LoopbackIPv6;
    // A browser cannot open a link-local IPv6 URL: it would need the zone id, which differs on the viewer's side.
    if (ipv6 && address.isLinkLocal())
        return std::nullopt;
    const bool isVirtual = isVirtualInterface(entry.interfaceName);
    if (ipv6)
        return isVirtual ? Rank::VirtualIPv6 : Rank::IPv6;
    if (isPrivateIPv4(address))
        return isVirtual ? Rank::VirtualPrivateIPv4 : Rank::PrivateIPv4;
    return isVirtual ? Rank::VirtualOtherIPv4 : Rank::OtherIPv4;
}

QString urlFor(QHostAddress address, quint16 port, const QString &scheme)
{
    // The scope id means something on this machine only (an interface name or index).
    address.setScopeId(QString());
    const QString host =
        address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']' : address.toString();
    return scheme + QStringLiteral("://") + host + u':' + QString::number(port) + u'/';
}

} // namespace

QStringList rankPortalLinks(const QList<InterfaceAddress> &addresses, const QHostAddress &bind, quint16 port,
                            const QString &scheme)
{
    // QHostAddress's == keeps Any (dual stack) and AnyIPv4/AnyIPv6 apart, which is what is needed here: a server
    // bound to AnyIPv4 or AnyIPv6 accepts only that family (Qt sets IPV6_V6ONLY for AnyIPv6).
    const bool anyIPv4 = bind == QHostAddress::AnyIPv4;
    const bool anyIPv6 = bind == QHostAddress::AnyIPv6;
    const bool any = bind.isNull() || bind == QHostAddress::Any;
    if (!any && !anyIPv4 && !anyIPv6)
        return {urlFor(bind, port, scheme)};

    QList<std::pair<Rank, QHostAddress>> ranked;
    for (const InterfaceAddress &entry : addresses) {
        const std::optional<Rank> rank = rankOf(entry);
        if (!rank)
            continue;
        const QAbstractSocket::NetworkLayerProtocol protocol = entry.address.protocol();
        if ((anyIPv4 && protocol != QAbstractSocket::IPv4Protocol) ||
            (anyIPv6 && protocol != QAbstractSocket::IPv6Protocol)) {
            continue;
        }
        ranked.append({*rank, entry.address});
    }
    // Stable: within a rank, the order the system lists its interfaces in (usually the primary one first).
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &left, const auto &right) { return left.first < right.first; });

    QStringList links;
    for (const auto &[rank, address] : ranked) {
        const QString url = urlFor(address, port, scheme);
        if (!links.contains(url))
            links.append(url);
    }
    return links;
}

QStringList portalLinks(const QHostAddress &bind, quint16 port, const QString &scheme)
{
    QList<InterfaceAddress> addresses;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &networkInterface : interfaces) {
        const QNetworkInterface::InterfaceFlags flags = networkInterface.flags();
        const bool up = flags.testFlag(QNetworkInterface::IsUp) && flags.testFlag(QNetworkInterface::IsRunning);
        const bool loopback = flags.testFlag(QNetworkInterface::IsLoopBack);
        const QList<QNetworkAddressEntry> entries = networkInterface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries)
            addresses.append({networkInterface.name(), entry.ip(), up, loopback});
    }
    return rankPortalLinks(addresses, bind, port, scheme);
}

} // namespace deskport
