// Counters for the status line, and window.deskportStats (read by the end-to-end tests and benchmarks).
import { strings } from './strings.js';
import { Role } from './protocol.js';

const WINDOW_MS = 1000;

export function formatBandwidth(bytesPerSecond) {
    if (bytesPerSecond >= 1e6) return strings.bandwidthMB((bytesPerSecond / 1e6).toFixed(1));
    if (bytesPerSecond >= 1e3) return strings.bandwidthKB(Math.round(bytesPerSecond / 1e3));
    return strings.bandwidthBytes(Math.round(bytesPerSecond));
}

export function roleName(role) {
    if (role === Role.VIEW) return strings.roleView;
    if (role === Role.CONTROL) return strings.roleControl;
    return strings.roleUnknown;
}

export class Stats {
    constructor(elements) {
        this.elements = elements; // { fps, latency, bandwidth, role }
        this.framesDrawn = 0;
        this.lastFrameId = null;
        this.bytesReceived = 0;
        this.latencyMs = null;
        this.role = null;
        this.canvasWidth = 0;
        this.canvasHeight = 0;
        this.controlAvailable = false;
        this.controlReason = '';
        this.clipboardText = null;
        this.drawTimes = [];
        this.received = []; // [time, bytes]
        this.timer = setInterval(() => this.render(), 500);
        const stats = this;
        this.exposed = {
            get framesDrawn() { return stats.framesDrawn; },
            get lastFrameId() { return stats.lastFrameId; },
            get bytesReceived() { return stats.bytesReceived; },
            get fps() { return stats.fps; },
            get latencyMs() { return stats.latencyMs; },
            get role() { return roleName(stats.role); },
            get canvasWidth() { return stats.canvasWidth; },
            get canvasHeight() { return stats.canvasHeight; },
            get bandwidth() { return stats.bandwidth; },
            get controlAvailable() { return stats.controlAvailable; },
            get controlReason() { return stats.controlReason; },
            get clipboardText() { return stats.clipboardText; },
        };
        this.render();
    }

    prune(now) {
        const oldest = now - WINDOW_MS;
        while (this.drawTimes.length && this.drawTimes[0] <= oldest) this.drawTimes.shift();
        while (this.received.length && this.received[0][0] <= oldest) this.received.shift();
    }

    // Frames drawn during the last second.
    get fps() {
        this.prune(performance.now());
        return this.drawTimes.length;
    }

    // Bytes received during the last second.
    get bandwidth() {
        this.prune(performance.now());
        return this.received.reduce((sum, [, bytes]) => sum + bytes, 0);
    }

    bytes(count) {
        this.bytesReceived += count;
        this.received.push([performance.now(), count]);
    }

    frameDrawn(frameId) {
        ++this.framesDrawn;
        this.lastFrameId = frameId;
        this.drawTimes.push(performance.now());
    }

    setLatency(ms) {
        this.latencyMs = Math.max(0, Math.round(ms));
        this.render();
    }

    setRole(role) {
        this.role = role;
        this.render();
    }

    setControl(available, reason) {
        this.controlAvailable = available;
        this.controlReason = reason;
    }

    setClipboardText(text) {
        this.clipboardText = text;
    }

    setCanvasSize(width, height) {
        this.canvasWidth = width;
        this.canvasHeight = height;
    }

    // Between connections: rates and latency restart from nothing.
    resetRates() {
        this.drawTimes.length = 0;
        this.received.length = 0;
        this.latencyMs = null;
        this.render();
    }

    render() {
        const { fps, latency, bandwidth, role } = this.elements;
        fps.textContent = strings.fps(this.fps);
        latency.textContent = strings.latency(this.latencyMs);
        bandwidth.textContent = formatBandwidth(this.bandwidth);
        role.textContent = roleName(this.role);
    }
}
