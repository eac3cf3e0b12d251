#!/usr/bin/env node
// Benchmark (not a test): the whole path, glass to glass. Xvfb 1920x1080, deskport_benchscene painting a scene 60
// times a second with a frame number stamped on every frame, deskport --headless, headless Chromium at 1920x1080
// with the portal's resolution set to "full". Per scene it prints: frames the scene painted per second, distinct
// frames the browser showed per second (delivered fps), frames the portal drew per second, glass-to-glass latency
// p50/p95 (scene XSync of a frame -> first animation frame whose canvas shows its stamp), MB/s on the WebSocket,
// and the CPU of deskport (and of Xvfb) in % of one core. Then click-to-pixel p50/p95 (pointerdown in the page ->
// the scene's stamp for that press on the canvas), and for video a long run comparing the latency of its first
// and last 10 s (does latency grow?). Medians over --repeat windows per scene; one JSON line at the end.
//
//   DESKPORT_BIN=build/app/deskport DESKPORT_BENCHSCENE=build/tests/bench/deskport_benchscene \
//       node tests/bench/e2e_bench.mjs [--scenes typing,scroll,video] [--seconds 10] [--long 60] [--warmup 2] \
//       [--repeat 3] [--clicks 20] [--hz 60] [--shots DIR] [-- deskport args (default: --fps 60 --quality 80)]
//
// --long 0 / --clicks 0 skip those parts. --shots DIR saves a screenshot of the page per scene.
//
// Clocks: the scene logs CLOCK_MONOTONIC; node's process.hrtime is CLOCK_MONOTONIC too; the page's
// performance.now() is mapped onto it by round trips (the one with the shortest round trip wins, so the error is
// under half of it: printed as "clock ±"). The page samples the stamp in requestAnimationFrame, so a frame is
// "seen" at the first animation frame after it was drawn: latencies include up to one display refresh (16.7 ms).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
    cleanup, freePort, launchBrowser, makeTempDir, readLog, sleep, spawnChild, startXvfb,
} from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREEN = Object.freeze({ width: 1920, height: 1080 });
const CLOCK_TICKS = 100; // USER_HZ
const STAMP = Object.freeze({ x: 8, y: 8, cell: 16, cells: 36 }); // as in benchscene.c
const PASSWORD = 'bench-control-secret';
const USAGE = 'e2e_bench.mjs [--scenes typing,scroll,video] [--seconds N] [--long N] [--warmup N] [--repeat N] '
    + '[--clicks N] [--hz N] [--shots DIR] [-- deskport args]';

// ---- arguments ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
    const options = {
        scenes: ['typing', 'scroll', 'video'], seconds: 10, long: 60, warmup: 2, repeat: 3, clicks: 20, hz: 60,
        shots: null, deskportArgs: ['--fps', '60', '--quality', '80'],
    };
    const numeric = new Set(['seconds', 'long', 'warmup', 'repeat', 'clicks', 'hz']);
    const fail = (why) => {
        console.error(`${why}\nusage: ${USAGE}`);
        process.exit(2);
    };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--') {
            if (argv.length > i + 1) options.deskportArgs = argv.slice(i + 1);
            break;
        }
        if (arg === '--help' || arg === '-h') fail('');
        const key = arg.replace(/^--/, '');
        const value = argv[i + 1];
        if (!arg.startsWith('--') || value === undefined) fail(`bad argument: ${arg}`);
        ++i;
        if (numeric.has(key)) {
            const n = Number(value);
            if (!Number.isFinite(n) || n < 0) fail(`--${key}: not a number >= 0: ${value}`);
            options[key] = n;
        } else if (key === 'scenes') {
            options.scenes = value.split(',').map((s) => s.trim()).filter(Boolean);
            const bad = options.scenes.filter((s) => !['typing', 'scroll', 'video'].includes(s));
            if (bad.length) fail(`--scenes: unknown scene ${bad.join(', ')}`);
        } else if (key === 'shots') {
            options.shots = path.resolve(value);
        } else {
            fail(`unknown option: ${arg}`);
        }
    }
    if (options.seconds <= 0 || options.repeat < 1 || options.hz <= 0) fail('--seconds, --repeat, --hz must be > 0');
    return options;
}

// ---- prerequisites -----------------------------------------------------------------------------------------

