// Remote control from the browser: mouse, wheel and keyboard on the shared screen, sent as POINTER, WHEEL, KEY and
// RELEASE_ALL (docs/protocol.md). Nothing is sent unless the server's CONTROL says input is applied.
//
// The keyboard goes to a hidden text field (the "keyboard sink") rather than to the canvas itself: key events are
// forwarded from either, but only an editable element receives text that comes without key events (IMEs, dead key
// compositions, on-screen keyboards, characters a test types with insertText). Clicking the screen or tabbing to it
// puts the keyboard there; touch taps do not (they would open the on-screen keyboard each time).
import {
    MAX_CLIPBOARD_BYTES, WHEEL_UNITS_PER_STEP, domButtonsToWire, encodeClipboard, encodeKey, encodePointer,
    encodeReleaseAll, encodeWheels,
} from './protocol.js';

const PIXELS_PER_STEP = 100; // deltaMode 0: a wheel notch is about 100 CSS pixels in Chromium and Firefox
const UNITS_PER_LINE = 40; // deltaMode 1: three lines per notch
const STEPS_PER_PAGE = 3; // deltaMode 2
const MOVE_FALLBACK_MS = 50; // coalesced moves go out on the next animation frame, or after this if none comes
const PASTE_TIMEOUT_MS = 3000; // how long keys wait for the local clipboard (a permission prompt) before going on

// Keys the toolbar's menu sends: [key, code] pressed in order and released in reverse order.
export const KEY_COMBOS = Object.freeze({
    ctrlAltDel: [['Control', 'ControlLeft'], ['Alt', 'AltLeft'], ['Delete', 'Delete']],
    altTab: [['Alt', 'AltLeft'], ['Tab', 'Tab']],
    super: [['Meta', 'MetaLeft']],
    ctrlW: [['Control', 'ControlLeft'], ['w', 'KeyW']],
    escape: [['Escape', 'Escape']],
    printScreen: [['PrintScreen', 'PrintScreen']],
});

// The frame pixel under a client (CSS) point of a canvas shown with object-fit: contain (letterboxed and scaled;
// the box may also be transformed by the pinch zoom, which getBoundingClientRect includes).
export function canvasPoint(canvas, clientX, clientY) {
    const width = canvas.width;
    const height = canvas.height;
    const box = canvas.getBoundingClientRect();
    if (!width || !height || box.width <= 0 || box.height <= 0) return null;
    const scale = Math.min(box.width / width, box.height / height);
    const left = box.left + (box.width - width * scale) / 2;
    const top = box.top + (box.height - height * scale) / 2;
    const fx = Math.floor((clientX - left) / scale);
    const fy = Math.floor((clientY - top) / scale);
    return {
        x: Math.max(0, Math.min(width - 1, fx)),
        y: Math.max(0, Math.min(height - 1, fy)),
        inside: fx >= 0 && fy >= 0 && fx < width && fy < height,
        width,
        height,
    };
}

// Wheel deltas in 1/120 step units; the fraction that does not make a whole unit is carried to the next event.
export class WheelConverter {
    constructor() {
        this.x = 0;
        this.y = 0;
    }

    static unitsPer(deltaMode) {
        if (deltaMode === 1) return UNITS_PER_LINE;
        if (deltaMode === 2) return STEPS_PER_PAGE * WHEEL_UNITS_PER_STEP;
        return WHEEL_UNITS_PER_STEP / PIXELS_PER_STEP;
    }

    // Returns whole [horizontal, vertical] units now due.
    add(deltaX, deltaY, deltaMode = 0) {
        const factor = WheelConverter.unitsPer(deltaMode);
        const carry = (acc, delta) => (acc !== 0 && Math.sign(acc) !== Math.sign(delta) && delta !== 0 ? 0 : acc);
        this.x = carry(this.x, deltaX) + deltaX * factor;
        this.y = carry(this.y, deltaY) + deltaY * factor;
        const wx = Math.trunc(this.x);
        const wy = Math.trunc(this.y);
        this.x -= wx;
        this.y -= wy;
        return [wx, wy];
    }

    reset() {
        this.x = this.y = 0;
    }
}

