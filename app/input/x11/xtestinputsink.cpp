#include "input/x11/xtestinputsink.h"

#include "input/inputlog.h"
#include "input/keymap.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QThread>

#include <optional>
#include <vector>

// X headers last: their macros (None, Bool, Status, KeyPress...) collide with names in Qt's headers.
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

namespace deskport {

namespace {

// Codes taken for keysyms the keymap lacks, used least-recently-first. A client looks a key event's symbol up
// when it gets round to the event, with the map it has by then: if the code was remapped again in between, it
// types the newer symbol (seen with Xlib's XKB client map: a burst of 30 new characters through 8 codes turned
// "ö" into a later "ò" in 2 runs of 5). So the pool takes every free code it can, and a code is not remapped
// within ReuseDelayMs of its last use; a burst that outruns the pool waits for that instead.
constexpr int SparePoolSize = 32;
constexpr qint64 ReuseDelayMs = 250;

int s_remapError = 0;

int recordRemapError(Display *, XErrorEvent *event)
{
    s_remapError = event->error_code;
    return 0;
}

bool isKeypad(quint32 keysym)
{
    return keysym >= XK_KP_Space && keysym <= XK_KP_Equal;
}

unsigned int xButton(MouseButton button)
{
    switch (button) {
    case MouseButton::Left:
        return 1;
    case MouseButton::Middle:
        return 2;
    case MouseButton::Right:
        return 3;
    case MouseButton::Back:
        return 8;
    case MouseButton::Forward:
        return 9;
    }
    return 1;
}

} // namespace

struct XTestInputSink::Private
{
    // Where a keysym is on the host: its code, and whether that code needs Shift for it.
    struct Place
    {
        KeyCode code = 0;
        // 0: without Shift, 1: with Shift, -1: either (both levels give the keysym, or the level does not matter
        // because the keysym is not a character: Shift+Tab must stay Shift+Tab).
        int shift = -1;
        // A letter whose two levels differ by case: Caps Lock inverts Shift for it.
        bool cased = false;
    };

    Display *display = nullptr;
    QString reason;
    bool xkb = false;

    int minKeycode = 0;
    int maxKeycode = 0;
    int perKeycode = 0;
    std::vector<KeySym> map; // XGetKeyboardMapping's copy, perKeycode keysyms for each code from minKeycode
    bool mapStale = true;

    QHash<quint32, Place> pressed; // keysym the viewer holds -> where it was pressed (the up releases that code)
    QList<quint32> viewerShifts;   // Shift_L / Shift_R keysyms among them
    QList<unsigned int> buttons;   // X buttons held
    QList<KeyCode> spare;          // the pool, least recently used first
    QHash<KeyCode, qint64> lastUsedMs; // by the clock below
    QElapsedTimer clock;
    QList<KeyCode> remapped;       // pool codes that we changed, to restore

    KeySym symbol(int code, int index) const
    {
        if (code < minKeycode || code > maxKeycode || index >= perKeycode) {
            return NoSymbol;
        }
        return map[std::size_t((code - minKeycode) * perKeycode + index)];
    }

    void readMap()
    {
        mapStale = false;
        map.clear();
        perKeycode = 0;
        int per = 0;
        KeySym *symbols = XGetKeyboardMapping(display, KeyCode(minKeycode), maxKeycode - minKeycode + 1, &per);
        if (!symbols) {
            return;
        }
        perKeycode = per;
        map.assign(symbols, symbols + std::size_t(maxKeycode - minKeycode + 1) * std::size_t(per));
        XFree(symbols);
    }

    // A MappingNotify (a layout switch, our own remaps) means the cached map may be wrong. We select no events,
    // so mapping changes (and errors) are all the queue can hold; draining it also keeps it from growing.
    void drainEvents()
    {
        while (XPending(display) > 0) {
            XEvent event;
            XNextEvent(display, &event);
            if (event.type == MappingNotify) {
                XRefreshKeyboardMapping(&event.xmapping);
            }
            mapStale = true;
        }
    }

