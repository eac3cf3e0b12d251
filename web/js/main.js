// Wires the portal together: session check, login form, connection, renderer, status line, settings and remote
// control (input, touch, keys menu, clipboard), and the host tools panel (system, files, terminal).
import { strings } from './strings.js';
import { Connection } from './connection.js';
import { Renderer } from './renderer.js';
import { HostCursor } from './cursor.js';
import { Stats } from './stats.js';
import { SettingsPanel } from './settings.js';
import { RemoteInput } from './input.js';
import { TouchInput } from './touch.js';
import { ClipboardPanel, KeysMenu, Popover, wireKeyboardButton } from './toolbar.js';
import { Role } from './protocol.js';
import { ToolsPanel } from './tools.js';
import { sameOrigin } from './hostapi.js';

const $ = (id) => document.getElementById(id);

function translateDocument() {
    document.title = strings.title;
    for (const element of document.querySelectorAll('[data-i18n]')) {
        element.textContent = strings[element.dataset.i18n];
    }
    for (const element of document.querySelectorAll('[data-i18n-aria-label]')) {
        element.setAttribute('aria-label', strings[element.dataset.i18nAriaLabel]);
    }
    for (const element of document.querySelectorAll('[data-i18n-title]')) {
        element.title = strings[element.dataset.i18nTitle];
    }
}

const RESIZE_DEBOUNCE_MS = 250;
const CONTROL_WAIT_MS = 1500; // a control login whose server says nothing about input is view-only, and says so
const NOTICE_MS = 3000;
const WAITING_FOR_HOST_MS = 1500; // a login still unanswered after this waits for the host's consent

class Portal {
    constructor() {
        this.hostAsks = false; // the host asks before accepting a login (GET /api/session says so)
        translateDocument();
        this.el = {
            login: $('login'), loginForm: $('login-form'), password: $('password'), loginError: $('login-error'),
            loginButton: $('login-button'), viewer: $('viewer'), stage: $('stage'), canvas: $('screen'),
            overlay: $('overlay'), hostCursor: $('host-cursor'), status: $('connection-status'),
            logout: $('logout-button'),
            zoom: $('zoom'), sink: $('osk-input'), badge: $('control-badge'), keysButton: $('keys-button'),
            keyboardButton: $('keyboard-button'), clipboardButton: $('clipboard-button'),
            settingsButton: $('settings-button'), toolsButton: $('tools-button'),
        };
        this.statusText = '';
        this.streaming = false;
        this.control = { available: false, reason: '', known: false };
        this.controlTimer = null;
        this.noticeTimer = null;
        this.stats = new Stats({ fps: $('stat-fps'), latency: $('stat-latency'), bandwidth: $('stat-bandwidth'),
            role: $('stat-role') });
        Object.defineProperty(window, 'deskportStats', { value: this.stats.exposed, enumerable: true });

        this.cursor = new HostCursor({ canvas: this.el.canvas, element: this.el.hostCursor });
        this.renderer = new Renderer(this.el.canvas, {
            onResize: (width, height) => {
                this.stats.setCanvasSize(width, height);
                this.cursor.layout();
            },
        });
        Object.defineProperty(window, 'deskportRenderer', { value: this.renderer.metrics, enumerable: true });
        this.settings = new SettingsPanel({
            button: $('settings-button'), panel: $('settings-panel'), close: $('settings-close'),
            resolution: $('setting-resolution'), quality: $('setting-quality'), fps: $('setting-fps'),
        }, () => this.updateViewSettings());

        this.input = new RemoteInput({
            canvas: this.el.canvas, sink: this.el.sink, stage: this.el.stage,
            connection: { send: (buffer) => this.connection.send(buffer) },
            onKeyboardReleased: () => {
                (this.el.keysButton.disabled ? this.el.settingsButton : this.el.keysButton).focus();
                this.notice(strings.keyboardReleased);
            },
        });
        this.touch = new TouchInput({
            input: this.input, canvas: this.el.canvas, stage: this.el.stage, zoom: this.el.zoom, sink: this.el.sink,
        });
        this.keysMenu = new KeysMenu({ button: this.el.keysButton, menu: $('keys-menu') }, this.input);
        this.clipboard = new ClipboardPanel({
            button: this.el.clipboardButton, panel: $('clipboard-panel'), hostText: $('host-clipboard'),
            pasteBox: $('paste-box'), status: $('clipboard-status'), send: $('clipboard-send'),
            close: $('clipboard-close'),
        }, this.input);
        wireKeyboardButton(this.el.keyboardButton, this.input);
        this.tools = new ToolsPanel({ button: this.el.toolsButton });
        this.el.toolsButton.addEventListener('click', () => {
            Popover.closeAll();
            this.settings.close();
        });
        // One popover at a time.
        this.el.settingsButton.addEventListener('click', () => Popover.closeAll());
        for (const button of [this.el.keysButton, this.el.clipboardButton, this.el.keyboardButton]) {
            button.addEventListener('click', () => this.settings.close());
        }

        this.connection = new Connection({
            onState: (state, detail) => this.onConnectionState(state, detail),
            onHello: (hello) => {
                this.renderer.newStream();
                this.cursor.reset(hello.desktopWidth, hello.desktopHeight);
                this.stats.setRole(hello.role);
                // The role may have changed since the last connection (the host switched control off or on):
                // the host tools this session may use follow it.
                this.checkSession();
                this.awaitControl(hello.role);
                this.settings.setServerDefaults(hello);
                this.updateViewSettings();
            },
            onFrame: (frame, ack) => this.renderer.push(frame, () => {
                this.stats.frameDrawn(frame.frameId);
                ack();
            }),
            onPong: (ms) => this.stats.setLatency(ms),
            onBytes: (count) => this.stats.bytes(count),
            onControl: ({ available, reason }) => this.setControl(available, reason),
            onCursorShape: (shape) => this.cursor.setShape(shape),
            onCursorPosition: (position) => this.cursor.setPosition(position),
            onClipboard: (text) => {
                this.stats.setClipboardText(text);
                this.clipboard.setHostText(text);
            },
            beforeClose: () => this.input.releaseAll(),
            checkSession: () => this.checkSession(),
        });

        this.el.loginForm.addEventListener('submit', (event) => {
            event.preventDefault();
            this.login();
        });
        this.el.logout.addEventListener('click', () => this.logout());

        let resizeTimer = null;
        new ResizeObserver(() => {
            clearTimeout(resizeTimer);
            resizeTimer = setTimeout(() => this.updateViewSettings(), RESIZE_DEBOUNCE_MS);
        }).observe(this.el.stage);
    }

