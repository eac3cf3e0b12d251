// The wire format of docs/protocol.md (version 1): binary, little-endian, a one-byte type first.
// Decoders check every length before reading and throw ProtocolError with a reason.

export const PROTOCOL_VERSION = 1;

export const ClientType = Object.freeze({
    HELLO: 0x01, VIEW_SETTINGS: 0x02, ACK: 0x03, PING: 0x04,
    POINTER: 0x10, WHEEL: 0x11, KEY: 0x12, RELEASE_ALL: 0x13, CLIPBOARD: 0x14,
});
export const ServerType = Object.freeze({
    HELLO: 0x81, FRAME: 0x82, PONG: 0x83, ERROR: 0x84, CONTROL: 0x85, CLIPBOARD: 0x86,
    CURSOR_SHAPE: 0x87, CURSOR_POSITION: 0x88,
});
// POINTER's buttons byte. Not the DOM's order: see domButtonsToWire().
export const PointerButton = Object.freeze({ LEFT: 0x01, MIDDLE: 0x02, RIGHT: 0x04, BACK: 0x08, FORWARD: 0x10 });
export const KeyFlag = Object.freeze({ DOWN: 0x01, REPEAT: 0x02 });
export const MAX_KEY_FIELD_BYTES = 32;
export const MAX_CLIPBOARD_BYTES = 65536;
export const MAX_REASON_BYTES = 120;
export const WHEEL_UNITS_PER_STEP = 120;
export const FrameFlag = Object.freeze({ REFINE: 0x01, FULL: 0x02, COPY: 0x04 });
export const Role = Object.freeze({ VIEW: 1, CONTROL: 2 });
export const CloseCode = Object.freeze({
    NORMAL: 1000,
    GOING_AWAY: 1001,
    MALFORMED: 4400,
    SESSION_ENDED: 4401,
    TOO_LARGE: 4413,
    UNSUPPORTED_VERSION: 4426,
    INPUT_FLOOD: 4429,
});

const FRAME_HEADER_SIZE = 20;
const RECT_HEADER_SIZE = 12;
const MAX_RECTS = 4096;
const COPY_SIZE = 12;
const MAX_COPIES = 64;
export const MAX_CURSOR_SIZE = 256;

export class ProtocolError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ProtocolError';
    }
}

function message(size, type) {
    const buffer = new ArrayBuffer(size);
    const view = new DataView(buffer);
    view.setUint8(0, type);
    return { buffer, view };
}

const u8 = (value) => Math.max(0, Math.min(255, value | 0));
const u16 = (value) => Math.max(0, Math.min(65535, Math.round(value) || 0));

export function encodeHello(version = PROTOCOL_VERSION) {
    const { buffer, view } = message(3, ClientType.HELLO);
    view.setUint16(1, version, true);
    return buffer;
}

export function encodeViewSettings({ maxWidth = 0, maxHeight = 0, quality = 0, fps = 0 } = {}) {
    const { buffer, view } = message(7, ClientType.VIEW_SETTINGS);
    view.setUint16(1, u16(maxWidth), true);
    view.setUint16(3, u16(maxHeight), true);
    view.setUint8(5, Math.min(100, u8(quality)));
    view.setUint8(6, Math.min(60, u8(fps)));
    return buffer;
}

export function encodeAck(frameId) {
    const { buffer, view } = message(5, ClientType.ACK);
    view.setUint32(1, frameId >>> 0, true);
    return buffer;
}

// The payload is opaque to the server; the portal sends performance.now() as an f64 and gets it back in PONG.
export function encodePing(timestamp) {
    const { buffer, view } = message(9, ClientType.PING);
    view.setFloat64(1, timestamp, true);
    return buffer;
}

// --- input (docs/protocol.md, 0x10-0x14) ---------------------------------------------------------------

// PointerEvent.buttons (1 left, 2 right, 4 middle, 8 back, 16 forward) to POINTER's bits (left, middle, right,
// back, forward).
export function domButtonsToWire(buttons) {
    return (buttons & 0x01)
        | ((buttons & 0x04) ? PointerButton.MIDDLE : 0)
        | ((buttons & 0x02) ? PointerButton.RIGHT : 0)
        | (buttons & 0x18);
}

