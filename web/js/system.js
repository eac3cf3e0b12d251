// The System panel: GET /api/system about once a second while the panel is on screen, never otherwise (the
// server samples only when asked). Shows the host, CPU usage as bars (total and per core), memory, swap, disks,
// network addresses and screens.
import { strings } from './strings.js';
import { el, errorReason, sameOrigin } from './hostapi.js';

const POLL_MS = 1000;

// A labelled bar (a <meter>: screen readers read its value) with a text beside it.
function bar(label, fraction, text, className = '') {
    const row = el('div', `bar-row ${className}`.trim());
    const name = el('span', 'bar-label', label);
    const meter = el('meter');
    meter.min = 0;
    meter.max = 1;
    meter.value = Math.max(0, Math.min(1, Number(fraction) || 0));
    meter.setAttribute('aria-label', label);
    row.append(name, meter, el('span', 'bar-value', text));
    return row;
}

function section(title, ...children) {
    const block = el('section', 'system-block');
    block.append(el('h3', '', title), ...children);
    return block;
}

function facts(pairs) {
    const list = el('dl', 'facts');
    for (const [term, value] of pairs) {
        if (value === undefined || value === null || value === '') continue;
        list.append(el('dt', '', term), el('dd', '', String(value)));
    }
    return list;
}

function uptimeText(seconds) {
    const s = Math.max(0, Math.floor(Number(seconds) || 0));
    return strings.duration(Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60));
}

function usage(total, used) {
    const t = Number(total) || 0;
    const u = Number(used) || 0;
    return { fraction: t > 0 ? u / t : 0, text: strings.systemUsed(strings.bytes(u), strings.bytes(t)) };
}

export class SystemPanel {
    constructor(element) {
        this.element = element;
        this.status = element.querySelector('#system-status');
        this.content = element.querySelector('#system-content');
        this.active = false;
        this.allowed = false;
        this.timer = null;
        this.inFlight = null;
        this.snapshots = 0;
        this.last = null;
        const panel = this;
        this.exposed = Object.freeze({
            get snapshots() { return panel.snapshots; },
            get polling() { return panel.active; },
            get last() { return panel.last; },
        });
    }

    setAllowed(allowed) {
        this.allowed = allowed;
        if (!allowed) {
            this.setActive(false);
            this.content.replaceChildren();
            this.last = null;
        }
    }

    setActive(active) {
        if (active === this.active) return;
        this.active = active;
        clearTimeout(this.timer);
        this.timer = null;
        if (active) {
            if (!this.last) this.status.textContent = strings.systemLoading;
            this.poll();
        } else {
            this.inFlight?.abort();
            this.inFlight = null;
        }
    }

    focus() {}

    async poll() {
        if (!this.active) return;
        const controller = new AbortController();
        this.inFlight = controller;
        try {
            const response = await fetch('/api/system', { ...sameOrigin, signal: controller.signal });
            if (response.ok) {
                const snapshot = await response.json();
                this.last = snapshot;
                this.snapshots += 1;
                this.status.textContent = '';
                this.render(snapshot);
            } else {
                this.status.textContent = strings.toolRefused(response.status, await errorReason(response));
            }
        } catch (error) {
            if (error.name === 'AbortError') return;
            this.status.textContent = strings.toolUnreachable;
        } finally {
            if (this.inFlight === controller) this.inFlight = null;
        }
        if (this.active && !controller.signal.aborted) this.timer = setTimeout(() => this.poll(), POLL_MS);
    }

    render(s) {
        const blocks = [];
        blocks.push(section(strings.systemHost, facts([
            [strings.systemHost, s.hostName],
            [strings.systemOs, s.os],
            [strings.systemKernel, s.kernel],
            [strings.systemUptime, s.uptime !== undefined ? uptimeText(s.uptime) : ''],
            [strings.systemLoad, Array.isArray(s.loadAverage)
                ? s.loadAverage.map((n) => Number(n).toFixed(2)).join('  ') : ''],
        ])));

        const cpu = s.cpu ?? {};
        const cpuRows = [facts([[strings.systemCpu, cpu.model],
            ['', Number.isFinite(cpu.cores) ? strings.systemCores(cpu.cores) : '']])];
        // Usage comes in percent (0–100); null when the host could not read it.
        const note = cpu.sinceBoot ? ` (${strings.systemSinceBoot})` : '';
        const percentText = (value) => (Number.isFinite(value) ? strings.percent(value / 100) : '–');
        cpuRows.push(bar(strings.systemCpuTotal, cpu.usage / 100, percentText(cpu.usage) + note, 'cpu-total'));
        const cores = el('div', 'cores');
        (Array.isArray(cpu.perCore) ? cpu.perCore : []).forEach((value, index) => {
            cores.append(bar(strings.systemCpuCore(index), value / 100, percentText(value), 'cpu-core'));
        });
        cpuRows.push(cores);
        blocks.push(section(strings.systemCpu, ...cpuRows));

        const memoryRows = [];
        for (const [label, m] of [[strings.systemMemory, s.memory], [strings.systemSwap, s.swap]]) {
            if (!m) continue;
            if (!m.total) {
                memoryRows.push(facts([[label, strings.systemNone]]));
                continue;
            }
            const u = usage(m.total, m.used);
            memoryRows.push(bar(label, u.fraction, u.text));
        }
        blocks.push(section(strings.systemMemory, ...memoryRows));

        if (Array.isArray(s.disks) && s.disks.length) {
            blocks.push(section(strings.systemDisks, ...s.disks.map((d) => {
                const u = usage(d.total, d.used);
                const label = d.mountPoint ?? d.device ?? '?';
                const extra = [strings.systemFree(strings.bytes(Number(d.available ?? d.free) || 0)), d.type,
                    d.readOnly ? strings.systemReadOnly : ''].filter(Boolean).join(' · ');
                const row = bar(label, u.fraction, u.text, 'disk');
                row.title = `${d.device ?? ''} ${extra}`.trim();
                row.append(el('span', 'bar-extra', extra));
                return row;
            })));
        }

        if (Array.isArray(s.network) && s.network.length) {
            blocks.push(section(strings.systemNetwork, facts(s.network.map((n) => [
                n.name, [...(Array.isArray(n.addresses) ? n.addresses : []), n.mac].filter(Boolean).join('  '),
            ]))));
        }

        if (Array.isArray(s.screens) && s.screens.length) {
            const list = el('ul', 'plain-list');
            for (const screen of s.screens) {
                list.append(el('li', '', strings.systemScreen(screen.name ?? '?', screen.width, screen.height,
                    Number(screen.scale) || 1)));
            }
            blocks.push(section(strings.systemScreens, list));
        }
        this.content.replaceChildren(...blocks);
    }
}