    // Plain HTTP is the host's explicit choice (--no-tls); the viewer should know what it means.
    showTransportWarning() {
        const insecure = window.location.protocol === 'http:';
        $('insecure-warning').hidden = !insecure;
        $('insecure-badge').hidden = !insecure;
    }

    async start() {
        this.showTransportWarning();
        const session = await this.checkSession();
        if (session === 'login') {
            this.showLogin();
        } else {
            // 'unreachable' too: the connection's backoff keeps trying and says so.
            this.showViewer();
        }
    }

    // 'ok' | 'login' | 'unreachable'. A valid session also says which host tools it may use.
    async checkSession() {
        try {
            const response = await fetch('/api/session', sameOrigin);
            if (response.status === 200) {
                const session = await response.json().catch(() => ({}));
                this.tools.setAllowed(session?.tools ?? {});
                return 'ok';
            }
            if (response.status === 401) {
                const answer = await response.json().catch(() => ({}));
                this.hostAsks = answer?.askBeforeAccepting === true;
                return 'login';
            }
            return 'unreachable';
        } catch {
            return 'unreachable';
        }
    }

    setState(state) {
        document.body.dataset.state = state;
    }

    // After HELLO: CONTROL should follow. A view-only role is view-only whatever comes; a control role waits a moment.
    awaitControl(role) {
        clearTimeout(this.controlTimer);
        this.control = { available: false, reason: '', known: false };
        const fallback = role === Role.VIEW ? strings.roleView : strings.controlWaiting;
        this.controlTimer = setTimeout(() => {
            if (!this.control.known) this.setControl(false, fallback, false);
        }, role === Role.VIEW ? 0 : CONTROL_WAIT_MS);
    }

    // CONTROL from the server (or the socket ended: available false, no reason).
    setControl(available, reason, known = true) {
        if (known) clearTimeout(this.controlTimer);
        this.control = { available, reason, known };
        this.input.setEnabled(available);
        this.cursor.setControl(available);
        this.stats.setControl(available, reason);
        for (const button of [this.el.keysButton, this.el.keyboardButton, this.el.clipboardButton]) {
            button.disabled = !available;
        }
        if (!available) Popover.closeAll();
        this.renderBadge();
    }

    renderBadge() {
        const { badge } = this.el;
        const show = this.streaming && !this.control.available && (this.control.known || this.control.reason !== '');
        badge.hidden = !show;
        badge.textContent = show
            ? (this.control.reason ? strings.viewOnlyBecause(this.control.reason) : strings.viewOnly) : '';
        badge.title = badge.textContent;
    }

