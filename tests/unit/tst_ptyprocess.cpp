#include "host/ptyprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace deskport;

namespace {

constexpr int Generous = 10000; // ms; a loaded 2-core machine may be slow, but never this slow

// Collects everything a PtyProcess prints, and checks the pieces' size limit on the way.
struct Transcript
{
    QByteArray text;
    int pieces = 0;
    qsizetype largestPiece = 0;
    QList<int> exitCodes;
    int piecesAfterFinished = 0;

    void attach(PtyProcess &process)
    {
        QObject::connect(&process, &PtyProcess::output, &process, [this](const QByteArray &data) {
            text += data;
            ++pieces;
            largestPiece = qMax(largestPiece, data.size());
            if (!exitCodes.isEmpty())
                ++piecesAfterFinished;
        });
        QObject::connect(&process, &PtyProcess::finished, &process, [this](int code) { exitCodes.append(code); });
    }
};

PtyProcess::Options shellScript(const QString &script)
{
    PtyProcess::Options options;
    options.program = QStringLiteral("/bin/sh");
    options.arguments = {QStringLiteral("-c"), script};
    return options;
}

PtyProcess::Options interactiveShell()
{
    PtyProcess::Options options;
    options.program = QStringLiteral("/bin/sh");
    return options;
}

bool procEntryExists(qint64 pid)
{
    return QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

QStringList descriptorsOf(const QString &pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid))
        .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System);
}

// The direct child of `parent` (the shell's background `sleep`), from /proc/<parent>/task/<parent>/children.
qint64 onlyChildOf(qint64 parent)
{
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(parent));
    if (!children.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> pids = children.readAll().trimmed().split(' ');
    return pids.size() == 1 ? pids.first().toLongLong() : 0;
}

// A regular file without any execute bit (even root cannot exec it).
QString plainFile(const QString &folder)
{
    const QString path = folder + QStringLiteral("/not-a-program");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write("#!/bin/sh\necho no\n");
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    return path;
}

// Waits until `pid` (a grandchild: the shell's job) has ended. An orphan comes to this process (a subreaper) and is
// reaped here, with its status; one that died before its parent may have been reaped by that parent instead.
// Returns the signal that ended it, 0 if it ended otherwise or its parent reaped it, -1 if it is still running.
int waitForGrandchildEnd(qint64 pid)
{
    QDeadlineTimer deadline(Generous);
    while (!deadline.hasExpired()) {
        int status = 0;
        const pid_t result = ::waitpid(static_cast<pid_t>(pid), &status, WNOHANG);
        if (result == static_cast<pid_t>(pid))
            return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        if (result == -1 && !procEntryExists(pid))
            return 0;
        QTest::qWait(10);
    }
    return -1;
}

int countOf(const QByteArray &text, char wanted)
{
    int count = 0;
    for (char c : text)
        count += c == wanted ? 1 : 0;
    return count;
}

} // namespace

class TestPtyProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void interactiveShellComputes();
    void startSizeIsTheTtySize();
    void resizeChangesTheTtySize();
    void resizeSendsSigwinch();
    void environmentAndFolder();
    void exitCodeIsReported();
    void signalDeathIs128PlusSignal();
    void terminateKillsAGroupIgnoringHangup();
    void terminateKillsJobsInOtherGroupsOfTheSession();
    void terminateEndsAnInteractiveShellQuickly();
    void interactiveBashWithJobControl();
    void destructorReaps();
    void destructorReapsAChildIgnoringHangup();
    void listeningSocketIsNotInherited();
    void missingProgramIsReported();
    void badSizesAreRefused();
    void writeRefusesMoreThanOneMebibytePending();
    void writeRefusedWhenNotRunning();
    void pendingWritesReachAReadingProgram();
    void largeOutputArrivesComplete();
    void pausedReadingHoldsOutputBack();
    void finishedWaitsForPausedOutput();
    void finishesWhileABackgroundJobHoldsTheTty();
    void defaultShellFollowsShellVariable();
    void noDescriptorLeaks();

