#include "host/ptyprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

namespace deskport {

namespace {

// While the child runs, waitpid is polled this often; right after a hangup (ours, or EIO from the tty) the child is
// about to exit, so faster.
constexpr int IdleReapIntervalMs = 100;
constexpr int ExitingReapIntervalMs = 10;
// Once the child is reaped, how long output may still come before finished() is emitted anyway. Matters only when
// something else (a daemonized grandchild) still holds the tty open, so the master never reports EIO.
constexpr int DrainGraceMs = 200;
// Bound on pieces read per readiness notification, so one flooding terminal cannot starve the event loop.
constexpr int PiecesPerActivation = 4;

// What the child reports through the close-on-exec pipe when it cannot exec.
struct ChildFailure
{
    int stage; // 1: chdir, 2: execve
    int error; // errno
};
constexpr int StageChdir = 1;
constexpr int StageExec = 2;

void closeDescriptor(int fd)
{
    if (fd >= 0)
        ::close(fd); // never retried on EINTR: on Linux the descriptor is released anyway
}

// Moves a descriptor above 2 (keeping it close-on-exec), so the child's dup2 onto 0..2 can never collide with it.
// Matters only when Deskport itself was started with standard descriptors closed.
int aboveStandardDescriptors(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    ::close(fd);
    return moved;
}

std::vector<char *> pointersTo(std::vector<QByteArray> &strings)
{
    std::vector<char *> pointers;
    pointers.reserve(strings.size() + 1);
    for (QByteArray &string : strings)
        pointers.push_back(string.data());
    pointers.push_back(nullptr);
    return pointers;
}

QByteArray keyOf(const QByteArray &entry)
{
    const qsizetype equals = entry.indexOf('=');
    return equals < 0 ? entry : entry.left(equals);
}

bool isExecutableFile(const QString &path)
{
    if (path.isEmpty() || !QDir::isAbsolutePath(path))
        return false;
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

void sleepMs(int ms)
{
    timespec delay{0, ms * 1000 * 1000L};
    while (::nanosleep(&delay, &delay) == -1 && errno == EINTR) {
    }
}

// Between fork() and exec(): async-signal-safe calls only (no allocation, no locks, no Qt).
[[noreturn]] void failInChild(int reportFd, int stage)
{
    const ChildFailure failure{stage, errno};
    [[maybe_unused]] const ssize_t written = ::write(reportFd, &failure, sizeof failure);
    ::_exit(127);
}

[[noreturn]] void runChild(int slave, int reportFd, int descriptorLimit, const char *program, char *const *argv,
                           char *const *envp, const char *workingDirectory)
{
    // Deskport may block or ignore signals (SIGPIPE for sockets); ignored dispositions and the mask survive exec,
    // and a shell with SIGPIPE ignored breaks pipelines like `yes | head`.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction defaultAction = {};
    defaultAction.sa_handler = SIG_DFL;
    ::sigemptyset(&defaultAction.sa_mask);
    for (int signalNumber = 1; signalNumber < NSIG; ++signalNumber)
        ::sigaction(signalNumber, &defaultAction, nullptr); // fails harmlessly for SIGKILL, SIGSTOP, libc's own

    // A new session whose controlling terminal is the pty (what login_tty does): the child leads its own process
    // group, so kill(-pid) reaches it and everything it starts without job control.
    if (::setsid() == -1)
        failInChild(reportFd, StageExec);
    if (::ioctl(slave, TIOCSCTTY, 0) == -1)
        failInChild(reportFd, StageExec);
    for (int standardFd = 0; standardFd <= 2; ++standardFd) {
        if (::dup2(slave, standardFd) == -1) // the copies are not close-on-exec
            failInChild(reportFd, StageExec);
    }

    // Nothing else inherited: not Deskport's listening socket, X connection, other terminals' masters. The report
    // pipe stays until exec closes it (close-on-exec), which is how the parent learns that exec succeeded.
    const unsigned int report = static_cast<unsigned int>(reportFd);
    bool closed = (report == 3 || ::close_range(3, report - 1, 0) == 0) && ::close_range(report + 1, ~0U, 0) == 0;
    if (!closed) { // kernels before 5.9
        for (int fd = 3; fd < descriptorLimit; ++fd) {
            if (fd != reportFd)
                ::close(fd);
        }
    }

    if (::chdir(workingDirectory) == -1)
        failInChild(reportFd, StageChdir);
    ::execve(program, argv, envp);
    failInChild(reportFd, StageExec);
}

// The live processes of a session. An interactive shell with job control puts each job in a process group of its
// own, so signalling the shell's group alone would miss them; they all stay in the shell's session (unless they
// call setsid themselves). A session's id stays reserved while any member lives, so it cannot name a stranger.
std::vector<pid_t> sessionMembers(pid_t session)
{
    std::vector<pid_t> members;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = entry.toInt(&isPid);
        if (!isPid) {
            continue;
        }
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly)) {
            continue;
        }
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so parse after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 3 && fields[0] != "Z" && fields[3].toInt() == session) {
            members.push_back(pid);
        }
    }
    return members;
}