export function encodePointer(x, y, frameWidth, frameHeight, buttons) {
    const width = Math.max(1, Math.min(65535, frameWidth | 0));
    const height = Math.max(1, Math.min(65535, frameHeight | 0));
    const { buffer, view } = message(10, ClientType.POINTER);
    view.setUint16(1, Math.max(0, Math.min(width - 1, Math.floor(x) || 0)), true);
    view.setUint16(3, Math.max(0, Math.min(height - 1, Math.floor(y) || 0)), true);
    view.setUint16(5, width, true);
    view.setUint16(7, height, true);
    view.setUint8(9, buttons & 0x1f);
    return buffer;
}

const i16 = (value) => Math.max(-32768, Math.min(32767, Math.trunc(value) || 0));

export function encodeWheel(horizontal, vertical) {
    const { buffer, view } = message(5, ClientType.WHEEL);
    view.setInt16(1, i16(horizontal), true);
    view.setInt16(3, i16(vertical), true);
    return buffer;
}

// Whole units in as many WHEEL messages as it takes to stay within i16 each.
export function encodeWheels(horizontal, vertical) {
    const messages = [];
    let x = Math.trunc(horizontal) || 0;
    let y = Math.trunc(vertical) || 0;
    while (x !== 0 || y !== 0) {
        const dx = Math.max(-32768, Math.min(32767, x));
        const dy = Math.max(-32768, Math.min(32767, y));
        messages.push(encodeWheel(dx, dy));
        x -= dx;
        y -= dy;
    }
    return messages;
}

const encoder = new TextEncoder();

// UTF-8 of `text`, cut to at most `maxBytes` at a character boundary.
export function truncatedUtf8(text, maxBytes) {
    const bytes = encoder.encode(text);
    if (bytes.length <= maxBytes) return bytes;
    let end = maxBytes;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) --end; // bytes[end] continues a character
    return bytes.subarray(0, end);
}

// KEY, or null when there is nothing to send (an empty key). A `code` that is not ASCII letters and digits (the
// server refuses anything else) is sent empty: the server then goes by `key`.
export function encodeKey(key, code, down, repeat = false) {
    const keyBytes = truncatedUtf8(String(key ?? ''), MAX_KEY_FIELD_BYTES);
    if (keyBytes.length === 0) return null;
    let codeText = String(code ?? '');
    if (!/^[A-Za-z0-9]*$/.test(codeText)) codeText = '';
    const codeBytes = encoder.encode(codeText.slice(0, MAX_KEY_FIELD_BYTES));
    const { buffer, view } = message(4 + keyBytes.length + codeBytes.length, ClientType.KEY);
    const bytes = new Uint8Array(buffer);
    view.setUint8(1, (down ? KeyFlag.DOWN : 0) | (down && repeat ? KeyFlag.REPEAT : 0));
    view.setUint8(2, keyBytes.length);
    bytes.set(keyBytes, 3);
    view.setUint8(3 + keyBytes.length, codeBytes.length);
    bytes.set(codeBytes, 4 + keyBytes.length);
    return buffer;
}

export function encodeReleaseAll() {
    return message(1, ClientType.RELEASE_ALL).buffer;
}

// UTF-8 size of a clipboard text (to say "too long" before trying).
export const utf8Length = (text) => encoder.encode(text).length;

// CLIPBOARD, or null when the text is longer than MAX_CLIPBOARD_BYTES of UTF-8 (never cut silently).
export function encodeClipboard(text) {
    const bytes = encoder.encode(text);
    if (bytes.length > MAX_CLIPBOARD_BYTES) return null;
    const { buffer } = message(1 + bytes.length, ClientType.CLIPBOARD);
    new Uint8Array(buffer).set(bytes, 1);
    return buffer;
}

function need(view, size, what) {
    if (view.byteLength < size) {
        throw new ProtocolError(`${what}: ${view.byteLength} bytes, expected at least ${size}`);
    }
}

