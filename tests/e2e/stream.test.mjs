// End-to-end test of the fast paths: a scrolling page arrives as copies plus the exposed strip, and the host's
// cursor reaches the browser as its own messages. Xvfb + deskport_scene + deskport --headless + headless Chromium.
// Run: DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene node tests/e2e/stream.test.mjs
import assert from 'node:assert/strict';
import {
    colourClose, e2eSuite, hex, launchBrowser, makeTempDir, readPixels, recordConsole, runOnDisplay, screenToPage, sleep,
    startDeskport, startScene, startXvfb,
} from './harness.mjs';

const SCREEN = { width: 1280, height: 800 };
const STEP_TIMEOUT = 60000;

// The scene's page (tests/e2e/scene/scene.c, page_colour): 40x12 blocks coloured by their place in the page.
const PAGE = { x: 64, y: 96, width: 1024, height: 576 };
const PAGE_PALETTE = [0x202020, 0xe0e0e0, 0xc04040, 0x40c040, 0x4040c0, 0xc0c040, 0x40c0c0, 0xc040c0, 0x806020,
    0x208060, 0x602080, 0xf0a060, 0x60f0a0, 0xa060f0, 0x909090, 0x000000];
const pageColour = (x, row) => {
    const value = PAGE_PALETTE[(Math.floor(row / 12) * 7 + Math.floor(x / 40)) % PAGE_PALETTE.length];
    return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
};

// Block centres over the whole page, as screen points with the colour they must show after `offset` rows.
function pageChecks(offset) {
    const checks = [];
    for (let y = 0; y < PAGE.height; y += 6) {
        const row = offset + y;
        if (row % 12 < 3 || row % 12 > 8) continue; // away from block edges, where JPEG blurs
        for (let x = 20; x < PAGE.width; x += 120) {
            checks.push({ x: PAGE.x + x, y: PAGE.y + y, rgb: pageColour(x, row) });
        }
    }
    return checks;
}

// Counts what the page receives, without touching the portal's code: FRAME messages (with the COPY flag or
// not, and their bytes) and cursor messages.
function recordMessages() {
    const Original = window.WebSocket;
    window.received = {
        frames: 0, copyFrames: 0, copyOnlyFrames: 0, frameBytes: 0, copyFrameBytes: 0, cursorShapes: 0, cursorMoves: 0,
    };
    window.WebSocket = class extends Original {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', (event) => {
                if (!(event.data instanceof ArrayBuffer) || event.data.byteLength < 2) return;
                const bytes = new Uint8Array(event.data);
                const r = window.received;
                if (bytes[0] === 0x82) {
                    r.frames += 1;
                    r.frameBytes += bytes.length;
                    if (bytes[1] & 0x04) {
                        r.copyFrames += 1;
                        r.copyFrameBytes += bytes.length;
                        // The rectangle count sits at offset 18 (docs/protocol.md, FRAME header).
                        if (new DataView(event.data).getUint16(18, true) === 0) r.copyOnlyFrames += 1;
                    }
                } else if (bytes[0] === 0x87) {
                    r.cursorShapes += 1;
                    const view = new DataView(event.data);
                    r.shape = { hotspotX: view.getUint16(1, true), hotspotY: view.getUint16(3, true),
                        width: view.getUint16(5, true), height: view.getUint16(7, true) };
                } else if (bytes[0] === 0x88) {
                    r.cursorMoves += 1;
                }
            });
        }
    };
    localStorage.setItem('deskport.viewSettings', JSON.stringify({ resolution: 'full', quality: 0, fps: 0 }));
}

async function setUp() {
    const dir = await makeTempDir();
    const xvfb = await startXvfb(SCREEN);
    const scene = await startScene({ display: xvfb.display });
    const deskport = await startDeskport({ display: xvfb.display, dir, extraArgs: ['--fps', '30'] });
    // Wider than the screen, so the viewer gets full-size frames (copies go only to unscaled viewers).
    const { context, page } = await launchBrowser({ dir, viewport: { width: 1400, height: 900 } });
    const consoleLines = recordConsole(page);
    await page.addInitScript(recordMessages);
    return { dir, xvfb, scene, deskport, context, page, consoleLines };
}

const received = (page) => page.evaluate(() => ({ ...window.received }));

async function waitForPage(page, offset, timeoutMs = 15000) {
    const checks = pageChecks(offset);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const pixels = await readPixels(page, checks.map(({ x, y }) => [x, y]));
        const wrong = checks.filter((check, i) => !colourClose(pixels?.[i], check.rgb, 16))
            .map((check) => `${check.x},${check.y} want ${hex(check.rgb)} got ${hex(pixels?.[checks.indexOf(check)])}`);
        if (wrong.length === 0) return checks.length;
        if (Date.now() > deadline) {
            assert.fail(`page at offset ${offset}: ${wrong.length} of ${checks.length} points wrong: ${
                wrong.slice(0, 6).join('; ')}`);
        }
        await sleep(100);
    }
}

