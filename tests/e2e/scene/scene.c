/*
 * deskport_scene: a known picture for the end-to-end tests and benchmarks.
 *
 * Maps one override-redirect window over the whole root window and paints four flat quadrants:
 *   top-left red #ff0000, top-right green #00ff00, bottom-left blue #0000ff, bottom-right white #ffffff.
 * (The split is at width/2, height/2, integer division.)
 *
 * Input: the window takes the keyboard focus and prints one line per event on stdout (between answers):
 *   key down KEYSYM TEXT    KEYSYM in hex as XLookupString sees it (with the modifiers held); TEXT the character
 *                           it types in UTF-8, or "-" when it types none (Shift, F1, ...). A typed "-" is keysym 2d.
 *   key up KEYSYM
 *   button down N X Y       N the X button (1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right,
 *   button up N X Y         8/9 back/forward), X Y in screen pixels
 * A left press also paints a 40x40 marker square centred on it, in the next colour of a cycle (see "marker"), so
 * that a benchmark can see when the click reached the screen. Pointer motion is selected but not printed (see
 * "pointer"). MappingNotify refreshes Xlib's keyboard map: an input backend remaps spare keycodes for keysyms the
 * keyboard lacks (ü, €), and without the refresh XLookupString would report the old keysyms (see main()).
 *
 * Commands, one per line on stdin:
 *   fill X Y W H RRGGBB   paint a rectangle (it stays: repaints on Expose keep it)
 *   animate N [HZ]        move a full-width band of N pixels height (N <= 0: 120) down the screen HZ times a
 *                         second (default 60, 1-1000), its colour changing every step. Faster than the capture
 *                         rate, so that every captured frame differs from the one before.
 *   stop                  stop the animation and restore the picture under the band
 *   page X Y W H          show a scrollable "page" in that rectangle: 40x12 blocks whose colour depends on the
 *                         block's place in the page (page_colour below), the page's top row at the rectangle's top;
 *                         each block has a "word" of strokes in its left 16 columns (page_word), so that the page
 *                         looks like text to a scroll detector, and is flat from column 16 on
 *   scroll DY             scroll the page by DY rows (1..H-1) as a browser does: copy the rest of the rectangle
 *                         up by DY (XCopyArea) and paint only the newly exposed rows at the bottom
 *   keymap                print "keymap N": how many keys are down now (XQueryKeymap)
 *   pointer               print "pointer X Y MASK": where the pointer is and its button mask (XQueryPointer)
 *   marker                print "marker RRGGBB": the colour the next left press paints
 *   quit                  exit
 * Answers on stdout: "ready" once the first Expose is painted and synced, "ok" after each command is painted and
 * synced, "error <why>" for a line it does not understand.
 */
#define _DEFAULT_SOURCE /* select, gettimeofday */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_FILLS 256

static long animate_interval_us = 1000000L / 60;

struct fill {
    int x, y, w, h;
    unsigned long rgb;
};

static Display *dpy;
static Window win;
static GC gc;
static int width, height;
static struct fill fills[MAX_FILLS];
static int fill_count;
static int band_height; /* 0: not animating */
static int band_y;
static unsigned step;

/* The scrollable page: the rectangle it shows and how many rows it has scrolled. */
static int page_x, page_y, page_w, page_h; /* page_w == 0: no page */
static long page_offset;

#define PAGE_BLOCK_W 40
#define PAGE_BLOCK_H 12
static const unsigned long page_palette[] = {0x202020, 0xe0e0e0, 0xc04040, 0x40c040, 0x4040c0, 0xc0c040,
                                             0x40c0c0, 0xc040c0, 0x806020, 0x208060, 0x602080, 0xf0a060,
                                             0x60f0a0, 0xa060f0, 0x909090, 0x000000};
#define PAGE_PALETTE_SIZE (sizeof page_palette / sizeof page_palette[0])

/* Marker colours for left presses: distinct from each other and from the four quadrants. */
static const unsigned long marker_colours[] = {0xff8000, 0x00ffff, 0xffff00, 0x8000ff, 0x00ff80, 0xff0080};
#define MARKER_COUNT (sizeof marker_colours / sizeof marker_colours[0])
#define MARKER_SIZE 40
static unsigned marker_next;

/* TrueColor 24-bit visuals (Xvfb -screen 0 WxHx24) take 0xRRGGBB as the pixel value. */
static void paint_rect(int x, int y, int w, int h, unsigned long rgb)
{
    XSetForeground(dpy, gc, rgb);
    XFillRectangle(dpy, win, gc, x, y, (unsigned)w, (unsigned)h);
}