function findBinary(envName, candidates) {
    const given = process.env[envName];
    if (given) {
        if (!fs.existsSync(given)) throw Object.assign(new Error(`${envName}=${given}: no such file`), { plain: true });
        return given;
    }
    const found = candidates.map((c) => path.join(ROOT, c)).find((c) => fs.existsSync(c));
    if (!found) {
        throw Object.assign(new Error(`${envName} is not set and ${candidates.join(', ')} does not exist: build it `
            + '(cmake --build build --target deskport deskport_benchscene) or set the variable'), { plain: true });
    }
    return found;
}

function onPath(program) {
    try {
        execFileSync('sh', ['-c', `command -v "$1"`, 'sh', program], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

function checkPrerequisites() {
    const problems = [];
    if (!onPath('Xvfb')) problems.push('Xvfb is not installed (Debian: apt-get install xvfb)');
    const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
    if (!fs.existsSync(chromium)) problems.push(`no Chromium at ${chromium} (Debian: apt-get install chromium)`);
    try {
        createRequire(import.meta.url).resolve('playwright-core');
    } catch {
        problems.push('playwright-core is missing (npm ci at the top of the source tree)');
    }
    if (problems.length) throw Object.assign(new Error(problems.join('\n')), { plain: true });
}

// ---- clocks, CPU, statistics ---------------------------------------------------------------------------------

const monoMs = () => Number(process.hrtime.bigint()) / 1e6; // CLOCK_MONOTONIC on Linux, like the scene's log

function cpuSeconds(pid) {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
    } catch {
        return NaN;
    }
}

// CPU seconds of the browser: every Chromium process under this one (playwright starts it as our child).
function browserCpuSeconds() {
    const parents = new Map();
    const names = new Map();
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
            names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
            parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        } catch { /* gone meanwhile */ }
    }
    const descends = (pid) => {
        for (let p = parents.get(pid), hops = 0; p && hops < 20; p = parents.get(p), ++hops) {
            if (p === process.pid) return true;
        }
        return false;
    };
    let total = 0;
    for (const [pid, name] of names) {
        if (/chrom/i.test(name) && descends(pid)) total += cpuSeconds(pid) || 0;
    }
    return total;
}

function quantile(values, q) {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const at = (sorted.length - 1) * q;
    const low = Math.floor(at);
    const high = Math.ceil(at);
    return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}
const median = (values) => quantile(values, 0.5);

// Maps page time (performance.now()) to CLOCK_MONOTONIC ms: offset + page time. The round trip with the
// smallest duration bounds the error by half of it.
async function calibrate(page, rounds = 25) {
    let best = { rtt: Infinity, offset: NaN };
    for (let i = 0; i < rounds; ++i) {
        const before = monoMs();
        const pageNow = await page.evaluate(() => performance.now());
        const after = monoMs();
        if (after - before < best.rtt) best = { rtt: after - before, offset: (before + after) / 2 - pageNow };
    }
    return best;
}

// ---- the page side -------------------------------------------------------------------------------------------

// Runs in the page before the portal's scripts: counts WebSocket bytes, forces the full resolution, and samples the
// stamp every animation frame. window.bench.seen: [frame, performance.now()] when each stamp value first showed.
function pageInstrumentation(stamp) {
    localStorage.setItem('deskport.viewSettings', JSON.stringify({ resolution: 'full', quality: 0, fps: 0 }));
    const bench = { bytes: 0, messages: 0, seen: [], last: -1, invalid: 0, samples: 0, presses: [] };
    window.bench = bench;
    const Original = window.WebSocket;
    window.WebSocket = class extends Original {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', (event) => {
                ++bench.messages;
                if (event.data instanceof ArrayBuffer) bench.bytes += event.data.byteLength;
                else if (event.data instanceof Blob) bench.bytes += event.data.size;
                else bench.bytes += new TextEncoder().encode(String(event.data)).length;
            });
        }
    };
    let context = null;
    const sample = () => {
        requestAnimationFrame(sample);
        const canvas = document.getElementById('screen');
        if (!canvas || canvas.width === 0) return;
        context ??= canvas.getContext('2d');
        const scale = canvas.width / stamp.screenWidth;
        const y = Math.floor((stamp.y + stamp.cell / 2) * scale);
        const x0 = Math.floor(stamp.x * scale);
        const w = Math.ceil(stamp.cells * stamp.cell * scale);
        const row = context.getImageData(x0, y, w, 1).data;
        ++bench.samples;
        const bits = [];
        for (let i = 0; i < stamp.cells; ++i) {
            const px = Math.min(w - 1, Math.floor((i + 0.5) * stamp.cell * scale)) * 4;
            bits.push((row[px] + row[px + 1] + row[px + 2]) / 3 < 128 ? 1 : 0);
        }
        let frame = 0;
        let parity = 0;
        for (let i = 2; i < 34; ++i) {
            frame = frame * 2 + bits[i];
            parity ^= bits[i];
        }
        if (bits[0] !== 0 || bits[1] !== 1 || bits[34] !== parity || bits[35] === parity) {
            ++bench.invalid;
            return;
        }
        if (frame !== bench.last) {
            bench.last = frame;
            bench.seen.push([frame, performance.now()]);
        }
    };
    requestAnimationFrame(sample);
    addEventListener('pointerdown', (event) => bench.presses.push(event.timeStamp), { capture: true });
}