// Control+Alt+Shift+Escape gives the keyboard back to the page (it is not sent).
const isReleaseCombo = (event) => event.key === 'Escape' && event.ctrlKey && event.altKey && event.shiftKey;
const isPaste = (event) => (event.ctrlKey || event.metaKey) && !event.altKey && !event.repeat
    && (event.code === 'KeyV' || event.key === 'v' || event.key === 'V');

export class RemoteInput {
    // connection: { send(ArrayBuffer) -> bool }. Callbacks: onKeyboardReleased() (focus somewhere useful).
    constructor({ canvas, sink, stage, connection, onKeyboardReleased = () => {} }) {
        this.canvas = canvas;
        this.sink = sink;
        this.stage = stage;
        this.connection = connection;
        this.onKeyboardReleased = onKeyboardReleased;
        this.enabled = false;
        this.sentButtons = 0;
        this.lastPoint = null;
        this.pendingMove = null;
        this.moveFrame = 0;
        this.moveTimer = null;
        this.wheel = new WheelConverter();
        this.held = 0; // pastes in progress: messages wait in `queue` so that order is kept
        this.queue = [];
        this.touch = null; // set by TouchInput: it handles pointers of type touch

        this.listen();
    }

    setEnabled(enabled) {
        if (enabled === this.enabled) return;
        if (!enabled) {
            this.cancelMove();
            this.queue.length = 0;
            this.sentButtons = 0;
            this.wheel.reset();
        }
        this.enabled = enabled;
        this.canvas.setAttribute('role', enabled ? 'application' : 'img');
        this.updateFocusClass();
        if (!enabled && document.activeElement === this.sink) this.canvas.focus({ preventScroll: true });
        if (enabled && document.activeElement === this.canvas && this.lastFocusPointer !== 'touch') {
            this.sink.focus({ preventScroll: true });
        }
    }

    // --- sending ---------------------------------------------------------------------------------------------

    send(buffer) {
        if (!this.enabled || !buffer) return;
        if (this.held > 0) this.queue.push(buffer);
        else this.connection.send(buffer);
    }

    sendPointer(point, buttons) {
        this.lastPoint = point;
        this.sentButtons = buttons;
        this.send(encodePointer(point.x, point.y, point.width, point.height, buttons));
    }

    // A move waits for the next animation frame (later moves replace it); button changes go at once, after it.
    queueMove(point) {
        this.pendingMove = point;
        if (this.moveFrame || this.moveTimer) return;
        this.moveFrame = requestAnimationFrame(() => this.flushMove());
        this.moveTimer = setTimeout(() => this.flushMove(), MOVE_FALLBACK_MS);
    }

    flushMove() {
        const point = this.pendingMove;
        this.cancelMove();
        if (point) this.sendPointer(point, this.sentButtons);
    }

    cancelMove() {
        cancelAnimationFrame(this.moveFrame);
        clearTimeout(this.moveTimer);
        this.moveFrame = 0;
        this.moveTimer = null;
        this.pendingMove = null;
    }

    // Position (and buttons) as they are now: a move is coalesced, a button change flushes the move first.
    pointerAt(point, buttons) {
        if (!this.enabled || !point) return;
        if (buttons === this.sentButtons) {
            this.queueMove(point);
        } else {
            this.flushMove();
            this.sendPointer(point, buttons);
        }
    }

    // A click made of separate messages (touch taps, long presses).
    click(point, button) {
        if (!this.enabled || !point) return;
        this.flushMove();
        this.sendPointer(point, 0);
        this.sendPointer(point, button);
        this.sendPointer(point, 0);
    }

    wheelUnits(horizontal, vertical) {
        if (!this.enabled || (horizontal === 0 && vertical === 0)) return;
        this.flushMove();
        for (const message of encodeWheels(horizontal, vertical)) this.send(message);
    }

    sendKey(key, code, down, repeat = false) {
        this.send(encodeKey(key, code, down, repeat));
    }

    // Presses [key, code] pairs in order and releases them in reverse order.
    sendCombo(keys) {
        for (const [key, code] of keys) this.sendKey(key, code, true);
        for (const [key, code] of [...keys].reverse()) this.sendKey(key, code, false);
    }

    // Text without key events (on-screen keyboards, IMEs): each character as a key down and up with no code.
    sendText(text) {
        for (const char of text) {
            if (char === '\n' || char === '\r') {
                this.sendCombo([['Enter', 'Enter']]);
            } else if (char === '\t') {
                this.sendCombo([['Tab', 'Tab']]);
            } else {
                this.sendCombo([[char, '']]);
            }
        }
    }