    bool isHeld(KeyCode code) const
    {
        for (const Place &place : pressed) {
            if (place.code == code) {
                return true;
            }
        }
        return false;
    }

    // Shift level 0 or 1 of group 1 only: higher levels need modifiers (AltGr) we cannot infer; such keysyms go
    // to a spare code like missing ones.
    std::optional<Place> find(quint32 keysym) const
    {
        const bool character = Keymap::characterFor(keysym) != 0 && !isKeypad(keysym);
        std::optional<Place> fallback;
        for (int code = minKeycode; code <= maxKeycode; ++code) {
            const KeySym level0 = symbol(code, 0);
            KeySym level1 = symbol(code, 1);
            KeySym lower = NoSymbol;
            KeySym upper = NoSymbol;
            XConvertCase(level0, &lower, &upper);
            if (level1 == NoSymbol) {
                // The X rule: one symbol stands for both levels, a lowercase letter for itself and its capital.
                level1 = (level0 == lower && lower != upper) ? upper : level0;
            }
            int shift;
            if (level0 == keysym) {
                shift = level1 == level0 ? -1 : 0;
            } else if (level1 == keysym) {
                shift = 1;
            } else {
                continue;
            }
            Place place{KeyCode(code), character ? shift : -1, level0 == lower && level1 == upper && lower != upper};
            if (place.shift != 1) {
                return place; // without Shift: no tweak when the viewer holds none, the usual case
            }
            if (!fallback) {
                fallback = place;
            }
        }
        return fallback;
    }

    void touch(KeyCode code)
    {
        if (const qsizetype index = spare.indexOf(code); index >= 0) {
            spare.move(index, spare.size() - 1);
            lastUsedMs.insert(code, clock.elapsed());
        }
    }

    // Gives the least recently used spare code that is not held to keysym. 0 when none is free.
    KeyCode assignSpare(quint32 keysym)
    {
        if (perKeycode == 0) {
            return 0;
        }
        for (const KeyCode code : std::as_const(spare)) {
            if (isHeld(code)) {
                continue;
            }
            // The least recently used code may still be in flight to a slow client: give it time (rarely more
            // than a few milliseconds, and only when a burst of new characters outruns the pool).
            if (const auto used = lastUsedMs.constFind(code); used != lastUsedMs.cend()) {
                const qint64 wait = *used + ReuseDelayMs - clock.elapsed();
                if (wait > 0) {
                    QThread::msleep(static_cast<unsigned long>(wait));
                }
            }
            // Every level: whatever modifiers are down (Shift, AltGr), the key gives this keysym.
            std::vector<KeySym> symbols(static_cast<std::size_t>(perKeycode), static_cast<KeySym>(keysym));
            XSync(display, False); // earlier errors go to the handler they were meant for
            s_remapError = 0;
            const auto previous = XSetErrorHandler(recordRemapError);
            XChangeKeyboardMapping(display, code, perKeycode, symbols.data(), 1);
            XSync(display, False);
            XSetErrorHandler(previous);
            if (s_remapError != 0) {
                qCWarning(lcInput) << "input: cannot remap keycode" << code << "for keysym" << Qt::hex << keysym
                                   << "- X error" << Qt::dec << s_remapError;
                return 0;
            }
            if (!remapped.contains(code)) {
                remapped.append(code);
            }
            qCDebug(lcInput) << "input: keycode" << code << "now types keysym" << Qt::hex << keysym;
            readMap();
            return code;
        }
        return 0;
    }

    std::optional<Place> placeOf(quint32 keysym)
    {
        if (mapStale) {
            readMap();
        }
        std::optional<Place> place = find(keysym);
        if (!place) {
            readMap(); // the keymap may have changed without us seeing it yet
            place = find(keysym);
        }
        if (!place) {
            if (const KeyCode code = assignSpare(keysym)) {
                place = Place{code, -1, false};
            }
        }
        return place;
    }

