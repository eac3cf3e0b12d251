// The wire format of docs/protocol.md (version 1): binary, little-endian, a one-byte type first.
// Decoders check every length before reading and throw ProtocolError with a reason.

export const PROTOCOL_VERSION = 1;

export const ClientType = Object.freeze({ HELLO: 0x01, VIEW_SETTINGS: 0x02, ACK: 0x03, PING: 0x04 });
export const ServerType = Object.freeze({ HELLO: 0x81, FRAME: 0x82, PONG: 0x83, ERROR: 0x84 });
export const FrameFlag = Object.freeze({ REFINE: 0x01, FULL: 0x02 });
export const Role = Object.freeze({ VIEW: 1, CONTROL: 2 });
export const CloseCode = Object.freeze({
    NORMAL: 1000,
    GOING_AWAY: 1001,
    MALFORMED: 4400,
    SESSION_ENDED: 4401,
    TOO_LARGE: 4413,
    UNSUPPORTED_VERSION: 4426,
});

const FRAME_HEADER_SIZE = 20;
const RECT_HEADER_SIZE = 12;
const MAX_RECTS = 4096;

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
    if (count < 1 || count > MAX_RECTS) {
        throw new ProtocolError(`FRAME: ${count} rectangles, expected 1–${MAX_RECTS}`);
    }
    const rects = new Array(count);
    let offset = FRAME_HEADER_SIZE;
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
        if (w === 0 || h === 0 || x + w > width || y + h > height) {
            throw new ProtocolError(`FRAME: rectangle ${i} (${x},${y} ${w}x${h}) is not inside ${width}x${height}`);
        }
        rects[i] = { x, y, w, h, jpeg: new Uint8Array(view.buffer, view.byteOffset + offset, length) };
        offset += length;
    }
    if (offset !== view.byteLength) {
        throw new ProtocolError(`FRAME: ${view.byteLength - offset} bytes after the last rectangle`);
    }
    return { type: ServerType.FRAME, flags, frameId, captureTimeMs, width, height, rects };
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
    default: throw new ProtocolError(`unknown message type 0x${type.toString(16).padStart(2, '0')}`);
    }
}