private:
    QByteArray m_savedShell;
    bool m_hadShell = false;
};

void TestPtyProcess::initTestCase()
{
    m_hadShell = qEnvironmentVariableIsSet("SHELL");
    m_savedShell = qgetenv("SHELL");
    // Orphans (the background `sleep` of a killed shell) come to this process instead of PID 1, so a test can reap
    // them and see how they ended; in a container PID 1 may never reap them.
    QCOMPARE(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
}

void TestPtyProcess::cleanup()
{
    if (m_hadShell)
        qputenv("SHELL", m_savedShell);
    else
        qunsetenv("SHELL");
    // Every PtyProcess of the test is gone by now: only adopted orphans can be left to reap.
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

void TestPtyProcess::interactiveShellComputes()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(interactiveShell(), &error), qPrintable(error));
    QVERIFY(process.isRunning());
    QVERIFY(process.processId() > 0);

    QVERIFY(process.write("echo $((6*7))\n"));
    // The echo of the typed line holds "6*7", never "42": only the shell's answer does.
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("42"), Generous);

    QVERIFY(process.write("exit\n"));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY(!process.isRunning());
    QCOMPARE(transcript.piecesAfterFinished, 0);
}

void TestPtyProcess::startSizeIsTheTtySize()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    PtyProcess::Options options = shellScript(QStringLiteral("stty size"));
    options.columns = 123;
    options.rows = 45;
    QString error;
    QVERIFY2(process.start(options, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY2(transcript.text.contains("45 123"), transcript.text.constData());
}

void TestPtyProcess::resizeChangesTheTtySize()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(interactiveShell(), &error), qPrintable(error));
    QVERIFY(process.resize(101, 33));
    QVERIFY(process.write("stty size; exit\n"));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY2(transcript.text.contains("33 101"), transcript.text.constData());
}

void TestPtyProcess::resizeSendsSigwinch()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("trap 'echo \"winch $(stty size)\"' WINCH; echo READY; "
                                                      "while :; do sleep 0.05; done")),
                           &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("READY"), Generous);
    QVERIFY(process.resize(90, 20));
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("winch 20 90"), Generous);
    process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes.size(), 1, Generous);
}

void TestPtyProcess::environmentAndFolder()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    qputenv("DESKPORT_PTY_INHERITED", "from-parent");
    qputenv("DESKPORT_PTY_REPLACED", "old");
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    PtyProcess::Options options = shellScript(
        QStringLiteral("echo \"T=$TERM I=$DESKPORT_PTY_INHERITED R=$DESKPORT_PTY_REPLACED N=$DESKPORT_PTY_NEW\"; pwd"));
    options.environment = {QStringLiteral("DESKPORT_PTY_REPLACED=new"), QStringLiteral("DESKPORT_PTY_NEW=a=b"),
                           QStringLiteral("TERM=dumb")};
    options.workingDirectory = folder.path();
    QString error;
    QVERIFY2(process.start(options, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    qunsetenv("DESKPORT_PTY_INHERITED");
    qunsetenv("DESKPORT_PTY_REPLACED");
    QVERIFY2(transcript.text.contains("T=xterm-256color I=from-parent R=new N=a=b"), transcript.text.constData());
    QVERIFY2(transcript.text.contains(QFile::encodeName(QDir(folder.path()).canonicalPath())),
             transcript.text.constData());

    PtyProcess defaults;
    Transcript defaultTranscript;
    defaultTranscript.attach(defaults);
    QVERIFY2(defaults.start(shellScript(QStringLiteral("pwd")), &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(defaultTranscript.exitCodes, QList<int>{0}, Generous);
    QVERIFY2(defaultTranscript.text.contains(QFile::encodeName(QDir::homePath())), defaultTranscript.text.constData());
}

void TestPtyProcess::exitCodeIsReported()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("echo bye; exit 3")), &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{3}, Generous);
    QVERIFY(transcript.text.contains("bye"));
    QVERIFY(!process.isRunning());
    // Once only, even if asked to end again.
    process.terminate();
    QTest::qWait(50);
    QCOMPARE(transcript.exitCodes, QList<int>{3});
}

