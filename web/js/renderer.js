// Draws FRAME messages on the canvas. Decoding of a frame's rectangles starts as soon as it arrives (all in
// parallel, and while earlier frames are still being drawn); drawing happens strictly in arrival order.
import { FrameFlag } from './protocol.js';

export class Renderer {
    constructor(canvas, { onResize = () => {} } = {}) {
        this.canvas = canvas;
        this.context = canvas.getContext('2d', { alpha: false });
        this.onResize = onResize;
        this.queue = Promise.resolve();
        this.generation = 0;
    }

    // Queues a decoded FRAME. `done(frame)` runs once it is drawn (or could not be), in arrival order.
    push(frame, done) {
        const generation = this.generation;
        const bitmaps = Promise.allSettled(frame.rects.map((rect) =>
            createImageBitmap(new Blob([rect.jpeg], { type: 'image/jpeg' }))));
        this.queue = this.queue
            .then(() => bitmaps)
            .then((results) => {
                if (generation === this.generation) {
                    this.draw(frame, results);
                }
                for (const result of results) {
                    if (result.status === 'fulfilled') result.value.close();
                }
                done(frame);
            })
            .catch((error) => console.error('deskport: drawing a frame failed', error));
    }

    draw(frame, results) {
        const canvas = this.canvas;
        if ((frame.flags & FrameFlag.FULL) || canvas.width !== frame.width || canvas.height !== frame.height) {
            if (canvas.width !== frame.width || canvas.height !== frame.height) {
                canvas.width = frame.width;
                canvas.height = frame.height;
                this.onResize(frame.width, frame.height);
            }
        }
        results.forEach((result, i) => {
            const rect = frame.rects[i];
            if (result.status === 'fulfilled') {
                this.context.drawImage(result.value, rect.x, rect.y, rect.w, rect.h);
            } else {
                console.warn(`deskport: frame ${frame.frameId} rectangle ${i} did not decode`, result.reason);
            }
        });
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
        this.onResize(0, 0);
    }
}