// ---- processes ---------------------------------------------------------------------------------------------

async function startDeskport({ binary, display, dir, extraArgs }) {
    const port = await freePort();
    const logFile = path.join(dir, 'deskport.log');
    for (const sub of ['config', 'cache', 'data']) await fsp.mkdir(path.join(dir, sub), { recursive: true });
    await fsp.mkdir(path.join(dir, 'runtime'), { recursive: true, mode: 0o700 });
    const log = fs.openSync(logFile, 'a');
    // Plain HTTP, as the tools it is compared with are measured (their browsers trust no certificate of ours).
    const child = spawnChild('deskport', binary, ['--headless', '--port', String(port), '--bind', '127.0.0.1',
        '--no-tls', ...extraArgs], {
        env: {
            ...process.env, DISPLAY: display, QT_QPA_PLATFORM: 'xcb', DESKPORT_PASSWORD: PASSWORD,
            XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_RUNTIME_DIR: path.join(dir, 'runtime'),
            XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_DATA_HOME: path.join(dir, 'data'),
        },
        stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 20000;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`deskport exited (${child.exitCode ?? child.signalCode}):\n${readLog(logFile)}`);
        }
        try {
            await fetch(url, { signal: AbortSignal.timeout(1000) });
            break;
        } catch {
            if (Date.now() > deadline) throw new Error(`deskport does not answer at ${url}:\n${readLog(logFile)}`);
            await sleep(100);
        }
    }
    return { process: child, url, logFile };
}

// Starts the scene and resolves once its first frame is on the screen. log(): the "<frame> <ms> [press ms]"
// lines so far, parsed into a Map frame -> { at, press }.
async function startScene({ binary, display, dir, mode, hz, first }) {
    const logFile = path.join(dir, `scene-${mode}-${first}.log`);
    const child = spawnChild(`benchscene ${mode}`, binary,
        ['--mode', mode, '--hz', String(hz), '--log', logFile, '--first', String(first)],
        { env: { ...process.env, DISPLAY: display }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`benchscene ${mode}: not ready after 20 s`)), 20000);
        const lines = readline.createInterface({ input: child.stdout });
        lines.on('line', (line) => {
            if (line === 'ready') {
                clearTimeout(timer);
                resolve();
            }
        });
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`benchscene ${mode} exited (${code ?? signal})`));
        });
    });
    return {
        process: child,
        log() {
            const frames = new Map();
            for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
                const [frame, at, press] = line.split(' ').map(Number);
                if (Number.isFinite(frame) && Number.isFinite(at)) frames.set(frame, { at, press });
            }
            return frames;
        },
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const gone = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            await Promise.race([gone, sleep(3000)]);
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
    };
}

// ---- measurements ------------------------------------------------------------------------------------------

const takeSeen = (page) => page.evaluate(() => window.bench.seen.splice(0));
const pageCounters = (page) => page.evaluate(() => ({
    bytes: window.bench.bytes, drawn: window.deskportStats.framesDrawn, invalid: window.bench.invalid,
    samples: window.bench.samples,
}));