/* The colour of the page at (x, page row), x relative to the page's left edge. The tests compute the same. */
static unsigned long page_colour(int x, long row)
{
    return page_palette[(unsigned long)((row / PAGE_BLOCK_H) * 7 + x / PAGE_BLOCK_W) % PAGE_PALETTE_SIZE];
}

/* The strokes of the block at page column bx, page block row by: up to 6 strokes, 2 px wide, of varied heights. */
static void page_word(int bx, long by, int block_x, int block_y)
{
    const unsigned long hash = ((unsigned long)bx * 2654435761UL) ^ ((unsigned long)by * 40503UL + 0x9e37UL);
    XSetForeground(dpy, gc, page_palette[(unsigned long)(by * 7 + bx + 8) % PAGE_PALETTE_SIZE]);
    for (int i = 0; i < 6; ++i) {
        if (!((hash >> i) & 1UL))
            continue;
        const int stroke = 2 + (int)((hash >> (8 + 3 * i)) & 7UL);
        XFillRectangle(dpy, win, gc, block_x + 2 + 2 * i, block_y + 1, 2, (unsigned)(stroke < 10 ? stroke : 10));
    }
}

/* Paints the page's window rows [from, to) (relative to page_y) as they are at the current offset. */
static void paint_page_rows(int from, int to)
{
    const XRectangle clip = {(short)page_x, (short)(page_y + from), (unsigned short)page_w, (unsigned short)(to - from)};
    XSetClipRectangles(dpy, gc, 0, 0, (XRectangle *)&clip, 1, Unsorted);
    /* Whole blocks, clipped to the rows asked for: a block's strokes may start above them. */
    const long first_block = (page_offset + from) / PAGE_BLOCK_H;
    const long last_block = (page_offset + to - 1) / PAGE_BLOCK_H;
    for (long by = first_block; by <= last_block; ++by) {
        const int block_y = page_y + (int)(by * PAGE_BLOCK_H - page_offset);
        for (int x = 0; x < page_w; x += PAGE_BLOCK_W) {
            XSetForeground(dpy, gc, page_colour(x, by * PAGE_BLOCK_H));
            XFillRectangle(dpy, win, gc, page_x + x, block_y,
                           (unsigned)(x + PAGE_BLOCK_W < page_w ? PAGE_BLOCK_W : page_w - x), PAGE_BLOCK_H);
            page_word(x / PAGE_BLOCK_W, by, page_x + x, block_y);
        }
    }
    XSetClipMask(dpy, gc, None);
}

static void paint_scene(void)
{
    const int hw = width / 2, hh = height / 2;
    paint_rect(0, 0, hw, hh, 0xff0000);
    paint_rect(hw, 0, width - hw, hh, 0x00ff00);
    paint_rect(0, hh, hw, height - hh, 0x0000ff);
    paint_rect(hw, hh, width - hw, height - hh, 0xffffff);
    for (int i = 0; i < fill_count; ++i)
        paint_rect(fills[i].x, fills[i].y, fills[i].w, fills[i].h, fills[i].rgb);
    if (page_w)
        paint_page_rows(0, page_h);
}

static void paint_band(void)
{
    /* A hue that changes every step, so the band never repeats between consecutive frames. */
    const unsigned c = step * 37u;
    const unsigned long rgb = ((c & 0xffu) << 16) | (((c * 3u) & 0xffu) << 8) | ((255u - (c & 0xffu)) & 0xffu);
    paint_rect(0, band_y, width, band_height, rgb);
}

static void animate_step(void)
{
    /* Repaint the scene only where the band was, then draw it one step further down. */
    XRectangle r = {0, (short)band_y, (unsigned short)width, (unsigned short)band_height};
    XSetClipRectangles(dpy, gc, 0, 0, &r, 1, Unsorted);
    paint_scene();
    XSetClipMask(dpy, gc, None);
    ++step;
    band_y += band_height / 4 + 1;
    if (band_y + band_height > height)
        band_y = 0;
    paint_band();
    XFlush(dpy);
}

