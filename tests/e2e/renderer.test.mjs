// Browser test of the portal's renderer and host cursor: real headless Chromium, the real portal files (served by
// a small HTTP server in this process) and a mocked /ws (page.routeWebSocket) that speaks docs/protocol.md with
// crafted messages. Checks pixels (getImageData) and coordinates, never timing; prints a few figures.
// Run: node tests/e2e/renderer.test.mjs (CTest: `ctest -R e2e_renderer`). Needs /usr/bin/chromium (or CHROMIUM).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
    cleanup, colourClose, launchBrowser, makeTempDir, readPixels, recordConsole, saveScreenshot, sleep,
} from './harness.mjs';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
const VIEWPORT = { width: 800, height: 600 };
const STEP_TIMEOUT = 60000;

// --- the portal's files and a session that is always valid ------------------------------------------------

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

function startPortalServer(state) {
    const server = http.createServer((request, response) => {
        const url = new URL(request.url, 'http://localhost');
        if (url.pathname === '/api/session') {
            response.writeHead(200, { 'Content-Type': 'application/json' });
            response.end(JSON.stringify({ role: state.role === 2 ? 'control' : 'view' }));
            return;
        }
        const file = path.join(WEB_ROOT, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
        if (!file.startsWith(WEB_ROOT) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            response.writeHead(404);
            response.end();
            return;
        }
        response.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-store' });
        response.end(fs.readFileSync(file));
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- server messages (docs/protocol.md) --------------------------------------------------------------------

function helloMessage(role, desktopWidth, desktopHeight) {
    const b = Buffer.alloc(10);
    b.writeUInt8(0x81, 0);
    b.writeUInt16LE(1, 1);
    b.writeUInt8(role, 3);
    b.writeUInt16LE(desktopWidth, 4);
    b.writeUInt16LE(desktopHeight, 6);
    b.writeUInt8(60, 8);
    b.writeUInt8(80, 9);
    return b;
}

function controlMessage(available) {
    const reason = Buffer.from(available ? '' : 'you logged in with the view-only password');
    return Buffer.concat([Buffer.from([0x85, available ? 1 : 0]), reason]);
}

// { id, width, height, full, copies: [{sx, sy, dx, dy, w, h}], rects: [{x, y, w, h, jpeg}] }
function frameMessage({ id, width, height, full = false, copies = [], rects = [] }) {
    const flags = (full ? 0x02 : 0) | (copies.length ? 0x04 : 0);
    const parts = [];
    const header = Buffer.alloc(20);
    header.writeUInt8(0x82, 0);
    header.writeUInt8(flags, 1);
    header.writeUInt32LE(id, 2);
    header.writeBigUInt64LE(BigInt(Date.now()), 6);
    header.writeUInt16LE(width, 14);
    header.writeUInt16LE(height, 16);
    header.writeUInt16LE(rects.length, 18);
    parts.push(header);
    if (copies.length) {
        const c = Buffer.alloc(2 + 12 * copies.length);
        c.writeUInt16LE(copies.length, 0);
        copies.forEach(({ sx, sy, dx, dy, w, h }, i) => {
            [sx, sy, dx, dy, w, h].forEach((v, k) => c.writeUInt16LE(v, 2 + 12 * i + 2 * k));
        });
        parts.push(c);
    }
    for (const { x, y, w, h, jpeg } of rects) {
        const r = Buffer.alloc(12);
        [x, y, w, h].forEach((v, k) => r.writeUInt16LE(v, 2 * k));
        r.writeUInt32LE(jpeg.length, 8);
        parts.push(r, jpeg);
    }
    return Buffer.concat(parts);
}

function cursorShapeMessage(hotspotX, hotspotY, width, height, rgbaAt) {
    const b = Buffer.alloc(9 + width * height * 4);
    b.writeUInt8(0x87, 0);
    b.writeUInt16LE(hotspotX, 1);
    b.writeUInt16LE(hotspotY, 3);
    b.writeUInt16LE(width, 5);
    b.writeUInt16LE(height, 7);
    for (let y = 0; y < height; ++y) {
        for (let x = 0; x < width; ++x) b.set(rgbaAt(x, y), 9 + 4 * (y * width + x));
    }
    return b;
}

function cursorPositionMessage(x, y, visible) {
    const b = Buffer.alloc(6);
    b.writeUInt8(0x88, 0);
    b.writeUInt16LE(x, 1);
    b.writeUInt16LE(y, 3);
    b.writeUInt8(visible ? 1 : 0, 5);
    return b;
}

// --- the mocked /ws ------------------------------------------------------------------------------------------

// Answers HELLO (with CONTROL), records ACKs, and lets steps send messages to the page's current socket.
class MockServer {
    constructor() {
        this.role = 2;
        this.control = true;
        this.desktop = { width: 320, height: 240 };
        this.socket = null;
        this.acks = [];
        this.ackWaiters = new Set();
        this.connections = 0;
    }

    attach(route) {
        this.socket = route;
        ++this.connections;
        route.onMessage((message) => {
            if (typeof message === 'string' || message.length === 0) return;
            if (message[0] === 0x01) {
                route.send(helloMessage(this.role, this.desktop.width, this.desktop.height));
                route.send(controlMessage(this.control));
            } else if (message[0] === 0x03 && message.length === 5) {
                this.acks.push(message.readUInt32LE(1));
                for (const waiter of this.ackWaiters) waiter();
            }
        });
    }

    send(buffer) {
        assert.ok(this.socket, 'the page has no socket');
        this.socket.send(buffer);
    }

    // Resolves once `id` is acked.
    waitForAck(id, timeoutMs = 15000) {
        return new Promise((resolve, reject) => {
            const check = () => {
                if (!this.acks.includes(id)) return;
                clearTimeout(timer);
                this.ackWaiters.delete(check);
                resolve();
            };
            const timer = setTimeout(() => {
                this.ackWaiters.delete(check);
                reject(new Error(`frame ${id} not acked after ${timeoutMs} ms (acks: ${this.acks.slice(-10)})`));
            }, timeoutMs);
            this.ackWaiters.add(check);
            check();
        });
    }
}

// --- pictures ------------------------------------------------------------------------------------------------

// Eight bands of 30 rows on a 320x240 canvas, each one colour: copies of whole bands are easy to follow.
const WIDTH = 320;
const HEIGHT = 240;
const BAND = 30;
const COLOURS = [[230, 20, 20], [20, 200, 20], [20, 20, 230], [230, 230, 20], [20, 220, 220], [220, 20, 220],
    [250, 250, 250], [100, 100, 100]];

// Solid-colour baseline JPEGs made by the page's own encoder (OffscreenCanvas.convertToBlob).
async function makeJpeg(page, w, h, rgb, { noise = false } = {}) {
    const bytes = await page.evaluate(async ({ w: width, h: height, rgb: colour, noise: noisy }) => {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        context.fillStyle = `rgb(${colour.join(',')})`;
        context.fillRect(0, 0, width, height);
        if (noisy) { // something like a page of text: many small sharp shapes
            for (let i = 0; i < (width * height) / 2000; ++i) {
                context.fillStyle = `rgb(${(i * 37) % 256},${(i * 91) % 256},${(i * 53) % 256})`;
                context.fillRect((i * 7919) % width, (i * 104729) % height, 6, 9);
            }
        }
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: noisy ? 0.8 : 0.95 });
        const url = await new Promise((resolve) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result);
            reader.readAsDataURL(blob);
        });
        return url.slice(url.indexOf(',') + 1);
    }, { w, h, rgb, noise });
    return Buffer.from(bytes, 'base64');
}

