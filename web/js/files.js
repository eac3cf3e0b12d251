// The Files panel: the host's file roots, a sorted listing with breadcrumbs, downloads (files, folders as zip),
// uploads in pieces with a progress bar each (by button or by dropping files onto the panel), and a preview of
// images, audio, video and text. Routes: docs/protocol.md, "Files".
import { strings } from './strings.js';
import { el, errorReason, filesUrl, sameOrigin } from './hostapi.js';

const TEXT_PREVIEW_BYTES = 256 * 1024;
const PREVIEW_KINDS = [
    ['image', /\.(png|jpe?g|gif|webp|bmp|ico|avif)$/i],
    ['audio', /\.(mp3|ogg|oga|opus|wav|flac|m4a|aac|weba)$/i],
    ['video', /\.(mp4|webm|ogv|mov|m4v|mkv)$/i],
    ['text', /\.(txt|md|log|csv|tsv|json|xml|ya?ml|toml|ini|conf|cfg|sh|bash|py|js|mjs|ts|c|h|cc|cpp|hpp|rs|go|java|kt|rb|pl|lua|sql|html?|css|diff|patch|srt|vtt|svg)$|^(readme|license|copying|makefile|dockerfile)$|^\.[a-z]+rc$/i],
];

export const previewKind = (name) => PREVIEW_KINDS.find(([, pattern]) => pattern.test(name))?.[0] ?? null;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// One file being uploaded: POST (open) -> PUT pieces -> POST (finish), or DELETE when cancelled or failed.
class Upload {
    constructor(panel, file, root, segments) {
        this.panel = panel;
        this.file = file;
        this.root = root;
        this.segments = [...segments];
        this.id = null;
        this.controller = new AbortController();
        this.state = 'waiting'; // waiting | exists | sending | done | skipped | cancelled | failed

        this.row = el('li', 'upload');
        this.name = el('span', 'upload-name', file.name);
        this.progress = el('progress');
        this.progress.max = Math.max(1, file.size);
        this.progress.value = 0;
        this.progress.setAttribute('aria-label', file.name);
        this.text = el('span', 'upload-text', strings.uploadWaiting);
        this.buttons = el('span', 'upload-buttons');
        this.row.append(this.name, this.progress, this.text, this.buttons);
        this.setButtons([[strings.uploadCancel, () => this.cancel(), 'upload-cancel']]);
    }

    setButtons(buttons) {
        this.buttons.replaceChildren(...buttons.map(([text, action, className]) => {
            const button = el('button', className, text);
            button.type = 'button';
            button.addEventListener('click', action);
            return button;
        }));
    }

    finish(state, text) {
        this.state = state;
        this.text.textContent = text;
        this.row.dataset.state = state;
        this.setButtons([[strings.uploadDismiss, () => this.panel.removeUpload(this), 'upload-dismiss']]);
        this.panel.uploadEnded(this);
    }

    async fail(response) {
        const reason = response.status === 413 ? strings.uploadTooLarge
            : response.status === 507 ? strings.uploadNoSpace
                : (await errorReason(response)) || `HTTP ${response.status}`;
        await this.abandon();
        this.finish('failed', strings.uploadFailed(reason));
    }

    // Tells the server to drop the part file (an upload it does not know is already gone: fine).
    async abandon() {
        if (this.id === null) return;
        const id = this.id;
        this.id = null;
        try {
            await fetch(`/api/uploads/${encodeURIComponent(id)}`, { method: 'DELETE', ...sameOrigin });
        } catch {
            // The server is gone; it removes abandoned uploads itself.
        }
    }

    async cancel() {
        if (!['waiting', 'exists', 'sending'].includes(this.state)) return;
        this.state = 'cancelled';
        this.controller.abort();
        await this.abandon();
        this.finish('cancelled', strings.uploadCancelled);
    }

    skip() {
        this.finish('skipped', strings.uploadSkipped);
    }