void TestPtyProcess::signalDeathIs128PlusSignal()
{
    {
        PtyProcess process;
        Transcript transcript;
        transcript.attach(process);
        PtyProcess::Options options;
        options.program = QStringLiteral("/bin/sleep");
        options.arguments = {QStringLiteral("1000")};
        QString error;
        QVERIFY2(process.start(options, &error), qPrintable(error));
        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{128 + SIGKILL}, Generous);
    }
    {
        PtyProcess process;
        Transcript transcript;
        transcript.attach(process);
        QString error;
        QVERIFY2(process.start(shellScript(QStringLiteral("kill -USR1 $$")), &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{128 + SIGUSR1}, Generous);
    }
}

void TestPtyProcess::terminateKillsAGroupIgnoringHangup()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("trap '' HUP; sleep 1000 & echo STARTED; wait")), &error),
             qPrintable(error));
    const qint64 shellPid = process.processId();
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("STARTED"), Generous);
    qint64 sleepPid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((sleepPid = onlyChildOf(shellPid)) != 0, Generous);
    QCOMPARE(::getpgid(static_cast<pid_t>(sleepPid)), static_cast<pid_t>(shellPid));

    QElapsedTimer clock;
    clock.start();
    process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{128 + SIGKILL}, Generous);
    qInfo("shell ignoring SIGHUP ended %lld ms after terminate()", static_cast<long long>(clock.elapsed()));
    QVERIFY(!procEntryExists(shellPid));
    QCOMPARE(::waitpid(static_cast<pid_t>(shellPid), nullptr, WNOHANG), -1);

    // The background sleep (same process group, SIGHUP ignored too) was killed with the group.
    const int endingSignal = waitForGrandchildEnd(sleepPid);
    QVERIFY(endingSignal >= 0);
    if (endingSignal != 0)
        QCOMPARE(endingSignal, SIGKILL);
    QVERIFY(!procEntryExists(sleepPid));
}

void TestPtyProcess::terminateKillsJobsInOtherGroupsOfTheSession()
{
    // With job control (set -m) each job gets a process group of its own, so a signal to the shell's group misses
    // it; this one also ignores SIGHUP. Only the session ties it to the terminal.
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("set -m; (trap '' HUP; exec sleep 1000) & echo STARTED; wait")),
                           &error),
             qPrintable(error));
    const qint64 shellPid = process.processId();
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("STARTED"), Generous);
    qint64 jobPid = 0;
    QTRY_VERIFY_WITH_TIMEOUT((jobPid = onlyChildOf(shellPid)) != 0, Generous);
    QTRY_VERIFY_WITH_TIMEOUT(::getpgid(static_cast<pid_t>(jobPid)) == static_cast<pid_t>(jobPid), Generous);
    QCOMPARE(::getsid(static_cast<pid_t>(jobPid)), static_cast<pid_t>(shellPid));

    process.terminate();
    QTRY_VERIFY_WITH_TIMEOUT(!transcript.exitCodes.isEmpty(), Generous);
    const int endingSignal = waitForGrandchildEnd(jobPid);
    QVERIFY(endingSignal >= 0);
    QVERIFY(!procEntryExists(jobPid));
}

void TestPtyProcess::terminateEndsAnInteractiveShellQuickly()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(interactiveShell(), &error), qPrintable(error));
    const qint64 pid = process.processId();
    QVERIFY(process.write("echo READY\n"));
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("READY\r\n"), Generous);
    process.terminate();
    // SIGHUP's default action ends the shell: no wait for the SIGKILL.
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{128 + SIGHUP}, Generous);
    QVERIFY(!procEntryExists(pid));
}

