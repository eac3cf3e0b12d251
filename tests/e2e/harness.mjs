// Helpers for the end-to-end tests and benchmarks: Xvfb on a free display, the known scene (deskport_scene),
// deskport --headless on a free port, headless Chromium through playwright-core, canvas pixel reads, and a
// cleanup that always ends every child process group and removes the temporary directories.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

const children = new Set(); // { name, child, phase }
const tempDirs = new Set();
const browsers = new Set(); // playwright BrowserContexts: an open one keeps node alive
let signalsHooked = false;

function hookSignals() {
    if (signalsHooked) return;
    signalsHooked = true;
    // Last resort if the process exits without cleanup(): nothing may outlive us.
    process.on('exit', () => {
        for (const { child } of children) killGroup(child, 'SIGKILL');
        if (!process.env.DESKPORT_E2E_KEEP) {
            for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.once(signal, () => {
            console.error(`\n${signal}: cleaning up`);
            cleanup().finally(() => process.exit(128 + os.constants.signals[signal]));
        });
    }
}

function killGroup(child, signal) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
        process.kill(-child.pid, signal); // children are spawned detached: each leads its own process group
    } catch {
        try { child.kill(signal); } catch { /* already gone */ }
    }
}

function exited(child) {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', resolve));
}

// Spawns `command` as the leader of a new process group and remembers it for cleanup(). Children of a higher
// `phase` are ended after the others (the X server after its clients).
export function spawnChild(name, command, args, { phase = 0, ...options } = {}) {
    hookSignals();
    const child = spawn(command, args, { detached: true, ...options });
    const entry = { name, child, phase };
    children.add(entry);
    child.once('exit', () => children.delete(entry));
    child.once('error', (error) => console.error(`${name}: ${error.message}`));
    return child;
}

export async function makeTempDir(prefix = 'deskport-e2e-') {
    hookSignals();
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
    tempDirs.add(dir);
    return dir;
}

// Ends every child (SIGTERM to its process group, SIGKILL after a grace period), phase by phase, and removes
// the temporary directories.
export async function cleanup({ graceMs = 3000 } = {}) {
    await Promise.all([...browsers].map((context) => Promise.race([context.close().catch(() => {}), sleep(graceMs)])));
    browsers.clear();
    const phases = [...new Set([...children].map(({ phase }) => phase))].sort((a, b) => a - b);
    for (const phase of phases) {
        const running = [...children].filter((entry) => entry.phase === phase);
        for (const { child } of running) killGroup(child, 'SIGTERM');
        await Promise.race([Promise.all(running.map(({ child }) => exited(child))), sleep(graceMs)]);
        for (const { child } of running) killGroup(child, 'SIGKILL');
        await Promise.all(running.map(({ child }) => Promise.race([exited(child), sleep(1000)])));
    }
    if (process.env.DESKPORT_E2E_KEEP) {
        for (const dir of tempDirs) console.error(`# kept ${dir} (DESKPORT_E2E_KEEP)`);
    } else {
        for (const dir of tempDirs) await fsp.rm(dir, { recursive: true, force: true });
    }
    tempDirs.clear();
}

