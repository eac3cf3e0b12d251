// End-to-end test of the host tools (docs/protocol.md, "Host tools"): the Files panel (browse by clicking, download,
// upload by the file picker and by a drop, the "exists" prompt, a text preview), the System panel, and terminal tabs
// (a shell computes, a closed tab's shell is gone), then a view-only login that gets only the System panel and is
// refused files and terminals. Xvfb + deskport_scene + deskport --headless (HOME: a temporary folder we fill) +
// headless Chromium.
// Run: DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene node tests/e2e/tools.test.mjs
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
    e2eSuite, launchBrowser, makeTempDir, recordConsole, sleep, startDeskport, startScene, startXvfb,
} from './harness.mjs';

const SCREEN = { width: 1280, height: 800 };
const STEP_TIMEOUT = 60000;
const NOTES = 'hello notes\nsecond line: ünïcödé ✓\n';
const DATA = crypto.randomBytes(300 * 1024 + 17);

async function fillHome(home) {
    await fsp.mkdir(path.join(home, 'docs', 'inner'), { recursive: true });
    await fsp.mkdir(path.join(home, 'b folder'), { recursive: true });
    await fsp.writeFile(path.join(home, 'docs', 'notes.txt'), NOTES);
    await fsp.writeFile(path.join(home, 'docs', 'data.bin'), DATA);
    await fsp.writeFile(path.join(home, 'docs', 'inner', 'deep.txt'), 'deep\n');
    await fsp.writeFile(path.join(home, 'top.txt'), 'top\n');
}

// deskport gets HOME (its default file root, and the shell's home) and SHELL through its environment.
async function withEnv(vars, fn) {
    const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
    Object.assign(process.env, vars);
    try {
        return await fn();
    } finally {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    }
}

async function setUp() {
    const dir = await makeTempDir();
    const home = path.join(dir, 'home');
    await fillHome(home);
    const xvfb = await startXvfb(SCREEN);
    const scene = await startScene({ display: xvfb.display });
    const shell = fs.existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
    const deskport = await withEnv({ HOME: home, SHELL: shell },
        () => startDeskport({ display: xvfb.display, dir }));
    const { context, page } = await launchBrowser({ dir, viewport: { width: 1280, height: 760 },
        contextOptions: { acceptDownloads: true } });
    const consoleLines = recordConsole(page);
    const systemRequests = [];
    page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/system') systemRequests.push(Date.now());
    });
    return { dir, home, xvfb, scene, deskport, context, page, consoleLines, systemRequests };
}

async function waitForState(page, state, timeout = 15000) {
    await page.waitForFunction((s) => document.body.dataset.state === s, state, { timeout, polling: 100 });
}

async function logIn(page, password) {
    await page.locator('#password').fill(password);
    await page.locator('#login-button').click();
}

const row = (page, name) => page.locator(`#files-entries tr[data-name="${name}"]`);
const terminalText = (page, index) => page.evaluate((i) => window.deskportTools.terminals.tab(i)?.text() ?? null, index);

async function waitForTerminalText(page, index, pattern, timeout = 15000) {
    const deadline = Date.now() + timeout;
    for (;;) {
        const text = await terminalText(page, index);
        const match = text && pattern.exec(text);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`terminal ${index}: ${pattern} not seen; it shows:\n${text}`);
        await sleep(100);
    }
}

async function waitForUpload(page, name, states, timeout = 20000) {
    await page.waitForFunction(({ n, s }) => window.deskportTools.files.uploads.some((u) => u.name === n
        && s.includes(u.state)), { n: name, s: states }, { timeout, polling: 100 });
}

const processAlive = (pid) => fs.existsSync(`/proc/${pid}`)
    && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));

