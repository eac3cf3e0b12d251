// The remote-control tools of the status bar: the "Keys" menu (combinations a browser cannot type itself), the
// "Keyboard" button (opens a phone's on-screen keyboard) and the "Clipboard" panel.
import { strings } from './strings.js';
import { KEY_COMBOS } from './input.js';
import { MAX_CLIPBOARD_BYTES, utf8Length } from './protocol.js';

// A popover opened by a button; closes on Escape, on a pointer press outside, and when another one opens.
class Popover {
    static all = new Set();

    constructor(button, panel) {
        this.button = button;
        this.panel = panel;
        Popover.all.add(this);
        button.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
        panel.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                this.close(true);
            }
        });
        document.addEventListener('pointerdown', (event) => {
            if (this.isOpen() && !panel.contains(event.target) && !button.contains(event.target)) this.close();
        });
    }

    static closeAll() {
        for (const popover of Popover.all) if (popover.isOpen()) popover.close();
    }

    isOpen() {
        return !this.panel.hidden;
    }

    open() {
        Popover.closeAll();
        this.panel.hidden = false;
        this.button.setAttribute('aria-expanded', 'true');
        this.opened();
    }

    opened() {}

    close(returnFocus = false) {
        this.panel.hidden = true;
        this.button.setAttribute('aria-expanded', 'false');
        if (returnFocus) this.button.focus();
    }
}

// role="menu" with role="menuitem" buttons: arrows, Home and End move, Enter or Space sends, Escape and Tab close.
export class KeysMenu extends Popover {
    constructor({ button, menu }, input) {
        super(button, menu);
        this.items = [...menu.querySelectorAll('[role="menuitem"]')];
        for (const item of this.items) {
            item.addEventListener('click', () => {
                const combo = KEY_COMBOS[item.dataset.combo];
                if (combo) input.sendCombo(combo);
                this.close(true);
            });
        }
        menu.addEventListener('keydown', (event) => {
            const index = this.items.indexOf(document.activeElement);
            let next = null;
            switch (event.key) {
            case 'ArrowDown': next = (index + 1) % this.items.length; break;
            case 'ArrowUp': next = (index - 1 + this.items.length) % this.items.length; break;
            case 'Home': next = 0; break;
            case 'End': next = this.items.length - 1; break;
            case 'Tab': this.close(); return;
            default: return;
            }
            event.preventDefault();
            this.items[next].focus();
        });
        button.addEventListener('keydown', (event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault();
                this.open();
                if (event.key === 'ArrowUp') this.items.at(-1).focus();
            }
        });
    }

    opened() {
        this.items[0]?.focus();
    }
}

export class ClipboardPanel extends Popover {
    constructor({ button, panel, hostText, pasteBox, status, send, close }, input) {
        super(button, panel);
        this.input = input;
        this.hostText = hostText;
        this.pasteBox = pasteBox;
        this.status = status;
        hostText.placeholder = strings.hostClipboardEmpty;
        close.addEventListener('click', () => this.close(true));
        send.addEventListener('click', () => this.send());
        pasteBox.addEventListener('input', () => this.checkLength());
        pasteBox.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                this.send();
            }
        });
    }

    opened() {
        this.pasteBox.focus();
    }

    checkLength() {
        const bytes = utf8Length(this.pasteBox.value);
        this.status.textContent = bytes > MAX_CLIPBOARD_BYTES ? strings.clipboardTooLong(bytes, MAX_CLIPBOARD_BYTES) : '';
        return bytes <= MAX_CLIPBOARD_BYTES;
    }

    send() {
        if (!this.checkLength()) return;
        this.status.textContent = this.input.sendClipboard(this.pasteBox.value)
            ? strings.clipboardSent : strings.clipboardNotSent;
    }

    // The host's clipboard changed: show it, and put it on this device's clipboard if the browser lets us
    // without asking (it refuses when the page has no focus; that is fine, the panel still shows it).
    async setHostText(text) {
        this.hostText.value = text;
        try {
            if (navigator.clipboard?.writeText && document.hasFocus()) await navigator.clipboard.writeText(text);
        } catch {
            // Not allowed: nothing to say, and the text itself is never logged.
        }
    }
}

// The "Keyboard" button: focuses the hidden text field, which makes phones show their keyboard.
export function wireKeyboardButton(button, input) {
    button.addEventListener('click', () => {
        Popover.closeAll();
        input.sink.focus({ preventScroll: true });
    });
}

export { Popover };