    bool capsLocked() const
    {
        XkbStateRec state;
        return xkb && XkbGetState(display, XkbUseCoreKbd, &state) == Success && (state.locked_mods & LockMask);
    }

    void fakeKey(KeyCode code, bool down) { XTestFakeKeyEvent(display, code, down ? True : False, CurrentTime); }

    // Presses place.code with the Shift state its keysym needs: when the viewer's Shift (and the host's Caps Lock
    // for letters) gives the wrong level, Shift is toggled around this press only and restored at once.
    void press(const Place &place)
    {
        bool toggle = false;
        if (place.shift >= 0) {
            bool shifted = !viewerShifts.isEmpty();
            if (place.cased && capsLocked()) {
                shifted = !shifted;
            }
            toggle = shifted != (place.shift == 1);
        }
        if (!toggle) {
            fakeKey(place.code, true);
            return;
        }
        if (viewerShifts.isEmpty()) {
            const std::optional<Place> shift = find(XK_Shift_L);
            if (!shift) {
                fakeKey(place.code, true); // no Shift on this keymap: the nearest we can do
                return;
            }
            fakeKey(shift->code, true);
            fakeKey(place.code, true);
            fakeKey(shift->code, false);
            return;
        }
        for (const quint32 keysym : std::as_const(viewerShifts)) {
            fakeKey(pressed.value(keysym).code, false);
        }
        fakeKey(place.code, true);
        for (const quint32 keysym : std::as_const(viewerShifts)) {
            fakeKey(pressed.value(keysym).code, true);
        }
    }