e2eSuite('host tools', { setUp, screenshotPrefix: 'tools-failed-', stepTimeout: STEP_TIMEOUT }, (step) => {

    step('a: a control login shows the Tools button with the System, Files and Terminal tabs', async (e) => {
        const { page, deskport } = e;
        await page.goto(deskport.url);
        await waitForState(page, 'login');
        assert.equal(await page.locator('#tools-button').isVisible(), false, 'no tools before logging in');
        await logIn(page, deskport.password);
        await waitForState(page, 'streaming');
        await page.locator('#tools-button').waitFor({ state: 'visible', timeout: 10000 });
        await page.locator('#tools-button').click();
        await page.locator('#tools-panel').waitFor({ state: 'visible' });
        for (const tool of ['system', 'files', 'terminal']) {
            assert.equal(await page.locator(`#tab-${tool}`).isVisible(), true, `${tool} tab`);
        }
        assert.equal(await page.locator('#tools-button').getAttribute('aria-expanded'), 'true');
        // The screen keeps its place beside the panel.
        const stage = await page.locator('#stage').boundingBox();
        const panel = await page.locator('#tools-panel').boundingBox();
        assert.ok(stage.width > 300 && panel.x >= stage.x + stage.width - 1, `stage ${JSON.stringify(stage)} `
            + `panel ${JSON.stringify(panel)}`);
    });

    step('b: Files lists the home root sorted, and clicking a folder enters it', async (e) => {
        const { page } = e;
        await page.locator('#tab-files').click();
        await row(page, 'docs').waitFor({ timeout: 10000 });
        const names = await page.evaluate(() => window.deskportTools.files.names);
        assert.deepEqual(names, ['b folder', 'docs', 'top.txt'], 'folders first, then files, by name');
        await row(page, 'docs').locator('button.entry-name').click();
        await row(page, 'notes.txt').waitFor({ timeout: 10000 });
        assert.deepEqual(await page.evaluate(() => window.deskportTools.files.location), { root: 'home', segments: ['docs'] });
        assert.deepEqual(await page.evaluate(() => window.deskportTools.files.names), ['inner', 'data.bin', 'notes.txt']);
        assert.equal((await page.locator('#files-crumbs [aria-current="location"]').textContent()).trim(), 'docs');
        assert.match(await row(page, 'data.bin').locator('.entry-size').textContent(), /KiB/);
        // A folder offers a zip download, a file a plain one.
        assert.equal(await row(page, 'inner').locator('a.entry-zip').getAttribute('href'), '/api/files/zip/home/docs/inner');
        assert.equal(await row(page, 'data.bin').locator('a.entry-download').getAttribute('download'), 'data.bin');
    });

    step('c: downloading a file gives its bytes', async (e) => {
        const { page } = e;
        const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 15000 }),
            row(page, 'data.bin').locator('a.entry-download').click(),
        ]);
        assert.equal(download.suggestedFilename(), 'data.bin');
        const saved = await fsp.readFile(await download.path());
        assert.equal(saved.length, DATA.length);
        assert.ok(saved.equals(DATA), 'downloaded bytes equal the file on the host');
    });

    step('c2: a folder downloads as a zip holding its files', async (e) => {
        const { page } = e;
        const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 15000 }),
            row(page, 'inner').locator('a.entry-zip').click(),
        ]);
        assert.equal(download.suggestedFilename(), 'inner.zip');
        const zip = await fsp.readFile(await download.path());
        assert.equal(zip.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'a zip local file header first');
        // Files are stored, not compressed: the name and the content are there as they are.
        assert.ok(zip.includes('deep.txt') && zip.includes('deep\n'), 'inner/deep.txt is in the zip');
        assert.equal(zip.subarray(zip.length - 22, zip.length - 18).toString('binary'), 'PK\x05\x06',
            'an end of central directory record last');
    });

    step('d: an upload by the file picker (two pieces) arrives byte-equal in the current folder', async (e) => {
        const { page, home } = e;
        const big = crypto.randomBytes(5 * 1024 * 1024 + 123); // more than one 4 MiB piece
        await page.locator('#files-upload-input').setInputFiles([
            { name: 'big upload.bin', mimeType: 'application/octet-stream', buffer: big },
        ]);
        await waitForUpload(page, 'big upload.bin', ['done', 'failed', 'exists']);
        const upload = (await page.evaluate(() => window.deskportTools.files.uploads))
            .find((u) => u.name === 'big upload.bin');
        assert.equal(upload.state, 'done', `upload state ${upload.state}: ${
            await page.locator('#files-uploads').textContent()}`);
        const onDisk = await fsp.readFile(path.join(home, 'docs', 'big upload.bin'));
        assert.ok(onDisk.equals(big), `uploaded ${onDisk.length} bytes, want ${big.length} equal bytes`);
        await row(page, 'big upload.bin').waitFor({ timeout: 10000 });
        const leftovers = (await fsp.readdir(path.join(home, 'docs'))).filter((n) => n.includes('deskport-upload'));
        assert.deepEqual(leftovers, [], 'no part file left');
    });

    step('e: files dropped onto the panel are uploaded too', async (e) => {
        const { page, home } = e;
        await page.evaluate(() => {
            const target = document.getElementById('files-panel');
            const transfer = new DataTransfer();
            transfer.items.add(new File(['dropped ✓\n'], 'dropped.txt', { type: 'text/plain' }));
            for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
            }
        });
        await waitForUpload(page, 'dropped.txt', ['done', 'failed']);
        assert.equal(await fsp.readFile(path.join(home, 'docs', 'dropped.txt'), 'utf8'), 'dropped ✓\n');
    });

    step('f: an existing name asks first: Skip keeps the file, Replace overwrites it', async (e) => {
        const { page, home } = e;
        const target = path.join(home, 'docs', 'notes.txt');
        await page.evaluate(() => document.querySelectorAll('.upload-dismiss').forEach((b) => b.click()));
        await page.locator('#files-upload-input').setInputFiles([
            { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('replacement\n') },
        ]);
        await waitForUpload(page, 'notes.txt', ['exists', 'done', 'failed']);
        const prompt = page.locator('.upload[data-state="exists"]');
        assert.match(await prompt.locator('.upload-text').textContent(), /already exists/);
        await prompt.locator('button.upload-skip').click();
        await waitForUpload(page, 'notes.txt', ['skipped']);
        assert.equal(await fsp.readFile(target, 'utf8'), NOTES, 'skipped: the file is unchanged');

        await page.locator('#files-upload-input').setInputFiles([
            { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('replacement\n') },
        ]);
        await page.locator('.upload[data-state="exists"] button.upload-replace').click({ timeout: 10000 });
        await waitForUpload(page, 'notes.txt', ['done', 'failed']);
        assert.equal(await fsp.readFile(target, 'utf8'), 'replacement\n', 'replaced');
        // Put the original back for the preview.
        await fsp.writeFile(target, NOTES);
    });

    step('f2: cancelling an upload removes its part file and leaves no file', async (e) => {
        const { page, home } = e;
        // Pieces wait until the test lets them through, so the cancel surely comes in the middle.
        let release = null;
        const gate = new Promise((resolve) => { release = resolve; });
        let pieces = 0;
        await page.route('**/api/uploads/**', async (route) => {
            if (route.request().method() === 'PUT' && ++pieces > 1) await gate;
            await route.continue().catch(() => {});
        });
        try {
            await page.locator('#files-upload-input').setInputFiles([
                { name: 'cancelled.bin', mimeType: 'application/octet-stream', buffer: crypto.randomBytes(9 << 20) },
            ]);
            await page.waitForFunction(() => window.deskportTools.files.uploads.some((u) => u.name === 'cancelled.bin'
                && u.sent > 0), null, { timeout: 15000 });
            const partFiles = async () => (await fsp.readdir(path.join(home, 'docs')))
                .filter((n) => n.includes('cancelled.bin'));
            assert.equal((await partFiles()).length, 1, 'a hidden part file while the upload runs');
            await page.locator('.upload[data-state="sending"] button.upload-cancel').click();
            await waitForUpload(page, 'cancelled.bin', ['cancelled']);
            release();
            const deadline = Date.now() + 5000;
            while ((await partFiles()).length && Date.now() < deadline) await sleep(100);
            assert.deepEqual(await partFiles(), [], 'neither the part file nor the file is left');
        } finally {
            release();
            await page.unroute('**/api/uploads/**');
        }
    });

    step('g: a text file opens in the preview inside the panel', async (e) => {
        const { page } = e;
        await row(page, 'notes.txt').locator('button.entry-name').click();
        await page.locator('#files-preview').waitFor({ state: 'visible' });
        await page.waitForFunction((text) => document.querySelector('#files-preview .preview-text')?.textContent === text,
            NOTES, { timeout: 10000 });
        await page.locator('#files-preview-close').click();
        assert.equal(await page.locator('#files-preview').isVisible(), false);
    });

    step('h: System shows the host name and CPU bars, and polls only while open', async (e) => {
        const { page, systemRequests } = e;
        await page.locator('#tab-system').click();
        await page.waitForFunction(() => window.deskportTools.system.snapshots > 0, null, { timeout: 10000 });
        const snapshot = await page.evaluate(() => window.deskportTools.system.last);
        assert.equal(snapshot.hostName, os.hostname());
        const content = await page.locator('#system-content').textContent();
        assert.ok(content.includes(os.hostname()), 'the host name is shown');
        assert.equal(await page.locator('#system-content .cpu-total meter').count(), 1, 'a total CPU bar');
        assert.equal(await page.locator('#system-content .cpu-core meter').count(), snapshot.cpu.perCore.length);
        assert.ok(snapshot.cpu.perCore.length >= 1);
        await page.waitForFunction(() => window.deskportTools.system.snapshots >= 2, null, { timeout: 10000 });
        // Another tab: no more requests.
        await page.locator('#tab-files').click();
        await sleep(300); // a request already under way may still finish
        const count = systemRequests.length;
        await sleep(2500);
        assert.equal(systemRequests.length, count, 'no /api/system while the System panel is not shown');
    });

    step('i: a terminal runs a shell; the keys stay out of the shared screen', async (e) => {
        const { page, scene } = e;
        await page.locator('#tab-terminal').click();
        await page.waitForFunction(() => window.deskportTools.terminals.tab(0)?.opened === true, null, { timeout: 15000 });
        await page.waitForFunction(() => window.deskportTools.terminals.tab(0).text().length > 0, null, { timeout: 10000 });
        scene.clearEvents();
        await page.locator('#terminal-views .xterm').first().click();
        await page.keyboard.type('echo $((6*7))');
        await page.keyboard.press('Enter');
        await waitForTerminalText(page, 0, /^42$/m);
        await page.keyboard.type('echo "pid=$$"');
        await page.keyboard.press('Enter');
        const [, pid] = await waitForTerminalText(page, 0, /^pid=(\d+)$/m);
        e.firstShell = Number(pid);
        assert.ok(processAlive(e.firstShell), `shell ${pid} runs`);
        await sleep(300);
        assert.deepEqual(scene.events.filter((event) => event.kind === 'key').map((event) => event.line), [],
            'no key reached the shared desktop');
        const size = await page.evaluate(() => {
            const { term } = window.deskportTools.terminals.tab(0);
            return { cols: term.cols, rows: term.rows };
        });
        assert.ok(size.cols > 20 && size.rows > 5, `fitted ${size.cols}x${size.rows}`);
        await page.keyboard.type('stty size');
        await page.keyboard.press('Enter');
        await waitForTerminalText(page, 0, new RegExp(`^${size.rows} ${size.cols}$`, 'm'));

        // A wider panel (the resizer, by keyboard) gives more columns, and the shell hears of it.
        const panelWidth = () => page.evaluate(() => document.getElementById('tools-panel').getBoundingClientRect().width);
        const before = await panelWidth();
        await page.locator('#tools-resizer').focus();
        for (let i = 0; i < 4; ++i) await page.keyboard.press('ArrowLeft');
        assert.equal(Math.round(await panelWidth()), Math.round(before) + 4 * 32, 'each arrow key widens by 32 px');
        // The terminal refits on the next animation frame after the resize is observed.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.waitForFunction((cols) => window.deskportTools.terminals.tab(0).term.cols > cols, size.cols,
            { timeout: 10000 });
        const wider = await page.evaluate(() => {
            const { term } = window.deskportTools.terminals.tab(0);
            return { cols: term.cols, rows: term.rows };
        });
        await page.locator('#terminal-views .xterm').first().click();
        await page.keyboard.type('clear; stty size');
        await page.keyboard.press('Enter');
        await waitForTerminalText(page, 0, new RegExp(`^${wider.rows} ${wider.cols}$`, 'm'));
    });

    step('j: a second tab; closing the first ends its shell', async (e) => {
        const { page } = e;
        await page.locator('#terminal-new').click();
        await page.waitForFunction(() => window.deskportTools.terminals.count === 2
            && window.deskportTools.terminals.tab(1).opened, null, { timeout: 15000 });
        await page.locator('.terminal-tab').first().locator('.terminal-tab-close').click();
        assert.equal(await page.evaluate(() => window.deskportTools.terminals.count), 1);
        const deadline = Date.now() + 10000;
        while (processAlive(e.firstShell) && Date.now() < deadline) await sleep(100);
        assert.equal(processAlive(e.firstShell), false, `shell ${e.firstShell} is gone after its tab closed`);
        await page.waitForFunction(() => window.deskportTools.terminals.tab(0).text().length > 0, null, { timeout: 10000 });
        await page.locator('#terminal-views .xterm').first().click();
        await page.keyboard.type('echo $((7*6))x');
        await page.keyboard.press('Enter');
        await waitForTerminalText(page, 0, /^42x$/m);
    });

    step('k: exit in a shell shows the exit message in its tab', async (e) => {
        const { page } = e;
        await page.keyboard.type('exit 3');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => window.deskportTools.terminals.tab(0).ended, null, { timeout: 10000 });
        assert.equal(await page.evaluate(() => window.deskportTools.terminals.tab(0).exitCode), 3);
        await waitForTerminalText(page, 0, /The shell ended with code 3/);
    });

    step('l: view-only: only System shows; files answer 403 and /terminal does not open', async (e) => {
        const { page, deskport } = e;
        await page.locator('#logout-button').click();
        await waitForState(page, 'login');
        assert.equal(await page.locator('#tools-panel').isVisible(), false);
        await logIn(page, deskport.viewPassword);
        await waitForState(page, 'streaming');
        await page.locator('#tools-button').waitFor({ state: 'visible', timeout: 10000 });
        await page.locator('#tools-button').click();
        assert.equal(await page.locator('#tab-system').isVisible(), true);
        assert.equal(await page.locator('#tab-files').isVisible(), false);
        assert.equal(await page.locator('#tab-terminal').isVisible(), false);
        await page.waitForFunction(() => window.deskportTools.system.snapshots > 0, null, { timeout: 10000 });
        const refused = await page.evaluate(async () => {
            const statuses = [];
            for (const url of ['/api/files/roots', '/api/files/list/home/docs', '/api/files/download/home/top.txt']) {
                statuses.push((await fetch(url, { credentials: 'same-origin' })).status);
            }
            statuses.push((await fetch('/api/files/upload/home/x.txt?size=1', { method: 'POST' })).status);
            const socket = await new Promise((resolve) => {
                const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
                const ws = new WebSocket(`${scheme}://${location.host}/terminal?cols=80&rows=24`);
                ws.onopen = () => { resolve('open'); ws.close(); };
                ws.onclose = (event) => resolve(`closed ${event.code}`);
            });
            return { statuses, socket };
        });
        assert.deepEqual(refused.statuses, [403, 403, 403, 403]);
        assert.equal(refused.socket, 'closed 1006', 'the terminal WebSocket is not upgraded for view-only');
    });

    step('m: on a phone-sized window the panel takes the whole width, with touch-sized buttons', async (e) => {
        const { page } = e;
        await page.setViewportSize({ width: 390, height: 800 });
        try {
            await page.waitForFunction(() => Math.abs(document.getElementById('tools-panel').getBoundingClientRect().width
                - window.innerWidth) < 1, null, { timeout: 5000 });
            const heights = await page.$$eval('#tools-panel button:not([hidden])',
                (buttons) => buttons.filter((b) => b.offsetParent).map((b) => b.getBoundingClientRect().height));
            assert.ok(heights.length > 0 && heights.every((h) => h >= 36), `button heights ${heights}`);
            await page.locator('#tools-close').click();
            assert.equal(await page.locator('#tools-panel').isVisible(), false);
            assert.ok((await page.locator('#stage').boundingBox()).width >= 389, 'the screen is back at full width');
        } finally {
            await page.setViewportSize({ width: 1280, height: 760 });
        }
    });

    step('n: nothing was blocked by the portal\'s Content-Security-Policy (xterm.js styles, previews)', async (e) => {
        assert.deepEqual(e.consoleLines.filter((line) => /Content Security Policy|pageerror/.test(line)), []);
    });
});
