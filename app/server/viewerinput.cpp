#include "server/viewerinput.h"

#include "host/hostclipboard.h"
#include "input/keymap.h"
#include "input/pointermapping.h"

#include <algorithm>
#include <cmath>

namespace deskport {

namespace {

// A short burst (a double click, a quick shortcut) goes through at once; the pace holds beyond it.
constexpr double BurstSeconds = 0.1;

constexpr std::pair<quint8, MouseButton> Buttons[] = {
    {protocol::PointerButton::Left, MouseButton::Left},     {protocol::PointerButton::Middle, MouseButton::Middle},
    {protocol::PointerButton::Right, MouseButton::Right},   {protocol::PointerButton::Back, MouseButton::Back},
    {protocol::PointerButton::Forward, MouseButton::Forward},
};

} // namespace

ViewerInput::ViewerInput(const InputContext &context, Role role, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_role(role)
{
    m_paceTimer.setSingleShot(true);
    m_paceTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_paceTimer, &QTimer::timeout, this, &ViewerInput::drain);
    m_clock.start();
    m_tokens = std::max(1.0, m_context.eventsPerSecond * BurstSeconds);
}

ViewerInput::~ViewerInput()
{
    // Events still waiting are dropped with the connection; what is already down on the host is released.
    if (isApplied()) {
        apply(ReleaseEvent{});
    }
}

bool ViewerInput::isApplied() const
{
    return m_role == Role::Control && m_context.sink && m_context.sink->isAvailable();
}

QString ViewerInput::notAppliedReason() const
{
    if (m_role != Role::Control) {
        return QStringLiteral("you logged in with the view-only password");
    }
    if (!m_context.sink || !m_context.sink->isAvailable()) {
        return m_context.sink ? m_context.sink->unavailableReason() : QStringLiteral("remote control is off");
    }
    return {};
}

bool ViewerInput::accepts()
{
    if (isApplied()) {
        return true;
    }
    if (m_dropped++ == 0) {
        Q_EMIT inputRefused();
    }
    return false;
}

bool ViewerInput::handle(const protocol::Pointer &pointer)
{
    if (!accepts()) {
        return true;
    }
    const QPoint position = mapToDesktop(QPoint(pointer.x, pointer.y), QSize(pointer.frameWidth, pointer.frameHeight),
                                         m_context.desktopArea);
    const bool buttonsChange = pointer.buttons != m_requestedButtons;
    m_requestedButtons = pointer.buttons;
    // A plain move waiting in line is only a stale position: replace it. A press or release keeps its own
    // position, so a drag starts where the button went down.
    if (!buttonsChange && !m_queue.empty()) {
        if (auto *last = std::get_if<PointerEvent>(&m_queue.back()); last && !last->buttonsChange) {
            last->position = position;
            return true;
        }
    }
    return enqueue(PointerEvent{position, pointer.buttons, buttonsChange});
}

bool ViewerInput::handle(const protocol::Wheel &wheel)
{
    if (!accepts()) {
        return true;
    }
    const QPoint steps = m_wheel.add(wheel.horizontal, wheel.vertical);
    if (steps.isNull()) {
        return true;
    }
    // Steps waiting in line add up: nothing is lost and the host gets fewer, larger scrolls.
    if (!m_queue.empty()) {
        if (auto *last = std::get_if<WheelEvent>(&m_queue.back())) {
            last->steps += steps;
            return true;
        }
    }
    return enqueue(WheelEvent{steps});
}

bool ViewerInput::handle(const protocol::Key &key)
{
    if (!accepts()) {
        return true;
    }
    // The code names the physical key, so the up finds its down even when `key` changed in between (a modifier
    // was released first, a dead key composed). On-screen keyboards send no code: then the key itself.
    const QString identity = key.code.isEmpty() ? key.key : key.code;
    if (key.down) {
        const quint32 keysym = Keymap::keysymFor(key.key, key.code);
        if (keysym == 0) {
            return true; // a dead key or an unidentified one: nothing to type (yet)
        }
        if (const auto held = m_heldKeys.constFind(identity); held != m_heldKeys.cend() && *held != keysym) {
            // The same physical key now means another symbol: let go of the old one first.
            if (!enqueue(KeyEvent{*held, false})) {
                return false;
            }
        }
        m_heldKeys.insert(identity, keysym);
        return enqueue(KeyEvent{keysym, true});
    }
    const auto held = m_heldKeys.constFind(identity);
    if (held == m_heldKeys.cend()) {
        return true; // pressed before we were watching, or already released by RELEASE_ALL
    }
    const quint32 keysym = *held;
    m_heldKeys.erase(held);
    return enqueue(KeyEvent{keysym, false});
}

bool ViewerInput::handle(const protocol::ReleaseAll &)
{
    if (!accepts()) {
        return true;
    }
    m_heldKeys.clear();
    m_wheel.reset();
    m_requestedButtons = 0;
    return enqueue(ReleaseEvent{});
}

bool ViewerInput::handle(const protocol::SetClipboard &clipboard)
{
    if (!accepts()) {
        return true;
    }
    return enqueue(ClipboardEvent{clipboard.text});
}

bool ViewerInput::enqueue(Event event)
{
    if (m_queue.size() >= MaxQueued) {
        return false;
    }
    m_queue.push_back(std::move(event));
    drain();
    return true;
}

bool ViewerInput::takeToken()
{
    const qint64 now = m_clock.elapsed();
    const double rate = std::max(1, m_context.eventsPerSecond);
    m_tokens = std::min(std::max(1.0, rate * BurstSeconds), m_tokens + (now - m_lastRefillMs) * rate / 1000.0);
    m_lastRefillMs = now;
    if (m_tokens < 1.0) {
        return false;
    }
    m_tokens -= 1.0;
    return true;
}

void ViewerInput::drain()
{
    bool applied = false;
    while (!m_queue.empty()) {
        if (!takeToken()) {
            const double rate = std::max(1, m_context.eventsPerSecond);
            const int waitMs = std::max(1, int(std::ceil((1.0 - m_tokens) * 1000.0 / rate)));
            if (!m_paceTimer.isActive()) {
                m_paceTimer.start(waitMs);
            }
            break;
        }
        Event event = std::move(m_queue.front());
        m_queue.pop_front();
        std::visit([this](const auto &e) { apply(e); }, event);
        applied = true;
    }
    if (applied) {
        Q_EMIT inputApplied();
    }
}

void ViewerInput::apply(const PointerEvent &event)
{
    if (event.position != m_pointer) {
        m_context.sink->pointerMove(event.position);
        m_pointer = event.position;
    }
    for (const auto &[bit, button] : Buttons) {
        const bool down = event.buttons & bit;
        if (down != bool(m_pressedButtons & bit)) {
            m_context.sink->button(button, down);
            m_pressedButtons ^= bit;
        }
    }
}

void ViewerInput::apply(const WheelEvent &event)
{
    m_context.sink->wheel(event.steps.x(), event.steps.y());
}

void ViewerInput::apply(const KeyEvent &event)
{
    if (event.down) {
        // Auto-repeat presses a held key again; it is still held once.
        if (!m_pressedKeysyms.contains(event.keysym)) {
            m_pressedKeysyms.append(event.keysym);
        }
    } else if (!m_pressedKeysyms.removeOne(event.keysym)) {
        return; // already released (RELEASE_ALL came between)
    }
    m_context.sink->key(event.keysym, event.down);
}

void ViewerInput::apply(const ReleaseEvent &)
{
    // Keys in reverse order, so modifiers pressed first are released last, as a person would.
    while (!m_pressedKeysyms.isEmpty()) {
        m_context.sink->key(m_pressedKeysyms.takeLast(), false);
    }
    for (const auto &[bit, button] : Buttons) {
        if (m_pressedButtons & bit) {
            m_context.sink->button(button, false);
        }
    }
    m_pressedButtons = 0;
}

void ViewerInput::apply(const ClipboardEvent &event)
{
    if (m_context.clipboard) {
        m_context.clipboard->setText(event.text);
    }
}

} // namespace deskport
