// Helpers for the end-to-end tests and benchmarks: Xvfb on a free display, the known scene (deskport_scene),
// deskport --headless on a free port, headless Chromium through playwright-core, canvas pixel reads, and a
// cleanup that always ends every child process group and removes the temporary directories.
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export { sleep };

const children = new Set(); // { name, child, phase }
const tempDirs = new Set();
const browsers = new Set(); // playwright BrowserContexts: an open one keeps node alive
const deskportLogs = new Set(); // checked for sanitizer reports by cleanup(), before their directories go
const sanitizerReports = []; // { logFile, log } of each deskport log that holds one
// What an AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer report starts with (sanitizer build).
const SANITIZER_REPORT = /==\d+==ERROR: \w+Sanitizer|: runtime error: /;
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
    // In a sanitizer build deskport writes reports to stderr (its log), LeakSanitizer's only as it exits: read the
    // logs now that it has stopped, before the directories go.
    for (const logFile of deskportLogs) {
        const log = readLog(logFile);
        if (SANITIZER_REPORT.test(log)) sanitizerReports.push({ logFile, log });
    }
    deskportLogs.clear();
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

// One input event line of the scene ("key down 48 H", "key up 48", "button down 1 100 200"), parsed.
export function parseSceneEvent(line) {
    let m = /^key (down|up) ([0-9a-f]+)(?: (.*))?$/.exec(line);
    if (m) {
        const keysym = parseInt(m[2], 16);
        const text = m[1] === 'down' && (m[3] !== '-' || keysym === 0x2d) ? (m[3] ?? '') : '';
        return { kind: 'key', down: m[1] === 'down', keysym, text, line };
    }
    m = /^button (down|up) (\d+) (-?\d+) (-?\d+)$/.exec(line);
    if (m) return { kind: 'button', down: m[1] === 'down', button: Number(m[2]), x: Number(m[3]), y: Number(m[4]), line };
    return null;
}

export async function startScene({ binary = process.env.DESKPORT_SCENE, display, timeoutMs = 10000 }) {
    if (!binary) throw new Error('DESKPORT_SCENE is not set (path of the deskport_scene binary)');
    const child = spawnChild('deskport_scene', binary, [], {
        env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'pipe', 'inherit'],
    });
    const waiting = []; // answers expected, in order: { expect, output, resolve, reject }
    const events = []; // input events the scene saw, parsed (see parseSceneEvent), in order
    const eventWaiters = new Set();
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
        const event = parseSceneEvent(line);
        if (event) {
            events.push(event);
            for (const waiter of eventWaiters) waiter();
            return;
        }
        const next = waiting[0];
        if (!next) return console.error(`deskport_scene said, unasked: ${line}`);
        if (line === next.expect) {
            waiting.shift();
            next.resolve(next.output);
        } else if (next.expect === 'ok' && !line.startsWith('error')) {
            next.output.push(line); // a command's own answer lines come before its "ok"
        } else {
            waiting.shift();
            next.reject(new Error(`deskport_scene: expected "${next.expect}", got "${line}"`));
        }
    });
    child.once('exit', (code, signal) => {
        for (const next of waiting.splice(0)) next.reject(new Error(`deskport_scene exited (${code ?? signal})`));
    });
    const expect = (word, what) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: no "${word}" after ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
            expect: word,
            output: [],
            resolve: (output) => { clearTimeout(timer); resolve(output); },
            reject: (error) => { clearTimeout(timer); reject(error); },
        });
    });
    await expect('ready', 'deskport_scene start');
    return {
        process: child,
        events,
        // Sends one command line and resolves with its answer lines (if any) when the scene has done it ("ok").
        command(line) {
            const done = expect('ok', `deskport_scene "${line}"`);
            child.stdin.write(`${line}\n`);
            return done;
        },
        fill(x, y, w, h, rgb) {
            const hex = rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
            return this.command(`fill ${x} ${y} ${w} ${h} ${hex}`);
        },
        // How many keys are down on the X server now.
        async keysDown() {
            const [line] = await this.command('keymap');
            return Number(/^keymap (\d+)$/.exec(line ?? '')?.[1] ?? NaN);
        },
        // Where the pointer is, and its button mask.
        async pointer() {
            const [line] = await this.command('pointer');
            const m = /^pointer (-?\d+) (-?\d+) (\d+)$/.exec(line ?? '');
            return m ? { x: Number(m[1]), y: Number(m[2]), mask: Number(m[3]) } : null;
        },
        // The colour [r, g, b] the next left press paints.
        async nextMarker() {
            const [line] = await this.command('marker');
            const value = parseInt(/^marker ([0-9a-f]{6})$/.exec(line ?? '')?.[1] ?? '', 16);
            return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
        },
        // Forgets the events seen so far.
        clearEvents() {
            events.length = 0;
        },
        // Resolves with the events once `predicate(events)` holds; rejects after timeoutMs with what was seen.
        waitForEvents(predicate, { timeoutMs: wait = 10000, what = 'scene events' } = {}) {
            return new Promise((resolve, reject) => {
                const check = () => {
                    if (!predicate(events)) return false;
                    finish();
                    resolve([...events]);
                    return true;
                };
                const timer = setTimeout(() => {
                    finish();
                    reject(new Error(`${what}: not seen after ${wait} ms; events: ${
                        events.map((e) => e.line).join(' | ') || '(none)'}`));
                }, wait);
                const finish = () => {
                    clearTimeout(timer);
                    eventWaiters.delete(check);
                };
                eventWaiters.add(check);
                check();
            });
        },
    };
}