void signalSession(pid_t session, int signal)
{
    ::kill(-session, signal);
    for (pid_t member : sessionMembers(session)) {
        ::kill(member, signal);
    }
}

} // namespace

QString PtyProcess::defaultShell()
{
    const QString fromEnvironment = qEnvironmentVariable("SHELL");
    if (isExecutableFile(fromEnvironment))
        return fromEnvironment;

    struct passwd entry = {};
    struct passwd *found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_shell) {
        const QString fromPasswd = QFile::decodeName(found->pw_shell);
        if (isExecutableFile(fromPasswd))
            return fromPasswd;
    }
    return QStringLiteral("/bin/sh");
}

PtyProcess::PtyProcess(QObject *parent) : QObject(parent)
{
    m_reapTimer = new QTimer(this);
    connect(m_reapTimer, &QTimer::timeout, this, &PtyProcess::pollChild);

    m_killTimer = new QTimer(this);
    m_killTimer->setSingleShot(true);
    m_killTimer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: "2 s later" means 2 s
    connect(m_killTimer, &QTimer::timeout, this, &PtyProcess::killSessionIfStillThere);

    m_drainGraceTimer = new QTimer(this);
    m_drainGraceTimer->setSingleShot(true);
    connect(m_drainGraceTimer, &QTimer::timeout, this, [this] {
        m_drainGraceOver = true;
        tryFinish();
    });
}

PtyProcess::~PtyProcess()
{
    killAndReapBlocking();
    closeMaster();
}