// One window of `seconds`: what the scene painted, what the page showed and when, bytes, CPU.
async function measureWindow({ page, scene, deskport, xvfb, seconds }) {
    await takeSeen(page); // forget what came before
    const clockBefore = await calibrate(page);
    const counters0 = await pageCounters(page);
    const cpu0 = { deskport: cpuSeconds(deskport.process.pid), xvfb: cpuSeconds(xvfb.process.pid),
        browser: browserCpuSeconds() };
    const t0 = monoMs();
    await sleep(seconds * 1000);
    const t1 = monoMs();
    const counters1 = await pageCounters(page);
    const cpu1 = { deskport: cpuSeconds(deskport.process.pid), xvfb: cpuSeconds(xvfb.process.pid),
        browser: browserCpuSeconds() };
    await sleep(1500); // frames painted just before t1 still on their way
    const seen = await takeSeen(page);
    const clockAfter = await calibrate(page);
    if (deskport.process.exitCode !== null) throw new Error('deskport exited during the run');
    const offset = clockBefore.rtt <= clockAfter.rtt ? clockBefore.offset : clockAfter.offset;
    const frames = scene.log();
    const wall = (t1 - t0) / 1000;

    const painted = [...frames.values()].filter(({ at }) => at >= t0 && at < t1).length;
    const shown = seen.map(([frame, pageTime]) => ({ frame, at: pageTime + offset }));
    const delivered = shown.filter(({ at }) => at >= t0 && at < t1).length;
    const latencies = []; // [scene time, ms], frames painted in the window and shown
    for (const { frame, at } of shown) {
        const sceneFrame = frames.get(frame);
        if (sceneFrame && sceneFrame.at >= t0 && sceneFrame.at < t1) latencies.push([sceneFrame.at, at - sceneFrame.at]);
    }
    const ms = latencies.map(([, l]) => l);
    return {
        t0,
        latencies,
        paintedFps: painted / wall,
        deliveredFps: delivered / wall,
        drawnFps: (counters1.drawn - counters0.drawn) / wall,
        p50: quantile(ms, 0.5),
        p95: quantile(ms, 0.95),
        max: ms.length ? Math.max(...ms) : NaN,
        mbps: (counters1.bytes - counters0.bytes) / wall / 1e6,
        cpu: ((cpu1.deskport - cpu0.deskport) / wall) * 100,
        xvfbCpu: ((cpu1.xvfb - cpu0.xvfb) / wall) * 100,
        browserCpu: ((cpu1.browser - cpu0.browser) / wall) * 100,
        invalid: counters1.invalid - counters0.invalid,
        clockError: Math.min(clockBefore.rtt, clockAfter.rtt) / 2,
        clockDrift: clockAfter.offset - clockBefore.offset,
    };
}

async function measureClicks({ page, scene, clicks, offsetOf }) {
    await takeSeen(page);
    await page.evaluate(() => { window.bench.presses.length = 0; });
    const box = await page.evaluate(() => {
        const r = document.getElementById('screen').getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    const results = [];
    const before = scene.log();
    let expected = Math.max(...before.keys());
    for (let i = 0; i < clicks; ++i) {
        // spread over the screen, away from the stamp at the top left
        const x = box.x + box.width * (0.15 + 0.7 * (((i * 37) % 100) / 100));
        const y = box.y + box.height * (0.2 + 0.7 * (((i * 61) % 100) / 100));
        ++expected;
        await page.mouse.click(x, y);
        const deadline = monoMs() + 5000;
        let seenAt = null;
        while (seenAt === null && monoMs() < deadline) {
            const found = await page.evaluate((n) => window.bench.seen.find(([frame]) => frame === n)?.[1] ?? null,
                expected);
            if (found !== null) seenAt = found;
            else await sleep(20);
        }
        const pressed = await page.evaluate(() => window.bench.presses.at(-1) ?? null);
        await sleep(150);
        const sceneFrame = scene.log().get(expected);
        const offset = offsetOf();
        results.push({
            ms: seenAt !== null && pressed !== null ? seenAt - pressed : null,
            inputMs: sceneFrame && pressed !== null ? sceneFrame.press - (pressed + offset) : null,
            outputMs: sceneFrame && seenAt !== null ? seenAt + offset - sceneFrame.at : null,
        });
        if (seenAt === null) {
            // the press may have been lost: resynchronise with what the scene has counted
            expected = Math.max(...scene.log().keys());
        }
    }
    const ok = results.filter((r) => r.ms !== null);
    const pick = (key) => ok.map((r) => r[key]).filter((v) => v !== null);
    return {
        clicks, answered: ok.length,
        p50: quantile(pick('ms'), 0.5), p95: quantile(pick('ms'), 0.95),
        inputP50: quantile(pick('inputMs'), 0.5), outputP50: quantile(pick('outputMs'), 0.5),
    };
}

// ---- output ------------------------------------------------------------------------------------------------

const fixed = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function printTable(columns, rows) {
    const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => String(row[i]).length)));
    const line = (row) => row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i])
        : String(cell).padStart(widths[i]))).join('  ');
    console.log(line(columns));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
}

