// Touch on the shared screen (pointer events of type "touch"):
//   tap                   left click where the finger was
//   long press (500 ms)   right click there
//   one-finger drag       moves the host's pointer, without clicking (so that a finger can aim before tapping)
//   two-finger drag       scrolls (WHEEL), the content following the fingers
//   pinch                 zooms this view locally (a CSS transform; the host is not told); two fingers also pan it
//   double tap            resets the zoom when the view is zoomed (otherwise two taps are a double click)
// Clicks and scrolling go through RemoteInput, which sends nothing when input is off; zooming works either way.
import { PointerButton } from './protocol.js';
import { WheelConverter, canvasPoint } from './input.js';

const TAP_SLOP_PX = 10;
const LONG_PRESS_MS = 500;
const DOUBLE_TAP_MS = 350;
const DOUBLE_TAP_SLOP_PX = 30;
const PINCH_SLOP_PX = 24;
const SCROLL_SLOP_PX = 10;
const MAX_ZOOM = 5;

const distance = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
const midpoint = (a, b) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

export class TouchInput {
    constructor({ input, canvas, stage, zoom, sink }) {
        this.input = input;
        this.canvas = canvas;
        this.stage = stage;
        this.zoomElement = zoom;
        this.sink = sink;
        this.pointers = new Map(); // id -> {x, y} client coordinates
        this.gesture = null;
        this.longPressTimer = null;
        this.lastTap = null; // {time, x, y}
        this.wheel = new WheelConverter();
        this.zoom = { scale: 1, x: 0, y: 0 };
        input.touch = this;
        // No synthesized mouse events, clicks or focus changes after a touch: this module does it all.
        canvas.addEventListener('touchstart', (event) => event.preventDefault(), { passive: false });
    }

    get zoomed() {
        return this.zoom.scale > 1.01;
    }

    pointerDown(event) {
        event.preventDefault();
        // Taps must not close an on-screen keyboard the user opened on purpose.
        if (document.activeElement !== this.sink) this.canvas.focus({ preventScroll: true });
        try {
            this.canvas.setPointerCapture(event.pointerId);
        } catch {
            // Already gone.
        }
        const point = { x: event.clientX, y: event.clientY };
        this.pointers.set(event.pointerId, point);
        this.cancelLongPress();
        if (this.pointers.size === 1) {
            this.gesture = { kind: 'one', start: point, startTime: performance.now(), moved: false, pressed: false };
            this.longPressTimer = setTimeout(() => this.longPress(), LONG_PRESS_MS);
        } else if (this.pointers.size === 2) {
            const [a, b] = [...this.pointers.values()];
            this.gesture = {
                kind: 'two', startMid: midpoint(a, b), startDistance: distance(a, b), lastMid: midpoint(a, b),
            };
        } else {
            this.gesture = { kind: 'done' }; // three fingers and more: nothing until all are lifted
        }
    }

    pointerMove(event) {
        if (!this.pointers.has(event.pointerId)) return;
        event.preventDefault();
        this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
        const gesture = this.gesture;
        if (!gesture) return;
        if (gesture.kind === 'one') {
            const point = this.pointers.get(event.pointerId);
            if (!gesture.moved && distance(point, gesture.start) > TAP_SLOP_PX) {
                gesture.moved = true;
                this.cancelLongPress();
            }
            if (gesture.moved) this.input.pointerAt(canvasPoint(this.canvas, point.x, point.y), 0);
            return;
        }
        if (this.pointers.size !== 2) return;
        const [a, b] = [...this.pointers.values()];
        const mid = midpoint(a, b);
        const span = distance(a, b);
        if (gesture.kind === 'two') {
            if (Math.abs(span - gesture.startDistance) > PINCH_SLOP_PX) {
                this.startPinch(gesture, mid, span);
            } else if (distance(mid, gesture.startMid) > SCROLL_SLOP_PX) {
                gesture.kind = 'scroll';
                gesture.lastMid = mid;
                this.wheel.reset();
            }
            return;
        }
        if (gesture.kind === 'scroll') {
            // The content follows the fingers: moving them up scrolls down (positive deltaY).
            const dx = gesture.lastMid.x - mid.x;
            const dy = gesture.lastMid.y - mid.y;
            gesture.lastMid = mid;
            const [ux, uy] = this.wheel.add(dx, dy, 0);
            this.input.wheelUnits(ux, uy);
        } else if (gesture.kind === 'pinch') {
            this.pinchTo(gesture, mid, span);
        }
    }