bool PtyProcess::start(const Options &options, QString *error)
{
    auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return false;
    };

    if (m_pid != 0 || m_master >= 0)
        return fail(tr("This terminal was already started."));
    if (options.columns < MinimumSize || options.columns > MaximumSize || options.rows < MinimumSize ||
        options.rows > MaximumSize) {
        return fail(tr("The terminal size %1x%2 is out of range (%3 to %4 columns and rows).")
                        .arg(options.columns)
                        .arg(options.rows)
                        .arg(MinimumSize)
                        .arg(MaximumSize));
    }

    const QString program = options.program.isEmpty() ? defaultShell() : options.program;
    if (!QDir::isAbsolutePath(program))
        return fail(tr("The program to run must be given as an absolute path, not \"%1\".").arg(program));
    const QString workingDirectory = options.workingDirectory.isEmpty() ? QDir::homePath() : options.workingDirectory;
    const QChar nul(u'\0');
    bool hasNul = program.contains(nul) || workingDirectory.contains(nul);
    for (const QString &argument : options.arguments)
        hasNul = hasNul || argument.contains(nul);
    for (const QString &variable : options.environment)
        hasNul = hasNul || variable.contains(nul);
    if (hasNul)
        return fail(tr("The command line, folder or environment contains a NUL character."));

    // Everything the child needs, as bytes, before fork(): the child may not allocate.
    const QByteArray programBytes = QFile::encodeName(program);
    const QByteArray directoryBytes = QFile::encodeName(workingDirectory);
    std::vector<QByteArray> argumentBytes;
    argumentBytes.push_back(programBytes);
    for (const QString &argument : options.arguments)
        argumentBytes.push_back(argument.toLocal8Bit());

    std::vector<QByteArray> overrides;
    for (const QString &variable : options.environment) {
        const QByteArray entry = variable.toLocal8Bit();
        if (entry.indexOf('=') <= 0)
            return fail(tr("The environment entry \"%1\" is not of the form NAME=value.").arg(variable));
        overrides.push_back(entry);
    }
    overrides.push_back(QByteArrayLiteral("TERM=xterm-256color"));
    auto overridden = [&overrides](const QByteArray &key) {
        // COLUMNS and LINES would override the tty's size, which the child reads from the tty (and which changes).
        if (key == "COLUMNS" || key == "LINES")
            return true;
        for (const QByteArray &entry : overrides) {
            if (keyOf(entry) == key)
                return true;
        }
        return false;
    };
    std::vector<QByteArray> environmentBytes;
    for (char **variable = environ; variable && *variable; ++variable) {
        const QByteArray entry(*variable);
        if (!overridden(keyOf(entry)))
            environmentBytes.push_back(entry);
    }
    // Later entries win for duplicate keys in the overrides: keep the last of each.
    for (size_t index = 0; index < overrides.size(); ++index) {
        bool laterSameKey = false;
        for (size_t later = index + 1; later < overrides.size(); ++later)
            laterSameKey = laterSameKey || keyOf(overrides[later]) == keyOf(overrides[index]);
        if (!laterSameKey)
            environmentBytes.push_back(overrides[index]);
    }
    std::vector<char *> argv = pointersTo(argumentBytes);
    std::vector<char *> envp = pointersTo(environmentBytes);

    rlimit descriptors = {};
    int descriptorLimit = 65536;
    if (::getrlimit(RLIMIT_NOFILE, &descriptors) == 0 && descriptors.rlim_cur != RLIM_INFINITY &&
        descriptors.rlim_cur < 65536) {
        descriptorLimit = static_cast<int>(descriptors.rlim_cur);
    }

    // The pty by hand rather than forkpty(): openpty() opens both ends without O_CLOEXEC, so a QProcess started
    // by another thread at that moment would inherit them, and a leaked slave keeps the master from ever seeing
    // the hangup.
    int master = aboveStandardDescriptors(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (master < 0)
        return fail(tr("Cannot open a pseudo-terminal: %1").arg(qt_error_string(errno)));
    int slave = -1;
    if (::grantpt(master) == 0 && ::unlockpt(master) == 0) {
        slave = ::ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave < 0) { // kernels before 4.13
            char name[128];
            if (::ptsname_r(master, name, sizeof name) == 0)
                slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
        }
    }
    slave = aboveStandardDescriptors(slave);
    if (slave < 0) {
        const int savedErrno = errno;
        closeDescriptor(master);
        return fail(tr("Cannot open a pseudo-terminal: %1").arg(qt_error_string(savedErrno)));
    }

    // The size before exec, so the shell's first prompt already fits. IUTF8 so that erasing in canonical mode
    // removes whole UTF-8 characters, as desktop terminals set it.
    winsize size = {};
    size.ws_col = static_cast<unsigned short>(options.columns);
    size.ws_row = static_cast<unsigned short>(options.rows);
    ::ioctl(master, TIOCSWINSZ, &size);
    termios attributes = {};
    if (::tcgetattr(slave, &attributes) == 0) {
        attributes.c_iflag |= IUTF8;
        ::tcsetattr(slave, TCSANOW, &attributes);
    }
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);

    int report[2] = {-1, -1};
    if (::pipe2(report, O_CLOEXEC) == -1) {
        const int savedErrno = errno;
        closeDescriptor(master);
        closeDescriptor(slave);
        return fail(tr("Cannot start a process: %1").arg(qt_error_string(savedErrno)));
    }
    report[0] = aboveStandardDescriptors(report[0]);
    report[1] = aboveStandardDescriptors(report[1]);

    const pid_t pid = ::fork();
    if (pid == 0)
        runChild(slave, report[1], descriptorLimit, programBytes.constData(), argv.data(), envp.data(),
                 directoryBytes.constData());
    const int forkErrno = errno;
    closeDescriptor(slave);
    closeDescriptor(report[1]);
    if (pid < 0) {
        closeDescriptor(report[0]);
        closeDescriptor(master);
        return fail(tr("Cannot start a process: %1").arg(qt_error_string(forkErrno)));
    }

    // End of file (exec closed the pipe) means success; a ChildFailure means the child is about to _exit(127).
    ChildFailure failure = {};
    ssize_t received = 0;
    do {
        received = ::read(report[0], &failure, sizeof failure);
    } while (received == -1 && errno == EINTR);
    closeDescriptor(report[0]);
    if (received != 0) {
        int status = 0;
        while (::waitpid(pid, &status, 0) == -1 && errno == EINTR) {
        }
        closeDescriptor(master);
        if (received != static_cast<ssize_t>(sizeof failure))
            return fail(tr("Cannot run %1: the process failed before starting it.").arg(program));
        if (failure.stage == StageChdir)
            return fail(tr("Cannot change to the folder %1: %2").arg(workingDirectory, qt_error_string(failure.error)));
        return fail(tr("Cannot run %1: %2").arg(program, qt_error_string(failure.error)));
    }

    m_master = master;
    m_pid = pid;
    m_readNotifier = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &PtyProcess::onReadable);
    m_readNotifier->setEnabled(!m_readingPaused);
    m_writeNotifier = new QSocketNotifier(m_master, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &PtyProcess::onWritable);
    m_reapTimer->start(IdleReapIntervalMs);
    return true;
}