// The text the scene's key down events typed, in order (modifiers and function keys type nothing).
export const typedText = (events) => events.filter((e) => e.kind === 'key' && e.down).map((e) => e.text).join('');

// --- X tools on the test display (xclip, xdotool) ---------------------------------------------------------

// Runs a command with DISPLAY set and resolves with its stdout (rejects on failure or after timeoutMs).
export function runOnDisplay(display, command, args, { input = null, timeoutMs = 5000 } = {}) {
    return new Promise((resolve, reject) => {
        const child = execFile(command, args, { env: { ...process.env, DISPLAY: display }, timeout: timeoutMs,
            encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message} ${stderr}`));
            else resolve(stdout);
        });
        if (input !== null) child.stdin.end(input);
    });
}

// The CLIPBOARD selection's text, or null when nobody owns it.
export async function readClipboard(display) {
    try {
        return await runOnDisplay(display, 'xclip', ['-o', '-selection', 'clipboard']);
    } catch {
        return null;
    }
}

// Puts text on the CLIPBOARD selection like an application would: an xclip in the foreground owns the selection
// until someone else takes it (or cleanup() ends it).
export async function setClipboard(display, text) {
    const child = spawnChild('xclip', 'xclip', ['-quiet', '-selection', 'clipboard', '-i'], {
        env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.end(text);
    await waitFor('xclip owns the clipboard', async () => (await readClipboard(display)) === text,
        { child, timeoutMs: 5000, intervalMs: 100 });
    return child;
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

// The certificate the browsers of this process trust (the SPKI hash of the last deskport started with TLS): Chromium
// is launched with --ignore-certificate-errors-spki-list, which accepts a certificate only if its public key is
// exactly this one, so every page load also checks that the served certificate is the one deskport made.
let trustedSpki = null;

// The fingerprint and SPKI hash of a PEM certificate, as a browser and Chromium's pinning flag see them.
export function certificateIdentity(pem) {
    const certificate = new crypto.X509Certificate(pem);
    const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
    return {
        fingerprint: certificate.fingerprint256, // "AB:CD:..."
        spki: crypto.createHash('sha256').update(spki).digest('base64'),
    };
}

// deskport --headless on a free port. HTTPS by default, as for users (tls: false passes --no-tls). With TLS the
// fingerprint deskport prints must be that of the certificate it stored, and browsers launched afterwards trust
// that certificate only.
export async function startDeskport({
    binary = process.env.DESKPORT_BIN, display, dir, password = 'control-secret-1', viewPassword = 'view-secret-2',
    extraArgs = [], timeoutMs = 20000, tls = true,
}) {
    if (!binary) throw new Error('DESKPORT_BIN is not set (path of the deskport binary)');
    const port = await freePort();
    const logFile = path.join(dir, 'deskport.log');
    const config = path.join(dir, 'config');
    const runtime = path.join(dir, 'runtime');
    await fsp.mkdir(config, { recursive: true });
    await fsp.mkdir(runtime, { recursive: true, mode: 0o700 });
    const log = fs.openSync(logFile, 'a');
    deskportLogs.add(logFile);
    const args = ['--headless', '--port', String(port), '--bind', '127.0.0.1',
        '--password', password, '--view-password', viewPassword, ...(tls ? [] : ['--no-tls']), ...extraArgs];
    const child = spawnChild('deskport', binary, args, {
        env: {
            ...process.env, DISPLAY: display, QT_QPA_PLATFORM: 'xcb',
            XDG_CONFIG_HOME: config, XDG_RUNTIME_DIR: runtime,
            XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_DATA_HOME: path.join(dir, 'data'),
        },
        stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`;
    // Ready once it says where it shares and, with TLS, which certificate it serves (printed after listening).
    const printed = tls ? /Certificate fingerprint \(SHA-256\)[^\n]*\n\s+([0-9A-F:]{95})/ : /Warning: plain HTTP/;
    let match = null;
    try {
        await waitFor(`deskport at ${url}`, () => (match = printed.exec(readLog(logFile))) !== null,
            { child, timeoutMs, intervalMs: 100 });
    } catch (error) {
        error.message += `\n--- deskport log (${logFile}) ---\n${readLog(logFile)}`;
        throw error;
    }
    let certificate = null;
    if (tls) {
        const pem = await fsp.readFile(path.join(config, 'Deskport', 'tls', 'certificate.pem'), 'utf8');
        certificate = certificateIdentity(pem);
        if (certificate.fingerprint !== match[1]) {
            throw new Error(`deskport printed the fingerprint ${match[1]}, its certificate has ${certificate.fingerprint}`);
        }
        trustedSpki = certificate.spki;
    }
    return {
        process: child, port, url, logFile, password, viewPassword, certificate, readLog: () => readLog(logFile),
    };
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

// `contextOptions` go to launchPersistentContext as they are (e.g. { hasTouch: true, isMobile: true }).
// spki: the certificate to trust (see trustedSpki; null trusts none beyond the system's).
export async function launchBrowser({
    dir, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, contextOptions = {}, spki = trustedSpki,
} = {}) {
    const { chromium } = await import('playwright-core');
    const profile = path.join(dir, 'chromium-profile');
    await fsp.mkdir(profile, { recursive: true });
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS, ...(spki ? [`--ignore-certificate-errors-spki-list=${spki}`] : [])],
        viewport,
        deviceScaleFactor,
        ...contextOptions,
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

// The page (CSS) point over the centre of a screen pixel, through the canvas's scaled, letterboxed box. Also the
// frame point it is and the canvas's displayed box, for assertions.
export async function screenToPage(page, screen, x, y) {
    return page.evaluate(({ screen: s, x: sx, y: sy }) => {
        const canvas = document.getElementById('screen');
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
        const left = box.left + (box.width - canvas.width * scale) / 2;
        const top = box.top + (box.height - canvas.height * scale) / 2;
        const fx = Math.floor((sx * canvas.width) / s.width);
        const fy = Math.floor((sy * canvas.height) / s.height);
        return {
            x: left + (fx + 0.5) * scale, y: top + (fy + 0.5) * scale, frame: { x: fx, y: fy },
            canvas: { width: canvas.width, height: canvas.height }, displayed: { width: box.width, height: box.height },
            scale,
        };
    }, { screen, x, y });
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

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

// Saves a screenshot of page under tests/e2e/artifacts/ (git-ignored, rewritten every run) and returns its path.
export async function saveScreenshot(page, name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
}

// One end-to-end suite: setUp() builds the environment once ({ deskport, scene, context, page, consoleLines, ...});
// body(step) declares the steps, and each step's function gets the environment. A failing step keeps a screenshot
// (prefixed with screenshotPrefix); a suite with a failure prints what helps at the end: deskport's log, the page
// console and the scene's events. The browser and every child process are stopped whatever happened.
export function e2eSuite(name, { setUp, screenshotPrefix, stepTimeout = 60000 }, body) {
    let env = null;
    let failed = false;
    const step = (title, fn) => test(title, { timeout: stepTimeout }, async () => {
        if (!env) throw new Error('set-up failed');
        try {
            await fn(env);
        } catch (error) {
            failed = true;
            await saveScreenshot(env.page, `${screenshotPrefix}${title.replace(/\W+/g, '-').slice(0, 40)}`)
                .catch(() => {});
            throw error;
        }
    });
    describe(name, () => {
        before(async () => {
            try {
                env = await setUp();
            } catch (error) {
                failed = true;
                console.error(`set-up failed: ${error.stack ?? error}`);
            }
        }, { timeout: stepTimeout });

        after(async () => {
            if (failed && env) {
                console.error(`--- deskport log (${env.deskport.logFile}) ---\n${env.deskport.readLog()}`);
                console.error(`--- page console ---\n${env.consoleLines.join('\n')}`);
                console.error(`--- scene events ---\n${env.scene.events.map((e) => e.line).join('\n')}`);
            }
            await env?.context.close().catch(() => {});
            await cleanup();
            const reports = sanitizerReports.splice(0);
            for (const { logFile, log } of reports) console.error(`--- sanitizer report in ${logFile} ---\n${log}`);
            if (reports.length) throw new Error(`deskport: sanitizer report (${reports.map((r) => r.logFile).join(', ')})`);
        }, { timeout: stepTimeout });

        body(step);
    });
}