    async start(overwrite = false) {
        const { file } = this;
        const signal = this.controller.signal;
        this.state = 'sending';
        this.row.dataset.state = 'sending';
        this.setButtons([[strings.uploadCancel, () => this.cancel(), 'upload-cancel']]);
        this.text.textContent = strings.uploadProgress(strings.bytes(0), strings.bytes(file.size));
        try {
            const query = `?size=${file.size}${overwrite ? '&overwrite=1' : ''}`;
            let response = await fetch(filesUrl('upload', this.root, [...this.segments, file.name]) + query,
                { method: 'POST', ...sameOrigin, signal });
            if (response.status === 409 && !overwrite && (await errorReason(response.clone())) === 'exists') {
                this.state = 'exists';
                this.row.dataset.state = 'exists';
                this.text.textContent = strings.uploadExists(file.name);
                this.setButtons([
                    [strings.uploadReplace, () => this.start(true), 'upload-replace'],
                    [strings.uploadSkip, () => this.skip(), 'upload-skip'],
                ]);
                return;
            }
            if (response.status !== 201) {
                await this.fail(response);
                return;
            }
            const opened = await response.json();
            this.id = String(opened.id);
            const chunkSize = Math.max(1, Number(opened.chunkSize) || 4 * 1024 * 1024);
            let offset = 0;
            while (offset < file.size) {
                const piece = file.slice(offset, Math.min(file.size, offset + chunkSize));
                response = await fetch(`/api/uploads/${encodeURIComponent(this.id)}?offset=${offset}`, {
                    method: 'PUT', body: piece, headers: { 'Content-Type': 'application/octet-stream' },
                    ...sameOrigin, signal,
                });
                if (response.status !== 200) {
                    await this.fail(response);
                    return;
                }
                const { received } = await response.json();
                offset = Number(received);
                if (!Number.isFinite(offset) || offset < 0 || offset > file.size) throw new Error('bad offset');
                this.progress.value = offset;
                this.text.textContent = strings.uploadProgress(strings.bytes(offset), strings.bytes(file.size));
            }
            response = await fetch(`/api/uploads/${encodeURIComponent(this.id)}`, { method: 'POST', ...sameOrigin,
                signal });
            if (response.status !== 201) {
                await this.fail(response);
                return;
            }
            this.id = null;
            this.progress.value = this.progress.max;
            this.finish('done', strings.uploadDone);
        } catch (error) {
            if (this.state === 'cancelled') return;
            await this.abandon();
            this.finish('failed', strings.uploadFailed(error.name === 'AbortError' ? strings.uploadCancelled
                : strings.toolUnreachable));
        }
    }
}

