#include "host/systeminfo.h"

#include "host/hostlog.h"

#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QNetworkInterface>
#include <QStorageInfo>
#include <QSysInfo>

#include <algorithm>
#include <cmath>

namespace deskport {

namespace {

// /proc files are small; anything bigger than this is not what we expect and is cut off rather than read whole.
constexpr qint64 MaxProcFileBytes = 4 * 1024 * 1024;

std::optional<quint64> toUnsigned(const QByteArray &field)
{
    bool ok = false;
    const quint64 value = field.toULongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

std::optional<double> toFiniteNonNegative(const QByteArray &field)
{
    bool ok = false;
    const double value = field.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

QList<QByteArray> lines(QByteArrayView text)
{
    return text.toByteArray().split('\n');
}

double busyPercent(const CpuTimes &before, const CpuTimes &after)
{
    // Signed differences: a counter that went backwards (iowait can) must not wrap to a huge number.
    const double total = double(after.total()) - double(before.total());
    const double idle = double(after.idleTotal()) - double(before.idleTotal());
    if (total <= 0)
        return 0;
    return std::clamp((total - std::max(idle, 0.0)) * 100.0 / total, 0.0, 100.0);
}

// "key<spaces>: value" of /proc/cpuinfo; empty key for lines without a colon.
std::pair<QByteArray, QByteArray> keyValue(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return {};
    return {line.left(colon).trimmed(), line.mid(colon + 1).trimmed()};
}

} // namespace

std::optional<CpuSample> parseProcStat(QByteArrayView text)
{
    // The kernel ends every line with a newline; without one the file was cut off, maybe inside a number.
    if (!text.endsWith('\n'))
        return std::nullopt;
    CpuSample sample;
    bool haveAggregate = false;
    for (const QByteArray &line : lines(text)) {
        if (!line.startsWith("cpu"))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        const QByteArray &label = fields.first();
        CpuTimes times;
        if (label != "cpu") {
            bool ok = false;
            times.index = label.mid(3).toInt(&ok);
            if (!ok || times.index < 0)
                return std::nullopt;
        }
        // Kernels since 2.6.11 give at least 8 counters (up to steal); fewer means a damaged line.
        if (fields.size() < 9)
            return std::nullopt;
        quint64 *const counters[] = {&times.user,   &times.nice, &times.system,  &times.idle,
                                     &times.iowait, &times.irq,  &times.softirq, &times.steal};
        for (qsizetype i = 0; i < qsizetype(std::size(counters)); ++i) {
            const std::optional<quint64> value = toUnsigned(fields.at(i + 1));
            if (!value)
                return std::nullopt;
            *counters[i] = *value;
        }
        // guest/guest_nice (already inside user/nice) are not used, but must still be numbers.
        for (qsizetype i = 9; i < fields.size(); ++i) {
            if (!toUnsigned(fields.at(i)))
                return std::nullopt;
        }
        if (times.index < 0) {
            if (haveAggregate)
                return std::nullopt;
            sample.all = times;
            haveAggregate = true;
        } else {
            sample.cores.append(times);
        }
    }
    if (!haveAggregate)
        return std::nullopt;
    return sample;
}

CpuUsage cpuUsageBetween(const CpuSample &before, const CpuSample &after)
{
    CpuUsage usage;
    usage.total = busyPercent(before.all, after.all);
    usage.perCore.reserve(after.cores.size());
    for (const CpuTimes &core : after.cores) {
        const auto previous = std::find_if(before.cores.cbegin(), before.cores.cend(),
                                           [&](const CpuTimes &c) { return c.index == core.index; });
        usage.perCore.append(busyPercent(previous != before.cores.cend() ? *previous : CpuTimes{}, core));
    }
    return usage;
}

std::optional<MemoryInfo> parseProcMeminfo(QByteArrayView text)
{
    if (!text.endsWith('\n'))
        return std::nullopt; // cut off, maybe inside a number
    QHash<QByteArray, quint64> values;
    for (const QByteArray &line : lines(text)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon).trimmed();
        const QList<QByteArray> fields = line.mid(colon + 1).simplified().split(' ');
        const std::optional<quint64> number = toUnsigned(fields.first());
        if (!number)
            return std::nullopt;
        quint64 multiplier = 1;
        if (fields.size() >= 2) {
            if (fields.at(1) != "kB")
                return std::nullopt; // the kernel only ever writes kB (meaning KiB) or nothing
            multiplier = 1024;
        }
        if (*number > std::numeric_limits<quint64>::max() / multiplier)
            return std::nullopt;
        values.insert(key, *number * multiplier);
    }
    if (!values.contains("MemTotal") || !values.contains("MemFree"))
        return std::nullopt;
    MemoryInfo memory;
    memory.totalBytes = values.value("MemTotal");
    memory.availableBytes = values.contains("MemAvailable")
                                ? values.value("MemAvailable")
                                : values.value("MemFree") + values.value("Buffers") + values.value("Cached");
    memory.availableBytes = std::min(memory.availableBytes, memory.totalBytes);
    memory.swapTotalBytes = values.value("SwapTotal");
    memory.swapFreeBytes = std::min(values.value("SwapFree"), memory.swapTotalBytes);
    return memory;
}

std::optional<CpuInfo> parseProcCpuinfo(QByteArrayView text)
{
    CpuInfo info;
    // Without "model name" (ARM), the best of these, in this order of preference.
    static const QByteArray fallbackKeys[] = {"Model", "Hardware", "Processor", "cpu model"};
    QByteArray fallbackModel;
    qsizetype fallbackRank = std::size(fallbackKeys);
    for (const QByteArray &line : lines(text)) {
        const auto [key, value] = keyValue(line);
        if (key.isEmpty())
            continue;
        if (key == "processor") {
            // x86 and arm64 number their entries; 32-bit ARM also has "Processor : ARMv7 ..." (capital P) as
            // its model, which the case-sensitive compare keeps apart.
            if (!toUnsigned(value))
                return std::nullopt;
            ++info.logicalCores;
        } else if (key == "model name") {
            if (info.model.isEmpty())
                info.model = QString::fromUtf8(value);
        } else {
            const qsizetype rank =
                std::find(std::begin(fallbackKeys), std::end(fallbackKeys), key) - std::begin(fallbackKeys);
            if (rank < fallbackRank && !value.isEmpty()) {
                fallbackModel = value;
                fallbackRank = rank;
            }
        }
    }
    if (info.model.isEmpty())
        info.model = QString::fromUtf8(fallbackModel);
    if (info.logicalCores == 0)
        return std::nullopt;
    return info;
}

std::optional<double> parseProcUptime(QByteArrayView text)
{
    const QList<QByteArray> fields = text.toByteArray().simplified().split(' ');
    if (fields.size() != 2 || !toFiniteNonNegative(fields.at(1)))
        return std::nullopt;
    return toFiniteNonNegative(fields.first());
}

std::optional<LoadAverage> parseProcLoadavg(QByteArrayView text)
{
    // "0.52 0.58 0.59 3/101 12459": the running/total and last pid fields must be there too, so a truncated
    // file is not taken for a whole one.
    const QList<QByteArray> fields = text.toByteArray().simplified().split(' ');
    if (fields.size() != 5 || !fields.at(3).contains('/'))
        return std::nullopt;
    const auto one = toFiniteNonNegative(fields.at(0));
    const auto five = toFiniteNonNegative(fields.at(1));
    const auto fifteen = toFiniteNonNegative(fields.at(2));
    if (!one || !five || !fifteen)
        return std::nullopt;
    return LoadAverage{*one, *five, *fifteen};
}

bool isShownFileSystem(QByteArrayView type)
{
    static const QByteArrayView hidden[] = {
        "autofs",     "binfmt_misc", "bpf",        "cgroup",    "cgroup2", "configfs", "debugfs", "devpts",
        "devtmpfs",   "efivarfs",    "fusectl",    "hugetlbfs", "mqueue",  "nsfs",     "proc",    "pstore",
        "ramfs",      "rpc_pipefs",  "securityfs", "squashfs",  "sysfs",   "tracefs",  "tmpfs",   "fuse.gvfsd-fuse",
        "fuse.portal"};
    if (type.isEmpty())
        return false;
    return std::find(std::begin(hidden), std::end(hidden), type) == std::end(hidden);
}

QJsonObject toJson(const SystemSnapshot &snapshot)
{
    QJsonObject json;
    json.insert(u"hostName", snapshot.hostName);
    json.insert(u"os", snapshot.osName);
    json.insert(u"kernel", snapshot.kernel);
    json.insert(u"uptime", snapshot.uptimeSeconds ? QJsonValue(*snapshot.uptimeSeconds) : QJsonValue());
    json.insert(u"loadAverage", snapshot.loadAverage
                                    ? QJsonValue(QJsonArray{snapshot.loadAverage->one, snapshot.loadAverage->five,
                                                            snapshot.loadAverage->fifteen})
                                    : QJsonValue());

    QJsonArray perCore;
    if (snapshot.cpuUsage) {
        for (double percent : snapshot.cpuUsage->perCore)
            perCore.append(percent);
    }
    json.insert(u"cpu",
                QJsonObject{
                    {QStringLiteral("model"), snapshot.cpuModel},
                    {QStringLiteral("cores"), snapshot.cpuCores},
                    {QStringLiteral("usage"), snapshot.cpuUsage ? QJsonValue(snapshot.cpuUsage->total) : QJsonValue()},
                    {QStringLiteral("perCore"), perCore},
                    {QStringLiteral("sinceBoot"), snapshot.cpuUsageSinceBoot},
                });

    if (snapshot.memory) {
        const MemoryInfo &m = *snapshot.memory;
        json.insert(u"memory", QJsonObject{{QStringLiteral("total"), double(m.totalBytes)},
                                           {QStringLiteral("available"), double(m.availableBytes)},
                                           {QStringLiteral("used"), double(m.totalBytes - m.availableBytes)}});
        json.insert(u"swap", QJsonObject{{QStringLiteral("total"), double(m.swapTotalBytes)},
                                         {QStringLiteral("free"), double(m.swapFreeBytes)},
                                         {QStringLiteral("used"), double(m.swapTotalBytes - m.swapFreeBytes)}});
    } else {
        json.insert(u"memory", QJsonValue());
        json.insert(u"swap", QJsonValue());
    }

    QJsonArray disks;
    for (const DiskInfo &disk : snapshot.disks) {
        disks.append(
            QJsonObject{{QStringLiteral("mountPoint"), disk.mountPoint},
                        {QStringLiteral("device"), disk.device},
                        {QStringLiteral("type"), disk.fileSystemType},
                        {QStringLiteral("total"), double(disk.totalBytes)},
                        {QStringLiteral("free"), double(disk.freeBytes)},
                        {QStringLiteral("available"), double(disk.availableBytes)},
                        {QStringLiteral("used"), double(std::max<qint64>(disk.totalBytes - disk.freeBytes, 0))},
                        {QStringLiteral("readOnly"), disk.readOnly}});
    }
    json.insert(u"disks", disks);

    QJsonArray network;
    for (const NetworkInterfaceInfo &interface : snapshot.network) {
        network.append(QJsonObject{{QStringLiteral("name"), interface.name},
                                   {QStringLiteral("mac"), interface.hardwareAddress},
                                   {QStringLiteral("addresses"), QJsonArray::fromStringList(interface.addresses)}});
    }
    json.insert(u"network", network);

    QJsonArray screens;
    for (const ScreenInfo &screen : snapshot.screens) {
        screens.append(QJsonObject{{QStringLiteral("name"), screen.name},
                                   {QStringLiteral("x"), screen.x},
                                   {QStringLiteral("y"), screen.y},
                                   {QStringLiteral("width"), screen.width},
                                   {QStringLiteral("height"), screen.height},
                                   {QStringLiteral("scale"), screen.scale}});
    }
    json.insert(u"screens", screens);
    return json;
}

SystemInfo::SystemInfo(QString procRoot) : m_procRoot(std::move(procRoot)) {}

QByteArray SystemInfo::readProcFile(const char *name) const
{
    QFile file(m_procRoot + u'/' + QLatin1StringView(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // /proc files report size 0, so read until end rather than trusting size().
    return file.read(MaxProcFileBytes);
}

SystemSnapshot SystemInfo::snapshot()
{
    SystemSnapshot snapshot;
    snapshot.hostName = QSysInfo::machineHostName();
    snapshot.osName = QSysInfo::prettyProductName();
    snapshot.kernel = QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    snapshot.uptimeSeconds = parseProcUptime(readProcFile("uptime"));
    snapshot.loadAverage = parseProcLoadavg(readProcFile("loadavg"));

    if (!m_cpuInfo)
        m_cpuInfo = parseProcCpuinfo(readProcFile("cpuinfo"));
    if (m_cpuInfo) {
        snapshot.cpuModel = m_cpuInfo->model;
        snapshot.cpuCores = m_cpuInfo->logicalCores;
    }

    const std::optional<CpuSample> cpu = parseProcStat(readProcFile("stat"));
    if (cpu) {
        snapshot.cpuUsageSinceBoot = !m_previousCpu;
        snapshot.cpuUsage = cpuUsageBetween(m_previousCpu.value_or(CpuSample{}), *cpu);
        if (snapshot.cpuCores == 0)
            snapshot.cpuCores = int(cpu->cores.size());
        m_previousCpu = cpu;
    } else {
        qCWarning(lcHost) << "cannot parse" << m_procRoot + u"/stat";
    }

    snapshot.memory = parseProcMeminfo(readProcFile("meminfo"));
    snapshot.disks = disks();
    snapshot.network = networkInterfaces();
    return snapshot;
}

QList<DiskInfo> SystemInfo::disks()
{
    QList<DiskInfo> result;
    for (const QStorageInfo &volume : QStorageInfo::mountedVolumes()) {
        if (!volume.isValid() || !volume.isReady() || !isShownFileSystem(volume.fileSystemType()) ||
            volume.bytesTotal() <= 0)
            continue;
        DiskInfo disk;
        disk.mountPoint = volume.rootPath();
        disk.device = QString::fromUtf8(volume.device());
        disk.fileSystemType = QString::fromUtf8(volume.fileSystemType());
        disk.totalBytes = volume.bytesTotal();
        disk.freeBytes = volume.bytesFree();
        disk.availableBytes = volume.bytesAvailable();
        disk.readOnly = volume.isReadOnly();
        // Bind mounts (and containers' /etc/hosts and friends) show one device several times: keep the
        // shortest mount point, as df does.
        const auto same =
            std::find_if(result.begin(), result.end(), [&](const DiskInfo &d) { return d.device == disk.device; });
        if (same == result.end())
            result.append(disk);
        else if (disk.mountPoint.size() < same->mountPoint.size())
            *same = disk;
    }
    std::sort(result.begin(), result.end(),
              [](const DiskInfo &a, const DiskInfo &b) { return a.mountPoint < b.mountPoint; });
    return result;
}

QList<NetworkInterfaceInfo> SystemInfo::networkInterfaces()
{
    // Loopback and interfaces that are down are left out: the panel shows where the host can be reached.
    QList<NetworkInterfaceInfo> result;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        NetworkInterfaceInfo info;
        info.name = interface.humanReadableName();
        info.hardwareAddress = interface.hardwareAddress();
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            QHostAddress address = entry.ip();
            address.setScopeId(QString());
            info.addresses.append(address.toString() + u'/' + QString::number(entry.prefixLength()));
        }
        if (!info.addresses.isEmpty())
            result.append(info);
    }
    return result;
}

} // namespace deskport
