// Wires the portal together: session check, login form, connection, renderer, status line and settings.
import { strings } from './strings.js';
import { Connection } from './connection.js';
import { Renderer } from './renderer.js';
import { Stats } from './stats.js';
import { SettingsPanel } from './settings.js';

const $ = (id) => document.getElementById(id);

function translateDocument() {
    document.title = strings.title;
    for (const element of document.querySelectorAll('[data-i18n]')) {
        element.textContent = strings[element.dataset.i18n];
    }
    for (const element of document.querySelectorAll('[data-i18n-aria-label]')) {
        element.setAttribute('aria-label', strings[element.dataset.i18nAriaLabel]);
    }
}

const RESIZE_DEBOUNCE_MS = 250;

class Portal {
    constructor() {
        translateDocument();
        this.el = {
            login: $('login'), loginForm: $('login-form'), password: $('password'), loginError: $('login-error'),
            loginButton: $('login-button'), viewer: $('viewer'), stage: $('stage'), canvas: $('screen'),
            overlay: $('overlay'), status: $('connection-status'), logout: $('logout-button'),
        };
        this.stats = new Stats({ fps: $('stat-fps'), latency: $('stat-latency'), bandwidth: $('stat-bandwidth'),
            role: $('stat-role') });
        Object.defineProperty(window, 'deskportStats', { value: this.stats.exposed, enumerable: true });

        this.renderer = new Renderer(this.el.canvas, {
            onResize: (width, height) => this.stats.setCanvasSize(width, height),
        });
        this.settings = new SettingsPanel({
            button: $('settings-button'), panel: $('settings-panel'), close: $('settings-close'),
            resolution: $('setting-resolution'), quality: $('setting-quality'), fps: $('setting-fps'),
        }, () => this.updateViewSettings());

        this.connection = new Connection({
            onState: (state, detail) => this.onConnectionState(state, detail),
            onHello: (hello) => {
                this.renderer.newStream();
                this.stats.setRole(hello.role);
                this.settings.setServerDefaults(hello);
                this.updateViewSettings();
            },
            onFrame: (frame, ack) => this.renderer.push(frame, () => {
                this.stats.frameDrawn(frame.frameId);
                ack();
            }),
            onPong: (ms) => this.stats.setLatency(ms),
            onBytes: (count) => this.stats.bytes(count),
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

    async start() {
        const session = await this.checkSession();
        if (session === 'login') {
            this.showLogin();
        } else {
            // 'unreachable' too: the connection's backoff keeps trying and says so.
            this.showViewer();
        }
    }

    // 'ok' | 'login' | 'unreachable'
    async checkSession() {
        try {
            const response = await fetch('/api/session', { cache: 'no-store', credentials: 'same-origin' });
            if (response.status === 200) return 'ok';
            if (response.status === 401) return 'login';
            return 'unreachable';
        } catch {
            return 'unreachable';
        }
    }

    setState(state) {
        document.body.dataset.state = state;
    }

    showLogin(message = '') {
        this.connection.stop();
        this.renderer.clear();
        this.stats.setRole(null);
        this.stats.resetRates();
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
        try {
            const response = await fetch('/api/login', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ password: password.value }),
                credentials: 'same-origin',
                cache: 'no-store',
            });
            if (response.status === 204 || response.status === 200) {
                password.value = '';
                this.showViewer();
                return;
            }
            if (response.status === 401) {
                message = strings.wrongPassword;
            } else if (response.status === 429) {
                const seconds = parseInt(response.headers.get('Retry-After') ?? '', 10);
                message = strings.tooManyAttempts(Number.isFinite(seconds) ? seconds : 60);
            } else {
                message = strings.loginRefused(response.status);
            }
        } catch {
            message = strings.cannotReach;
        } finally {
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
            await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
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
        this.el.status.textContent = text;
        this.el.overlay.textContent = state === 'streaming' ? '' : text;
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
