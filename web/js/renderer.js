// Draws FRAME messages on the canvas.
//
// Decoding: every rectangle's JPEG is decoded by createImageBitmap as soon as its frame arrives (all in parallel,
// off the main thread, while earlier frames are still decoding or being drawn). The main thread only draws.
//
// Drawing: frames are drawn strictly in arrival (frame id) order, each atomically: its copies in order, then its
// rectangles. Whenever the oldest waiting frame is decoded, every frame decoded by then is drawn in one pass, so
// frames that piled up are not drawn one late frame after another: a rectangle is not drawn at all when a newer
// frame of the same pass draws over all of it and nothing in between reads it (a copy whose source touches it),
// and everything before a frame that resizes the canvas is not drawn at all. Copies are never skipped: they read
// the canvas, which then holds every earlier frame's content.
//
// A frame's callback (the ACK) runs once the pass that drew it (or skipped it) is done, in frame order: not before
// it is on the canvas, and not later either.
//
// Copies go through a scratch canvas: drawImage of a canvas onto itself is allowed by the spec but costs Chromium
// (software canvas) ~100 ms per full-screen scroll, and getImageData/putImageData ~85 ms; two drawImages through a
// scratch canvas ~4 ms (1920x1000 block, flushed; tests/e2e/renderer.test.mjs prints today's figures).
import { FrameFlag } from './protocol.js';

const JPEG = Object.freeze({ type: 'image/jpeg' });

// The default decoder: a rectangle's JPEG bytes to an ImageBitmap. Tests may pass their own (to decide the order
// in which decodes finish).
export const decodeJpeg = (bytes) => createImageBitmap(new Blob([bytes], JPEG));

// One frame waiting to be drawn. Recycled (no garbage per frame beyond what decoding itself needs).
class PendingFrame {
    constructor() {
        this.frame = null;
        this.done = null;
        this.generation = 0;
        this.waiting = 0; // decodes not finished yet
        this.bitmaps = []; // ImageBitmap | null (failed), one per rectangle
    }
}

const intersects = (ax, ay, aw, ah, b) => ax < b.x + b.w && b.x < ax + aw && ay < b.y + b.h && b.y < ay + ah;
const contains = (outer, inner) => outer.x <= inner.x && outer.y <= inner.y
    && outer.x + outer.w >= inner.x + inner.w && outer.y + outer.h >= inner.y + inner.h;

function makeScratch(width, height) {
    if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
}

export class Renderer {
    constructor(canvas, { onResize = () => {}, decode = decodeJpeg } = {}) {
        this.canvas = canvas;
        this.context = canvas.getContext('2d', { alpha: false });
        this.onResize = onResize;
        this.decode = decode;
        this.queue = []; // PendingFrame, in arrival order
        this.pool = [];
        this.generation = 0;
        this.scratch = null;
        this.scratchContext = null;
        this.batch = [];
        this.draining = false;
        this.drainAgain = false;
        // Counters for the status line, benchmarks and tests (window.deskportRenderer). Updated in place.
        this.metrics = {
            frames: 0, // frames done (and acked), drawn or not
            framesPainted: 0, // drawn with every rectangle
            framesMerged: 0, // some or all rectangles not drawn: newer frames of the same pass covered them
            rectsPainted: 0,
            rectsSkipped: 0,
            copies: 0,
            passes: 0, // drawing passes (one per batch of frames decoded together)
            decodeErrors: 0,
            lastPaintMs: 0, // main-thread time of the last pass
            maxPaintMs: 0,
            totalPaintMs: 0,
            lastBatch: 0, // frames in the last pass
            pending: 0, // frames received, not done yet
        };
    }

    // Queues a decoded FRAME. `done(frame)` runs once it is drawn (or could not be), in arrival order.
    push(frame, done) {
        const entry = this.pool.pop() ?? new PendingFrame();
        const rects = frame.rects;
        entry.frame = frame;
        entry.done = done;
        entry.generation = this.generation;
        entry.waiting = rects.length;
        entry.bitmaps.length = rects.length;
        this.queue.push(entry);
        this.metrics.pending = this.queue.length;
        if (rects.length === 0) {
            this.drain();
            return;
        }
        for (let i = 0; i < rects.length; ++i) {
            entry.bitmaps[i] = null;
            let decoding;
            try {
                decoding = this.decode(rects[i].jpeg);
            } catch (error) {
                decoding = Promise.reject(error);
            }
            decoding.then((bitmap) => this.decoded(entry, i, bitmap), (error) => {
                ++this.metrics.decodeErrors;
                console.warn(`deskport: frame ${frame.frameId} rectangle ${i} did not decode`, error);
                this.decoded(entry, i, null);
            });
        }
    }

    decoded(entry, index, bitmap) {
        entry.bitmaps[index] = bitmap;
        if (--entry.waiting === 0) this.drain();
    }

    // Draws every frame at the head of the queue whose rectangles are all decoded, in one pass (again while a
    // frame callback made more frames ready: callbacks may push).
    drain() {
        if (this.draining) {
            this.drainAgain = true;
            return;
        }
        this.draining = true;
        try {
            do {
                this.drainAgain = false;
                this.drainOnce();
            } while (this.drainAgain);
        } finally {
            this.draining = false;
        }
    }

