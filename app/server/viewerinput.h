#pragma once

#include "core/role.h"
#include "input/inputsink.h"
#include "input/wheelaccumulator.h"
#include "protocol/messages.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QRect>
#include <QTimer>

#include <deque>
#include <variant>

namespace deskport {

class HostClipboard;

// What a viewer's input reaches, shared by all viewers.
struct InputContext
{
    InputSink *sink = nullptr;
    HostClipboard *clipboard = nullptr; // may be disabled
    QRect desktopArea;                  // the shared area in desktop coordinates
    int eventsPerSecond = 250;          // the pace at which input is applied
};

// One viewer's input: checks the role, pairs key ups with their downs, turns wheel units into steps, and applies
// everything in order at the configured pace. Pointer moves waiting in line merge into the latest; buttons, wheel
// steps, keys and clipboard text are never dropped or reordered. Whatever this viewer holds down is released when
// it asks (RELEASE_ALL) and when it goes away (destructor): a dropped connection never leaves a key stuck.
class ViewerInput : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxQueued = 4096;

    ViewerInput(const InputContext &context, Role role, QObject *parent = nullptr);
    ~ViewerInput() override;

    // Whether this viewer's input reaches the desktop, and if not, why (for the CONTROL message).
    bool isApplied() const;
    QString notAppliedReason() const;

    // False when the viewer is more than MaxQueued events ahead: the session closes it (4429). Input from a viewer
    // whose input is not applied is dropped and counted, and is not an error.
    bool handle(const protocol::Pointer &pointer);
    bool handle(const protocol::Wheel &wheel);
    bool handle(const protocol::Key &key);
    bool handle(const protocol::ReleaseAll &);
    bool handle(const protocol::SetClipboard &clipboard);

    HostClipboard *clipboard() const { return m_context.clipboard; }
    int droppedCount() const { return m_dropped; }
    int queuedCount() const { return int(m_queue.size()); }

Q_SIGNALS:
    // The first input from a viewer whose input is not applied (for one log line per connection).
    void inputRefused();
    // Input reached the desktop just now: the screen is about to change (the pipeline looks sooner).
    void inputApplied();

private:
    struct PointerEvent
    {
        QPoint position;
        quint8 buttons;
        bool buttonsChange; // a press or release happens here: later moves must not be merged into it
    };
    struct WheelEvent
    {
        QPoint steps;
    };
    struct KeyEvent
    {
        quint32 keysym;
        bool down;
    };
    struct ReleaseEvent
    {
    };
    struct ClipboardEvent
    {
        QString text;
    };
    using Event = std::variant<PointerEvent, WheelEvent, KeyEvent, ReleaseEvent, ClipboardEvent>;

    bool accepts();
    bool enqueue(Event event);
    void drain();
    bool takeToken();
    void apply(const PointerEvent &event);
    void apply(const WheelEvent &event);
    void apply(const KeyEvent &event);
    void apply(const ReleaseEvent &event);
    void apply(const ClipboardEvent &event);

    InputContext m_context;
    Role m_role;
    int m_dropped = 0;
    WheelAccumulator m_wheel;
    // Keys the viewer holds, by KeyboardEvent.code (or key when the code is empty), to the keysym pressed.
    QHash<QString, quint32> m_heldKeys;
    // What this viewer has pressed on the host, so exactly that is released.
    QList<quint32> m_pressedKeysyms;
    quint8 m_pressedButtons = 0;
    // The buttons as of the last POINTER received (applied or waiting), to tell moves from presses and releases.
    quint8 m_requestedButtons = 0;
    QPoint m_pointer{-1, -1};

    std::deque<Event> m_queue;
    QTimer m_paceTimer;
    QElapsedTimer m_clock;
    double m_tokens = 0;
    qint64 m_lastRefillMs = 0;
};

} // namespace deskport
