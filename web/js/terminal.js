// The Terminal panel: tabs of xterm.js terminals, each one WebSocket to /terminal?cols=&rows= (docs/protocol.md,
// "Terminal"): binary both ways, a text {"type":"resize"} when the fitted size changes, a text {"type":"exit"} when
// the shell ends. Closing a tab closes its socket, which ends its shell on the host. xterm.js (npm) is embedded
// under vendor/ and loaded the first time a terminal opens.
import { socketUrl } from './connection.js';
import { strings } from './strings.js';

const MIN_SIZE = 2;
const MAX_SIZE = 1000;
const MAX_MESSAGE = 64 * 1024; // the server takes at most 64 KiB per message
const clampSize = (n) => Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.floor(n) || MIN_SIZE));

// The portal's colours for the terminal; programs still get all 256 colours and true colour.
const THEME = Object.freeze({
    background: '#121212', foreground: '#e6e6e6', cursor: '#ffd166', selectionBackground: '#3f6a99',
});

let xtermModules = null;
function loadXterm() {
    xtermModules ??= Promise.all([import('../vendor/xterm.js'), import('../vendor/addon-fit.js')])
        .then(([xterm, fit]) => ({ Terminal: xterm.Terminal, FitAddon: fit.FitAddon }))
        .catch((error) => {
            xtermModules = null;
            throw error;
        });
    return xtermModules;
}

const encoder = new TextEncoder();