const jpegCache = new Map();
async function bandJpeg(page, colourIndex, w = WIDTH) {
    const key = `${colourIndex}/${w}`;
    if (!jpegCache.has(key)) jpegCache.set(key, await makeJpeg(page, w, BAND, COLOURS[colourIndex]));
    return jpegCache.get(key);
}

const bandRect = async (page, band, colourIndex) => ({ x: 0, y: band * BAND, w: WIDTH, h: BAND,
    jpeg: await bandJpeg(page, colourIndex) });

// The colour index closest to each band's centre pixel (or -1 when none is close).
async function readBands(page, x = WIDTH / 2) {
    const pixels = await readPixels(page, COLOURS.map((_, band) => [x, band * BAND + BAND / 2]));
    assert.ok(pixels, 'the canvas is empty');
    return pixels.map((p) => COLOURS.findIndex((c) => colourClose(p, c, 16)));
}

async function waitForStreaming(page) {
    await page.waitForFunction(() => document.body.dataset.state === 'streaming', null,
        { timeout: 15000, polling: 50 });
}

// --- the suite -------------------------------------------------------------------------------------------------

let env = null;
let failed = false;
let nextId = 1;

function step(title, fn) {
    test(title, { timeout: STEP_TIMEOUT }, async () => {
        if (!env) throw new Error('set-up failed');
        try {
            await fn(env);
        } catch (error) {
            failed = true;
            await saveScreenshot(env.page, `renderer-${title.replace(/\W+/g, '-').slice(0, 40)}`).catch(() => {});
            throw error;
        }
    });
}