    pointerUp(event) {
        if (!this.pointers.has(event.pointerId)) return;
        event.preventDefault();
        const gesture = this.gesture;
        this.pointers.delete(event.pointerId);
        this.cancelLongPress();
        if (gesture?.kind === 'one' && !gesture.moved && !gesture.pressed) {
            this.tap(gesture.start);
        }
        if (this.pointers.size === 0) this.gesture = null;
        else this.gesture = { kind: 'done' }; // lifting one of two fingers ends the gesture
    }

    pointerCancel(event) {
        this.pointers.delete(event.pointerId);
        this.cancelLongPress();
        this.gesture = this.pointers.size ? { kind: 'done' } : null;
    }

    tap(at) {
        const now = performance.now();
        const previous = this.lastTap;
        this.lastTap = { time: now, x: at.x, y: at.y };
        if (this.zoomed && previous && now - previous.time < DOUBLE_TAP_MS
            && distance(previous, at) < DOUBLE_TAP_SLOP_PX) {
            this.lastTap = null;
            this.resetZoom();
            return;
        }
        this.input.click(canvasPoint(this.canvas, at.x, at.y), PointerButton.LEFT);
    }

    longPress() {
        this.longPressTimer = null;
        const gesture = this.gesture;
        if (gesture?.kind !== 'one' || gesture.moved) return;
        gesture.pressed = true;
        this.lastTap = null;
        this.input.click(canvasPoint(this.canvas, gesture.start.x, gesture.start.y), PointerButton.RIGHT);
    }

    cancelLongPress() {
        clearTimeout(this.longPressTimer);
        this.longPressTimer = null;
    }

    // --- local zoom ------------------------------------------------------------------------------------------

    stagePoint(client) {
        const box = this.stage.getBoundingClientRect();
        return { x: client.x - box.left, y: client.y - box.top };
    }

    startPinch(gesture, mid, span) {
        gesture.kind = 'pinch';
        gesture.startDistance = Math.max(1, span);
        gesture.startZoom = { ...this.zoom };
        const local = this.stagePoint(mid);
        // The content point under the fingers, in unzoomed stage coordinates: it stays under them.
        gesture.anchor = {
            x: (local.x - this.zoom.x) / this.zoom.scale,
            y: (local.y - this.zoom.y) / this.zoom.scale,
        };
    }

    pinchTo(gesture, mid, span) {
        const scale = Math.max(1, Math.min(MAX_ZOOM, gesture.startZoom.scale * (span / gesture.startDistance)));
        const local = this.stagePoint(mid);
        this.setZoom(scale, local.x - gesture.anchor.x * scale, local.y - gesture.anchor.y * scale);
    }

    setZoom(scale, x, y) {
        const box = this.stage.getBoundingClientRect();
        // Keep the stage covered: no empty band appears at an edge.
        const clampedX = Math.min(0, Math.max(box.width - box.width * scale, x));
        const clampedY = Math.min(0, Math.max(box.height - box.height * scale, y));
        this.zoom = { scale, x: clampedX, y: clampedY };
        this.zoomElement.style.transform = scale === 1 ? '' : `translate(${clampedX}px, ${clampedY}px) scale(${scale})`;
    }

    resetZoom() {
        this.setZoom(1, 0, 0);
    }
}
