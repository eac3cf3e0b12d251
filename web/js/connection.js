// The WebSocket to /ws: HELLO first, VIEW_SETTINGS after the server's HELLO (and whenever they change), ACK after
// each frame is drawn (the renderer says when; acks pace the server, which keeps 1-4 frames in flight following
// their delay), PING every 2 s, input messages through send(), and reconnection with exponential backoff.
import {
    CloseCode, PROTOCOL_VERSION, ProtocolError, ServerType,
    decodeServerMessage, encodeAck, encodeHello, encodePing, encodeViewSettings,
} from './protocol.js';
import { strings } from './strings.js';

const PING_INTERVAL_MS = 2000;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30000;

// A WebSocket URL on this page's server: wss:// when the page came over HTTPS (the CSP's 'self' allows only that).
export function socketUrl(pathAndQuery) {
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${pathAndQuery}`;
}

export function closeReason(code, serverReason) {
    if (serverReason) return serverReason;
    return strings.closeReasons[code] ?? strings.closeCode(code);
}

// Callbacks:
//   onState(state, detail)   state: 'connecting' | 'streaming' | 'waiting' (detail {reason, seconds}) |
//                            'failed' (detail {reason}) | 'login' (detail {sessionEnded})
//   onHello(hello), onFrame(frame, done), onPong(roundTripMs), onBytes(count)
//   onControl({available, reason})   CONTROL from the server; {available: false, reason: ''} when a socket ends
//   onClipboard(text)                the host's clipboard text (CLIPBOARD 0x86)
//   onCursorShape(shape)             the host's pointer image: {hotspotX, hotspotY, width, height, rgba} (0x87)
//   onCursorPosition(position)       where the host's pointer is: {x, y, visible}, desktop pixels (0x88)
//   beforeClose()                    the portal is about to close the socket on purpose (logout, page hidden
//                                    for good): last chance to send RELEASE_ALL through send()
//   checkSession() -> Promise<'ok' | 'login' | 'unreachable'>
export class Connection {
    constructor(callbacks) {
        this.callbacks = callbacks;
        this.socket = null;
        this.attempt = 0;
        this.retryTimer = null;
        this.countdownTimer = null;
        this.pingTimer = null;
        this.viewSettings = null;
        this.lastSentSettings = null;
        this.lastReason = null;
        this.stopped = true;
    }

    url() {
        return socketUrl('/ws');
    }

    start() {
        this.stopped = false;
        this.attempt = 0;
        this.lastReason = null;
        this.open();
    }

    // Closes on purpose (logout): no reconnection.
    stop() {
        this.stopped = true;
        this.clearTimers();
        if (this.socket) {
            this.callbacks.beforeClose?.();
            const socket = this.socket;
            this.socket = null;
            this.helloReceived = false;
            socket.close(CloseCode.NORMAL);
            this.callbacks.onControl?.({ available: false, reason: '' });
        }
    }

    // Sends a client message (an ArrayBuffer) once the server's HELLO has arrived. False when there is no
    // such connection (the message is dropped: input is never replayed on a later connection).
    send(buffer) {
        const socket = this.socket;
        if (!socket || socket.readyState !== WebSocket.OPEN || !this.helloReceived) return false;
        socket.send(buffer);
        return true;
    }

    setViewSettings(settings) {
        this.viewSettings = settings;
        this.sendViewSettings();
    }

    clearTimers() {
        clearTimeout(this.retryTimer);
        clearInterval(this.countdownTimer);
        clearInterval(this.pingTimer);
        this.retryTimer = this.countdownTimer = this.pingTimer = null;
    }

    open() {
        this.clearTimers();
        this.callbacks.onState('connecting');
        const socket = new WebSocket(this.url());
        socket.binaryType = 'arraybuffer';
        const conn = { opened: false, helloReceived: false, error: null };
        this.socket = socket;
        this.lastSentSettings = null;
        this.helloReceived = false;

        socket.addEventListener('open', () => {
            conn.opened = true;
            socket.send(encodeHello(PROTOCOL_VERSION));
        });
        socket.addEventListener('message', (event) => {
            if (socket !== this.socket) return;
            this.onMessage(socket, conn, event.data);
        });
        socket.addEventListener('close', (event) => {
            if (socket !== this.socket) return;
            this.socket = null;
            this.helloReceived = false;
            clearInterval(this.pingTimer);
            this.pingTimer = null;
            this.callbacks.onControl?.({ available: false, reason: '' });
            this.onClose(conn, event);
        });
    }

    onMessage(socket, conn, data) {
        this.callbacks.onBytes(data.byteLength ?? data.length ?? 0);
        let message;
        try {
            message = decodeServerMessage(data);
        } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
            console.error('deskport: bad server message:', error.message);
            conn.error = { code: CloseCode.MALFORMED, reason: strings.badServerMessage };
            socket.close(CloseCode.MALFORMED, error.message.slice(0, 120));
            return;
        }
        switch (message.type) {
        case ServerType.HELLO:
            conn.helloReceived = true;
            this.helloReceived = true;
            this.attempt = 0;
            this.lastReason = null;
            this.callbacks.onHello(message);
            this.sendViewSettings(true);
            this.sendPing();
            this.pingTimer = setInterval(() => this.sendPing(), PING_INTERVAL_MS);
            this.callbacks.onState('streaming');
            break;
        case ServerType.FRAME:
            this.callbacks.onFrame(message, () => {
                if (socket === this.socket && socket.readyState === WebSocket.OPEN) {
                    socket.send(encodeAck(message.frameId));
                }
            });
            break;
        case ServerType.PONG:
            this.callbacks.onPong(performance.now() - message.timestamp);
            break;
        case ServerType.ERROR:
            conn.error = { code: message.code, reason: message.reason };
            break;
        case ServerType.CONTROL:
            this.callbacks.onControl?.({ available: message.available, reason: message.reason });
            break;
        case ServerType.CLIPBOARD:
            this.callbacks.onClipboard?.(message.text);
            break;
        case ServerType.CURSOR_SHAPE:
            this.callbacks.onCursorShape?.(message);
            break;
        case ServerType.CURSOR_POSITION:
            this.callbacks.onCursorPosition?.(message);
            break;
        }
    }

    sendPing() {
        if (this.socket?.readyState === WebSocket.OPEN) {
            this.socket.send(encodePing(performance.now()));
        }
    }

    sendViewSettings(force = false) {
        const socket = this.socket;
        if (!socket || socket.readyState !== WebSocket.OPEN || !this.viewSettings) return;
        const s = this.viewSettings;
        const key = `${s.maxWidth}x${s.maxHeight}q${s.quality}f${s.fps}`;
        if (!force && key === this.lastSentSettings) return;
        if (this.lastSentSettings === null && !force) return; // not before the server's HELLO
        this.lastSentSettings = key;
        socket.send(encodeViewSettings(s));
    }

    async onClose(conn, event) {
        if (this.stopped) return;
        const code = conn.error?.code ?? event.code;
        // A socket that never opened says nothing useful (1006); the last real reason, if any, stays on screen.
        const reason = conn.opened || conn.error
            ? closeReason(code, conn.error?.reason || event.reason)
            : this.lastReason ?? strings.unreachable;
        this.lastReason = reason;
        console.info(`deskport: connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`);

        if (code === CloseCode.UNSUPPORTED_VERSION) {
            this.stopped = true;
            this.callbacks.onState('failed', { reason });
            return;
        }
        if (code === CloseCode.SESSION_ENDED || !conn.opened) {
            // A socket that never opened was most likely refused for want of a valid session.
            const session = await this.callbacks.checkSession();
            if (this.stopped) return;
            if (session === 'login') {
                this.stopped = true;
                this.callbacks.onState('login', { sessionEnded: conn.opened || code === CloseCode.SESSION_ENDED });
                return;
            }
        }
        this.scheduleReconnect(reason);
    }

    scheduleReconnect(reason) {
        const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
        // ±20 % jitter so that many viewers of a restarted server do not come back in lockstep.
        const delay = Math.min(BACKOFF_MAX_MS, Math.round(base * (0.8 + 0.4 * Math.random())));
        ++this.attempt;
        const due = performance.now() + delay;
        const tick = () => {
            const seconds = Math.max(1, Math.ceil((due - performance.now()) / 1000));
            this.callbacks.onState('waiting', { reason, seconds });
        };
        tick();
        this.countdownTimer = setInterval(tick, 1000);
        this.retryTimer = setTimeout(() => this.open(), delay);
    }
}
