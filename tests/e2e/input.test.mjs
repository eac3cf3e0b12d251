// End-to-end test of remote control: keys, clicks on a scaled stream, the wheel, the keys menu, the clipboard both
// ways, no stuck keys after a lost connection, and a view-only login that changes nothing.
// Run: DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene node tests/e2e/input.test.mjs
// (CTest sets both: `ctest -L e2e`). Needs xclip. Screenshots of failures go to tests/e2e/artifacts/.
// DESKPORT_E2E_KEEP=1 keeps the temporary directory (deskport.log, browser profile).
import assert from 'node:assert/strict';
import {
    e2eSuite, launchBrowser, makeTempDir, readClipboard, recordConsole, saveScreenshot, screenToPage, setClipboard,
    sleep, startDeskport, startScene, startXvfb, typedText,
} from './harness.mjs';

const SCREEN = { width: 1280, height: 800 };
// Smaller than the screen: the server scales the stream down and the canvas is shown scaled again.
const VIEWPORT = { width: 900, height: 620 };
const STEP_TIMEOUT = 60000;
const QUIET_MS = 800; // how long "nothing more happens" is watched for
const INPUT_TYPES = new Set([0x10, 0x11, 0x12, 0x13, 0x14]);

// Every binary message the page sends, as its first byte (the type), for "sends no input" checks.
function recordSentTypes(page, sent) {
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string' && payload.length > 0) sent.push(payload[0]);
    }));
}

async function newPage(e) {
    const page = await e.context.newPage();
    e.consoleLines = recordConsole(page);
    e.sent = [];
    recordSentTypes(page, e.sent);
    e.page = page;
    return page;
}

async function setUp() {
    const dir = await makeTempDir();
    const xvfb = await startXvfb(SCREEN);
    const scene = await startScene({ display: xvfb.display });
    const deskport = await startDeskport({ display: xvfb.display, dir });
    const { context, page } = await launchBrowser({ dir, viewport: VIEWPORT });
    const e = { dir, xvfb, scene, deskport, context, page, consoleLines: recordConsole(page), sent: [] };
    recordSentTypes(page, e.sent);
    return e;
}

const stats = (page) => page.evaluate(() => ({ ...window.deskportStats }));

async function waitForState(page, state, timeout = 15000) {
    await page.waitForFunction((s) => document.body.dataset.state === s, state, { timeout, polling: 100 })
        .catch(async (error) => {
            const text = await page.locator('#connection-status').textContent().catch(() => '?');
            error.message = `expected data-state=${state} ("${text}")\n${error.message}`;
            throw error;
        });
}

async function logIn(page, password) {
    await page.locator('#password').fill(password);
    await page.locator('#login-button').click();
}

// Opens the portal and logs in unless the session cookie is still there (a crashed renderer can lose it).
async function openLoggedIn(page, url, password) {
    await page.goto(url);
    await page.waitForFunction(() => ['login', 'streaming'].includes(document.body.dataset.state), null,
        { timeout: 15000, polling: 100 });
    if (await page.evaluate(() => document.body.dataset.state) === 'login') await logIn(page, password);
}

// Logged in, streaming, the first frame drawn, and CONTROL received with `available`.
async function waitForControl(page, available) {
    await waitForState(page, 'streaming');
    await page.waitForFunction(() => window.deskportStats.framesDrawn > 0 && window.deskportStats.canvasWidth > 0,
        null, { timeout: 15000, polling: 100 });
    await page.waitForFunction((want) => window.deskportStats.controlAvailable === want
        && (want || window.deskportStats.controlReason !== ''), available, { timeout: 10000, polling: 100 })
        .catch(async (error) => {
            const s = await stats(page);
            error.message = `expected controlAvailable=${available}, have ${s.controlAvailable} `
                + `(reason "${s.controlReason}")\n${error.message}`;
            throw error;
        });
}

const buttonEvents = (events, button, down = true) =>
    events.filter((e) => e.kind === 'button' && e.button === button && e.down === down);