export class FilesPanel {
    constructor(element) {
        this.element = element;
        const q = (selector) => element.querySelector(selector);
        this.rootSelect = q('#files-root');
        this.crumbs = q('#files-crumbs');
        this.status = q('#files-status');
        this.entries = q('#files-entries');
        this.uploadsList = q('#files-uploads');
        this.uploadInput = q('#files-upload-input');
        this.preview = q('#files-preview');
        this.previewName = q('#files-preview-name');
        this.previewBody = q('#files-preview-body');
        this.allowed = false;
        this.active = false;
        this.roots = null;
        this.root = null;
        this.segments = [];
        this.listing = null;
        this.uploads = new Set();
        this.generation = 0; // a listing answer older than the last navigation is dropped

        this.rootSelect.addEventListener('change', () => this.navigate(this.rootSelect.value, []));
        q('#files-refresh').addEventListener('click', () => this.refresh());
        q('#files-upload-button').addEventListener('click', () => this.uploadInput.click());
        this.uploadInput.addEventListener('change', () => {
            this.upload([...this.uploadInput.files]);
            this.uploadInput.value = '';
        });
        q('#files-preview-close').addEventListener('click', () => this.closePreview(true));
        this.preview.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                event.preventDefault();
                this.closePreview(true);
            }
        });
        this.wireDrop();

        const panel = this;
        this.exposed = Object.freeze({
            get location() { return { root: panel.root, segments: [...panel.segments] }; },
            get names() { return panel.listing?.entries?.map((e) => e.name) ?? null; },
            get uploads() {
                return [...panel.uploads].map((u) => ({ name: u.file.name, state: u.state, sent: u.progress.value }));
            },
        });
    }

    setAllowed(allowed) {
        this.allowed = allowed;
        if (!allowed) {
            for (const upload of this.uploads) upload.cancel();
            this.uploads.clear();
            this.uploadsList.replaceChildren();
            this.uploadsList.hidden = true;
            this.roots = null;
            this.root = null;
            this.segments = [];
            this.listing = null;
            this.entries.replaceChildren();
            this.closePreview();
        }
    }

    setActive(active) {
        this.active = active;
        if (active && this.allowed && !this.roots) this.loadRoots();
    }

    focus() {}

    async loadRoots() {
        this.status.textContent = strings.filesLoading;
        try {
            const response = await fetch('/api/files/roots', sameOrigin);
            if (!response.ok) {
                this.status.textContent = strings.toolRefused(response.status, await errorReason(response));
                return;
            }
            const { roots } = await response.json();
            this.roots = Array.isArray(roots) ? roots.map(String) : [];
            this.rootSelect.replaceChildren(...this.roots.map((root) => {
                const option = el('option', '', root);
                option.value = root;
                return option;
            }));
            this.rootSelect.hidden = this.roots.length < 2;
            if (this.roots.length) await this.navigate(this.roots[0], []);
            else this.status.textContent = strings.filesEmpty;
        } catch {
            this.status.textContent = strings.toolUnreachable;
        }
    }

    refresh() {
        if (this.root !== null) this.navigate(this.root, this.segments);
        else this.loadRoots();
    }

    async navigate(root, segments) {
        const generation = ++this.generation;
        this.closePreview();
        this.status.textContent = strings.filesLoading;
        try {
            const response = await fetch(filesUrl('list', root, segments), sameOrigin);
            if (generation !== this.generation) return;
            if (!response.ok) {
                this.status.textContent = strings.toolRefused(response.status, await errorReason(response));
                return;
            }
            const listing = await response.json();
            if (generation !== this.generation) return;
            this.root = root;
            this.segments = [...segments];
            this.rootSelect.value = root;
            this.listing = listing;
            this.status.textContent = '';
            this.renderCrumbs();
            this.renderEntries(Array.isArray(listing.entries) ? listing.entries : []);
        } catch {
            if (generation === this.generation) this.status.textContent = strings.toolUnreachable;
        }
    }

    renderCrumbs() {
        const list = el('ol');
        const parts = [this.root, ...this.segments];
        parts.forEach((part, index) => {
            const item = el('li');
            if (index === parts.length - 1) {
                const here = el('span', 'crumb-here', part);
                here.setAttribute('aria-current', 'location');
                item.append(here);
            } else {
                const button = el('button', 'crumb', part);
                button.type = 'button';
                button.addEventListener('click', () => this.navigate(this.root, this.segments.slice(0, index)));
                item.append(button);
            }
            list.append(item);
        });
        this.crumbs.replaceChildren(list);
    }

    renderEntries(entries) {
        const rows = [];
        if (this.segments.length) {
            const row = el('tr', 'entry entry-up');
            const cell = el('td');
            cell.colSpan = 4;
            const up = el('button', 'entry-name', `↑ ${strings.filesUp}`);
            up.type = 'button';
            up.addEventListener('click', () => this.navigate(this.root, this.segments.slice(0, -1)));
            cell.append(up);
            row.append(cell);
            rows.push(row);
        }
        for (const entry of entries) rows.push(this.entryRow(entry));
        if (!entries.length) {
            const row = el('tr', 'entry-empty');
            const cell = el('td', '', strings.filesEmpty);
            cell.colSpan = 4;
            row.append(cell);
            rows.push(row);
        }
        this.entries.replaceChildren(...rows);
    }

    entryRow(entry) {
        const name = String(entry.name);
        const isDir = entry.type === 'dir';
        const path = [...this.segments, name];
        const row = el('tr', `entry entry-${entry.type}`);
        row.dataset.name = name;

        const nameCell = el('td', 'entry-name-cell');
        const icon = el('span', `entry-icon entry-icon-${entry.type}`); // drawn by CSS: no emoji font needed
        icon.setAttribute('aria-hidden', 'true');
        let label;
        const kind = entry.type === 'file' ? previewKind(name) : null;
        if (isDir && entry.followable !== false) {
            label = el('button', 'entry-name', name);
            label.type = 'button';
            label.setAttribute('aria-label', strings.filesOpenNamed(name));
            label.addEventListener('click', () => this.navigate(this.root, path));
        } else if (kind) {
            label = el('button', 'entry-name', name);
            label.type = 'button';
            label.setAttribute('aria-label', strings.filesPreviewNamed(name));
            label.addEventListener('click', () => this.showPreview(name, path, kind));
        } else {
            label = el('span', 'entry-name', name);
        }
        nameCell.append(icon, label);
        if (entry.symlink) nameCell.append(el('span', 'entry-tag', strings.filesSymlink));

        const size = el('td', 'entry-size', isDir ? '' : strings.bytes(Number(entry.size) || 0));
        const modified = el('td', 'entry-modified',
            Number.isFinite(entry.modified) ? dateFormat.format(new Date(entry.modified)) : '');

        const actions = el('td', 'entry-actions');
        if (entry.type === 'file') {
            if (kind) {
                const view = el('button', 'entry-view', strings.filesPreview);
                view.type = 'button';
                view.setAttribute('aria-label', strings.filesPreviewNamed(name));
                view.addEventListener('click', () => this.showPreview(name, path, kind));
                actions.append(view);
            }
            const link = el('a', 'entry-download', strings.filesDownload);
            link.href = filesUrl('download', this.root, path);
            link.download = name;
            link.setAttribute('aria-label', strings.filesDownloadNamed(name));
            actions.append(link);
        } else if (isDir && entry.followable !== false) {
            const link = el('a', 'entry-zip', strings.filesZip);
            link.href = filesUrl('zip', this.root, path);
            link.download = `${name}.zip`;
            link.setAttribute('aria-label', strings.filesZipNamed(name));
            actions.append(link);
        }
        row.append(nameCell, size, modified, actions);
        return row;
    }

    // --- preview ---------------------------------------------------------------------------------------------

    async showPreview(name, path, kind) {
        const url = `${filesUrl('download', this.root, path)}?inline=1`;
        this.previewName.textContent = name;
        this.preview.dataset.kind = kind;
        let body;
        if (kind === 'image') {
            body = el('img');
            body.alt = name;
            body.src = url;
        } else if (kind === 'audio' || kind === 'video') {
            body = el(kind);
            body.controls = true;
            body.preload = 'metadata';
            body.src = url;
        } else {
            body = el('pre', 'preview-text', strings.filesLoading);
            body.tabIndex = 0;
            this.loadText(url, body);
        }
        this.previewBody.replaceChildren(body);
        this.preview.hidden = false;
        this.preview.querySelector('#files-preview-close').focus();
    }

    async loadText(url, pre) {
        try {
            const response = await fetch(url, { ...sameOrigin, headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } });
            if (response.status !== 200 && response.status !== 206) {
                pre.textContent = strings.filesPreviewFailed(response.status);
                return;
            }
            const bytes = await response.arrayBuffer();
            const total = Number(/\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '')?.[1] ?? bytes.byteLength);
            // A cut may fall inside a character: the decoder replaces that one, the rest is right.
            pre.textContent = new TextDecoder('utf-8').decode(bytes);
            if (total > bytes.byteLength) {
                pre.after(el('p', 'preview-note', strings.filesPreviewTruncated(strings.bytes(bytes.byteLength))));
            }
        } catch {
            pre.textContent = strings.toolUnreachable;
        }
    }

    closePreview(returnFocus = false) {
        if (this.preview.hidden) return;
        for (const media of this.previewBody.querySelectorAll('audio, video')) media.pause();
        this.previewBody.replaceChildren();
        this.preview.hidden = true;
        if (returnFocus) this.element.querySelector('#files-refresh').focus();
    }

    // --- uploads ---------------------------------------------------------------------------------------------

    wireDrop() {
        let depth = 0;
        const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
        this.element.addEventListener('dragenter', (event) => {
            if (!hasFiles(event) || this.root === null) return;
            event.preventDefault();
            depth += 1;
            this.element.classList.add('dropping');
        });
        this.element.addEventListener('dragover', (event) => {
            if (!hasFiles(event) || this.root === null) return;
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
        });
        this.element.addEventListener('dragleave', () => {
            depth = Math.max(0, depth - 1);
            if (depth === 0) this.element.classList.remove('dropping');
        });
        this.element.addEventListener('drop', (event) => {
            depth = 0;
            this.element.classList.remove('dropping');
            if (!hasFiles(event) || this.root === null) return;
            event.preventDefault();
            // A dropped folder arrives as a File that cannot be read: only plain files go.
            const items = [...(event.dataTransfer.items ?? [])].filter((item) => item.kind === 'file');
            const files = items.length
                ? items.filter((item) => item.webkitGetAsEntry?.()?.isDirectory !== true).map((item) => item.getAsFile())
                    .filter(Boolean)
                : [...event.dataTransfer.files];
            this.upload(files);
        });
    }

    upload(files) {
        if (this.root === null || !files.length) return;
        this.uploadsList.hidden = false;
        for (const file of files) {
            const upload = new Upload(this, file, this.root, this.segments);
            this.uploads.add(upload);
            this.uploadsList.append(upload.row);
            upload.start();
        }
    }

    uploadEnded(upload) {
        const sameFolder = upload.root === this.root && upload.segments.join('/') === this.segments.join('/');
        if (upload.state === 'done' && sameFolder) this.navigate(this.root, this.segments);
    }

    removeUpload(upload) {
        this.uploads.delete(upload);
        upload.row.remove();
        if (!this.uploads.size) this.uploadsList.hidden = true;
    }
}