static void answer(const char *text)
{
    fputs(text, stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

/* The character a keysym types, as Unicode, or 0: Latin-1 keysyms are their code points, 0x01000000 + U for
 * Unicode keysyms, and the legacy XK_EuroSign. */
static unsigned long keysym_to_unicode(KeySym keysym)
{
    if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff))
        return keysym;
    if (keysym >= 0x01000000UL && keysym <= 0x0110ffffUL)
        return keysym - 0x01000000UL;
    if (keysym == XK_EuroSign)
        return 0x20ac;
    return 0;
}

static void utf8_encode(unsigned long c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        out[1] = '\0';
    } else if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        out[2] = '\0';
    } else if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        out[3] = '\0';
    } else {
        out[0] = (char)(0xf0 | (c >> 18));
        out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[3] = (char)(0x80 | (c & 0x3f));
        out[4] = '\0';
    }
}

static void print_key(XKeyEvent *event)
{
    char latin1[32];
    KeySym keysym = NoSymbol;
    XLookupString(event, latin1, sizeof latin1, &keysym, NULL);
    if (event->type == KeyPress) {
        char text[8] = "-";
        const unsigned long c = keysym_to_unicode(keysym);
        if (c)
            utf8_encode(c, text);
        printf("key down %lx %s\n", (unsigned long)keysym, text);
    } else {
        printf("key up %lx\n", (unsigned long)keysym);
    }
    fflush(stdout);
}

static void print_button(XButtonEvent *event)
{
    printf("button %s %u %d %d\n", event->type == ButtonPress ? "down" : "up", event->button, event->x_root,
           event->y_root);
    fflush(stdout);
    if (event->type == ButtonPress && event->button == Button1) {
        paint_rect(event->x_root - MARKER_SIZE / 2, event->y_root - MARKER_SIZE / 2, MARKER_SIZE, MARKER_SIZE,
                   marker_colours[marker_next]);
        marker_next = (marker_next + 1) % MARKER_COUNT;
        XFlush(dpy);
    }
}

static int count_keys_down(void)
{
    char keys[32];
    int count = 0;
    XQueryKeymap(dpy, keys);
    for (int i = 0; i < 32; ++i)
        for (int bit = 0; bit < 8; ++bit)
            count += (keys[i] >> bit) & 1;
    return count;
}

static int handle_command(char *line)
{
    int x, y, w, h, n;
    char colour[16];
    line[strcspn(line, "\r\n")] = '\0';
    if (sscanf(line, "fill %d %d %d %d %15s", &x, &y, &w, &h, colour) == 5) {
        char *end;
        const unsigned long rgb = strtoul(colour, &end, 16);
        if (*end != '\0' || strlen(colour) != 6 || w <= 0 || h <= 0) {
            answer("error bad fill");
            return 1;
        }
        if (fill_count < MAX_FILLS)
            fills[fill_count++] = (struct fill){x, y, w, h, rgb};
        paint_rect(x, y, w, h, rgb);
    } else if (sscanf(line, "animate %d", &n) == 1) {
        int hz = 60;
        if (sscanf(line, "animate %*d %d", &hz) == 1 && (hz < 1 || hz > 1000)) {
            answer("error bad animation rate");
            return 1;
        }
        animate_interval_us = 1000000L / hz;
        band_height = n > 0 && n < height ? n : 120;
        band_y = 0;
        paint_band();
    } else if (sscanf(line, "page %d %d %d %d", &x, &y, &w, &h) == 4) {
        if (x < 0 || y < 0 || w <= 0 || h <= 1 || x + w > width || y + h > height) {
            answer("error bad page");
            return 1;
        }
        page_x = x, page_y = y, page_w = w, page_h = h, page_offset = 0;
        paint_page_rows(0, page_h);
    } else if (sscanf(line, "scroll %d", &n) == 1) {
        if (!page_w || n < 1 || n >= page_h) {
            answer("error bad scroll");
            return 1;
        }
        XCopyArea(dpy, win, win, gc, page_x, page_y + n, (unsigned)page_w, (unsigned)(page_h - n), page_x, page_y);
        page_offset += n;
        paint_page_rows(page_h - n, page_h);
    } else if (strcmp(line, "stop") == 0) {
        band_height = 0;
        paint_scene();
    } else if (strcmp(line, "keymap") == 0) {
        printf("keymap %d\n", count_keys_down());
    } else if (strcmp(line, "pointer") == 0) {
        Window root, child;
        int rx = 0, ry = 0, wx, wy;
        unsigned mask = 0;
        XQueryPointer(dpy, win, &root, &child, &rx, &ry, &wx, &wy, &mask);
        printf("pointer %d %d %u\n", rx, ry, mask);
    } else if (strcmp(line, "marker") == 0) {
        printf("marker %06lx\n", marker_colours[marker_next]);
    } else if (strcmp(line, "quit") == 0) {
        return 0;
    } else if (line[0] != '\0') {
        answer("error unknown command");
        return 1;
    }
    XSync(dpy, False);
    answer("ok");
    return 1;
}