void TestPtyProcess::interactiveBashWithJobControl()
{
    if (!QFileInfo(QStringLiteral("/bin/bash")).isExecutable())
        QSKIP("no /bin/bash");
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    PtyProcess::Options options;
    options.program = QStringLiteral("/bin/bash");
    options.arguments = {QStringLiteral("--norc"), QStringLiteral("--noprofile")};
    QString error;
    QVERIFY2(process.start(options, &error), qPrintable(error));
    const qint64 pid = process.processId();
    // A job of its own process group: bash passes the hangup on to its jobs when it gets one.
    QVERIFY(process.write("sleep 1000 & echo \"job $!\"\n"));
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT(
        (match = QRegularExpression(QStringLiteral("job (\\d+)")).match(QString::fromLatin1(transcript.text)))
            .hasMatch(),
        Generous);
    const qint64 jobPid = match.captured(1).toLongLong();
    QVERIFY(jobPid > 0);
    QVERIFY(::getpgid(static_cast<pid_t>(jobPid)) != static_cast<pid_t>(pid));
    process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{128 + SIGHUP}, Generous);
    const int endingSignal = waitForGrandchildEnd(jobPid);
    QVERIFY(endingSignal >= 0);
    if (endingSignal != 0)
        QCOMPARE(endingSignal, SIGHUP);
}

void TestPtyProcess::destructorReaps()
{
    qint64 pid = 0;
    {
        PtyProcess process;
        QString error;
        QVERIFY2(process.start(interactiveShell(), &error), qPrintable(error));
        pid = process.processId();
        QVERIFY(procEntryExists(pid));
    }
    errno = 0;
    QCOMPARE(::waitpid(static_cast<pid_t>(pid), nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);
    QVERIFY(!procEntryExists(pid));

    // Never started, or failed to start: nothing to do, nothing crashes.
    {
        PtyProcess never;
    }
}

void TestPtyProcess::destructorReapsAChildIgnoringHangup()
{
    qint64 shellPid = 0;
    qint64 sleepPid = 0;
    {
        PtyProcess process;
        Transcript transcript;
        transcript.attach(process);
        QString error;
        QVERIFY2(process.start(shellScript(QStringLiteral("trap '' HUP; echo STARTED; sleep 1000")), &error),
                 qPrintable(error));
        shellPid = process.processId();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("STARTED"), Generous);
        QTRY_VERIFY_WITH_TIMEOUT((sleepPid = onlyChildOf(shellPid)) != 0, Generous);
    }
    errno = 0;
    QCOMPARE(::waitpid(static_cast<pid_t>(shellPid), nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);
    QVERIFY(!procEntryExists(shellPid));
    const int endingSignal = waitForGrandchildEnd(sleepPid);
    QVERIFY(endingSignal >= 0);
    if (endingSignal != 0)
        QCOMPARE(endingSignal, SIGKILL);
}

void TestPtyProcess::listeningSocketIsNotInherited()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    // Qt opens its sockets close-on-exec; these two are not, so only closing in the child keeps them out.
    const int inheritableSocket = ::dup(static_cast<int>(server.socketDescriptor()));
    const int inheritableFile = ::open("/dev/null", O_RDONLY);
    QVERIFY(inheritableSocket > 2);
    QVERIFY(inheritableFile > 2);

    // The program lists its own descriptors (ls inherits every descriptor of the shell that is not close-on-exec,
    // and adds one for the folder it reads).
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    const bool started = process.start(shellScript(QStringLiteral("ls -l /proc/self/fd; echo END")), &error);
    ::close(inheritableSocket);
    ::close(inheritableFile);
    QVERIFY2(started, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    const QByteArray listing = transcript.text;
    QVERIFY2(listing.contains("END"), listing.constData());
    QVERIFY2(listing.contains("0 -> /dev/pts/"), listing.constData());
    QVERIFY2(listing.contains("2 -> /dev/pts/"), listing.constData());
    QVERIFY2(!listing.contains("socket:"), listing.constData());
    QVERIFY2(!listing.contains("/dev/null"), listing.constData());
    const int entries = static_cast<int>(listing.count(" -> "));
    QVERIFY2(entries == 4, listing.constData()); // 0, 1, 2 and ls's own folder descriptor
}

void TestPtyProcess::missingProgramIsReported()
{
    QString error;
    {
        PtyProcess process;
        PtyProcess::Options options;
        options.program = QStringLiteral("/nonexistent/deskport-no-such-program");
        QVERIFY(!process.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("deskport-no-such-program")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("No such file")), qPrintable(error));
        QVERIFY(!process.isRunning());
        QCOMPARE(process.processId(), 0);
        QVERIFY(!process.write("x"));
    }
    {
        PtyProcess process;
        PtyProcess::Options options;
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        options.program = plainFile(folder.path());
        error.clear();
        QVERIFY(!process.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("Permission denied")), qPrintable(error));
    }
    {
        PtyProcess process;
        PtyProcess::Options options;
        options.program = QStringLiteral("sh");
        error.clear();
        QVERIFY(!process.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("absolute")), qPrintable(error));
    }
    {
        PtyProcess process;
        PtyProcess::Options options = shellScript(QStringLiteral("true"));
        options.workingDirectory = QStringLiteral("/nonexistent/deskport-folder");
        error.clear();
        QVERIFY(!process.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("deskport-folder")), qPrintable(error));
    }
    {
        PtyProcess process;
        PtyProcess::Options options = shellScript(QStringLiteral("true"));
        options.environment = {QStringLiteral("=novalue")};
        error.clear();
        QVERIFY(!process.start(options, &error));
        QVERIFY(!error.isEmpty());
    }
    // The failed children were reaped by start() itself.
    errno = 0;
    QCOMPARE(::waitpid(-1, nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);
}

