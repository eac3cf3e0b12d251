// End-to-end test of the portal: Xvfb + deskport_scene + deskport --headless + headless Chromium.
// Run: DESKPORT_BIN=build/app/deskport DESKPORT_SCENE=build/tests/e2e/deskport_scene node tests/e2e/portal.test.mjs
// (CTest sets both: `ctest -L e2e`). Screenshots go to tests/e2e/artifacts/ (git-ignored).
// DESKPORT_E2E_KEEP=1 keeps the temporary directory (deskport.log, browser profile).
import assert from 'node:assert/strict';
import {
    SCENE_COLOURS, e2eSuite, hex, launchBrowser, makeTempDir, recordConsole, saveScreenshot, sleep, startDeskport,
    startScene, startXvfb, waitForColours,
} from './harness.mjs';

const SCREEN = { width: 1280, height: 800 };
const STEP_TIMEOUT = 60000;

async function setUp() {
    const dir = await makeTempDir();
    const xvfb = await startXvfb(SCREEN);
    const scene = await startScene({ display: xvfb.display });
    const deskport = await startDeskport({ display: xvfb.display, dir });
    const { context, page } = await launchBrowser({ dir, viewport: { width: 1024, height: 700 } });
    const consoleLines = recordConsole(page);
    const sockets = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    return { dir, xvfb, scene, deskport, context, page, consoleLines, sockets };
}

const bodyState = (page) => page.evaluate(() => document.body.dataset.state);
const stats = (page) => page.evaluate(() => ({ ...window.deskportStats }));

async function waitForState(page, state, timeout = 15000) {
    await page.waitForFunction((s) => document.body.dataset.state === s, state, { timeout, polling: 100 })
        .catch(async (error) => {
            const text = await page.locator('#connection-status').textContent().catch(() => '?');
            error.message = `expected data-state=${state}, have ${await bodyState(page)} ("${text}")\n${error.message}`;
            throw error;
        });
}

async function logIn(page, password) {
    await page.locator('#password').fill(password);
    await page.locator('#login-button').click();
}

const QUADRANT_CENTRES = [
    { name: 'top-left', x: SCREEN.width / 4, y: SCREEN.height / 4, rgb: SCENE_COLOURS.topLeft },
    { name: 'top-right', x: (3 * SCREEN.width) / 4, y: SCREEN.height / 4, rgb: SCENE_COLOURS.topRight },
    { name: 'bottom-left', x: SCREEN.width / 4, y: (3 * SCREEN.height) / 4, rgb: SCENE_COLOURS.bottomLeft },
    { name: 'bottom-right', x: (3 * SCREEN.width) / 4, y: (3 * SCREEN.height) / 4, rgb: SCENE_COLOURS.bottomRight },
];

function describeColours(checks, result) {
    return checks.map((c, i) => `${c.name ?? `${c.x},${c.y}`}: want ${hex(c.rgb)} got ${hex(result.pixels?.[i])}`)
        .join('; ') + ` (canvas ${result.size?.width}x${result.size?.height})`;
}

