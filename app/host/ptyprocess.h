#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <deque>

class QSocketNotifier;
class QTimer;

namespace deskport {

// A program (by default the user's shell) running on a new pseudo-terminal, for the portal's terminal panel.
// Knows nothing of HTTP or WebSockets: bytes in (write), bytes out (output), a size, and an end (finished).
//
// The child runs in a new session whose controlling terminal is the pty; everything it starts stays in that session
// (jobs of a shell with job control too, in process groups of their own) unless it calls setsid itself. terminate()
// hangs up every process of the session and, if needed, kills them. The child is reaped by
// polling waitpid(pid, WNOHANG) on a timer rather than with a SIGCHLD handler, which QProcess owns in this process.
// Everything the child needs is prepared before fork(); between fork() and exec() it makes only async-signal-safe
// calls, so starting is safe while other threads run.
class PtyProcess : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString program;          // absolute path; empty = defaultShell()
        QStringList arguments;    // argv[1..]; for the default shell, none (an interactive shell on a tty)
        QString workingDirectory; // empty = QDir::homePath()
        // KEY=VALUE pairs set on top of the inherited environment (TERM=xterm-256color is always set).
        QStringList environment;
        int columns = 80;
        int rows = 24;
    };

    static constexpr int MinimumSize = 2;
    static constexpr int MaximumSize = 1000;
    static constexpr qsizetype MaximumPendingWrite = 1024 * 1024;
    static constexpr qsizetype MaximumOutputPiece = 64 * 1024;
    static constexpr int KillDelayMs = 2000;

    // $SHELL if it names an executable file, else the passwd entry's shell, else /bin/sh.
    static QString defaultShell();

    explicit PtyProcess(QObject *parent = nullptr);
    // Ends the child (as terminate()) and reaps it before returning: never a zombie or an orphan. May block for up
    // to KillDelayMs when the child ignores SIGHUP.
    ~PtyProcess() override;

    // False with a sentence in *error (bad size, exec failure reported by the child, pty or fork failure).
    // A PtyProcess starts once.
    bool start(const Options &options, QString *error);
    bool isRunning() const;   // started and not yet reaped
    qint64 processId() const; // 0 when not started

    // Queues bytes for the terminal; written without blocking as the tty accepts them. False (nothing queued) if
    // more than 1 MiB would be pending or the process is not running.
    bool write(const QByteArray &data);
    // 2..1000 each, else false; TIOCSWINSZ (the foreground program gets SIGWINCH).
    bool resize(int columns, int rows);
    // Stops reading the tty while the consumer is behind (the program then blocks on a full tty), and resumes.
    // While paused, finished() waits too (the output before it is not lost), unless terminate() was called.
    void setReadingPaused(bool paused);
    bool isReadingPaused() const { return m_readingPaused; }
    // SIGHUP to every process of the child's session, SIGKILL to those still there KillDelayMs later; reaped;
    // finished() once. Output still unread when the child is reaped is read if reading is not paused, else dropped.
    void terminate();

Q_SIGNALS:
    // What the terminal printed, in pieces of at most 64 KiB.
    void output(const QByteArray &data);
    // Exit status, or 128 + signal number; emitted once, after the output is drained.
    void finished(int exitCode);

private:
    enum class ReadResult { Again, HungUp, Stopped };

    ReadResult readAvailable(int maximumPieces);
    void onReadable();
    void onWritable();
    void flushPending();
    void dropPending();
    void pollChild();
    bool reapNow(); // waitpid(WNOHANG); true once the child is reaped
    void killSessionIfStillThere();
    void onChildReaped();
    void tryFinish();
    void closeMaster();
    void hangUp();
    bool sessionExists() const;
    void killAndReapBlocking();

    int m_master = -1;
    qint64 m_pid = 0;
    bool m_reaped = false;
    bool m_finished = false;
    bool m_masterHungUp = false;   // EIO (or EOF) read from the master: every slave descriptor is closed
    bool m_drainGraceOver = false; // reaped, but something else still holds the slave: stop waiting for EIO
    bool m_terminateRequested = false;
    bool m_hangupSent = false;
    bool m_readingPaused = false;
    int m_exitCode = -1;
    QElapsedTimer m_sinceHangup;

    std::deque<QByteArray> m_pending;
    qsizetype m_pendingOffset = 0; // bytes of m_pending.front() already written
    qsizetype m_pendingBytes = 0;

    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_reapTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    QTimer *m_drainGraceTimer = nullptr;
};

} // namespace deskport