void TestPtyProcess::badSizesAreRefused()
{
    const QList<QPair<int, int>> badSizes = {{1, 24}, {80, 1}, {1001, 24}, {80, 1001}, {0, 0}, {-5, 24}};
    for (const auto &[columns, rows] : badSizes) {
        PtyProcess process;
        PtyProcess::Options options = interactiveShell();
        options.columns = columns;
        options.rows = rows;
        QString error;
        QVERIFY(!process.start(options, &error));
        QVERIFY2(error.contains(QStringLiteral("size")), qPrintable(error));
        QCOMPARE(process.processId(), 0);
    }

    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(interactiveShell(), &error), qPrintable(error));
    for (const auto &[columns, rows] : badSizes)
        QVERIFY(!process.resize(columns, rows));
    QVERIFY(process.resize(2, 2));
    QVERIFY(process.resize(1000, 1000));
    QVERIFY(process.write("stty size; exit\n"));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY2(transcript.text.contains("1000 1000"), transcript.text.constData());
    QVERIFY(!process.resize(80, 24)); // not running any more
}

void TestPtyProcess::writeRefusesMoreThanOneMebibytePending()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    // Raw mode: the line discipline stops taking input once its buffer is full, instead of discarding it.
    QVERIFY2(process.start(shellScript(QStringLiteral("stty raw -echo; echo READY; sleep 1000")), &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("READY"), Generous);

    QVERIFY(!process.write(QByteArray(PtyProcess::MaximumPendingWrite + 1, 'a')));
    const QByteArray piece(256 * 1024, 'b');
    int accepted = 0;
    while (accepted < 64 && process.write(piece))
        ++accepted;
    qInfo("accepted %d pieces of 256 KiB before refusing", accepted);
    QVERIFY(accepted >= 4); // 1 MiB may always be pending
    QVERIFY(accepted < 64); // but the tty does not take it all
    QVERIFY(!process.write(piece));
    QVERIFY(process.write(QByteArray())); // nothing is always fine while running
    QVERIFY(process.isRunning());

    process.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes.size(), 1, Generous);
    QVERIFY(!process.write("x"));
}