static void drain_events(int *ready)
{
    while (XPending(dpy)) {
        XEvent ev;
        XNextEvent(dpy, &ev);
        if (ev.type == MappingNotify) {
            XRefreshKeyboardMapping(&ev.xmapping);
        } else if (ev.type == KeyPress || ev.type == KeyRelease) {
            print_key(&ev.xkey);
        } else if (ev.type == ButtonPress || ev.type == ButtonRelease) {
            print_button(&ev.xbutton);
        } else if (ev.type == Expose && ev.xexpose.count == 0) {
            paint_scene();
            if (band_height)
                paint_band();
            XSync(dpy, False);
            if (!*ready) {
                /* No window manager: take the keyboard focus so keys reach us wherever the pointer is. */
                XSetInputFocus(dpy, win, RevertToPointerRoot, CurrentTime);
                XSync(dpy, False);
                *ready = 1;
                answer("ready");
            }
        }
    }
}

int main(void)
{
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "deskport_scene: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(unset)");
        return 1;
    }
    const int screen = DefaultScreen(dpy);
    width = DisplayWidth(dpy, screen);
    height = DisplayHeight(dpy, screen);

    XSetWindowAttributes attrs;
    memset(&attrs, 0, sizeof attrs);
    attrs.override_redirect = True;
    attrs.background_pixel = BlackPixel(dpy, screen);
    attrs.event_mask = ExposureMask | KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask
                       | PointerMotionMask;
    win = XCreateWindow(dpy, RootWindow(dpy, screen), 0, 0, (unsigned)width, (unsigned)height, 0, CopyFromParent,
                        InputOutput, CopyFromParent, CWOverrideRedirect | CWBackPixel | CWEventMask, &attrs);
    XStoreName(dpy, win, "deskport_scene");
    gc = XCreateGC(dpy, win, 0, NULL);
    XMapRaised(dpy, win);
    XFlush(dpy);

    const int xfd = ConnectionNumber(dpy);
    int ready = 0;
    int running = 1;
    char buf[1024];
    size_t used = 0;
    struct timeval next_step = {0, 0};
    while (running) {
        drain_events(&ready);

        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(xfd, &fds);
        if (ready) /* commands only once the picture is there */
            FD_SET(STDIN_FILENO, &fds);
        struct timeval timeout, *tp = NULL;
        if (band_height) {
            struct timeval now;
            gettimeofday(&now, NULL);
            long us = (next_step.tv_sec - now.tv_sec) * 1000000L + (next_step.tv_usec - now.tv_usec);
            if (us <= 0) {
                animate_step();
                gettimeofday(&next_step, NULL);
                next_step.tv_usec += animate_interval_us;
                next_step.tv_sec += next_step.tv_usec / 1000000L;
                next_step.tv_usec %= 1000000L;
                us = animate_interval_us;
            }
            timeout.tv_sec = us / 1000000L;
            timeout.tv_usec = us % 1000000L;
            tp = &timeout;
        }
        if (select(xfd > STDIN_FILENO ? xfd + 1 : STDIN_FILENO + 1, &fds, NULL, NULL, tp) < 0) {
            if (errno == EINTR)
                continue;
            perror("deskport_scene: select");
            break;
        }
        if (FD_ISSET(STDIN_FILENO, &fds)) {
            /* read(), not stdio: select() must not miss lines already sitting in a stdio buffer. */
            const ssize_t got = read(STDIN_FILENO, buf + used, sizeof buf - 1 - used);
            if (got <= 0)
                break; /* EOF: the harness is gone */
            used += (size_t)got;
            buf[used] = '\0';
            char *start = buf, *nl;
            while (running && (nl = strchr(start, '\n'))) {
                *nl = '\0';
                running = handle_command(start);
                start = nl + 1;
            }
            used -= (size_t)(start - buf);
            memmove(buf, start, used);
            if (used == sizeof buf - 1)
                used = 0; /* a line longer than the buffer: drop it */
        }
    }
    XFreeGC(dpy, gc);
    XDestroyWindow(dpy, win);
    XCloseDisplay(dpy);
    return 0;
}
