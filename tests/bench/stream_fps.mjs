#!/usr/bin/env node
// Benchmark (not a test): how fast does a changing 1920x1080 screen reach a browser?
// Xvfb 1920x1080, deskport_scene animating a full-width band 60 times a second (faster than capture), deskport --headless, and
// headless Chromium at a 1920x1080 viewport with the resolution set to "full". Prints, per run: frames drawn
// per second in the browser, mean and median bytes per FRAME message, bandwidth, and deskport's CPU use.
//
//   DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene \
//       node tests/bench/stream_fps.mjs [--seconds 20] [--warmup 3] [--repeat 3] [--band 120] [-- deskport args]
//
// Anything after `--` goes to deskport (e.g. `-- --fps 60 --quality 70`).
import fs from 'node:fs';
import {
    cleanup, launchBrowser, makeTempDir, sleep, startDeskport, startScene, startXvfb,
} from '../e2e/harness.mjs';
import { median, parseBenchArgs } from './benchargs.mjs';

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux architecture deskport targets

function cpuSeconds(pid) {
    // /proc/<pid>/stat: the command may contain spaces, so count fields after the closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14 and 15)
}

const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

function formatBytes(n) {
    if (!Number.isFinite(n)) return '–';
    if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
    if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
    return `${Math.round(n)} B`;
}

function printTable(rows) {
    const columns = ['run', 'fps', 'mean B/frame', 'median B/frame', 'bandwidth', 'server CPU'];
    const cells = rows.map((r) => [r.run, r.fps.toFixed(1), formatBytes(r.meanBytes), formatBytes(r.medianBytes),
        `${formatBytes(r.bandwidth)}/s`, `${r.cpu.toFixed(0)} %`]);
    const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => String(row[i]).length)));
    const line = (row) => row.map((cell, i) => String(cell).padStart(widths[i])).join('  ');
    console.log(line(columns));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of cells) console.log(line(row));
}

// Counts the size of every FRAME message (type 0x82) the page receives, without touching the portal's code.
function countFrameSizes() {
    const Original = window.WebSocket;
    window.benchFrameSizes = [];
    window.WebSocket = class extends Original {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', (event) => {
                if (event.data instanceof ArrayBuffer && event.data.byteLength > 0
                    && new Uint8Array(event.data, 0, 1)[0] === 0x82) {
                    window.benchFrameSizes.push(event.data.byteLength);
                }
            });
        }
    };
    localStorage.setItem('deskport.viewSettings', JSON.stringify({ resolution: 'full', quality: 0, fps: 0 }));
}

async function main() {
    const options = parseBenchArgs(process.argv.slice(2), { seconds: 20, warmup: 3, repeat: 3, band: 120 },
        'stream_fps.mjs [--seconds N] [--warmup N] [--repeat N] [--band PIXELS] [-- deskport args]');
    const screen = { width: 1920, height: 1080 };
    const dir = await makeTempDir('deskport-bench-');
    const xvfb = await startXvfb(screen);
    const scene = await startScene({ display: xvfb.display });
    const deskport = await startDeskport({ display: xvfb.display, dir, extraArgs: options.deskportArgs });
    console.log(`deskport ${deskport.url} on ${xvfb.display} ${screen.width}x${screen.height}, ` +
        `args: ${options.deskportArgs.join(' ') || '(defaults)'}; ${options.repeat} runs of ${options.seconds} s ` +
        `after ${options.warmup} s warm-up; scene band ${options.band} px`);

    const { page } = await launchBrowser({ dir, viewport: screen });
    await page.addInitScript(countFrameSizes);
    await page.goto(deskport.url);
    await page.waitForFunction(() => document.body.dataset.state === 'login');
    await page.locator('#password').fill(deskport.password);
    await page.locator('#login-button').click();
    await page.waitForFunction(() => document.body.dataset.state === 'streaming', null, { timeout: 15000 });
    await scene.command(`animate ${options.band}`);

    const rows = [];
    for (let run = 1; run <= options.repeat; ++run) {
        await sleep(options.warmup * 1000);
        const sample = () => page.evaluate(() => ({
            framesDrawn: window.deskportStats.framesDrawn,
            bytesReceived: window.deskportStats.bytesReceived,
            sizes: window.benchFrameSizes.length,
            canvas: `${window.deskportStats.canvasWidth}x${window.deskportStats.canvasHeight}`,
        }));
        const before = await sample();
        const cpuBefore = cpuSeconds(deskport.process.pid);
        const t0 = performance.now();
        await sleep(options.seconds * 1000);
        const after = await sample();
        const cpuAfter = cpuSeconds(deskport.process.pid);
        const wall = (performance.now() - t0) / 1000;
        const sizes = await page.evaluate(([from, to]) => window.benchFrameSizes.slice(from, to),
            [before.sizes, after.sizes]);
        rows.push({
            run,
            fps: (after.framesDrawn - before.framesDrawn) / wall,
            meanBytes: mean(sizes),
            medianBytes: median(sizes),
            bandwidth: (after.bytesReceived - before.bytesReceived) / wall,
            cpu: ((cpuAfter - cpuBefore) / wall) * 100,
            canvas: after.canvas,
        });
        if (deskport.process.exitCode !== null) throw new Error('deskport exited during the run');
    }
    await scene.command('stop');

    console.log(`\ncanvas ${rows.at(-1).canvas}`);
    printTable(rows);
    console.log('');
    printTable([{
        run: 'median', fps: median(rows.map((r) => r.fps)), meanBytes: median(rows.map((r) => r.meanBytes)),
        medianBytes: median(rows.map((r) => r.medianBytes)), bandwidth: median(rows.map((r) => r.bandwidth)),
        cpu: median(rows.map((r) => r.cpu)),
    }]);
}

try {
    await main();
} catch (error) {
    console.error(`benchmark failed: ${error.stack ?? error}`);
    process.exitCode = 1;
} finally {
    await cleanup();
}