void TestPtyProcess::pendingWritesReachAReadingProgram()
{
    constexpr int Size = 900 * 1024;
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(
        process.start(shellScript(QStringLiteral("stty raw -echo; echo READY; head -c %1 | wc -c").arg(Size)), &error),
        qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(transcript.text.contains("READY"), Generous);
    // More than the tty takes at once: the rest waits in the queue and goes out as the program reads.
    QByteArray data(Size, 'k');
    for (int i = 0; i < Size; i += 1000)
        data[i] = '\n';
    QVERIFY(process.write(data.left(Size / 2)));
    QVERIFY(process.write(data.mid(Size / 2)));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY2(transcript.text.contains(QByteArray::number(Size)), transcript.text.constData());
}

void TestPtyProcess::writeRefusedWhenNotRunning()
{
    PtyProcess process;
    QVERIFY(!process.write("before start"));
    QVERIFY(!process.resize(80, 24));
    process.terminate(); // nothing to end: no effect
    process.setReadingPaused(true);
    process.setReadingPaused(false);
    QCOMPARE(process.processId(), 0);

    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("true")), &error), qPrintable(error));
    QVERIFY(!process.start(shellScript(QStringLiteral("true")), &error)); // once only
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY(!process.write("after the end"));
}

void TestPtyProcess::largeOutputArrivesComplete()
{
    constexpr int Size = 5000000;
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    // No newline in the stream, so the tty's output processing (\n -> \r\n) leaves the count alone.
    QVERIFY2(process.start(shellScript(QStringLiteral("head -c %1 /dev/zero | tr '\\0' x; echo; echo END").arg(Size)),
                           &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, 60000);
    QCOMPARE(countOf(transcript.text, 'x'), Size);
    QVERIFY(transcript.text.endsWith("\r\nEND\r\n"));
    QVERIFY(transcript.largestPiece <= PtyProcess::MaximumOutputPiece);
    QCOMPARE(transcript.piecesAfterFinished, 0);
    qInfo("%d bytes in %d pieces, largest %lld", static_cast<int>(transcript.text.size()), transcript.pieces,
          static_cast<long long>(transcript.largestPiece));
}

void TestPtyProcess::pausedReadingHoldsOutputBack()
{
    constexpr int Size = 1000000;
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    process.setReadingPaused(true);
    QVERIFY(process.isReadingPaused());
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("head -c %1 /dev/zero | tr '\\0' y").arg(Size)), &error),
             qPrintable(error));
    // A megabyte cannot fit in the tty's buffers: the writer blocks and nothing is read.
    QTest::qWait(1000);
    QCOMPARE(transcript.pieces, 0);
    QVERIFY(process.isRunning());
    QVERIFY(transcript.exitCodes.isEmpty());

    // Pausing from inside the consumer's slot takes effect at once: no further piece in that burst.
    QObject::connect(&process, &PtyProcess::output, &process, [&process, &transcript] {
        if (transcript.pieces == 1)
            process.setReadingPaused(true);
    });
    process.setReadingPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(transcript.pieces, 1, Generous);
    QVERIFY(process.isReadingPaused());
    QTest::qWait(300);
    QCOMPARE(transcript.pieces, 1);

    process.setReadingPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, 60000);
    QCOMPARE(countOf(transcript.text, 'y'), Size);
}

void TestPtyProcess::finishedWaitsForPausedOutput()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    process.setReadingPaused(true);
    QString error;
    QVERIFY2(process.start(shellScript(QStringLiteral("echo LAST-WORDS")), &error), qPrintable(error));
    // The child exits (its output fits in the tty) and is reaped, but finished() waits for the output to be read.
    QTRY_VERIFY_WITH_TIMEOUT(!process.isRunning(), Generous);
    QTest::qWait(500);
    QCOMPARE(transcript.pieces, 0);
    QVERIFY(transcript.exitCodes.isEmpty());
    process.setReadingPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{0}, Generous);
    QVERIFY(transcript.text.contains("LAST-WORDS"));
    QCOMPARE(transcript.piecesAfterFinished, 0);
}