    void release(quint32 keysym)
    {
        const auto it = pressed.constFind(keysym);
        if (it == pressed.cend()) {
            return; // not pressed through us
        }
        const KeyCode code = it->code;
        pressed.erase(it);
        viewerShifts.removeAll(keysym);
        // Two keysyms on one code (rare): the code goes up with the last of them.
        if (!isHeld(code)) {
            fakeKey(code, false);
        }
    }
};

XTestInputSink::XTestInputSink() : d(std::make_unique<Private>())
{
    d->clock.start();
    const QByteArray name = qgetenv("DISPLAY");
    d->display = XOpenDisplay(nullptr);
    if (!d->display) {
        d->reason = name.isEmpty() ? QStringLiteral("no X display to control (DISPLAY is not set)")
                                   : QStringLiteral("cannot open the X display %1").arg(QString::fromLocal8Bit(name));
        return;
    }
    int eventBase = 0;
    int errorBase = 0;
    int major = 0;
    int minor = 0;
    if (!XTestQueryExtension(d->display, &eventBase, &errorBase, &major, &minor)) {
        d->reason = QStringLiteral("the X server has no XTEST extension, so remote control is not possible");
        XCloseDisplay(d->display);
        d->display = nullptr;
        return;
    }
    int xkbOpcode = 0;
    int xkbMajor = XkbMajorVersion;
    int xkbMinor = XkbMinorVersion;
    d->xkb = XkbQueryExtension(d->display, &xkbOpcode, &eventBase, &errorBase, &xkbMajor, &xkbMinor);
    // Our events must arrive even while another client grabs the server (a menu, a screen locker's dialog).
    XTestGrabControl(d->display, True);

    XDisplayKeycodes(d->display, &d->minKeycode, &d->maxKeycode);
    d->readMap();
    // Spare codes: no symbol on any level, taken from the top of the range, where no keyboard sends anything.
    for (int code = d->maxKeycode; code >= d->minKeycode && d->spare.size() < SparePoolSize; --code) {
        bool empty = true;
        for (int index = 0; index < d->perKeycode && empty; ++index) {
            empty = d->symbol(code, index) == NoSymbol;
        }
        if (empty) {
            d->spare.prepend(KeyCode(code));
        }
    }
    if (d->spare.isEmpty()) {
        qCWarning(lcInput) << "input: the X keymap has no free keycode; characters it lacks cannot be typed";
    }
    qCDebug(lcInput) << "input: XTEST" << major << "." << minor << "on" << name << "- keycodes" << d->minKeycode << "to"
                     << d->maxKeycode << "," << d->perKeycode << "keysyms each," << d->spare.size() << "spare";
}

XTestInputSink::~XTestInputSink()
{
    if (!d->display) {
        return;
    }
    // Leave nothing held and the keymap as found.
    const QList<quint32> keys = d->pressed.keys();
    for (const quint32 keysym : keys) {
        d->release(keysym);
    }
    for (const unsigned int button : std::as_const(d->buttons)) {
        XTestFakeButtonEvent(d->display, button, False, CurrentTime);
    }
    if (d->perKeycode > 0) {
        std::vector<KeySym> none(std::size_t(d->perKeycode), NoSymbol);
        for (const KeyCode code : std::as_const(d->remapped)) {
            XChangeKeyboardMapping(d->display, code, d->perKeycode, none.data(), 1);
        }
    }
    XSync(d->display, False);
    XCloseDisplay(d->display);
}

QString XTestInputSink::name() const
{
    return QStringLiteral("x11");
}

bool XTestInputSink::isAvailable() const
{
    return d->display != nullptr;
}

QString XTestInputSink::unavailableReason() const
{
    return d->reason;
}

void XTestInputSink::pointerMove(QPoint position)
{
    if (!d->display) {
        return;
    }
    // Screen -1: the screen the pointer is on; coordinates are the root window's.
    XTestFakeMotionEvent(d->display, -1, position.x(), position.y(), CurrentTime);
    XFlush(d->display);
}

void XTestInputSink::button(MouseButton button, bool down)
{
    if (!d->display) {
        return;
    }
    const unsigned int number = xButton(button);
    if (down) {
        if (!d->buttons.contains(number)) {
            d->buttons.append(number);
        }
    } else if (!d->buttons.removeOne(number)) {
        return; // not pressed through us: a stray release would confuse clients
    }
    XTestFakeButtonEvent(d->display, number, down ? True : False, CurrentTime);
    XFlush(d->display);
}

void XTestInputSink::wheel(int horizontalSteps, int verticalSteps)
{
    if (!d->display) {
        return;
    }
    // X wheels are buttons: 4 up, 5 down, 6 left, 7 right; one click (press + release) per step.
    auto click = [this](unsigned int number, int steps) {
        for (int i = 0; i < steps; ++i) {
            XTestFakeButtonEvent(d->display, number, True, CurrentTime);
            XTestFakeButtonEvent(d->display, number, False, CurrentTime);
        }
    };
    click(verticalSteps > 0 ? 5 : 4, verticalSteps > 0 ? verticalSteps : -verticalSteps);
    click(horizontalSteps > 0 ? 7 : 6, horizontalSteps > 0 ? horizontalSteps : -horizontalSteps);
    XFlush(d->display);
}

void XTestInputSink::key(quint32 keysym, bool down)
{
    if (!d->display || keysym == 0) {
        return;
    }
    d->drainEvents();
    if (!down) {
        d->release(keysym);
        XFlush(d->display);
        return;
    }
    // Held already: an auto-repeat. The server ignores a press of a key that is down, so release and press
    // again on the same code (with the same Shift tweak), as X's own auto-repeat does.
    std::optional<Private::Place> place;
    if (const auto it = d->pressed.constFind(keysym); it != d->pressed.cend()) {
        place = *it;
        d->fakeKey(place->code, false);
    } else {
        place = d->placeOf(keysym);
    }
    if (!place) {
        qCWarning(lcInput) << "input: no keycode for keysym" << Qt::hex << keysym
                           << "(not in the keymap and no spare keycode free)";
        return;
    }
    d->touch(place->code);
    d->press(*place);
    d->pressed.insert(keysym, *place);
    if ((keysym == XK_Shift_L || keysym == XK_Shift_R) && !d->viewerShifts.contains(keysym)) {
        d->viewerShifts.append(keysym);
    }
    XFlush(d->display);
}

} // namespace deskport