e2eSuite('portal', { setUp, screenshotPrefix: 'failed-', stepTimeout: STEP_TIMEOUT }, (step) => {

    step('a: GET / shows the login form; a wrong password is refused without opening a WebSocket', async (e) => {
        const { page, deskport } = e;
        await page.goto(deskport.url);
        await waitForState(page, 'login');
        assert.equal(await page.locator('#password').getAttribute('type'), 'password');
        assert.equal(await page.locator('#password').getAttribute('autocomplete'), 'current-password');
        await logIn(page, 'certainly-not-the-password');
        await page.waitForFunction(() => document.getElementById('login-error').textContent.trim() !== '',
            null, { timeout: 10000 });
        assert.equal(await page.locator('[role="alert"]#login-error').textContent(), 'Wrong password.');
        assert.equal(await bodyState(page), 'login');
        await sleep(300);
        assert.deepEqual(e.sockets, [], 'no WebSocket may be opened before logging in');
    });

    step('b: the view password streams the screen: four quadrants, then a fill appears', async (e) => {
        const { page, deskport, scene } = e;
        await logIn(page, deskport.viewPassword);
        await waitForState(page, 'streaming');
        assert.equal(e.sockets.length, 1, 'one WebSocket');
        assert.match(e.sockets[0], /^wss:\/\/127\.0\.0\.1:\d+\/ws$/); // encrypted, like the page
        await page.waitForFunction(() => document.getElementById('stat-role').textContent === 'view only',
            null, { timeout: 5000 });
        assert.equal((await stats(page)).role, 'view only');

        const quadrants = await waitForColours(page, SCREEN, QUADRANT_CENTRES);
        assert.ok(quadrants.ok, `quadrant colours: ${describeColours(QUADRANT_CENTRES, quadrants)}`);
        const s = await stats(page);
        assert.ok(s.framesDrawn >= 1, 'framesDrawn');
        assert.equal(s.canvasWidth, quadrants.size.width);
        assert.equal(s.canvasHeight, quadrants.size.height);
        // The canvas keeps the screen's aspect ratio (the server scales in steps of 1/8).
        assert.ok(Math.abs(s.canvasWidth / s.canvasHeight - SCREEN.width / SCREEN.height) < 0.02,
            `aspect ratio of ${s.canvasWidth}x${s.canvasHeight}`);

        // Nothing secret in the DOM or in script-visible cookies.
        const html = await page.content();
        assert.ok(!html.includes(deskport.viewPassword) && !html.includes(deskport.password), 'password in DOM');
        assert.ok(!(await page.evaluate(() => document.cookie)).includes('deskport_session'), 'cookie not HttpOnly');

        const magenta = [255, 0, 255];
        await scene.fill(100, 80, 240, 160, magenta);
        const fillChecks = [{ name: 'fill', x: 220, y: 160, rgb: magenta }, QUADRANT_CENTRES[3]];
        const filled = await waitForColours(page, SCREEN, fillChecks);
        assert.ok(filled.ok, `after fill: ${describeColours(fillChecks, filled)}`);
        const file = await saveScreenshot(page, 'portal-streaming');
        console.log(`# screenshot: ${file}`);
    });

    step('c: the status line shows fps, latency and bandwidth', async (e) => {
        const { page, scene } = e;
        await scene.command('animate 60');
        try {
            await page.waitForFunction(() => {
                const s = window.deskportStats;
                return s.fps > 0 && s.latencyMs !== null && s.bytesReceived > 0;
            }, null, { timeout: 10000, polling: 200 });
            await sleep(1200); // the status line refreshes twice a second
            const fps = await page.locator('#stat-fps').textContent();
            const latency = await page.locator('#stat-latency').textContent();
            const bandwidth = await page.locator('#stat-bandwidth').textContent();
            assert.match(fps, /^[1-9]\d* fps$/);
            assert.match(latency, /^\d+ ms$/);
            assert.match(bandwidth, /^\d+(\.\d+)? (B|kB|MB)\/s$/);
            const s = await stats(page);
            console.log(`# status line: ${fps}, ${latency}, ${bandwidth}; framesDrawn ${s.framesDrawn}`);
        } finally {
            await scene.command('stop');
        }
    });

    step('d: reloading keeps the session and streams again', async (e) => {
        const { page, deskport } = e;
        await page.reload();
        await waitForState(page, 'streaming');
        const quadrants = await waitForColours(page, SCREEN, QUADRANT_CENTRES.slice(1));
        assert.ok(quadrants.ok, `after reload: ${describeColours(QUADRANT_CENTRES.slice(1), quadrants)}`);
        const response = await page.evaluate(async () => (await fetch('/api/session')).status);
        assert.equal(response, 200);
        assert.ok(deskport.process.exitCode === null, 'deskport still running');
    });

    step('e: logging out shows the login form and ends the session', async (e) => {
        const { page } = e;
        await page.locator('#logout-button').click();
        await waitForState(page, 'login');
        const response = await page.evaluate(async () => (await fetch('/api/session')).status);
        assert.equal(response, 401);
    });

    step('f: HTTPS with the certificate deskport made and printed; the session cookie is Secure', async (e) => {
        const { page, deskport, context } = e;
        assert.match(deskport.url, /^https:/);
        // Chromium trusts exactly the stored certificate's key (harness: --ignore-certificate-errors-spki-list),
        // and the harness checked that deskport printed that certificate's fingerprint.
        const response = await page.goto(deskport.url);
        assert.equal(response.status(), 200);
        const security = await response.securityDetails();
        assert.ok(security, 'no TLS details for the page');
        assert.match(security.protocol, /^TLS 1\.[23]$/);
        console.log(`# TLS: ${security.protocol}, subject ${security.subjectName}, fingerprint `
            + `${deskport.certificate.fingerprint}`);
        await waitForState(page, 'login');
        assert.equal(await page.locator('#insecure-warning').isVisible(), false);
        await logIn(page, deskport.viewPassword);
        await waitForState(page, 'streaming');
        const cookie = (await context.cookies()).find((c) => c.name === 'deskport_session');
        assert.ok(cookie?.secure && cookie.httpOnly, `cookie: ${JSON.stringify(cookie)}`);
        // The magenta fill of step b covers the top-left quadrant's centre.
        const quadrants = await waitForColours(page, SCREEN, QUADRANT_CENTRES.slice(1));
        assert.ok(quadrants.ok, `over wss: ${describeColours(QUADRANT_CENTRES.slice(1), quadrants)}`);
        assert.equal(await page.locator('#insecure-badge').isVisible(), false);
    });

    step('g: a browser that does not trust that certificate cannot open the portal', async (e) => {
        const { deskport } = e;
        const dir = await makeTempDir();
        const { context, page } = await launchBrowser({ dir, spki: null });
        try {
            await assert.rejects(page.goto(deskport.url), /ERR_CERT_AUTHORITY_INVALID|ERR_CERT/);
        } finally {
            await context.close();
        }
    });

    step('h: --no-tls still works, and the portal says the connection is not encrypted', async (e) => {
        const { xvfb } = e;
        const dir = await makeTempDir();
        const plain = await startDeskport({ display: xvfb.display, dir, tls: false });
        assert.match(plain.url, /^http:/);
        assert.match(plain.readLog(), /Warning: plain HTTP/);
        const { context, page } = await launchBrowser({ dir });
        try {
            await page.goto(plain.url);
            await waitForState(page, 'login');
            assert.equal(await page.locator('#insecure-warning').isVisible(), true);
            assert.match(await page.locator('#insecure-warning').textContent(), /Not encrypted/);
            await logIn(page, plain.viewPassword);
            await waitForState(page, 'streaming');
            assert.equal(await page.locator('#insecure-badge').isVisible(), true);
            const quadrants = await waitForColours(page, SCREEN, QUADRANT_CENTRES.slice(1));
            assert.ok(quadrants.ok, `over plain HTTP: ${describeColours(QUADRANT_CENTRES.slice(1), quadrants)}`);
            const file = await saveScreenshot(page, 'portal-plain-http-warning');
            console.log(`# screenshot: ${file}`);
        } finally {
            await context.close();
            plain.process.kill('SIGTERM');
        }
    });
});