function exactly(view, size, what) {
    if (view.byteLength !== size) {
        throw new ProtocolError(`${what}: ${view.byteLength} bytes, expected ${size}`);
    }
}

function decodeHello(view) {
    exactly(view, 10, 'HELLO');
    return {
        type: ServerType.HELLO,
        version: view.getUint16(1, true),
        role: view.getUint8(3),
        desktopWidth: view.getUint16(4, true),
        desktopHeight: view.getUint16(6, true),
        fps: view.getUint8(8),
        quality: view.getUint8(9),
    };
}

function decodeFrame(view) {
    need(view, FRAME_HEADER_SIZE, 'FRAME');
    const flags = view.getUint8(1);
    const frameId = view.getUint32(2, true);
    // u64 milliseconds fit a double exactly for the next few hundred thousand years.
    const captureTimeMs = Number(view.getBigUint64(6, true));
    const width = view.getUint16(14, true);
    const height = view.getUint16(16, true);
    const count = view.getUint16(18, true);
    const inside = (x, y, w, h) => w > 0 && h > 0 && x + w <= width && y + h <= height;
    let offset = FRAME_HEADER_SIZE;
    const copies = [];
    if (flags & FrameFlag.COPY) {
        need(view, offset + 2, 'FRAME copy count');
        const copyCount = view.getUint16(offset, true);
        offset += 2;
        if (copyCount < 1 || copyCount > MAX_COPIES) {
            throw new ProtocolError(`FRAME: ${copyCount} copies, expected 1–${MAX_COPIES}`);
        }
        need(view, offset + copyCount * COPY_SIZE, 'FRAME copies');
        for (let i = 0; i < copyCount; ++i, offset += COPY_SIZE) {
            const sx = view.getUint16(offset, true);
            const sy = view.getUint16(offset + 2, true);
            const dx = view.getUint16(offset + 4, true);
            const dy = view.getUint16(offset + 6, true);
            const w = view.getUint16(offset + 8, true);
            const h = view.getUint16(offset + 10, true);
            if (!inside(sx, sy, w, h) || !inside(dx, dy, w, h)) {
                throw new ProtocolError(`FRAME: copy ${i} (${sx},${sy} → ${dx},${dy} ${w}x${h}) is not inside ${width}x${height}`);
            }
            copies.push({ sx, sy, dx, dy, w, h });
        }
    }
    const minimumRects = copies.length > 0 ? 0 : 1;
    if (count < minimumRects || count > MAX_RECTS) {
        throw new ProtocolError(`FRAME: ${count} rectangles, expected ${minimumRects}–${MAX_RECTS}`);
    }
    const rects = new Array(count);
    for (let i = 0; i < count; ++i) {
        if (view.byteLength - offset < RECT_HEADER_SIZE) {
            throw new ProtocolError(`FRAME: rectangle ${i} header overruns the message`);
        }
        const x = view.getUint16(offset, true);
        const y = view.getUint16(offset + 2, true);
        const w = view.getUint16(offset + 4, true);
        const h = view.getUint16(offset + 6, true);
        const length = view.getUint32(offset + 8, true);
        offset += RECT_HEADER_SIZE;
        if (view.byteLength - offset < length) {
            throw new ProtocolError(`FRAME: rectangle ${i} JPEG (${length} bytes) overruns the message`);
        }
        if (!inside(x, y, w, h)) {
            throw new ProtocolError(`FRAME: rectangle ${i} (${x},${y} ${w}x${h}) is not inside ${width}x${height}`);
        }
        rects[i] = { x, y, w, h, jpeg: new Uint8Array(view.buffer, view.byteOffset + offset, length) };
        offset += length;
    }
    if (offset !== view.byteLength) {
        throw new ProtocolError(`FRAME: ${view.byteLength - offset} bytes after the last rectangle`);
    }
    return { type: ServerType.FRAME, flags, frameId, captureTimeMs, width, height, copies, rects };
}