void TestPtyProcess::finishesWhileABackgroundJobHoldsTheTty()
{
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    // The background sleep keeps the tty's output open, so the master never reports EIO: finished() must come
    // from reaping the shell.
    QVERIFY2(process.start(shellScript(QStringLiteral("sleep 1000 & echo BYE; exit 4")), &error), qPrintable(error));
    const pid_t group = static_cast<pid_t>(process.processId());
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{4}, Generous);
    QVERIFY(transcript.text.contains("BYE"));
    QCOMPARE(::kill(-group, 0), 0); // the sleep is still there (a natural end hangs nobody up)
    QCOMPARE(::kill(-group, SIGKILL), 0);
}

void TestPtyProcess::defaultShellFollowsShellVariable()
{
    // What is left when $SHELL does not qualify: the passwd entry's shell if executable, else /bin/sh.
    QString fallback = QStringLiteral("/bin/sh");
    if (const passwd *entry = ::getpwuid(::getuid()); entry && entry->pw_shell) {
        const QFileInfo info(QFile::decodeName(entry->pw_shell));
        if (info.isAbsolute() && info.isFile() && info.isExecutable())
            fallback = info.filePath();
    }

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QByteArray notExecutable = QFile::encodeName(plainFile(folder.path()));

    qputenv("SHELL", "/bin/sh");
    QCOMPARE(PtyProcess::defaultShell(), QStringLiteral("/bin/sh"));
    if (QFileInfo(QStringLiteral("/bin/bash")).isExecutable()) {
        qputenv("SHELL", "/bin/bash");
        QCOMPARE(PtyProcess::defaultShell(), QStringLiteral("/bin/bash"));
    }
    for (const QByteArray &unfit :
         {QByteArray("/nonexistent/shell"), QByteArray("sh"), notExecutable, QByteArray("/bin"), QByteArray()}) {
        qputenv("SHELL", unfit);
        QCOMPARE(PtyProcess::defaultShell(), fallback);
    }
    qunsetenv("SHELL");
    QCOMPARE(PtyProcess::defaultShell(), fallback);

    // An empty program runs the default shell, interactively.
    qputenv("SHELL", "/bin/sh");
    PtyProcess process;
    Transcript transcript;
    transcript.attach(process);
    QString error;
    QVERIFY2(process.start(PtyProcess::Options{}, &error), qPrintable(error));
    QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/exe").arg(process.processId())).canonicalFilePath(),
             QFileInfo(QStringLiteral("/bin/sh")).canonicalFilePath());
    QVERIFY(process.write("echo $((40+2)); exit 5\n"));
    QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes, QList<int>{5}, Generous);
    QVERIFY(transcript.text.contains("42"));
}

void TestPtyProcess::noDescriptorLeaks()
{
    auto settle = [] {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    };
    settle();
    const qsizetype before = descriptorsOf(QStringLiteral("self")).size();
    for (int cycle = 0; cycle < 20; ++cycle) {
        auto process = std::make_unique<PtyProcess>();
        Transcript transcript;
        transcript.attach(*process);
        QString error;
        QVERIFY2(process->start(interactiveShell(), &error), qPrintable(error));
        QVERIFY(process->write("echo hi\n"));
        process->terminate();
        QTRY_COMPARE_WITH_TIMEOUT(transcript.exitCodes.size(), 1, Generous);
        process.reset();
        // And failures.
        PtyProcess failing;
        PtyProcess::Options options;
        options.program = QStringLiteral("/nonexistent/x");
        QVERIFY(!failing.start(options, &error));
        settle();
    }
    settle();
    QCOMPARE(descriptorsOf(QStringLiteral("self")).size(), before);
}

QTEST_GUILESS_MAIN(TestPtyProcess)
#include "tst_ptyprocess.moc"