bool PtyProcess::isRunning() const
{
    return m_pid != 0 && !m_reaped;
}

qint64 PtyProcess::processId() const
{
    return m_pid;
}

bool PtyProcess::write(const QByteArray &data)
{
    if (!isRunning() || m_master < 0 || m_masterHungUp)
        return false;
    if (m_pendingBytes + data.size() > MaximumPendingWrite)
        return false;
    if (data.isEmpty())
        return true;
    m_pending.push_back(data);
    m_pendingBytes += data.size();
    flushPending();
    return true;
}

void PtyProcess::flushPending()
{
    while (!m_pending.empty() && m_master >= 0) {
        const QByteArray &front = m_pending.front();
        const ssize_t written =
            ::write(m_master, front.constData() + m_pendingOffset, static_cast<size_t>(front.size() - m_pendingOffset));
        if (written > 0) {
            m_pendingOffset += written;
            m_pendingBytes -= written;
            if (m_pendingOffset == front.size()) {
                m_pending.pop_front();
                m_pendingOffset = 0;
            }
            continue;
        }
        if (written == -1 && errno == EINTR)
            continue;
        if (written == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        dropPending(); // EIO: the child side is gone, nobody will read it
        return;
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

void PtyProcess::dropPending()
{
    m_pending.clear();
    m_pendingOffset = 0;
    m_pendingBytes = 0;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

void PtyProcess::onWritable()
{
    flushPending();
}

bool PtyProcess::resize(int columns, int rows)
{
    if (columns < MinimumSize || columns > MaximumSize || rows < MinimumSize || rows > MaximumSize)
        return false;
    if (!isRunning() || m_master < 0)
        return false;
    winsize size = {};
    size.ws_col = static_cast<unsigned short>(columns);
    size.ws_row = static_cast<unsigned short>(rows);
    return ::ioctl(m_master, TIOCSWINSZ, &size) == 0;
}

void PtyProcess::setReadingPaused(bool paused)
{
    if (m_readingPaused == paused)
        return;
    m_readingPaused = paused;
    if (m_readNotifier && !m_masterHungUp)
        m_readNotifier->setEnabled(!paused);
    // Finishing may have waited for the consumer; not from inside the consumer's call.
    if (!paused && m_reaped && !m_finished)
        QMetaObject::invokeMethod(this, &PtyProcess::tryFinish, Qt::QueuedConnection);
}

PtyProcess::ReadResult PtyProcess::readAvailable(int maximumPieces)
{
    const QPointer<PtyProcess> alive(this);
    // A pty hands out at most a few KiB per read(); gathering up to 64 KiB per piece means fewer, larger messages
    // for the consumer when a program floods, and still one small piece per keystroke echo.
    static thread_local QByteArray buffer(MaximumOutputPiece, Qt::Uninitialized);
    for (int piece = 0; piece < maximumPieces; ++piece) {
        if (m_master < 0 || m_readingPaused)
            return ReadResult::Stopped;
        qsizetype filled = 0;
        ReadResult result = ReadResult::Again;
        bool full = false;
        while (!full) {
            const ssize_t received =
                ::read(m_master, buffer.data() + filled, static_cast<size_t>(buffer.size() - filled));
            if (received > 0) {
                filled += received;
                full = filled == buffer.size();
                continue;
            }
            if (received == -1 && errno == EINTR)
                continue;
            // EAGAIN: all read for now. Otherwise EIO (every slave descriptor closed) or end of file.
            result =
                received == -1 && (errno == EAGAIN || errno == EWOULDBLOCK) ? ReadResult::Again : ReadResult::HungUp;
            break;
        }
        if (filled > 0) {
            Q_EMIT output(QByteArray(buffer.constData(), filled));
            if (!alive)
                return ReadResult::Stopped;
        }
        if (!full)
            return result;
    }
    return ReadResult::Again;
}

void PtyProcess::onReadable()
{
    const QPointer<PtyProcess> alive(this);
    const ReadResult result = readAvailable(PiecesPerActivation);
    if (!alive || result != ReadResult::HungUp)
        return;
    // The child side closed: the child is exiting (or has exited). Readable forever from now on, so stop watching.
    m_masterHungUp = true;
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    dropPending();
    if (!m_reaped && !reapNow())
        m_reapTimer->start(ExitingReapIntervalMs);
    if (m_reaped)
        onChildReaped();
}

void PtyProcess::pollChild()
{
    if (!m_reaped && reapNow())
        onChildReaped();
}

bool PtyProcess::reapNow()
{
    if (m_reaped)
        return true;
    if (m_pid == 0)
        return false;
    int status = 0;
    pid_t result = 0;
    do {
        result = ::waitpid(static_cast<pid_t>(m_pid), &status, WNOHANG);
    } while (result == -1 && errno == EINTR);
    if (result == 0)
        return false;
    m_reaped = true;
    if (result == -1)
        m_exitCode = 255; // ECHILD: reaped by someone else (a waitpid(-1) elsewhere); the status is lost
    else if (WIFEXITED(status))
        m_exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        m_exitCode = 128 + WTERMSIG(status);
    else
        m_exitCode = 255;
    return true;
}

void PtyProcess::onChildReaped()
{
    m_reapTimer->stop();
    dropPending();
    if (!m_masterHungUp && !m_drainGraceTimer->isActive() && !m_drainGraceOver)
        m_drainGraceTimer->start(DrainGraceMs);
    tryFinish();
}

void PtyProcess::tryFinish()
{
    if (m_finished || !m_reaped)
        return;
    const bool outputEnded = m_masterHungUp || m_drainGraceOver || m_terminateRequested;
    if (!outputEnded)
        return; // EIO or the grace timer will call again
    if (m_readingPaused && !m_terminateRequested)
        return; // setReadingPaused(false) will call again
    if (!m_masterHungUp && !m_readingPaused && m_master >= 0) {
        // Whatever the tty still holds. Bounded: a daemonized grandchild may be writing to it forever.
        const QPointer<PtyProcess> alive(this);
        const ReadResult result = readAvailable(4 * PiecesPerActivation);
        if (!alive || m_finished)
            return;
        if (result == ReadResult::HungUp)
            m_masterHungUp = true;
        if (m_readingPaused && !m_terminateRequested)
            return; // the consumer paused while taking the rest: setReadingPaused(false) will call again
    }
    m_finished = true;
    m_drainGraceTimer->stop();
    closeMaster();
    Q_EMIT finished(m_exitCode);
}

void PtyProcess::closeMaster()
{
    // Disabled before the descriptor closes, deleted later: this may run inside a notifier's own activation.
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    dropPending();
    closeDescriptor(m_master);
    m_master = -1;
}

void PtyProcess::hangUp()
{
    const pid_t session = static_cast<pid_t>(m_pid);
    signalSession(session, SIGHUP);
    // A stopped process would not run its SIGHUP handler until continued (as the kernel does for orphaned groups).
    signalSession(session, SIGCONT);
    m_hangupSent = true;
    m_sinceHangup.start();
}

void PtyProcess::terminate()
{
    if (m_pid == 0 || m_finished)
        return;
    m_terminateRequested = true;
    if (!m_reaped && !m_hangupSent) {
        hangUp();
        m_killTimer->start(KillDelayMs);
        m_reapTimer->start(ExitingReapIntervalMs);
    }
    QMetaObject::invokeMethod(this, &PtyProcess::tryFinish, Qt::QueuedConnection);
}

bool PtyProcess::sessionExists() const
{
    return m_pid != 0
        && (::kill(-static_cast<pid_t>(m_pid), 0) == 0 || !sessionMembers(static_cast<pid_t>(m_pid)).empty());
}

void PtyProcess::killSessionIfStillThere()
{
    const pid_t session = static_cast<pid_t>(m_pid);
    if (session == 0)
        return;
    if (!m_reaped || sessionExists())
        signalSession(session, SIGKILL);
    if (!m_reaped)
        ::kill(session, SIGKILL);
}

void PtyProcess::killAndReapBlocking()
{
    if (m_pid == 0)
        return;
    m_killTimer->stop();
    m_reapTimer->stop();
    if (!m_reaped) {
        if (!m_hangupSent)
            hangUp();
        while (!reapNow() && m_sinceHangup.elapsed() < KillDelayMs)
            sleepMs(5);
        if (!m_reaped) {
            killSessionIfStillThere();
            int status = 0;
            while (::waitpid(static_cast<pid_t>(m_pid), &status, 0) == -1 && errno == EINTR) {
            }
            m_reaped = true;
        }
    }
    // Whatever of the session outlived the shell (background jobs of a shell that exited by itself, too) gets what
    // terminate() would give it: a hangup, and a kill at the deadline. Nothing the terminal started is left running.
    if (!m_hangupSent && sessionExists())
        hangUp();
    if (m_hangupSent) {
        while (sessionExists() && m_sinceHangup.elapsed() < KillDelayMs)
            sleepMs(5);
        if (sessionExists())
            signalSession(static_cast<pid_t>(m_pid), SIGKILL);
    }
}

} // namespace deskport