function decodeCursorShape(view) {
    need(view, 9, 'CURSOR_SHAPE');
    const hotspotX = view.getUint16(1, true);
    const hotspotY = view.getUint16(3, true);
    const width = view.getUint16(5, true);
    const height = view.getUint16(7, true);
    if (width > MAX_CURSOR_SIZE || height > MAX_CURSOR_SIZE || (width === 0) !== (height === 0)) {
        throw new ProtocolError(`CURSOR_SHAPE: size ${width}x${height}, expected empty or 1–${MAX_CURSOR_SIZE}`);
    }
    if (width === 0 ? (hotspotX !== 0 || hotspotY !== 0) : (hotspotX >= width || hotspotY >= height)) {
        throw new ProtocolError(`CURSOR_SHAPE: hotspot (${hotspotX}, ${hotspotY}) outside its image`);
    }
    exactly(view, 9 + width * height * 4, 'CURSOR_SHAPE');
    const rgba = new Uint8ClampedArray(view.buffer, view.byteOffset + 9, width * height * 4);
    return { type: ServerType.CURSOR_SHAPE, hotspotX, hotspotY, width, height, rgba };
}

function decodeCursorPosition(view) {
    exactly(view, 6, 'CURSOR_POSITION');
    const x = view.getUint16(1, true);
    const y = view.getUint16(3, true);
    const visible = view.getUint8(5);
    if (visible > 1 || (visible === 0 && (x !== 0 || y !== 0))) {
        throw new ProtocolError('CURSOR_POSITION: visible must be 0 (at 0, 0) or 1');
    }
    return { type: ServerType.CURSOR_POSITION, x, y, visible: visible === 1 };
}

function decodePong(view) {
    exactly(view, 9, 'PONG');
    return { type: ServerType.PONG, timestamp: view.getFloat64(1, true) };
}

function decodeError(view) {
    need(view, 3, 'ERROR');
    const code = view.getUint16(1, true);
    const bytes = new Uint8Array(view.buffer, view.byteOffset + 3, view.byteLength - 3);
    const reason = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return { type: ServerType.ERROR, code, reason };
}

function utf8(view, offset, what) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, view.byteLength - offset);
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
        throw new ProtocolError(`${what}: text is not valid UTF-8`);
    }
}

function decodeControl(view) {
    need(view, 2, 'CONTROL');
    if (view.byteLength - 2 > MAX_REASON_BYTES) {
        throw new ProtocolError(`CONTROL: reason of ${view.byteLength - 2} bytes, expected at most ${MAX_REASON_BYTES}`);
    }
    const applied = view.getUint8(1);
    if (applied > 1) throw new ProtocolError(`CONTROL: flag ${applied}, expected 0 or 1`);
    return { type: ServerType.CONTROL, available: applied === 1, reason: utf8(view, 2, 'CONTROL') };
}

function decodeClipboard(view) {
    need(view, 1, 'CLIPBOARD');
    if (view.byteLength - 1 > MAX_CLIPBOARD_BYTES) {
        throw new ProtocolError(`CLIPBOARD: ${view.byteLength - 1} bytes of text, expected at most ${MAX_CLIPBOARD_BYTES}`);
    }
    return { type: ServerType.CLIPBOARD, text: utf8(view, 1, 'CLIPBOARD') };
}

// Decodes one server message (an ArrayBuffer). Throws ProtocolError when it is malformed.
export function decodeServerMessage(buffer) {
    if (!(buffer instanceof ArrayBuffer)) {
        throw new ProtocolError('text message');
    }
    const view = new DataView(buffer);
    need(view, 1, 'message');
    const type = view.getUint8(0);
    switch (type) {
    case ServerType.HELLO: return decodeHello(view);
    case ServerType.FRAME: return decodeFrame(view);
    case ServerType.PONG: return decodePong(view);
    case ServerType.ERROR: return decodeError(view);
    case ServerType.CONTROL: return decodeControl(view);
    case ServerType.CLIPBOARD: return decodeClipboard(view);
    case ServerType.CURSOR_SHAPE: return decodeCursorShape(view);
    case ServerType.CURSOR_POSITION: return decodeCursorPosition(view);
    default: throw new ProtocolError(`unknown message type 0x${type.toString(16).padStart(2, '0')}`);
    }
}