e2eSuite('stream', { setUp, screenshotPrefix: 'stream-failed-', stepTimeout: STEP_TIMEOUT }, (step) => {

    step('a: a view-only viewer streams the full-size screen', async (e) => {
        const { page, deskport } = e;
        await page.goto(deskport.url);
        await page.locator('#password').fill(deskport.viewPassword);
        await page.locator('#login-button').click();
        await page.waitForFunction(() => document.body.dataset.state === 'streaming', null, { timeout: 15000 });
        await page.waitForFunction(() => document.getElementById('screen').width === 1280, null, { timeout: 10000 });
        const canvas = await page.evaluate(() => [document.getElementById('screen').width,
            document.getElementById('screen').height]);
        assert.deepEqual(canvas, [SCREEN.width, SCREEN.height]);
    });

    step('b: a scrolling page arrives as copies plus the new rows, and the canvas matches the screen', async (e) => {
        const { page, scene } = e;
        const blank = await received(page);
        await scene.command(`page ${PAGE.x} ${PAGE.y} ${PAGE.width} ${PAGE.height}`);
        const points = await waitForPage(page, 0);
        assert.ok(points > 200, `${points} points checked`);

        const before = await received(page);
        const pageBytes = before.frameBytes - blank.frameBytes; // the page sent as JPEG, once
        const scrolls = 30;
        const step = 16;
        for (let i = 0; i < scrolls; ++i) {
            await scene.command(`scroll ${step}`);
            await sleep(40);
        }
        await waitForPage(page, scrolls * step);
        await sleep(600); // a repaint of lossy areas may follow; it must not change the picture
        await waitForPage(page, scrolls * step, 2000);

        const after = await received(page);
        const frames = after.frames - before.frames;
        const copyFrames = after.copyFrames - before.copyFrames;
        assert.ok(copyFrames >= 5, `${copyFrames} of ${frames} frames during the scroll carried copies`);
        // Re-encoding the moved page would cost about the page's JPEG every frame; a copy plus the new rows costs a
        // small part of it.
        const perCopyFrame = (after.copyFrameBytes - before.copyFrameBytes) / copyFrames;
        console.log(`scroll: ${copyFrames} of ${frames} frames with copies, ${Math.round(perCopyFrame)} bytes each; `
            + `the page as JPEG: ${pageBytes} bytes`);
        assert.ok(perCopyFrame < pageBytes / 4,
            `${Math.round(perCopyFrame)} bytes per frame with copies, the whole page took ${pageBytes}`);
    });

    step('c: the host cursor arrives as its own messages and is drawn over the canvas', async (e) => {
        const { page, xvfb } = e;
        const before = await received(page);
        assert.ok(before.cursorShapes >= 1, 'the cursor shape is sent after the greeting');
        assert.ok(before.shape?.width > 0, `a visible pointer image: ${JSON.stringify(before.shape)}`);
        // Let the stream settle (repaints of the scrolled page), so that any frame from now on would be the pointer's.
        let settled = before.frames;
        for (let quietSince = Date.now(); Date.now() - quietSince < 1000;) {
            await sleep(100);
            const now = (await received(page)).frames;
            if (now !== settled) [settled, quietSince] = [now, Date.now()];
        }
        await runOnDisplay(xvfb.display, 'xdotool', ['mousemove', '700', '300']);
        const want = await screenToPage(page, SCREEN, 700, 300);
        // Where the overlay puts the hotspot, in page pixels: the image is scaled like the picture.
        const hotspotOnPage = () => page.evaluate((shape) => {
            const cursor = document.getElementById('host-cursor');
            if (!cursor || cursor.hidden || getComputedStyle(cursor).display === 'none') return null;
            const box = cursor.getBoundingClientRect();
            const scale = box.width / shape.width;
            return { x: box.left + shape.hotspotX * scale, y: box.top + shape.hotspotY * scale, scale };
        }, before.shape);
        const deadline = Date.now() + 10000;
        let drawn = null;
        // The frame point's centre is half a pixel off the pointer's corner: allow a pixel and a half either way.
        const slack = 1.5 * want.scale + 1;
        const close = (p) => p && Math.abs(p.x - want.x) <= slack && Math.abs(p.y - want.y) <= slack;
        while (!close(drawn = await hotspotOnPage()) && Date.now() < deadline) await sleep(100);
        assert.ok(close(drawn), `hotspot drawn at ${JSON.stringify(drawn)}, want ${want.x},${want.y}`);
        const after = await received(page);
        assert.ok(after.cursorMoves > before.cursorMoves, 'a CURSOR_POSITION arrived');
        assert.equal(after.frames, settled, 'moving the pointer sends no FRAME');
    });
});
