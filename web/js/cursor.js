// The host's pointer, drawn apart from the picture (the stream never contains it): CURSOR_SHAPE gives its image
// and hotspot, CURSOR_POSITION where it is, both in shared-desktop pixels.
//
// It is a small canvas over the screen canvas, inside the zoom box (so the pinch zoom's transform moves and scales
// it with the picture), scaled like the picture: desktop pixels to frame pixels (a stream scaled down) to CSS
// pixels (the canvas shown letterboxed with object-fit: contain).
//
// A viewer in control sees the host's pointer shape as its own pointer over the canvas (a CSS cursor), and the
// overlay is hidden while that pointer is over the canvas, so that there are never two. A view-only viewer (or a
// finger, which has no pointer to show) sees the overlay.

// Browsers ignore CSS cursor images larger than 128x128 (Chromium, Firefox): larger shapes are scaled down.
export const MAX_CSS_CURSOR_SIZE = 128;

export class HostCursor {
    constructor({ canvas, element }) {
        this.canvas = canvas; // the screen
        this.element = element; // <canvas> overlay, a sibling of the screen inside the zoom box
        this.context = element.getContext('2d');
        this.desktopWidth = 0;
        this.desktopHeight = 0;
        this.shape = null; // { hotspotX, hotspotY, width, height } of a non-empty image, or null (hidden pointer)
        this.shapeKnown = false; // a CURSOR_SHAPE arrived on this connection
        this.x = 0;
        this.y = 0;
        this.visible = false;
        this.control = false;
        this.localPointerOver = false;
        this.cssCursor = ''; // the CSS cursor value for the canvas when in control ('' = the page's default)
        this.displayed = false;

        // A mouse or pen over the canvas shows the host's shape itself; a touch does not hover.
        canvas.addEventListener('pointerenter', (event) => {
            if (event.pointerType !== 'touch') this.setLocalPointerOver(true);
        });
        canvas.addEventListener('pointerleave', () => this.setLocalPointerOver(false));
        if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.layout()).observe(canvas);
        window.addEventListener('resize', () => this.layout());
    }

    // A new connection (HELLO): nothing known about the pointer yet.
    reset(desktopWidth = 0, desktopHeight = 0) {
        this.desktopWidth = desktopWidth;
        this.desktopHeight = desktopHeight;
        this.shape = null;
        this.shapeKnown = false;
        this.visible = false;
        this.x = 0;
        this.y = 0;
        this.cssCursor = '';
        this.applyCssCursor();
        this.layout();
    }

    // CURSOR_SHAPE: { hotspotX, hotspotY, width, height, rgba } (rgba not premultiplied, rows top to bottom).
    setShape({ hotspotX, hotspotY, width, height, rgba }) {
        this.shapeKnown = true;
        if (width === 0 || height === 0) {
            this.shape = null;
            this.cssCursor = 'none';
        } else {
            this.shape = { hotspotX, hotspotY, width, height };
            const element = this.element;
            element.width = width;
            element.height = height;
            // A copy: ImageData wants its own Uint8ClampedArray of exactly w×h×4 (rgba is a view into the message).
            this.context.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
            this.cssCursor = this.makeCssCursor();
        }
        this.applyCssCursor();
        this.layout();
    }

    // CURSOR_POSITION: { x, y, visible } in shared-desktop pixels.
    setPosition({ x, y, visible }) {
        this.x = x;
        this.y = y;
        this.visible = visible;
        this.layout();
    }

    // Whether this viewer's input reaches the desktop (CONTROL).
    setControl(available) {
        this.control = available;
        this.applyCssCursor();
        this.layout();
    }

    setLocalPointerOver(over) {
        this.localPointerOver = over;
        this.layout();
    }

    // The shape as a CSS cursor value: a PNG data URL (scaled down to at most 128 px) and its hotspot.
    makeCssCursor() {
        const { width, height, hotspotX, hotspotY } = this.shape;
        let source = this.element;
        let scale = 1;
        if (width > MAX_CSS_CURSOR_SIZE || height > MAX_CSS_CURSOR_SIZE) {
            scale = MAX_CSS_CURSOR_SIZE / Math.max(width, height);
            source = document.createElement('canvas');
            source.width = Math.max(1, Math.round(width * scale));
            source.height = Math.max(1, Math.round(height * scale));
            source.getContext('2d').drawImage(this.element, 0, 0, source.width, source.height);
        }
        const hx = Math.min(source.width - 1, Math.floor(hotspotX * scale));
        const hy = Math.min(source.height - 1, Math.floor(hotspotY * scale));
        return `url("${source.toDataURL('image/png')}") ${hx} ${hy}, default`;
    }

    applyCssCursor() {
        const value = this.control && this.shapeKnown ? this.cssCursor : '';
        if (this.canvas.style.cursor !== value) this.canvas.style.cursor = value;
    }

    // Places (or hides) the overlay. Coordinates are the zoom box's own (untransformed) layout pixels.
    layout() {
        const canvas = this.canvas;
        const element = this.element;
        const frameWidth = canvas.width;
        const frameHeight = canvas.height;
        const boxWidth = canvas.clientWidth;
        const boxHeight = canvas.clientHeight;
        const show = this.shape !== null && this.visible && frameWidth > 0 && frameHeight > 0 && boxWidth > 0
            && boxHeight > 0 && !(this.control && this.localPointerOver);
        if (!show) {
            if (this.displayed) {
                element.hidden = true;
                this.displayed = false;
            }
            return;
        }
        // CSS pixels per frame pixel, and where the letterboxed picture starts inside the canvas's box.
        const scale = Math.min(boxWidth / frameWidth, boxHeight / frameHeight);
        const left = canvas.offsetLeft + (boxWidth - frameWidth * scale) / 2;
        const top = canvas.offsetTop + (boxHeight - frameHeight * scale) / 2;
        // CSS pixels per desktop pixel (the stream may be scaled down from the desktop).
        const scaleX = scale * (this.desktopWidth > 0 ? frameWidth / this.desktopWidth : 1);
        const scaleY = scale * (this.desktopHeight > 0 ? frameHeight / this.desktopHeight : 1);
        const { width, height, hotspotX, hotspotY } = this.shape;
        const style = element.style;
        style.width = `${width * scaleX}px`;
        style.height = `${height * scaleY}px`;
        const x = left + (this.x - hotspotX) * scaleX;
        const y = top + (this.y - hotspotY) * scaleY;
        style.transform = `translate(${x}px, ${y}px)`;
        if (!this.displayed) {
            element.hidden = false;
            this.displayed = true;
        }
    }
}