    releaseAll() {
        if (!this.enabled) return;
        this.cancelMove();
        this.sentButtons = 0;
        this.wheel.reset();
        // Not queued behind a paste: whatever waits there is older and may hold keys down; it goes first.
        this.flushQueue();
        this.connection.send(encodeReleaseAll());
    }

    // CLIPBOARD; false when the text is too long (the caller says so).
    sendClipboard(text) {
        const message = encodeClipboard(text);
        if (!message) return false;
        if (!this.enabled) return false;
        this.send(message);
        return true;
    }

    // Reads the local clipboard (if the browser allows it) and sends it as CLIPBOARD before anything that
    // happens after; then runs `then()` (forwarding the key that asked for the paste).
    async pasteThen(then) {
        ++this.held;
        const at = this.queue.length;
        then();
        let text = null;
        try {
            if (navigator.clipboard?.readText) {
                text = await Promise.race([
                    navigator.clipboard.readText(),
                    new Promise((resolve) => setTimeout(() => resolve(null), PASTE_TIMEOUT_MS)),
                ]);
            }
        } catch {
            text = null; // not permitted: the key goes alone, the host pastes what it has
        }
        const clipboard = typeof text === 'string' && text !== '' ? encodeClipboard(text) : null;
        --this.held;
        if (clipboard && this.enabled) this.queue.splice(Math.min(at, this.queue.length), 0, clipboard); // before its key
        if (this.held === 0) this.flushQueue();
    }

    flushQueue() {
        const waiting = this.queue.splice(0);
        if (this.enabled) for (const message of waiting) this.connection.send(message);
    }

    // --- focus -----------------------------------------------------------------------------------------------

    keyboardHasFocus() {
        return document.activeElement === this.sink || document.activeElement === this.canvas;
    }

    focusKeyboard() {
        if (this.enabled) this.sink.focus({ preventScroll: true });
        else this.canvas.focus({ preventScroll: true });
    }

    // --- DOM events ------------------------------------------------------------------------------------------

