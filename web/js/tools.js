// The host tools panel beside the screen (docs/protocol.md, "Host tools"): one tab per tool this session may use
// (GET /api/session -> tools), a width the user can drag, the whole width on a phone.
//
// Keys typed in the panel stay in the panel: RemoteInput listens on the screen canvas and its keyboard sink only,
// so events whose target is inside the panel never reach the host's desktop.
import { SystemPanel } from './system.js';
import { FilesPanel } from './files.js';
import { TerminalPanel } from './terminal.js';

const $ = (id) => document.getElementById(id);
const WIDTH_KEY = 'deskport.toolsWidth';
const MIN_WIDTH = 280;
const KEY_STEP = 32; // pixels per arrow key on the resizer
export const TOOL_NAMES = Object.freeze(['system', 'files', 'terminal']);

export class ToolsPanel {
    constructor({ button, onLayout = () => {} }) {
        this.button = button;
        this.onLayout = onLayout;
        this.panel = $('tools-panel');
        this.resizer = $('tools-resizer');
        this.tabs = Object.fromEntries(TOOL_NAMES.map((name) => [name, $(`tab-${name}`)]));
        this.allowed = { system: false, files: false, terminal: false };
        this.selected = null;
        this.tools = {
            system: new SystemPanel($('system-panel')),
            files: new FilesPanel($('files-panel')),
            terminal: new TerminalPanel($('terminal-panel')),
        };
        Object.defineProperty(window, 'deskportTools', {
            value: Object.freeze({
                get open() { return !this.panelElement.hidden; },
                panelElement: this.panel,
                terminals: this.tools.terminal.exposed,
                files: this.tools.files.exposed,
                system: this.tools.system.exposed,
            }),
            enumerable: true,
        });

        button.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
        $('tools-close').addEventListener('click', () => this.close(true));
        for (const [name, tab] of Object.entries(this.tabs)) {
            tab.addEventListener('click', () => this.select(name));
        }
        this.panel.querySelector('[role="tablist"]').addEventListener('keydown', (event) => this.onTabKey(event));
        this.panel.addEventListener('keydown', (event) => {
            // Escape closes the panel, except in the terminal (programs need it) and in the file preview.
            if (event.key === 'Escape' && !event.defaultPrevented && this.selected !== 'terminal') {
                event.preventDefault();
                this.close(true);
            }
        });
        document.addEventListener('visibilitychange', () => this.updateActivity());
        this.wireResizer();
        this.applyWidth(Number(localStorage.getItem(WIDTH_KEY)) || 0);
    }

    isOpen() {
        return !this.panel.hidden;
    }

    // tools: { system, files, terminal } booleans from GET /api/session (absent: none).
    setAllowed(tools) {
        for (const name of TOOL_NAMES) {
            this.allowed[name] = tools?.[name] === true;
            this.tabs[name].hidden = !this.allowed[name];
            this.tools[name].setAllowed(this.allowed[name]);
        }
        const any = TOOL_NAMES.some((name) => this.allowed[name]);
        this.button.hidden = !any;
        if (!any) this.close();
        else if (this.selected && !this.allowed[this.selected]) this.select(this.firstAllowed());
    }

    // Logged out: everything goes (terminals closed, polling stopped, uploads cancelled).
    reset() {
        this.close();
        this.setAllowed({});
        this.selected = null;
    }

    firstAllowed() {
        return TOOL_NAMES.find((name) => this.allowed[name]) ?? null;
    }

    open(tool = this.selected && this.allowed[this.selected] ? this.selected : this.firstAllowed()) {
        if (!tool) return;
        this.panel.hidden = false;
        this.button.setAttribute('aria-expanded', 'true');
        this.select(tool);
        this.onLayout();
    }

    close(returnFocus = false) {
        if (this.panel.hidden) return;
        this.panel.hidden = true;
        this.button.setAttribute('aria-expanded', 'false');
        this.updateActivity();
        this.onLayout();
        if (returnFocus) this.button.focus();
    }

    select(tool) {
        if (!tool || !this.allowed[tool]) return;
        this.selected = tool;
        for (const name of TOOL_NAMES) {
            const on = name === tool;
            this.tabs[name].setAttribute('aria-selected', String(on));
            this.tabs[name].tabIndex = on ? 0 : -1;
            this.tools[name].element.hidden = !on;
        }
        this.updateActivity();
        this.tools[tool].focus?.();
    }

    // Each tool learns whether it is on screen: the system panel polls only then, the terminal fits only then.
    updateActivity() {
        const visible = this.isOpen() && document.visibilityState !== 'hidden';
        for (const name of TOOL_NAMES) this.tools[name].setActive(visible && this.selected === name && this.allowed[name]);
    }

    onTabKey(event) {
        const visible = TOOL_NAMES.filter((name) => this.allowed[name]);
        const index = visible.indexOf(this.selected);
        let next = null;
        switch (event.key) {
        case 'ArrowRight': next = visible[(index + 1) % visible.length]; break;
        case 'ArrowLeft': next = visible[(index - 1 + visible.length) % visible.length]; break;
        case 'Home': next = visible[0]; break;
        case 'End': next = visible.at(-1); break;
        default: return;
        }
        event.preventDefault();
        this.select(next);
        this.tabs[next].focus();
    }

    // --- width -------------------------------------------------------------------------------------------

    applyWidth(width) {
        if (!width) {
            this.panel.style.removeProperty('--tools-width');
            return;
        }
        const max = Math.max(MIN_WIDTH, window.innerWidth - 120);
        const clamped = Math.round(Math.min(max, Math.max(MIN_WIDTH, width)));
        this.panel.style.setProperty('--tools-width', `${clamped}px`);
        this.resizer.setAttribute('aria-valuenow', String(clamped));
        return clamped;
    }

    saveWidth(width) {
        try {
            localStorage.setItem(WIDTH_KEY, String(width));
        } catch {
            // Private mode: the width lasts for this page.
        }
    }

    wireResizer() {
        const { resizer, panel } = this;
        let start = null;
        resizer.addEventListener('pointerdown', (event) => {
            event.preventDefault();
            start = { x: event.clientX, width: panel.getBoundingClientRect().width };
            resizer.setPointerCapture(event.pointerId);
        });
        resizer.addEventListener('pointermove', (event) => {
            if (!start) return;
            this.applyWidth(start.width + (start.x - event.clientX)); // the panel is on the right: left is wider
        });
        const end = () => {
            if (!start) return;
            start = null;
            this.saveWidth(panel.getBoundingClientRect().width);
            this.onLayout();
        };
        resizer.addEventListener('pointerup', end);
        resizer.addEventListener('pointercancel', end);
        resizer.addEventListener('keydown', (event) => {
            const delta = { ArrowLeft: KEY_STEP, ArrowRight: -KEY_STEP }[event.key];
            if (!delta) return;
            event.preventDefault();
            const width = this.applyWidth(panel.getBoundingClientRect().width + delta);
            this.saveWidth(width);
            this.onLayout();
        });
    }
}