    drainOnce() {
        const queue = this.queue;
        let ready = 0;
        while (ready < queue.length && queue[ready].waiting === 0) ++ready;
        if (ready === 0) return;
        const started = performance.now();

        // Everything before the last frame that resizes the canvas is wiped by the resize: not worth drawing.
        let first = 0;
        let width = this.canvas.width;
        let height = this.canvas.height;
        for (let i = 0; i < ready; ++i) {
            const { frame, generation } = queue[i];
            if (generation !== this.generation) continue;
            if (frame.width !== width || frame.height !== height) {
                first = i;
                width = frame.width;
                height = frame.height;
            }
        }

        const metrics = this.metrics;
        for (let i = 0; i < ready; ++i) {
            const entry = queue[i];
            if (entry.generation !== this.generation) continue; // of an older stream: never drawn
            try {
                if (i < first) {
                    metrics.rectsSkipped += entry.frame.rects.length;
                    ++metrics.framesMerged;
                } else if (this.paint(i, ready)) {
                    ++metrics.framesPainted;
                } else {
                    ++metrics.framesMerged;
                }
            } catch (error) {
                console.error(`deskport: drawing frame ${entry.frame.frameId} failed`, error);
            }
        }

        const elapsed = performance.now() - started;
        ++metrics.passes;
        metrics.lastPaintMs = elapsed;
        metrics.maxPaintMs = Math.max(metrics.maxPaintMs, elapsed);
        metrics.totalPaintMs += elapsed;
        metrics.lastBatch = ready;

        // Take the batch off the queue before running callbacks (a callback may push the next frame).
        const batch = this.takeBatch(ready);
        for (let i = 0; i < batch.length; ++i) {
            const entry = batch[i];
            const { frame, done } = entry;
            for (let k = 0; k < entry.bitmaps.length; ++k) {
                entry.bitmaps[k]?.close();
                entry.bitmaps[k] = null;
            }
            entry.frame = null;
            entry.done = null;
            batch[i] = null;
            this.pool.push(entry);
            ++metrics.frames;
            try {
                done?.(frame);
            } catch (error) {
                console.error('deskport: frame callback failed', error);
            }
        }
        metrics.pending = this.queue.length;
    }

    // Moves the first `count` entries of the queue into the reused batch array.
    takeBatch(count) {
        const batch = this.batch;
        batch.length = count;
        const queue = this.queue;
        for (let i = 0; i < count; ++i) batch[i] = queue[i];
        queue.copyWithin(0, count);
        queue.length -= count;
        return batch;
    }

    // Draws queue[index]; frames up to `end` (exclusive) are decoded and drawn in the same pass. False when some
    // rectangle was not drawn because a newer frame covers it.
    paint(index, end) {
        const entry = this.queue[index];
        const frame = entry.frame;
        const canvas = this.canvas;
        const context = this.context;
        if (canvas.width !== frame.width || canvas.height !== frame.height) {
            canvas.width = frame.width;
            canvas.height = frame.height;
            this.onResize(frame.width, frame.height);
        }
        const copies = frame.copies;
        if (copies) {
            for (let i = 0; i < copies.length; ++i) this.copy(copies[i]);
        }
        let complete = true;
        const rects = frame.rects;
        for (let i = 0; i < rects.length; ++i) {
            const bitmap = entry.bitmaps[i];
            if (!bitmap) continue;
            const rect = rects[i];
            if (this.coveredLater(rect, index, end)) {
                ++this.metrics.rectsSkipped;
                complete = false;
                continue;
            }
            if (bitmap.width === rect.w && bitmap.height === rect.h) {
                context.drawImage(bitmap, rect.x, rect.y);
            } else {
                context.drawImage(bitmap, rect.x, rect.y, rect.w, rect.h);
            }
            ++this.metrics.rectsPainted;
        }
        return complete;
    }

    // Whether a newer frame of this pass draws over all of `rect` before anything reads it.
    coveredLater(rect, index, end) {
        const queue = this.queue;
        for (let j = index + 1; j < end; ++j) {
            const later = queue[j];
            if (later.generation !== this.generation) continue;
            const { copies, rects } = later.frame;
            if (copies) {
                for (let c = 0; c < copies.length; ++c) {
                    const copy = copies[c];
                    if (intersects(copy.sx, copy.sy, copy.w, copy.h, rect)) return false;
                }
            }
            for (let r = 0; r < rects.length; ++r) {
                if (later.bitmaps[r] && contains(rects[r], rect)) return true;
            }
        }
        return false;
    }

    // Copies a w×h block of the canvas to another place of it, as the canvas was before (blocks may overlap).
    copy({ sx, sy, dx, dy, w, h }) {
        if (!this.scratch || this.scratch.width < w || this.scratch.height < h) {
            const width = Math.max(w, this.scratch?.width ?? 0);
            const height = Math.max(h, this.scratch?.height ?? 0);
            this.scratch = makeScratch(width, height);
            this.scratchContext = this.scratch.getContext('2d', { alpha: false });
        }
        this.scratchContext.drawImage(this.canvas, sx, sy, w, h, 0, 0, w, h);
        this.context.drawImage(this.scratch, 0, 0, w, h, dx, dy, w, h);
        ++this.metrics.copies;
    }

    // A new stream begins: frames of the old one still queued are not drawn (their callbacks still run).
    newStream() {
        ++this.generation;
    }

    // Forgets queued frames and blanks the canvas (after logging out).
    clear() {
        this.newStream();
        this.canvas.width = 0;
        this.canvas.height = 0;
        this.scratch = null;
        this.scratchContext = null;
        this.onResize(0, 0);
    }
}
