#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace deskport {

// System information for the portal's System panel: host, OS, uptime, CPU, memory, disks, network.
// Knows nothing of HTTP; the server asks for a snapshot() about once a second while a panel is open and never
// otherwise, so nothing is sampled while nobody looks (this class has no timer).
//
// The /proc parsers are free functions over file text so they can be tested against fixture files; each one
// returns std::nullopt for malformed or truncated input and never crashes.

// One "cpu" / "cpuN" line of /proc/stat, in jiffies (USER_HZ ticks). guest and guest_nice are left out on
// purpose: the kernel already counts them inside user and nice.
struct CpuTimes
{
    int index = -1; // N of "cpuN"; -1 for the aggregate "cpu" line
    quint64 user = 0;
    quint64 nice = 0;
    quint64 system = 0;
    quint64 idle = 0;
    quint64 iowait = 0;
    quint64 irq = 0;
    quint64 softirq = 0;
    quint64 steal = 0;

    // Waiting for I/O counts as idle: the CPU could have run something else.
    quint64 idleTotal() const { return idle + iowait; }
    quint64 total() const { return user + nice + system + idle + iowait + irq + softirq + steal; }
};

struct CpuSample
{
    CpuTimes all;          // the aggregate "cpu" line
    QList<CpuTimes> cores; // "cpuN" lines in file order (online CPUs only)
};

// Busy share of CPU time between two samples, 0..100.
struct CpuUsage
{
    double total = 0;
    QList<double> perCore; // one per core of the later sample, in its order
};

struct MemoryInfo
{
    quint64 totalBytes = 0;
    // MemAvailable; on kernels before 3.14 (no MemAvailable) MemFree + Buffers + Cached.
    quint64 availableBytes = 0;
    quint64 swapTotalBytes = 0;
    quint64 swapFreeBytes = 0;
};

struct CpuInfo
{
    QString model;        // "model name" (x86), else "Model"/"Hardware"/"Processor"/"cpu model"; may be empty
    int logicalCores = 0; // number of "processor" entries
};

struct LoadAverage
{
    double one = 0;
    double five = 0;
    double fifteen = 0;
};

std::optional<CpuSample> parseProcStat(QByteArrayView text);
// Matches cores by their index; a core absent from `before` (hot-plugged since) is measured from zero,
// i.e. since boot. Counters that went backwards (iowait may) count as no time passed. Result clamped to 0..100.
CpuUsage cpuUsageBetween(const CpuSample &before, const CpuSample &after);
std::optional<MemoryInfo> parseProcMeminfo(QByteArrayView text);
std::optional<CpuInfo> parseProcCpuinfo(QByteArrayView text);
std::optional<double> parseProcUptime(QByteArrayView text); // seconds since boot
std::optional<LoadAverage> parseProcLoadavg(QByteArrayView text);

// Whether a mounted file system of this type is worth showing: false for memory and kernel pseudo file systems
// (tmpfs, proc, sysfs, cgroup, devtmpfs, ...) and for squashfs (snap/AppImage images, always full). overlay is
// kept because it is the root file system inside containers.
bool isShownFileSystem(QByteArrayView type);

struct DiskInfo
{
    QString mountPoint;
    QString device;
    QString fileSystemType;
    qint64 totalBytes = 0;
    qint64 freeBytes = 0;      // free including blocks reserved for root
    qint64 availableBytes = 0; // free to this (unprivileged) user
    bool readOnly = false;
};

struct NetworkInterfaceInfo
{
    QString name;
    QString hardwareAddress; // "AA:BB:..", empty when the interface has none
    QStringList addresses;   // "192.168.1.20/24", "fe80::1/64" (IPv6 scope ids dropped)
};

// Filled by the server, which has the GUI; this class never touches QGuiApplication.
struct ScreenInfo
{
    QString name;
    int x = 0;
    int y = 0;
    int width = 0; // device-independent pixels
    int height = 0;
    double scale = 1; // device pixel ratio
};

struct SystemSnapshot
{
    QString hostName;
    QString osName; // QSysInfo::prettyProductName(), e.g. "Debian GNU/Linux 12 (bookworm)"
    QString kernel; // kernelType + ' ' + kernelVersion, e.g. "linux 6.1.0-13-amd64"
    std::optional<double> uptimeSeconds;
    std::optional<LoadAverage> loadAverage;
    QString cpuModel;
    int cpuCores = 0;
    // Usage since the previous snapshot() of the same SystemInfo. The first snapshot has no previous sample and
    // reports the average since boot instead, with cpuUsageSinceBoot set, so a panel shows a number at once.
    std::optional<CpuUsage> cpuUsage;
    bool cpuUsageSinceBoot = false;
    std::optional<MemoryInfo> memory;
    QList<DiskInfo> disks;
    QList<NetworkInterfaceInfo> network;
    QList<ScreenInfo> screens; // left empty here; see ScreenInfo
};

// JSON form of a snapshot, sent by the server as a JSON text message. Sizes in bytes, times in seconds, usage in
// percent (0..100, fractional). Keys:
//   hostName     string
//   os           string
//   kernel       string
//   uptime       number (seconds) | null
//   loadAverage  [one, five, fifteen] | null
//   cpu          { model: string, cores: number, usage: number | null, perCore: [number],
//                  sinceBoot: bool (usage is the average since boot, i.e. the first sample) }
//   memory       { total, available, used } | null        (used = total - available)
//   swap         { total, free, used } | null             (null when memory is null)
//   disks        [ { mountPoint, device, type, total, free, available, used, readOnly: bool } ]
//                                                         (used = total - free)
//   network      [ { name, mac, addresses: [string "address/prefix"] } ]
//   screens      [ { name, x, y, width, height, scale } ]
QJsonObject toJson(const SystemSnapshot &snapshot);

class SystemInfo
{
public:
    // procRoot: where stat, meminfo, cpuinfo, uptime and loadavg are read; tests point it at fixtures.
    explicit SystemInfo(QString procRoot = QStringLiteral("/proc"));

    // Reads everything now. Parts that cannot be read are left empty / nullopt rather than failing the whole.
    SystemSnapshot snapshot();

    // Disks and network on their own (they do not depend on the proc root).
    static QList<DiskInfo> disks();
    static QList<NetworkInterfaceInfo> networkInterfaces();

private:
    QByteArray readProcFile(const char *name) const;

    QString m_procRoot;
    std::optional<CpuSample> m_previousCpu;
    std::optional<CpuInfo> m_cpuInfo; // read once: the model does not change while running
};

} // namespace deskport