class TerminalTab {
    constructor(panel, number, { Terminal, FitAddon }) {
        this.panel = panel;
        this.number = number;
        this.exitCode = null;
        this.closedReason = null;
        this.ended = false;
        this.opened = false;

        this.view = document.createElement('div');
        this.view.className = 'terminal-view';
        this.view.id = `terminal-view-${number}`;
        this.view.setAttribute('role', 'tabpanel');

        this.tab = document.createElement('div');
        this.tab.className = 'terminal-tab';
        this.select = document.createElement('button');
        this.select.type = 'button';
        this.select.className = 'terminal-tab-select';
        this.select.setAttribute('role', 'tab');
        this.select.setAttribute('aria-controls', this.view.id);
        this.select.textContent = strings.terminalTabName(number);
        this.closeButton = document.createElement('button');
        this.closeButton.type = 'button';
        this.closeButton.className = 'terminal-tab-close icon-button';
        this.closeButton.textContent = '✕';
        this.closeButton.setAttribute('aria-label', strings.terminalCloseTab(number));
        this.tab.append(this.select, this.closeButton);
        this.select.addEventListener('click', () => panel.selectTab(this));
        this.closeButton.addEventListener('click', () => panel.closeTab(this));

        this.term = new Terminal({
            cursorBlink: true, fontSize: 14, scrollback: 5000, allowProposedApi: false, theme: THEME,
            fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
        });
        this.fit = new FitAddon();
        this.term.loadAddon(this.fit);
        this.term.onData((data) => this.sendBytes(encoder.encode(data)));
        // Mouse reports in the old X10 encoding: one byte per character.
        this.term.onBinary((data) => this.sendBytes(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
        this.term.onResize(({ cols, rows }) => this.sendResize(cols, rows));
        this.term.onTitleChange((title) => {
            this.select.textContent = title ? `${strings.terminalTabName(number)}: ${title}` : strings.terminalTabName(number);
        });
    }

    // Called once the view is in the document and visible: xterm measures its cells there.
    open() {
        this.term.open(this.view);
        this.fitNow();
        const cols = clampSize(this.term.cols);
        const rows = clampSize(this.term.rows);
        this.socket = new WebSocket(socketUrl(`/terminal?cols=${cols}&rows=${rows}`));
        this.socket.binaryType = 'arraybuffer';
        this.socket.addEventListener('open', () => {
            this.opened = true;
            // The fitted size may have changed while connecting.
            if (this.term.cols !== cols || this.term.rows !== rows) this.sendResize(this.term.cols, this.term.rows);
        });
        this.socket.addEventListener('message', (event) => this.onMessage(event));
        this.socket.addEventListener('close', (event) => this.onClose(event));
    }

    onMessage(event) {
        if (event.data instanceof ArrayBuffer) {
            // xterm decodes UTF-8 across writes, so a character split between messages comes out whole.
            this.term.write(new Uint8Array(event.data));
            return;
        }
        let message = null;
        try {
            message = JSON.parse(event.data);
        } catch {
            return;
        }
        if (message?.type === 'exit') {
            this.exitCode = Number(message.code);
            this.markEnded(strings.terminalExited(this.exitCode));
        }
    }

    onClose(event) {
        if (this.ended) return;
        const reason = event.reason || strings.closeReasons[event.code] || strings.closeCode(event.code);
        this.closedReason = reason;
        this.markEnded(strings.terminalClosed(reason));
    }

    markEnded(text) {
        if (this.ended) return;
        this.ended = true;
        this.tab.classList.add('ended');
        this.term.write(`\r\n\x1b[2m${text}\x1b[0m\r\n`);
        this.term.options.cursorBlink = false;
        this.term.options.disableStdin = true;
    }

    sendBytes(bytes) {
        if (this.socket?.readyState !== WebSocket.OPEN) return;
        for (let offset = 0; offset < bytes.length; offset += MAX_MESSAGE) {
            this.socket.send(bytes.subarray(offset, offset + MAX_MESSAGE));
        }
    }

    sendResize(cols, rows) {
        if (this.socket?.readyState !== WebSocket.OPEN) return;
        this.socket.send(JSON.stringify({ type: 'resize', cols: clampSize(cols), rows: clampSize(rows) }));
    }

    // Fits the terminal to its view (only when the view has a size: a hidden one measures as zero).
    fitNow() {
        if (this.view.clientWidth === 0 || this.view.clientHeight === 0) return;
        try {
            this.fit.fit();
        } catch {
            // Not measurable yet (fonts still loading); the next resize fits it.
        }
    }

    dispose() {
        try {
            this.socket?.close(1000);
        } catch {
            // Already closed.
        }
        this.term.dispose();
        this.tab.remove();
        this.view.remove();
    }

    text() {
        const buffer = this.term.buffer.active;
        const lines = [];
        for (let i = 0; i < buffer.length; ++i) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
        while (lines.length && lines.at(-1) === '') lines.pop();
        return lines.join('\n');
    }
}

export class TerminalPanel {
    constructor(element) {
        this.element = element;
        this.tabList = element.querySelector('#terminal-tabs');
        this.views = element.querySelector('#terminal-views');
        this.status = element.querySelector('#terminal-status');
        this.newButton = element.querySelector('#terminal-new');
        this.tabs = [];
        this.current = null;
        this.count = 0;
        this.allowed = false;
        this.active = false;
        this.newButton.addEventListener('click', () => this.newTab());
        let fitFrame = 0;
        new ResizeObserver(() => {
            cancelAnimationFrame(fitFrame);
            fitFrame = requestAnimationFrame(() => this.current?.fitNow());
        }).observe(this.views);

        const panel = this;
        // For tests and the curious: each tab's state, its screen text, and the xterm Terminal itself.
        this.exposed = Object.freeze({
            get count() { return panel.tabs.length; },
            get currentIndex() { return panel.tabs.indexOf(panel.current); },
            tab(index) {
                const tab = panel.tabs[index];
                return tab ? {
                    term: tab.term, number: tab.number, opened: tab.opened, ended: tab.ended,
                    exitCode: tab.exitCode, closedReason: tab.closedReason, socketState: tab.socket?.readyState,
                    text: () => tab.text(),
                } : null;
            },
        });
    }

    setAllowed(allowed) {
        this.allowed = allowed;
        if (!allowed) for (const tab of [...this.tabs]) this.closeTab(tab);
    }

    setActive(active) {
        this.active = active;
        if (!active || !this.allowed) return;
        if (!this.tabs.length) this.newTab();
        else requestAnimationFrame(() => this.current?.fitNow());
    }

    focus() {
        this.current?.term.focus();
    }

    async newTab() {
        if (!this.allowed) return;
        let modules;
        try {
            modules = await loadXterm();
        } catch {
            this.status.textContent = strings.terminalLoadFailed;
            return;
        }
        this.status.textContent = '';
        const tab = new TerminalTab(this, ++this.count, modules);
        this.tabs.push(tab);
        this.tabList.append(tab.tab);
        this.views.append(tab.view);
        this.selectTab(tab);
        tab.open();
        tab.term.focus();
    }

    selectTab(tab) {
        this.current = tab;
        for (const t of this.tabs) {
            const on = t === tab;
            t.view.hidden = !on;
            t.select.setAttribute('aria-selected', String(on));
            t.select.tabIndex = on ? 0 : -1;
            t.tab.classList.toggle('selected', on);
        }
        if (tab?.opened !== undefined) {
            tab.fitNow();
            tab.term.focus();
        }
    }

    closeTab(tab) {
        const index = this.tabs.indexOf(tab);
        if (index < 0) return;
        this.tabs.splice(index, 1);
        tab.dispose();
        if (this.current === tab) {
            const next = this.tabs[Math.min(index, this.tabs.length - 1)] ?? null;
            this.current = null;
            if (next) this.selectTab(next);
            else this.newButton.focus();
        }
    }
}