    listen() {
        const { canvas, sink } = this;
        canvas.addEventListener('pointerdown', (event) => this.onPointerDown(event));
        canvas.addEventListener('pointermove', (event) => this.onPointerMove(event));
        canvas.addEventListener('pointerup', (event) => this.onPointerUp(event));
        canvas.addEventListener('pointercancel', (event) => this.onPointerCancel(event));
        // No focus change by the mouse (the keyboard sink keeps it) and no middle-click autoscroll.
        canvas.addEventListener('mousedown', (event) => { if (this.enabled) event.preventDefault(); });
        // Back and forward buttons would navigate the portal away.
        canvas.addEventListener('mouseup', (event) => { if (this.enabled && event.button > 2) event.preventDefault(); });
        canvas.addEventListener('auxclick', (event) => { if (this.enabled) event.preventDefault(); });
        canvas.addEventListener('contextmenu', (event) => { if (this.enabled) event.preventDefault(); });
        canvas.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });

        // Tabbing to the screen hands the keyboard to the sink (when input is on).
        canvas.addEventListener('focus', () => {
            if (this.enabled && this.lastFocusPointer !== 'touch') this.sink.focus({ preventScroll: true });
            this.updateFocusClass();
        });
        for (const element of [canvas, sink]) {
            element.addEventListener('keydown', (event) => this.onKeyDown(event));
            element.addEventListener('keyup', (event) => this.onKeyUp(event));
            element.addEventListener('blur', (event) => {
                this.updateFocusClass(event.relatedTarget);
                if (event.relatedTarget !== canvas && event.relatedTarget !== sink) this.releaseAll();
            });
        }
        sink.addEventListener('focus', () => this.updateFocusClass());
        sink.addEventListener('beforeinput', (event) => this.onBeforeInput(event));
        sink.addEventListener('compositionend', (event) => {
            if (event.data) this.sendText(event.data);
            sink.value = '';
        });
        sink.addEventListener('input', (event) => {
            if (!event.isComposing) sink.value = '';
        });

        window.addEventListener('blur', () => this.releaseAll());
        document.addEventListener('visibilitychange', () => {
            if (document.visibilityState === 'hidden') this.releaseAll();
        });
        window.addEventListener('pagehide', () => this.releaseAll());
    }

    updateFocusClass(next = document.activeElement) {
        this.stage.classList.toggle('keyboard-focus', this.enabled && (next === this.sink || next === this.canvas));
    }

    isMouse(event) {
        return event.pointerType === 'mouse' || event.pointerType === 'pen' || event.pointerType === '';
    }

    onPointerDown(event) {
        this.lastFocusPointer = event.pointerType;
        if (!this.isMouse(event)) {
            this.touch?.pointerDown(event);
            return;
        }
        if (!this.enabled) return;
        event.preventDefault();
        this.focusKeyboard();
        try {
            this.canvas.setPointerCapture(event.pointerId); // drags keep going outside the canvas
        } catch {
            // The pointer is already gone.
        }
        this.pointerAt(canvasPoint(this.canvas, event.clientX, event.clientY), domButtonsToWire(event.buttons));
    }

    onPointerMove(event) {
        if (!this.isMouse(event)) {
            this.touch?.pointerMove(event);
            return;
        }
        if (!this.enabled) return;
        const point = canvasPoint(this.canvas, event.clientX, event.clientY);
        const buttons = domButtonsToWire(event.buttons);
        // Hovering over the letterbox says nothing; a drag goes on to the edge.
        if (!point || (!point.inside && buttons === 0 && this.sentButtons === 0)) return;
        this.pointerAt(point, buttons); // a second button pressed during a drag arrives as a move
    }

    onPointerUp(event) {
        if (!this.isMouse(event)) {
            this.touch?.pointerUp(event);
            return;
        }
        if (!this.enabled) return;
        event.preventDefault();
        this.pointerAt(canvasPoint(this.canvas, event.clientX, event.clientY), domButtonsToWire(event.buttons));
    }

    onPointerCancel(event) {
        if (!this.isMouse(event)) {
            this.touch?.pointerCancel(event);
            return;
        }
        if (this.enabled && this.sentButtons && this.lastPoint) {
            this.flushMove();
            this.sendPointer(this.lastPoint, 0);
        }
    }

    onWheel(event) {
        if (!this.enabled) return;
        event.preventDefault();
        const [x, y] = this.wheel.add(event.deltaX, event.deltaY, event.deltaMode);
        if (x || y) {
            // Scroll where the pointer is.
            const point = canvasPoint(this.canvas, event.clientX, event.clientY);
            if (point?.inside && (this.pendingMove || !this.lastPoint
                || point.x !== this.lastPoint.x || point.y !== this.lastPoint.y)) {
                this.pointerAt(point, this.sentButtons);
            }
            this.wheelUnits(x, y);
        }
    }

    onKeyDown(event) {
        if (!this.enabled) return;
        // An IME or an on-screen keyboard at work: its text arrives as input events.
        if (event.isComposing || event.key === 'Process' || event.key === 'Unidentified') return;
        event.preventDefault();
        event.stopPropagation();
        if (isReleaseCombo(event)) {
            this.releaseAll();
            this.onKeyboardReleased();
            return;
        }
        if (isPaste(event)) {
            this.pasteThen(() => this.sendKey(event.key, event.code, true, false));
            return;
        }
        this.sendKey(event.key, event.code, true, event.repeat);
    }

    onKeyUp(event) {
        if (!this.enabled) return;
        if (event.isComposing || event.key === 'Process' || event.key === 'Unidentified') return;
        event.preventDefault();
        event.stopPropagation();
        this.sendKey(event.key, event.code, false);
    }

    onBeforeInput(event) {
        if (!this.enabled) return;
        switch (event.inputType) {
        case 'insertText':
        case 'insertReplacementText':
            if (event.data) this.sendText(event.data);
            event.preventDefault();
            break;
        case 'insertLineBreak':
        case 'insertParagraph':
            this.sendCombo([['Enter', 'Enter']]);
            event.preventDefault();
            break;
        case 'deleteContentBackward':
            this.sendCombo([['Backspace', 'Backspace']]);
            event.preventDefault();
            break;
        case 'deleteContentForward':
            this.sendCombo([['Delete', 'Delete']]);
            event.preventDefault();
            break;
        default:
            // Compositions (insertCompositionText) are not cancelable: they end in compositionend.
            break;
        }
    }
}

export { MAX_CLIPBOARD_BYTES };