    // A short message in the status line, then back to the connection state.
    notice(text) {
        clearTimeout(this.noticeTimer);
        this.el.status.textContent = text;
        this.noticeTimer = setTimeout(() => { this.el.status.textContent = this.statusText; }, NOTICE_MS);
    }

    showLogin(message = '') {
        this.connection.stop();
        this.renderer.clear();
        this.cursor.reset();
        this.stats.setRole(null);
        this.stats.resetRates();
        this.tools.reset();
        this.el.viewer.hidden = true;
        this.el.login.hidden = false;
        this.el.loginError.textContent = message;
        this.setState('login');
        this.el.password.focus();
    }

    showViewer() {
        this.el.login.hidden = true;
        this.el.viewer.hidden = false;
        this.updateViewSettings();
        this.connection.start();
    }

    async login() {
        const { password, loginError, loginButton } = this.el;
        loginError.textContent = '';
        loginButton.disabled = true;
        loginButton.textContent = strings.loggingIn;
        let message = '';
        // With "Ask before accepting" on the host, the answer waits for a person: say so once the password check
        // should be over.
        const waiting = this.hostAsks
            ? setTimeout(() => { loginError.textContent = strings.waitingForHost; }, WAITING_FOR_HOST_MS)
            : null;
        try {
            const response = await fetch('/api/login', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ password: password.value }),
                ...sameOrigin,
            });
            if (response.status === 204 || response.status === 200) {
                password.value = '';
                // Which host tools this session may use, before the viewer is laid out: the Tools button then
                // does not appear later and change the screen's size under the first frames.
                await this.checkSession();
                this.showViewer();
                return;
            }
            if (response.status === 401) {
                message = strings.wrongPassword;
            } else if (response.status === 429) {
                const seconds = parseInt(response.headers.get('Retry-After') ?? '', 10);
                message = strings.tooManyAttempts(Number.isFinite(seconds) ? seconds : 60);
            } else if (response.status === 403) {
                const error = (await response.json().catch(() => ({})))?.error ?? '';
                message = error.includes('answer') ? strings.hostDidNotAnswer : strings.hostDeclined;
            } else {
                message = strings.loginRefused(response.status);
            }
        } catch {
            message = strings.cannotReach;
        } finally {
            clearTimeout(waiting);
            loginButton.disabled = false;
            loginButton.textContent = strings.loginButton;
        }
        loginError.textContent = message;
        password.select();
        password.focus();
    }

    async logout() {
        this.connection.stop();
        try {
            await fetch('/api/logout', { method: 'POST', ...sameOrigin });
        } catch {
            // The server is gone; the login form is still the right place to be.
        }
        this.showLogin();
    }

    onConnectionState(state, detail = {}) {
        let text = '';
        switch (state) {
        case 'connecting':
            text = strings.connecting;
            this.stats.resetRates();
            this.setState('connecting');
            break;
        case 'streaming':
            text = strings.streaming;
            this.setState('streaming');
            break;
        case 'waiting':
            text = strings.disconnectedReconnecting(detail.reason, detail.seconds);
            this.setState('disconnected');
            break;
        case 'failed':
            text = strings.disconnected(detail.reason);
            this.setState('disconnected');
            break;
        case 'login':
            this.showLogin(detail.sessionEnded ? strings.sessionEnded : '');
            return;
        }
        this.streaming = state === 'streaming';
        if (!this.streaming) clearTimeout(this.controlTimer);
        this.statusText = text;
        this.el.status.textContent = text;
        this.el.overlay.textContent = state === 'streaming' ? '' : text;
        this.renderBadge();
    }

    // What this viewer asks the server for: "fit" sends the stage's size in device pixels, "full" no limit.
    updateViewSettings() {
        const { resolution, quality, fps } = this.settings.settings;
        let maxWidth = 0;
        let maxHeight = 0;
        if (resolution === 'fit') {
            const ratio = window.devicePixelRatio || 1;
            const box = this.el.stage.getBoundingClientRect();
            maxWidth = Math.min(65535, Math.round(box.width * ratio));
            maxHeight = Math.min(65535, Math.round(box.height * ratio));
            if (maxWidth === 0 || maxHeight === 0) return; // hidden: nothing sensible to ask for yet
        }
        this.connection.setViewSettings({ maxWidth, maxHeight, quality, fps });
    }
}

new Portal().start();