const SCENE_COLUMNS = ['scene', 'painted fps', 'delivered fps', 'drawn fps', 'g2g p50 ms', 'g2g p95 ms',
    'g2g max ms', 'MB/s', 'deskport CPU %', 'Xvfb CPU %', 'browser CPU %'];
const sceneRow = (name, r) => [name, fixed(r.paintedFps), fixed(r.deliveredFps), fixed(r.drawnFps), fixed(r.p50),
    fixed(r.p95), fixed(r.max), fixed(r.mbps, 2), fixed(r.cpu, 0), fixed(r.xvfbCpu, 0), fixed(r.browserCpu, 0)];

function medianOf(runs) {
    const keys = ['paintedFps', 'deliveredFps', 'drawnFps', 'p50', 'p95', 'max', 'mbps', 'cpu', 'xvfbCpu', 'browserCpu'];
    return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))]));
}

const round = (v, digits = 1) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

// ---- main ----------------------------------------------------------------------------------------------------

async function main() {
    const options = parseArgs(process.argv.slice(2));
    checkPrerequisites();
    const deskportBin = findBinary('DESKPORT_BIN', ['build/app/deskport']);
    const sceneBin = findBinary('DESKPORT_BENCHSCENE', ['build/tests/bench/deskport_benchscene']);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');

    const dir = await makeTempDir('deskport-e2e-bench-');
    const xvfb = await startXvfb(SCREEN);
    const deskport = await startDeskport({ binary: deskportBin, display: xvfb.display, dir,
        extraArgs: options.deskportArgs });
    console.log(`# deskport ${deskportBin} ${options.deskportArgs.join(' ')} on ${xvfb.display} `
        + `${SCREEN.width}x${SCREEN.height}; scene ${options.hz} Hz; ${options.repeat} x ${options.seconds} s per scene `
        + `after ${options.warmup} s warm-up; load average ${load} (${os.cpus().length} CPUs)`);

    // The first scene is up before the browser logs in, so the first frame already has a stamp.
    let first = 1;
    const nextFirst = () => { first += 10_000_000; return first; };
    let scene = await startScene({ binary: sceneBin, display: xvfb.display, dir, mode: 'click', hz: options.hz,
        first });

    const { page } = await launchBrowser({ dir, viewport: SCREEN });
    await page.addInitScript(pageInstrumentation, { ...STAMP, screenWidth: SCREEN.width });
    await page.goto(deskport.url);
    await page.waitForFunction(() => document.body.dataset.state === 'login', null, { timeout: 15000 });
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#login-button').click();
    await page.waitForFunction(() => window.deskportStats?.controlAvailable && window.deskportStats.framesDrawn > 0
        && window.bench.seen.length > 0, null, { timeout: 20000, polling: 100 });
    const size = await page.evaluate(() => `${window.deskportStats.canvasWidth}x${window.deskportStats.canvasHeight}`);
    console.log(`# canvas ${size}`);

    const results = { scenes: {}, click: null, videoLong: null };
    const shot = async (name) => {
        if (!options.shots) return;
        await fsp.mkdir(options.shots, { recursive: true });
        await page.screenshot({ path: path.join(options.shots, `${name}.png`) });
        await page.screenshot({ path: path.join(options.shots, `${name}-corner.png`),
            clip: { x: 0, y: 0, width: 640, height: 240 } });
    };

    // click-to-pixel first: the click scene is already up and the page idle
    if (options.clicks > 0) {
        await sleep(1000);
        const { offset } = await calibrate(page);
        results.click = await measureClicks({ page, scene, clicks: options.clicks, offsetOf: () => offset });
        await shot('click');
    }

    const allRuns = {};
    for (const mode of options.scenes) {
        await scene.stop();
        scene = await startScene({ binary: sceneBin, display: xvfb.display, dir, mode, hz: options.hz,
            first: nextFirst() });
        await sleep(options.warmup * 1000);
        await shot(mode);
        const runs = [];
        for (let run = 1; run <= options.repeat; ++run) {
            const r = await measureWindow({ page, scene, deskport, xvfb, seconds: options.seconds });
            runs.push(r);
            process.stdout.write(`# ${mode} run ${run}: delivered ${fixed(r.deliveredFps)} fps, `
                + `g2g p50 ${fixed(r.p50)} ms p95 ${fixed(r.p95)} ms, ${fixed(r.mbps, 2)} MB/s, `
                + `CPU ${fixed(r.cpu, 0)} %, clock ±${fixed(r.clockError, 2)} ms, drift ${fixed(r.clockDrift, 2)} ms`
                + `${r.invalid ? `, ${r.invalid} unreadable stamps` : ''}\n`);
        }
        allRuns[mode] = runs;
        results.scenes[mode] = medianOf(runs);
    }

    if (options.long > 0 && options.scenes.includes('video')) {
        await scene.stop();
        scene = await startScene({ binary: sceneBin, display: xvfb.display, dir, mode: 'video', hz: options.hz,
            first: nextFirst() });
        await sleep(options.warmup * 1000);
        const r = await measureWindow({ page, scene, deskport, xvfb, seconds: options.long });
        const span = Math.min(10, options.long / 2) * 1000;
        const firstPart = r.latencies.filter(([at]) => at < r.t0 + span).map(([, l]) => l);
        const lastPart = r.latencies.filter(([at]) => at >= r.t0 + options.long * 1000 - span).map(([, l]) => l);
        results.videoLong = {
            seconds: options.long, firstP50: median(firstPart), lastP50: median(lastPart),
            deliveredFps: r.deliveredFps, p50: r.p50, p95: r.p95, cpu: r.cpu, mbps: r.mbps,
            rssMB: Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${deskport.process.pid}/status`, 'utf8'))?.[1])
                / 1024,
        };
    }
    await scene.stop();

    console.log(`\n# median over ${options.repeat} runs of ${options.seconds} s, deskport ${
        options.deskportArgs.join(' ')}, load average at start ${load}, now ${
        os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    printTable(SCENE_COLUMNS, Object.entries(results.scenes).map(([name, r]) => sceneRow(name, r)));
    if (results.click) {
        const c = results.click;
        console.log('');
        printTable(['click-to-pixel', 'clicks', 'p50 ms', 'p95 ms', 'input leg p50 ms', 'output leg p50 ms'],
            [['click', `${c.answered}/${c.clicks}`, fixed(c.p50), fixed(c.p95), fixed(c.inputP50),
                fixed(c.outputP50)]]);
    }
    if (results.videoLong) {
        const v = results.videoLong;
        console.log('');
        printTable(['video long run', 'seconds', 'delivered fps', 'p50 ms', 'p95 ms', 'first 10 s p50',
            'last 10 s p50', 'MB/s', 'CPU %', 'deskport RSS MB'],
        [['video', v.seconds, fixed(v.deliveredFps), fixed(v.p50), fixed(v.p95), fixed(v.firstP50),
            fixed(v.lastP50), fixed(v.mbps, 2), fixed(v.cpu, 0), fixed(v.rssMB, 0)]]);
    }
    const json = {
        bench: 'e2e', deskportArgs: options.deskportArgs, seconds: options.seconds, repeat: options.repeat,
        load: os.loadavg().map((l) => round(l, 2)),
        scenes: Object.fromEntries(Object.entries(results.scenes).map(([name, r]) => [name,
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v, k === 'mbps' ? 2 : 1)]))])),
        click: results.click && { p50: round(results.click.p50), p95: round(results.click.p95),
            answered: results.click.answered, clicks: results.click.clicks,
            inputP50: round(results.click.inputP50), outputP50: round(results.click.outputP50) },
        videoLong: results.videoLong && Object.fromEntries(Object.entries(results.videoLong)
            .map(([k, v]) => [k, round(v, k === 'mbps' ? 2 : 1)])),
    };
    console.log(`\nJSON ${JSON.stringify(json)}`);
    return 0;
}

let code = 1;
try {
    code = await main();
} catch (error) {
    console.error(`e2e benchmark failed: ${error.plain ? error.message : (error.stack ?? error)}`);
} finally {
    await cleanup();
}
process.exit(code);