e2eSuite('remote control', { setUp, screenshotPrefix: 'failed-input-', stepTimeout: STEP_TIMEOUT }, (step) => {

    step('a: a control login types "Hello, Wörld € ß" into the host', async (e) => {
        const { page, deskport, scene } = e;
        await page.goto(deskport.url);
        await logIn(page, deskport.password);
        await waitForControl(page, true);
        assert.equal(await page.locator('#control-badge').isHidden(), true, 'no view-only badge');
        assert.equal(await page.locator('#screen').getAttribute('tabindex'), '0');
        await page.locator('#screen').focus(); // keyboard focus without a click
        scene.clearEvents();
        const text = 'Hello, Wörld € ß';
        await page.keyboard.type(text);
        const events = await scene.waitForEvents((ev) => typedText(ev).length >= text.length,
            { what: `typed "${text}"` });
        await sleep(QUIET_MS);
        assert.equal(typedText(scene.events), text, `typed: ${events.map((ev) => ev.line).join(' | ')}`);
        assert.equal(await scene.keysDown(), 0, 'no key is left down');
    });

    step('b: a click on the scaled canvas lands on the same screen point (±2 px)', async (e) => {
        const { page, scene } = e;
        const target = { x: 333, y: 222 };
        const at = await screenToPage(page, SCREEN, target.x, target.y);
        assert.ok(at.displayed.width < SCREEN.width && at.displayed.height < SCREEN.height,
            `the canvas is shown smaller than the screen (${at.displayed.width}x${at.displayed.height})`);
        console.log(`# canvas ${at.canvas.width}x${at.canvas.height} shown at ${at.displayed.width.toFixed(0)}`
            + `x${at.displayed.height.toFixed(0)} CSS px (scale ${at.scale.toFixed(3)})`);
        scene.clearEvents();
        await page.mouse.click(at.x, at.y);
        const events = await scene.waitForEvents((ev) => buttonEvents(ev, 1, false).length >= 1,
            { what: 'left click' });
        const [down] = buttonEvents(events, 1, true);
        assert.ok(down, 'button 1 pressed');
        assert.ok(Math.abs(down.x - target.x) <= 2 && Math.abs(down.y - target.y) <= 2,
            `clicked ${down.x},${down.y}, expected ${target.x},${target.y} ±2`);
        const [up] = buttonEvents(events, 1, false);
        assert.deepEqual([up.x, up.y], [down.x, down.y], 'released where pressed');

        // A right click and a drag with the left button.
        const from = await screenToPage(page, SCREEN, 900, 600);
        const to = await screenToPage(page, SCREEN, 1000, 650);
        scene.clearEvents();
        await page.mouse.click(from.x, from.y, { button: 'right' });
        await page.mouse.move(from.x, from.y);
        await page.mouse.down();
        await page.mouse.move(to.x, to.y, { steps: 5 });
        await page.mouse.up();
        const more = await scene.waitForEvents((ev) => buttonEvents(ev, 1, false).length >= 1, { what: 'drag' });
        const right = buttonEvents(more, 3, true)[0];
        assert.ok(right && Math.abs(right.x - 900) <= 2 && Math.abs(right.y - 600) <= 2, `right click: ${right?.line}`);
        const dragDown = buttonEvents(more, 1, true)[0];
        const dragUp = buttonEvents(more, 1, false)[0];
        assert.ok(Math.abs(dragDown.x - 900) <= 2 && Math.abs(dragDown.y - 600) <= 2, `drag start: ${dragDown.line}`);
        assert.ok(Math.abs(dragUp.x - 1000) <= 2 && Math.abs(dragUp.y - 650) <= 2, `drag end: ${dragUp.line}`);
        assert.equal((await scene.pointer()).mask & 0x1f00, 0, 'no button left down');
    });

    step('c: the wheel scrolls: 300 px down is three steps (button 5)', async (e) => {
        const { page, scene } = e;
        const at = await screenToPage(page, SCREEN, 640, 400);
        await page.mouse.move(at.x, at.y);
        scene.clearEvents();
        await page.mouse.wheel(0, 300);
        await scene.waitForEvents((ev) => buttonEvents(ev, 5).length >= 3, { what: 'three wheel steps' });
        await sleep(QUIET_MS);
        assert.equal(buttonEvents(scene.events, 5).length, 3, scene.events.map((ev) => ev.line).join(' | '));
        assert.equal(buttonEvents(scene.events, 4).length, 0, 'no step up');
        assert.equal(await page.evaluate(() => document.scrollingElement.scrollTop), 0, 'the page did not scroll');
    });

    step('g: the Keys menu sends Alt+Tab and Esc, released in reverse order', async (e) => {
        const { page, scene } = e;
        scene.clearEvents();
        await page.locator('#keys-button').click();
        await page.getByRole('menuitem', { name: 'Alt+Tab' }).click();
        await scene.waitForEvents((ev) => ev.filter((x) => x.kind === 'key').length >= 4, { what: 'Alt+Tab' });
        const keys = scene.events.filter((x) => x.kind === 'key');
        assert.deepEqual(keys.map((k) => `${k.down ? 'down' : 'up'} ${k.keysym.toString(16)}`),
            ['down ffe9', 'down ff09', 'up ff09', 'up ffe9'], keys.map((k) => k.line).join(' | '));
        scene.clearEvents();
        await page.locator('#keys-button').focus();
        await page.keyboard.press('Enter'); // opens the menu on its first item
        await page.keyboard.press('End'); // PrintScreen
        await page.keyboard.press('ArrowUp'); // Esc
        await page.keyboard.press('Enter');
        await scene.waitForEvents((ev) => ev.some((x) => x.kind === 'key' && !x.down && x.keysym === 0xff1b),
            { what: 'Esc from the menu' });
        assert.equal(await scene.keysDown(), 0);
    });

    step('f: the clipboard goes both ways', async (e) => {
        const { page, xvfb } = e;
        await page.locator('#clipboard-button').click();
        const text = 'Grüße vom Browser ✓ 42';
        await page.locator('#paste-box').fill(text);
        await page.locator('#clipboard-send').click();
        assert.equal(await page.locator('#clipboard-status').textContent(), 'Sent to the host clipboard.');
        let host = null;
        for (let i = 0; i < 50 && host !== text; ++i) {
            await sleep(100);
            host = await readClipboard(xvfb.display);
        }
        assert.equal(host, text, 'xclip -o -selection clipboard');

        // Too long: said, not sent.
        await page.locator('#paste-box').fill('x'.repeat(65537));
        await page.locator('#clipboard-send').click();
        assert.match(await page.locator('#clipboard-status').textContent(), /^Too long: 65537 bytes/);

        const fromHost = 'from host';
        await setClipboard(xvfb.display, fromHost);
        await page.waitForFunction((t) => window.deskportStats.clipboardText === t, fromHost,
            { timeout: 10000, polling: 100 });
        assert.equal(await page.locator('#host-clipboard').inputValue(), fromHost);
        await page.locator('#clipboard-close').click();

        // Ctrl+V on the screen sends this device's clipboard first, then the keys.
        await e.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e.deskport.url).origin });
        const local = 'pasted from the browser';
        await page.locator('#screen').focus();
        await page.evaluate((t) => navigator.clipboard.writeText(t), local);
        e.scene.clearEvents();
        await page.keyboard.press('Control+V');
        await e.scene.waitForEvents((ev) => ev.some((x) => x.kind === 'key' && !x.down && x.keysym === 0xffe3),
            { what: 'Control+V' });
        assert.ok(e.scene.events.some((x) => x.kind === 'key' && x.down && (x.keysym === 0x76 || x.keysym === 0x56)),
            `V pressed: ${e.scene.events.map((x) => x.line).join(' | ')}`);
        assert.equal(await readClipboard(xvfb.display), local, 'the host clipboard holds the pasted text');
        assert.ok(!e.consoleLines.some((line) => [text, fromHost, local].some((t) => line.includes(t))),
            'clipboard text never reaches the console');
    });

    step('e: keys and buttons held when the connection dies are released on the host', async (e) => {
        const { scene, deskport } = e;
        let page = e.page;
        await page.locator('#screen').focus();
        const at = await screenToPage(page, SCREEN, 200, 150);
        scene.clearEvents();
        await page.keyboard.down('Shift');
        await page.mouse.move(at.x, at.y);
        await page.mouse.down();
        await scene.waitForEvents((ev) => ev.some((x) => x.kind === 'key' && x.down && x.keysym === 0xffe1)
            && buttonEvents(ev, 1).length >= 1, { what: 'Shift and the left button down' });
        assert.ok((await scene.keysDown()) >= 1, 'Shift is down on the host');
        // The renderer dies: no page script runs, so only the server can release what this viewer held.
        await page.goto('chrome://crash').catch(() => {});
        let keys = NaN;
        let pointer = null;
        const deadline = Date.now() + 5000;
        do {
            await sleep(200);
            keys = await scene.keysDown();
            pointer = await scene.pointer();
        } while ((keys !== 0 || (pointer.mask & 0x1f00) !== 0) && Date.now() < deadline);
        assert.equal(keys, 0, `keys still down after the connection died; deskport log:\n${deskport.readLog()}`);
        assert.equal(pointer.mask & 0x1f00, 0, 'buttons still down after the connection died');
        await page.close().catch(() => {});

        // And a page that closes itself (pagehide): the same.
        page = await newPage(e);
        await openLoggedIn(page, deskport.url, deskport.password);
        await waitForControl(page, true);
        await page.locator('#screen').focus();
        scene.clearEvents();
        await page.keyboard.down('Control');
        await scene.waitForEvents((ev) => ev.some((x) => x.kind === 'key' && x.down && x.keysym === 0xffe3),
            { what: 'Control down' });
        await page.close();
        let left = NaN;
        for (let i = 0; i < 25 && left !== 0; ++i) {
            await sleep(200);
            left = await scene.keysDown();
        }
        assert.equal(left, 0, 'Control released after the page closed');
        await newPage(e);
    });

    step('d: a view-only login sends nothing and says so', async (e) => {
        const { page, deskport, scene } = e;
        await openLoggedIn(page, deskport.url, deskport.password);
        await waitForState(page, 'streaming');
        await page.locator('#logout-button').click();
        await waitForState(page, 'login');
        e.sent.length = 0;
        await logIn(page, deskport.viewPassword);
        await waitForControl(page, false);
        const s = await stats(page);
        assert.equal(s.role, 'view only');
        const badge = page.locator('#control-badge');
        await badge.waitFor({ state: 'visible', timeout: 5000 });
        assert.match(await badge.textContent(), /^View only/);
        console.log(`# badge: "${await badge.textContent()}"`);
        for (const id of ['#keys-button', '#keyboard-button', '#clipboard-button']) {
            assert.equal(await page.locator(id).isDisabled(), true, `${id} disabled`);
        }

        scene.clearEvents();
        const at = await screenToPage(page, SCREEN, 640, 400);
        await page.mouse.click(at.x, at.y);
        await page.mouse.dblclick(at.x, at.y);
        await page.mouse.click(at.x, at.y, { button: 'right' });
        await page.mouse.wheel(0, 300);
        await page.locator('#screen').focus();
        await page.keyboard.type('nope');
        await page.keyboard.press('Enter');
        await sleep(QUIET_MS * 2);
        assert.deepEqual(scene.events.map((ev) => ev.line), [], 'the host saw no input');
        const input = e.sent.filter((type) => INPUT_TYPES.has(type));
        assert.deepEqual(input, [], 'the portal sent no input messages');
    });
    step('h: touch on a phone: tap, long press, two-finger scroll, pinch zoom, on-screen keyboard', async (e) => {
        const { scene, deskport } = e;
        // A phone-sized touch browser instead of the desktop one (one Chromium at a time).
        await e.context.close();
        const phone = await launchBrowser({ dir: await makeTempDir(), viewport: { width: 412, height: 700 },
            contextOptions: { hasTouch: true, isMobile: true } });
        e.context = phone.context;
        const page = phone.page;
        e.page = page;
        e.consoleLines = recordConsole(page);
        await openLoggedIn(page, deskport.url, deskport.password);
        await waitForControl(page, true);
        const cdp = await e.context.newCDPSession(page);
        const touch = (type, points) => cdp.send('Input.dispatchTouchEvent',
            { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
        const tolerance = async () => Math.ceil(SCREEN.width / (await screenToPage(page, SCREEN, 0, 0)).canvas.width);

        const near = (ev, target, slack) => Math.abs(ev.x - target.x) <= slack && Math.abs(ev.y - target.y) <= slack;
        const slack = await tolerance();
        let at = await screenToPage(page, SCREEN, 300, 200);
        scene.clearEvents();
        await page.touchscreen.tap(at.x, at.y);
        const tap = await scene.waitForEvents((ev) => buttonEvents(ev, 1, false).length >= 1, { what: 'tap' });
        assert.ok(near(buttonEvents(tap, 1)[0], { x: 300, y: 200 }, slack), `tap: ${tap.map((x) => x.line)}`);

        at = await screenToPage(page, SCREEN, 700, 500);
        scene.clearEvents();
        await touch('touchStart', [[at.x, at.y]]);
        await sleep(700);
        await touch('touchEnd', []);
        const press = await scene.waitForEvents((ev) => buttonEvents(ev, 3, false).length >= 1, { what: 'long press' });
        assert.ok(near(buttonEvents(press, 3)[0], { x: 700, y: 500 }, slack), `long press: ${press.map((x) => x.line)}`);
        assert.equal(buttonEvents(press, 1).length, 0, 'a long press is no left click');

        // Two fingers 250 px up: 300 units, two whole steps down.
        scene.clearEvents();
        await touch('touchStart', [[150, 400], [250, 400]]);
        for (let i = 1; i <= 10; ++i) await touch('touchMove', [[150, 400 - i * 25], [250, 400 - i * 25]]);
        await touch('touchEnd', []);
        await scene.waitForEvents((ev) => buttonEvents(ev, 5).length >= 2, { what: 'two-finger scroll' });
        await sleep(QUIET_MS);
        assert.equal(buttonEvents(scene.events, 5).length, 2, scene.events.map((x) => x.line).join(' | '));
        assert.equal(buttonEvents(scene.events, 1).length, 0, 'scrolling does not click');

        // Pinch out: the view zooms locally, nothing reaches the host; a double tap resets it.
        scene.clearEvents();
        await touch('touchStart', [[180, 300], [230, 300]]);
        for (let i = 1; i <= 8; ++i) await touch('touchMove', [[180 - i * 15, 300], [230 + i * 15, 300]]);
        await touch('touchEnd', []);
        const transform = await page.evaluate(() => document.getElementById('zoom').style.transform);
        assert.match(transform, /scale\((?!1\))/, `zoomed: "${transform}"`);
        at = await screenToPage(page, SCREEN, 640, 400);
        await page.touchscreen.tap(at.x, at.y); // still clicks the right place when zoomed
        const zoomedTap = await scene.waitForEvents((ev) => buttonEvents(ev, 1, false).length >= 1,
            { what: 'tap while zoomed' });
        assert.ok(near(buttonEvents(zoomedTap, 1)[0], { x: 640, y: 400 }, slack), zoomedTap.map((x) => x.line).join());
        await sleep(500);
        await page.touchscreen.tap(at.x, at.y);
        await sleep(100);
        await page.touchscreen.tap(at.x, at.y);
        await page.waitForFunction(() => document.getElementById('zoom').style.transform === '', null,
            { timeout: 3000 });

        // The Keyboard button opens the on-screen keyboard; what it types reaches the host as characters.
        await page.locator('#keyboard-button').click();
        assert.equal(await page.evaluate(() => document.activeElement.id), 'osk-input');
        scene.clearEvents();
        await page.keyboard.insertText('hé!');
        await scene.waitForEvents((ev) => typedText(ev).length >= 3, { what: 'on-screen keyboard text' });
        await sleep(QUIET_MS);
        assert.equal(typedText(scene.events), 'hé!');
        assert.equal(await scene.keysDown(), 0);
        await saveScreenshot(page, 'input-phone');
    });
});
