// The viewer's settings (resolution, quality, fps), kept in localStorage, and the settings popover.
import { strings } from './strings.js';

const STORAGE_KEY = 'deskport.viewSettings';
const DEFAULTS = Object.freeze({ resolution: 'fit', quality: 0, fps: 0 });
export const QUALITY_CHOICES = [0, 90, 70, 50, 30];
export const FPS_CHOICES = [0, 30, 15, 5];

export function loadSettings() {
    try {
        const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
        return {
            resolution: stored.resolution === 'full' ? 'full' : 'fit',
            quality: QUALITY_CHOICES.includes(stored.quality) ? stored.quality : DEFAULTS.quality,
            fps: FPS_CHOICES.includes(stored.fps) ? stored.fps : DEFAULTS.fps,
        };
    } catch {
        return { ...DEFAULTS };
    }
}

export function saveSettings(settings) {
    try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
        // Private mode or storage full: the settings still apply to this page.
    }
}

function fillSelect(select, choices) {
    select.replaceChildren(...choices.map(([value, text]) => {
        const option = document.createElement('option');
        option.value = String(value);
        option.textContent = text;
        return option;
    }));
}

// Wires the popover. `onChange(settings)` runs after every change.
export class SettingsPanel {
    constructor({ button, panel, close, resolution, quality, fps }, onChange) {
        this.button = button;
        this.panel = panel;
        this.selects = { resolution, quality, fps };
        this.settings = loadSettings();
        this.onChange = onChange;
        this.serverDefaults = { quality: null, fps: null };
        this.fillOptions();

        for (const [key, select] of Object.entries(this.selects)) {
            select.addEventListener('change', () => {
                this.settings[key] = key === 'resolution' ? select.value : Number(select.value);
                saveSettings(this.settings);
                this.onChange(this.settings);
            });
        }
        button.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
        close.addEventListener('click', () => this.close(true));
        panel.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                event.preventDefault();
                this.close(true);
            }
        });
        document.addEventListener('pointerdown', (event) => {
            if (this.isOpen() && !panel.contains(event.target) && !button.contains(event.target)) this.close();
        });
    }

    // The server's defaults are known after its HELLO; they label the "server default" choices.
    setServerDefaults({ quality, fps }) {
        this.serverDefaults = { quality, fps };
        this.fillOptions();
    }

    fillOptions() {
        const serverDefault = (n) => (n ? strings.serverDefaultValue(n) : strings.serverDefault);
        fillSelect(this.selects.resolution,
            [['fit', strings.resolutionFit], ['full', strings.resolutionFull]]);
        fillSelect(this.selects.quality,
            QUALITY_CHOICES.map((q) => [q, q ? String(q) : serverDefault(this.serverDefaults.quality)]));
        fillSelect(this.selects.fps,
            FPS_CHOICES.map((f) => [f, f ? String(f) : serverDefault(this.serverDefaults.fps)]));
        for (const [key, select] of Object.entries(this.selects)) select.value = String(this.settings[key]);
    }

    isOpen() {
        return !this.panel.hidden;
    }

    open() {
        this.panel.hidden = false;
        this.button.setAttribute('aria-expanded', 'true');
        this.selects.resolution.focus();
    }

    close(returnFocus = false) {
        this.panel.hidden = true;
        this.button.setAttribute('aria-expanded', 'false');
        if (returnFocus) this.button.focus();
    }
}