// Opens (or reopens) the portal with the mock's current role and desktop, and waits for the stream.
async function openPortal(e) {
    const connections = e.mock.connections;
    await e.page.goto(e.url);
    await waitForStreaming(e.page);
    assert.ok(e.mock.connections > connections, 'the page did not open a new socket');
}

async function sendFrame(e, frame) {
    const id = nextId++;
    e.mock.send(frameMessage({ id, width: WIDTH, height: HEIGHT, ...frame }));
    return id;
}

async function paintBands(e, colourIndexes = [0, 1, 2, 3, 4, 5, 6, 7]) {
    const rects = await Promise.all(colourIndexes.map((c, band) => bandRect(e.page, band, c)));
    const id = await sendFrame(e, { full: true, rects });
    await e.mock.waitForAck(id);
    assert.deepEqual(await readBands(e.page), colourIndexes);
}

describe('renderer and host cursor', () => {
    before(async () => {
        try {
            const dir = await makeTempDir('deskport-renderer-');
            const mock = new MockServer();
            const server = await startPortalServer(mock);
            const url = `http://127.0.0.1:${server.address().port}/`;
            const { context, page } = await launchBrowser({ dir, viewport: VIEWPORT });
            await context.routeWebSocket(/\/ws$/, (route) => mock.attach(route));
            env = { dir, mock, server, url, context, page, consoleLines: recordConsole(page) };
            await openPortal(env);
        } catch (error) {
            failed = true;
            console.error(`set-up failed: ${error.stack ?? error}`);
        }
    }, { timeout: STEP_TIMEOUT });

    after(async () => {
        if (failed && env) console.error(`--- page console ---\n${env.consoleLines.join('\n')}`);
        await env?.context.close().catch(() => {});
        env?.server.close();
        await cleanup();
    }, { timeout: STEP_TIMEOUT });

    step('a FULL frame is drawn, then acked', async (e) => {
        await paintBands(e);
        const size = await e.page.evaluate(() => [document.getElementById('screen').width,
            document.getElementById('screen').height]);
        assert.deepEqual(size, [WIDTH, HEIGHT]);
    });

    step('a copy-only frame scrolls up (overlapping copy)', async (e) => {
        await paintBands(e);
        const id = await sendFrame(e, { copies: [{ sx: 0, sy: BAND, dx: 0, dy: 0, w: WIDTH, h: HEIGHT - BAND }] });
        await e.mock.waitForAck(id);
        assert.deepEqual(await readBands(e.page), [1, 2, 3, 4, 5, 6, 7, 7]);
    });

    step('a copy-only frame scrolls down by two bands (overlapping copy)', async (e) => {
        await paintBands(e, [1, 2, 3, 4, 5, 6, 7, 7]);
        const id = await sendFrame(e,
            { copies: [{ sx: 0, sy: 0, dx: 0, dy: 2 * BAND, w: WIDTH, h: HEIGHT - 2 * BAND }] });
        await e.mock.waitForAck(id);
        assert.deepEqual(await readBands(e.page), [1, 2, 1, 2, 3, 4, 5, 6]);
        // Rows at the seams moved exactly: the last row of band 2 and the first of band 3 (the picture is solid
        // colours, so a one-row slip would show as the neighbour's colour).
        const seam = await readPixels(e.page, [[WIDTH / 2, 3 * BAND - 1], [WIDTH / 2, 3 * BAND]]);
        assert.ok(colourClose(seam[0], COLOURS[1], 16) && colourClose(seam[1], COLOURS[2], 16), JSON.stringify(seam));
    });

    step('a horizontal overlapping copy shifts right', async (e) => {
        await paintBands(e);
        const left = { x: 0, y: BAND, w: WIDTH / 2, h: BAND, jpeg: await bandJpeg(e.page, 2, WIDTH / 2) };
        const right = { x: WIDTH / 2, y: BAND, w: WIDTH / 2, h: BAND, jpeg: await bandJpeg(e.page, 4, WIDTH / 2) };
        let id = await sendFrame(e, { rects: [left, right] });
        await e.mock.waitForAck(id);
        id = await sendFrame(e, { copies: [{ sx: 0, sy: BAND, dx: 80, dy: BAND, w: 240, h: BAND }] });
        await e.mock.waitForAck(id);
        const pixels = await readPixels(e.page, [[40, 45], [100, 45], [200, 45], [239, 45], [240, 45], [300, 45]]);
        const expected = [2, 2, 2, 2, 4, 4];
        pixels.forEach((p, i) => assert.ok(colourClose(p, COLOURS[expected[i]], 16), `pixel ${i}: ${p}`));
    });

    step('copies apply in order, each on the result of the one before, and before the rectangles', async (e) => {
        await paintBands(e);
        const id = await sendFrame(e, {
            copies: [
                { sx: 0, sy: 0, dx: 0, dy: 7 * BAND, w: WIDTH, h: BAND }, // band 0 -> band 7
                { sx: 0, sy: 7 * BAND, dx: 0, dy: 3 * BAND, w: WIDTH, h: BAND }, // band 7 (now band 0's) -> band 3
            ],
            rects: [await bandRect(e.page, 0, 5)], // drawn after the copies: band 0's own copy is not affected
        });
        await e.mock.waitForAck(id);
        assert.deepEqual(await readBands(e.page), [5, 1, 2, 0, 4, 5, 6, 0]);
    });

    step('a burst of frames ends in the newest state, every frame acked in order', async (e) => {
        await paintBands(e);
        let seed = 12345;
        const random = (n) => {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            return (seed >>> 16) % n; // the high bits: the low bits of this generator repeat quickly
        };
        const model = [0, 1, 2, 3, 4, 5, 6, 7];
        const frames = [];
        for (let f = 0; f < 60; ++f) {
            const kind = random(4);
            const copies = [];
            const rects = [];
            if (kind === 0) { // a scroll by whole bands, and the exposed bands painted
                const by = 1 + random(3);
                const up = random(2) === 0;
                const h = 8 - by;
                copies.push(up ? { sx: 0, sy: by * BAND, dx: 0, dy: 0, w: WIDTH, h: h * BAND }
                    : { sx: 0, sy: 0, dx: 0, dy: by * BAND, w: WIDTH, h: h * BAND });
                const moved = up ? model.slice(by) : model.slice(0, h);
                model.splice(up ? 0 : by, h, ...moved);
                if (random(2) === 0) {
                    const band = up ? 7 : 0;
                    model[band] = random(8);
                    rects.push(await bandRect(e.page, band, model[band]));
                }
            } else if (kind === 1) { // the whole picture
                for (let band = 0; band < 8; ++band) {
                    model[band] = random(8);
                    rects.push(await bandRect(e.page, band, model[band]));
                }
            } else { // a few bands (the same ones again and again: later frames cover earlier ones)
                const bands = new Set([random(3), random(3) + 2]);
                for (const band of bands) {
                    model[band] = random(8);
                    rects.push(await bandRect(e.page, band, model[band]));
                }
            }
            frames.push({ copies, rects });
        }
        const before = await e.page.evaluate(() => ({ ...window.deskportRenderer }));
        const firstAck = e.mock.acks.length;
        const ids = frames.map((frame) => {
            const id = nextId++;
            e.mock.send(frameMessage({ id, width: WIDTH, height: HEIGHT, ...frame }));
            return id;
        });
        await e.mock.waitForAck(ids.at(-1));
        assert.deepEqual(e.mock.acks.slice(firstAck), ids, 'every frame acked once, in order');
        assert.deepEqual(await readBands(e.page), model);
        const metrics = await e.page.evaluate(() => ({ ...window.deskportRenderer }));
        assert.equal(metrics.frames - before.frames, frames.length);
        assert.equal((metrics.framesPainted + metrics.framesMerged) - (before.framesPainted + before.framesMerged),
            frames.length);
        assert.equal(metrics.pending, 0);
        console.log(`# burst of ${frames.length}: ${metrics.passes - before.passes} drawing passes, `
            + `${metrics.framesMerged - before.framesMerged} frames merged, `
            + `${metrics.rectsSkipped - before.rectsSkipped} rectangles not drawn`);
    });

    // The merging rules, with decodes finishing in an order the test picks (the Renderer module on its own canvas).
    step('frames decoded together: covered rectangles skipped, read ones drawn, resized-away ones skipped',
        async (e) => {
            const result = await e.page.evaluate(async () => {
                const { Renderer } = await import('/js/renderer.js');
                const pending = new Map(); // marker -> resolve
                // A "JPEG" here is [marker, r, g, b, w, h]: decoded to a solid bitmap when the test says so.
                const decode = (bytes) => new Promise((resolve) => {
                    pending.set(bytes[0], async () => {
                        const [, r, g, b, w, h] = bytes;
                        const data = new Uint8ClampedArray(w * h * 4);
                        for (let i = 0; i < w * h; ++i) data.set([r, g, b, 255], i * 4);
                        resolve(await createImageBitmap(new ImageData(data, w, h)));
                    });
                });
                const release = async (marker) => {
                    while (!pending.has(marker)) await new Promise((r) => setTimeout(r, 5));
                    pending.get(marker)();
                    pending.delete(marker);
                };
                const rect = (marker, x, y, w, h, rgb) => ({
                    x, y, w, h, jpeg: new Uint8Array([marker, ...rgb, w, h]),
                });
                const frame = (frameId, rects, copies = [], width = 40, height = 40) => ({
                    frameId, flags: 0, width, height, rects, copies,
                });
                const canvas = document.createElement('canvas');
                const renderer = new Renderer(canvas, { decode });
                const doneOrder = [];
                const done = (f) => doneOrder.push(f.frameId);
                const pixel = (x, y) => [...canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
                const settle = () => new Promise((r) => setTimeout(r, 50));
                const out = {};

                // Base picture: black 40x40.
                renderer.push(frame(1, [rect(1, 0, 0, 40, 40, [0, 0, 0])]), done);
                await release(1);
                await settle();

                // 1) frame 2 (red 20x20 at 0,0) and frame 3 (green 20x20 at 0,0): 3 decodes first. When 2 is
                // decoded both are drawn in one pass and red is never drawn.
                let before = { ...renderer.metrics };
                renderer.push(frame(2, [rect(2, 0, 0, 20, 20, [255, 0, 0])]), done);
                renderer.push(frame(3, [rect(3, 0, 0, 20, 20, [0, 255, 0])]), done);
                await release(3);
                await settle();
                out.doneAfterNewerOnly = [...doneOrder];
                await release(2);
                await settle();
                out.covered = { pixel: pixel(10, 10), skipped: renderer.metrics.rectsSkipped - before.rectsSkipped,
                    merged: renderer.metrics.framesMerged - before.framesMerged,
                    passes: renderer.metrics.passes - before.passes };

                // 2) frame 4 (blue at 0,0), frame 5 copies 0,0 -> 20,20 then draws white at 0,0: blue is read by
                // the copy, so it is drawn although white covers it.
                before = { ...renderer.metrics };
                renderer.push(frame(4, [rect(4, 0, 0, 20, 20, [0, 0, 255])]), done);
                renderer.push(frame(5, [rect(5, 0, 0, 20, 20, [255, 255, 255])],
                    [{ sx: 0, sy: 0, dx: 20, dy: 20, w: 20, h: 20 }]), done);
                await release(5);
                await release(4);
                await settle();
                out.readByCopy = { copied: pixel(30, 30), top: pixel(10, 10),
                    skipped: renderer.metrics.rectsSkipped - before.rectsSkipped };

                // 3) frame 6 at 40x40, frame 7 resizes to 30x20: frame 6 is never drawn, the canvas is 30x20.
                before = { ...renderer.metrics };
                renderer.push(frame(6, [rect(6, 0, 0, 40, 40, [255, 0, 0])]), done);
                renderer.push(frame(7, [rect(7, 0, 0, 30, 20, [0, 0, 255])], [], 30, 20), done);
                await release(7);
                await release(6);
                await settle();
                out.resized = { size: [canvas.width, canvas.height], pixel: pixel(5, 5),
                    skipped: renderer.metrics.rectsSkipped - before.rectsSkipped,
                    painted: renderer.metrics.rectsPainted - before.rectsPainted };

                // 4) a rectangle that fails to decode: its frame is still done, in order, and draws nothing.
                before = { ...renderer.metrics };
                renderer.push(frame(8, [rect(8, 0, 0, 5, 5, [0, 0, 0])], [], 30, 20), done);
                const ownDecode = renderer.decode;
                renderer.decode = () => Promise.reject(new Error('bad JPEG'));
                renderer.push(frame(9, [rect(9, 0, 0, 5, 5, [255, 255, 255])], [], 30, 20), done);
                renderer.decode = ownDecode;
                await settle();
                out.failedWaits = doneOrder.includes(9);
                await release(8);
                await settle();
                out.failed = { pixel: pixel(2, 2), errors: renderer.metrics.decodeErrors - before.decodeErrors };
                out.doneOrder = doneOrder;
                return out;
            });
            assert.deepEqual(result.doneAfterNewerOnly, [1], 'a newer frame waits for the older one');
            assert.deepEqual(result.covered, { pixel: [0, 255, 0], skipped: 1, merged: 1, passes: 1 });
            assert.deepEqual(result.readByCopy, { copied: [0, 0, 255], top: [255, 255, 255], skipped: 0 });
            assert.deepEqual(result.resized, { size: [30, 20], pixel: [0, 0, 255], skipped: 1, painted: 1 });
            assert.equal(result.failedWaits, false, 'a failed frame still waits for the frame before it');
            assert.deepEqual(result.failed, { pixel: [0, 0, 0], errors: 1 });
            assert.deepEqual(result.doneOrder, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        });

    // --- the host cursor ---------------------------------------------------------------------------------------

    const SHAPE = { hotspotX: 3, hotspotY: 5, width: 16, height: 24 };
    const HOTSPOT_RGBA = [10, 200, 60, 255];
    const SHAPE_RGBA = [200, 30, 200, 255];
    const shapeMessage = ({ hotspotX, hotspotY, width, height } = SHAPE) => cursorShapeMessage(hotspotX, hotspotY,
        width, height, (x, y) => (x === hotspotX && y === hotspotY ? HOTSPOT_RGBA : SHAPE_RGBA));

    // Where the overlay should be, from the screen canvas's displayed (letterboxed, maybe zoomed) box.
    async function cursorGeometry(page, desktop, x, y, shape = SHAPE) {
        return page.evaluate(({ desktop: d, x: px, y: py, shape: s }) => {
            const canvas = document.getElementById('screen');
            const overlay = document.getElementById('host-cursor');
            const box = canvas.getBoundingClientRect();
            const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
            const left = box.left + (box.width - canvas.width * scale) / 2;
            const top = box.top + (box.height - canvas.height * scale) / 2;
            const perDesktop = (scale * canvas.width) / d.width;
            const o = overlay.getBoundingClientRect();
            return {
                hidden: overlay.hidden || getComputedStyle(overlay).display === 'none',
                actual: { left: o.left, top: o.top, width: o.width, height: o.height },
                expected: {
                    left: left + (px - s.hotspotX) * perDesktop, top: top + (py - s.hotspotY) * perDesktop,
                    width: s.width * perDesktop, height: s.height * perDesktop,
                },
                intrinsic: [overlay.width, overlay.height],
                cursor: canvas.style.cursor,
            };
        }, { desktop, x, y, shape });
    }

    function assertPlaced(geometry, what) {
        assert.equal(geometry.hidden, false, `${what}: the overlay is hidden`);
        for (const key of ['left', 'top', 'width', 'height']) {
            assert.ok(Math.abs(geometry.actual[key] - geometry.expected[key]) < 0.6,
                `${what}: ${key} ${geometry.actual[key]} expected ${geometry.expected[key]}`);
        }
    }

    const isHidden = (page) => page.evaluate(() => {
        const overlay = document.getElementById('host-cursor');
        return overlay.hidden || getComputedStyle(overlay).display === 'none';
    });

    step('view-only: the host cursor is drawn at its position, scaled with a scaled-down stream', async (e) => {
        e.mock.role = 1;
        e.mock.control = false;
        e.mock.desktop = { width: 640, height: 480 }; // the stream (320x240) is half the desktop
        await openPortal(e);
        await paintBands(e);
        e.mock.send(shapeMessage());
        e.mock.send(cursorPositionMessage(400, 300, true));
        await e.page.waitForFunction(() => !document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        const desktop = e.mock.desktop;
        let g = await cursorGeometry(e.page, desktop, 400, 300);
        assertPlaced(g, 'at 400,300');
        assert.deepEqual(g.intrinsic, [16, 24]);
        assert.equal(g.cursor, '', 'a view-only viewer keeps its own pointer');
        // The shape's pixels, hotspot included, are in the overlay.
        const pixels = await e.page.evaluate(() => {
            const context = document.getElementById('host-cursor').getContext('2d');
            return [[...context.getImageData(3, 5, 1, 1).data], [...context.getImageData(0, 0, 1, 1).data]];
        });
        assert.deepEqual(pixels, [HOTSPOT_RGBA, SHAPE_RGBA]);

        // It follows CURSOR_POSITION.
        e.mock.send(cursorPositionMessage(10, 20, true));
        await e.page.waitForFunction(() => /translate\((-?[\d.]+)px/.exec(
            document.getElementById('host-cursor').style.transform)?.[1] < 200, null, { timeout: 5000 });
        assertPlaced(await cursorGeometry(e.page, desktop, 10, 20), 'at 10,20');

        // A mouse over the canvas does not hide it for a view-only viewer.
        const box = await e.page.locator('#screen').boundingBox();
        await e.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await sleep(100);
        assertPlaced(await cursorGeometry(e.page, desktop, 10, 20), 'with the mouse over the canvas');
    });

    step('the host cursor follows the local zoom', async (e) => {
        await e.page.evaluate(() => {
            document.getElementById('zoom').style.transform = 'translate(-120px, -40px) scale(2.5)';
        });
        const g = await cursorGeometry(e.page, e.mock.desktop, 10, 20);
        assertPlaced(g, 'zoomed');
        assert.ok(g.actual.width > 16, `zoomed cursor width ${g.actual.width}`);
        await e.page.evaluate(() => { document.getElementById('zoom').style.transform = ''; });
        assertPlaced(await cursorGeometry(e.page, e.mock.desktop, 10, 20), 'zoom reset');
    });

    step('the host cursor hides when outside the shared area or empty, and comes back', async (e) => {
        e.mock.send(cursorPositionMessage(0, 0, false));
        await e.page.waitForFunction(() => document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        e.mock.send(cursorPositionMessage(320, 240, true));
        await e.page.waitForFunction(() => !document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        assertPlaced(await cursorGeometry(e.page, e.mock.desktop, 320, 240), 'back at 320,240');
        e.mock.send(cursorShapeMessage(0, 0, 0, 0, () => []));
        await e.page.waitForFunction(() => document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        e.mock.send(shapeMessage());
        await e.page.waitForFunction(() => !document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        assertPlaced(await cursorGeometry(e.page, e.mock.desktop, 320, 240), 'shape again');
    });

    step('control: the local pointer takes the host shape (CSS cursor) and the overlay steps aside', async (e) => {
        e.mock.role = 2;
        e.mock.control = true;
        e.mock.desktop = { width: WIDTH, height: HEIGHT };
        await e.page.mouse.move(2, VIEWPORT.height - 2); // over the status bar, not the canvas
        await openPortal(e);
        await paintBands(e);
        e.mock.send(shapeMessage());
        e.mock.send(cursorPositionMessage(100, 50, true));
        await e.page.waitForFunction(() => document.getElementById('screen').style.cursor.startsWith('url('),
            null, { timeout: 5000 });
        const g = await cursorGeometry(e.page, e.mock.desktop, 100, 50);
        assertPlaced(g, 'pointer outside the canvas');
        assert.match(g.cursor, /^url\("data:image\/png;base64,[A-Za-z0-9+/=]+"\) 3 5, default$/);
        const image = await e.page.evaluate(async (cursor) => {
            const img = new Image();
            img.src = /url\("([^"]+)"\)/.exec(cursor)[1];
            await img.decode();
            const c = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
            const context = c.getContext('2d');
            context.drawImage(img, 0, 0);
            return { size: [img.naturalWidth, img.naturalHeight], hotspot: [...context.getImageData(3, 5, 1, 1).data] };
        }, g.cursor);
        assert.deepEqual(image, { size: [16, 24], hotspot: HOTSPOT_RGBA });

        const box = await e.page.locator('#screen').boundingBox();
        await e.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await e.page.waitForFunction(() => document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        await e.page.mouse.move(2, VIEWPORT.height - 2);
        await e.page.waitForFunction(() => !document.getElementById('host-cursor').hidden, null, { timeout: 5000 });
        assertPlaced(await cursorGeometry(e.page, e.mock.desktop, 100, 50), 'pointer left the canvas');
    });

    step('control: a shape larger than 128 px is scaled down for the CSS cursor; an empty one is "none"',
        async (e) => {
            const big = { hotspotX: 150, hotspotY: 50, width: 200, height: 100 };
            e.mock.send(shapeMessage(big));
            await e.page.waitForFunction(() => / 96 32, default$/.test(document.getElementById('screen').style.cursor),
                null, { timeout: 5000 });
            const size = await e.page.evaluate(async () => {
                const img = new Image();
                img.src = /url\("([^"]+)"\)/.exec(document.getElementById('screen').style.cursor)[1];
                await img.decode();
                return [img.naturalWidth, img.naturalHeight];
            });
            assert.deepEqual(size, [128, 64]);
            assertPlaced(await cursorGeometry(e.page, e.mock.desktop, 100, 50, big), 'big shape overlay');
            e.mock.send(cursorShapeMessage(0, 0, 0, 0, () => []));
            await e.page.waitForFunction(() => document.getElementById('screen').style.cursor === 'none', null,
                { timeout: 5000 });
        });

    // Figures, not checks: main-thread time per frame and frames per second for scroll copies and for whole-screen
    // JPEGs at 1920x1080, paced like the server (at most 2 frames in flight, the next sent when an ack returns).
    step('figures: scroll copies vs JPEG frames at 1920x1080', async (e) => {
        const W = 1920;
        const H = 1080;
        const STRIP = 40;
        const full = await makeJpeg(e.page, W, H, [40, 60, 90], { noise: true });
        const strip = await makeJpeg(e.page, W, STRIP, [40, 60, 90], { noise: true });
        const id0 = nextId++;
        e.mock.send(frameMessage({ id: id0, width: W, height: H, full: true,
            rects: [{ x: 0, y: 0, w: W, h: H, jpeg: full }] }));
        await e.mock.waitForAck(id0);
        const run = async (count, makeFrame) => {
            const before = await e.page.evaluate(() => {
                window.deskportRenderer.maxPaintMs = 0;
                return { ...window.deskportRenderer };
            });
            const started = Date.now();
            const inFlight = [];
            for (let i = 0; i < count; ++i) {
                if (inFlight.length >= 2) await e.mock.waitForAck(inFlight.shift());
                const id = nextId++;
                e.mock.send(frameMessage({ id, width: W, height: H, ...makeFrame() }));
                inFlight.push(id);
            }
            for (const id of inFlight) await e.mock.waitForAck(id);
            const seconds = (Date.now() - started) / 1000;
            // A pixel read forces the canvas to flush what it recorded (part of the main thread's cost).
            await readPixels(e.page, [[0, 0]]);
            const after = await e.page.evaluate(() => ({ ...window.deskportRenderer }));
            const frames = after.frames - before.frames;
            return { fps: (frames / seconds).toFixed(1),
                paintMsPerFrame: ((after.totalPaintMs - before.totalPaintMs) / frames).toFixed(2),
                maxPaintMs: after.maxPaintMs.toFixed(1), merged: after.framesMerged - before.framesMerged };
        };
        const scroll = await run(60, () => ({
            copies: [{ sx: 0, sy: STRIP, dx: 0, dy: 0, w: W, h: H - STRIP }],
            rects: [{ x: 0, y: H - STRIP, w: W, h: STRIP, jpeg: strip }],
        }));
        const jpeg = await run(20, () => ({ rects: [{ x: 0, y: 0, w: W, h: H, jpeg: full }] }));
        console.log(`# scroll (copy ${W}x${H - STRIP} + ${W}x${STRIP} JPEG of ${strip.length} B): `
            + JSON.stringify(scroll));
        console.log(`# whole-screen JPEG (${full.length} B): ${JSON.stringify(jpeg)}`);

        // Why copies go through a scratch canvas: one scroll copy, flushed (a pixel read after each), three ways.
        const ways = await e.page.evaluate(({ W: width, H: height, STRIP: by }) => {
            const canvas = document.createElement('canvas');
            canvas.width = width;
            canvas.height = height;
            const context = canvas.getContext('2d', { alpha: false });
            context.drawImage(document.getElementById('screen'), 0, 0);
            const scratch = new OffscreenCanvas(width, height);
            const scratchContext = scratch.getContext('2d', { alpha: false });
            const h = height - by;
            const time = (fn) => {
                fn();
                context.getImageData(0, 0, 1, 1);
                const started = performance.now();
                for (let i = 0; i < 5; ++i) {
                    fn();
                    context.getImageData(0, 0, 1, 1);
                }
                return ((performance.now() - started) / 5).toFixed(1);
            };
            return {
                scratchMs: time(() => {
                    scratchContext.drawImage(canvas, 0, by, width, h, 0, 0, width, h);
                    context.drawImage(scratch, 0, 0, width, h, 0, 0, width, h);
                }),
                onItselfMs: time(() => context.drawImage(canvas, 0, by, width, h, 0, 0, width, h)),
                imageDataMs: time(() => context.putImageData(context.getImageData(0, by, width, h), 0, 0)),
            };
        }, { W, H, STRIP });
        console.log(`# one ${W}x${H - STRIP} scroll copy, flushed: ${JSON.stringify(ways)}`);
    });
});