async function waitFor(what, condition, { timeoutMs = 10000, intervalMs = 50, child = null } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await condition()) return;
        if (child && (child.exitCode !== null || child.signalCode !== null)) {
            throw new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode})`);
        }
        if (Date.now() > deadline) throw new Error(`${what}: timed out after ${timeoutMs} ms`);
        await sleep(intervalMs);
    }
}

// --- Xvfb -----------------------------------------------------------------------------------------------

export async function startXvfb({ width = 1280, height = 800, first = 90, last = 199 } = {}) {
    for (let n = first; n <= last; ++n) {
        const socket = `/tmp/.X11-unix/X${n}`;
        if (fs.existsSync(socket) || fs.existsSync(`/tmp/.X${n}-lock`)) continue;
        const child = spawnChild(`Xvfb :${n}`, 'Xvfb',
            [`:${n}`, '-screen', '0', `${width}x${height}x24`, '-noreset', '-nolisten', 'tcp'],
            { stdio: ['ignore', 'ignore', 'pipe'], phase: 1 });
        let stderr = '';
        child.stderr.on('data', (data) => { stderr += data; });
        try {
            await waitFor(`Xvfb :${n}`, () => fs.existsSync(socket), { child, timeoutMs: 10000 });
            return { display: `:${n}`, width, height, process: child };
        } catch (error) {
            killGroup(child, 'SIGKILL');
            if (/already active|server is already/i.test(stderr)) continue; // lost a race for that display
            throw new Error(`${error.message}\n${stderr}`);
        }
    }
    throw new Error(`no free X display between :${first} and :${last}`);
}

// --- the scene --------------------------------------------------------------------------------------------

export const SCENE_COLOURS = Object.freeze({
    topLeft: [255, 0, 0], topRight: [0, 255, 0], bottomLeft: [0, 0, 255], bottomRight: [255, 255, 255],
});

export async function startScene({ binary = process.env.DESKPORT_SCENE, display, timeoutMs = 10000 }) {
    if (!binary) throw new Error('DESKPORT_SCENE is not set (path of the deskport_scene binary)');
    const child = spawnChild('deskport_scene', binary, [], {
        env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'pipe', 'inherit'],
    });
    const waiting = [];
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
        const next = waiting.shift();
        if (!next) return console.error(`deskport_scene said, unasked: ${line}`);
        if (line === next.expect) next.resolve();
        else next.reject(new Error(`deskport_scene: expected "${next.expect}", got "${line}"`));
    });
    child.once('exit', (code, signal) => {
        for (const next of waiting.splice(0)) next.reject(new Error(`deskport_scene exited (${code ?? signal})`));
    });
    const expect = (word, what) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: no "${word}" after ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
            expect: word,
            resolve: () => { clearTimeout(timer); resolve(); },
            reject: (error) => { clearTimeout(timer); reject(error); },
        });
    });
    await expect('ready', 'deskport_scene start');
    return {
        process: child,
        // Sends one command line and resolves when the scene has painted it ("ok").
        command(line) {
            const done = expect('ok', `deskport_scene "${line}"`);
            child.stdin.write(`${line}\n`);
            return done;
        },
        fill(x, y, w, h, rgb) {
            const hex = rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
            return this.command(`fill ${x} ${y} ${w} ${h} ${hex}`);
        },
    };
}

// --- deskport -------------------------------------------------------------------------------------------

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

export async function startDeskport({
    binary = process.env.DESKPORT_BIN, display, dir, password = 'control-secret-1', viewPassword = 'view-secret-2',
    extraArgs = [], timeoutMs = 20000,
}) {
    if (!binary) throw new Error('DESKPORT_BIN is not set (path of the deskport binary)');
    const port = await freePort();
    const logFile = path.join(dir, 'deskport.log');
    const config = path.join(dir, 'config');
    const runtime = path.join(dir, 'runtime');
    await fsp.mkdir(config, { recursive: true });
    await fsp.mkdir(runtime, { recursive: true, mode: 0o700 });
    const log = fs.openSync(logFile, 'a');
    const args = ['--headless', '--port', String(port), '--bind', '127.0.0.1',
        '--password', password, '--view-password', viewPassword, ...extraArgs];
    const child = spawnChild('deskport', binary, args, {
        env: {
            ...process.env, DISPLAY: display, QT_QPA_PLATFORM: 'xcb',
            XDG_CONFIG_HOME: config, XDG_RUNTIME_DIR: runtime,
            XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_DATA_HOME: path.join(dir, 'data'),
        },
        stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const url = `http://127.0.0.1:${port}/`;
    try {
        await waitFor(`deskport at ${url}`, async () => {
            try {
                await fetch(url, { signal: AbortSignal.timeout(1000) });
                return true;
            } catch {
                return false;
            }
        }, { child, timeoutMs, intervalMs: 100 });
    } catch (error) {
        error.message += `\n--- deskport log (${logFile}) ---\n${readLog(logFile)}`;
        throw error;
    }
    return { process: child, port, url, logFile, password, viewPassword, readLog: () => readLog(logFile) };
}

export function readLog(file) {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch (error) {
        return `(cannot read ${file}: ${error.message})`;
    }
}

// --- Chromium -------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = Object.freeze(['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-quic']);

export async function launchBrowser({ dir, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
    const { chromium } = await import('playwright-core');
    const profile = path.join(dir, 'chromium-profile');
    await fsp.mkdir(profile, { recursive: true });
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS],
        viewport,
        deviceScaleFactor,
    });
    browsers.add(context);
    context.once('close', () => browsers.delete(context));
    const page = context.pages()[0] ?? await context.newPage();
    return { context, page };
}

// Collects the page's console messages and errors (printed when a test fails).
export function recordConsole(page) {
    const lines = [];
    page.on('console', (message) => lines.push(`[console.${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
    return lines;
}

// --- canvas -----------------------------------------------------------------------------------------------

// Reads [r, g, b] at frame coordinates of <canvas id="screen"> (its intrinsic size is the frame size).
export async function readPixels(page, points) {
    return page.evaluate((pts) => {
        const canvas = document.getElementById('screen');
        if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
        const context = canvas.getContext('2d');
        return pts.map(([x, y]) => {
            const cx = Math.min(canvas.width - 1, Math.max(0, Math.round(x)));
            const cy = Math.min(canvas.height - 1, Math.max(0, Math.round(y)));
            const d = context.getImageData(cx, cy, 1, 1).data;
            return [d[0], d[1], d[2]];
        });
    }, points);
}

export async function canvasSize(page) {
    return page.evaluate(() => {
        const canvas = document.getElementById('screen');
        return { width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
    });
}

export function colourClose(actual, expected, tolerance = 12) {
    return Array.isArray(actual) && expected.every((c, i) => Math.abs(actual[i] - c) <= tolerance);
}

export const hex = (rgb) => `#${(rgb ?? []).map((c) => c.toString(16).padStart(2, '0')).join('')}`;

// Polls until every screen point shows its expected colour. `checks` are {x, y, rgb} in screen coordinates;
// they are scaled to the canvas (which may be smaller than the screen). Returns the last reading on timeout.
export async function waitForColours(page, screen, checks, { timeoutMs = 10000, tolerance = 12 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last = null;
    for (;;) {
        const size = await canvasSize(page);
        if (size.width > 0) {
            const sx = size.width / screen.width;
            const sy = size.height / screen.height;
            const pixels = await readPixels(page, checks.map(({ x, y }) => [x * sx, y * sy]));
            last = { size, pixels };
            if (pixels && checks.every((check, i) => colourClose(pixels[i], check.rgb, tolerance))) {
                return { ok: true, ...last };
            }
        }
        if (Date.now() > deadline) return { ok: false, ...last };
        await sleep(100);
    }
}

