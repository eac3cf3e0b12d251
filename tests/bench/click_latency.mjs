#!/usr/bin/env node
// Benchmark (not a test): click-to-pixel latency. A click on the portal's canvas travels as POINTER to deskport,
// which presses the button on the X display; deskport_scene paints a 40x40 marker square there in a colour it
// cycles through; deskport captures, encodes and streams it; the portal draws it. Measured in the page: from the
// canvas's pointerdown event to the first animation frame whose canvas pixel at the click shows the marker colour.
// Xvfb 1280x800, headless Chromium; prints every click and the median, minimum and maximum.
//
//   DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene \
//       node tests/bench/click_latency.mjs [--clicks 20] [--warmup 2] [--width 1280] [--height 800] \
//       [--viewport-width 1280] [--viewport-height 800] [-- deskport args]
//
// Anything after `--` goes to deskport (e.g. `-- --fps 60`).
import {
    cleanup, colourClose, hex, launchBrowser, makeTempDir, screenToPage, sleep, startDeskport, startScene, startXvfb,
} from '../e2e/harness.mjs';
import { median, parseBenchArgs } from './benchargs.mjs';

// Click points: a grid of distinct places away from the quadrant borders, so markers never overlap.
function clickPoints(screen, count) {
    const points = [];
    const columns = 8;
    const rows = Math.ceil(count / columns) + 1;
    for (let i = 0; points.length < count; ++i) {
        const column = i % columns;
        const row = Math.floor(i / columns) % rows;
        points.push({
            x: Math.round(((column + 0.5) * screen.width) / columns),
            y: Math.round(((row + 0.5) * screen.height) / rows) + 7,
        });
    }
    return points;
}

// In the page: after the next pointerdown on the canvas, polls the canvas pixel at (x, y) every animation frame
// until it is close to `rgb`. Resolves with milliseconds from the pointerdown event, or null after timeoutMs.
function installWatch({ x, y, rgb, tolerance, timeoutMs }) {
    const canvas = document.getElementById('screen');
    const context = canvas.getContext('2d');
    window.benchClickWatch = new Promise((resolve) => {
        canvas.addEventListener('pointerdown', (event) => {
            const start = event.timeStamp;
            const poll = () => {
                const d = context.getImageData(x, y, 1, 1).data;
                if (rgb.every((c, i) => Math.abs(d[i] - c) <= tolerance)) {
                    resolve(performance.now() - start);
                } else if (performance.now() - start > timeoutMs) {
                    resolve(null);
                } else {
                    requestAnimationFrame(poll);
                }
            };
            requestAnimationFrame(poll);
        }, { once: true, capture: true });
    });
}

async function main() {
    const options = parseBenchArgs(process.argv.slice(2),
        { clicks: 20, warmup: 2, width: 1280, height: 800, 'viewport-width': 1280, 'viewport-height': 800 },
        'click_latency.mjs [--clicks N] [--warmup N] [--width W] [--height H] [--viewport-width W] '
        + '[--viewport-height H] [-- deskport args]');
    const screen = { width: options.width, height: options.height };
    const dir = await makeTempDir('deskport-bench-');
    const xvfb = await startXvfb(screen);
    const scene = await startScene({ display: xvfb.display });
    const deskport = await startDeskport({ display: xvfb.display, dir, extraArgs: options.deskportArgs });
    const { page } = await launchBrowser({
        dir, viewport: { width: options['viewport-width'], height: options['viewport-height'] },
    });
    await page.goto(deskport.url);
    await page.locator('#password').fill(deskport.password);
    await page.locator('#login-button').click();
    await page.waitForFunction(() => window.deskportStats?.controlAvailable && window.deskportStats.framesDrawn > 0,
        null, { timeout: 20000, polling: 100 });
    await sleep(1000); // let the first full frame and its refinement settle

    const size = await page.evaluate(() => ({ width: window.deskportStats.canvasWidth,
        height: window.deskportStats.canvasHeight }));
    console.log(`# screen ${screen.width}x${screen.height}, canvas ${size.width}x${size.height}, `
        + `viewport ${options['viewport-width']}x${options['viewport-height']}, deskport ${
            options.deskportArgs.join(' ') || '(defaults)'}`);

    const total = options.warmup + options.clicks;
    const samples = [];
    const rows = [];
    for (const [i, point] of clickPoints(screen, total).entries()) {
        const rgb = await scene.nextMarker();
        const at = await screenToPage(page, screen, point.x, point.y);
        await page.evaluate(installWatch, { x: at.frame.x, y: at.frame.y, rgb, tolerance: 40, timeoutMs: 5000 });
        await page.mouse.click(at.x, at.y);
        const ms = await page.evaluate(() => window.benchClickWatch);
        const warm = i < options.warmup;
        if (!warm && ms !== null) samples.push(ms);
        rows.push([warm ? `w${i + 1}` : String(i + 1 - options.warmup), `${point.x},${point.y}`, hex(rgb),
            ms === null ? 'timeout' : ms.toFixed(1)]);
        await sleep(250); // the refinement of the last click passes before the next
    }

    const widths = [5, 9, 7, 10];
    const line = (cells) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ');
    console.log(line(['click', 'at', 'colour', 'ms']));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
    if (samples.length === 0) {
        console.log('no click reached the canvas');
        return 1;
    }
    console.log(`\nclick-to-pixel over ${samples.length} clicks: median ${median(samples).toFixed(1)} ms, `
        + `min ${Math.min(...samples).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`
        + (samples.length < options.clicks ? ` (${options.clicks - samples.length} timed out)` : ''));
    return 0;
}

let code = 1;
try {
    code = await main();
} catch (error) {
    console.error(error.stack ?? error);
} finally {
    await cleanup();
}
process.exit(code);
