/*
 * deskport_benchscene: the moving pictures of the end-to-end benchmark (tests/bench/e2e_bench.mjs).
 *
 *   deskport_benchscene --mode typing|scroll|video|click [--hz 60] [--log FILE] [--step N] [--first N]
 *
 * Maps one override-redirect window over the whole root window and paints, --hz times a second (absolute
 * schedule on CLOCK_MONOTONIC; a late frame is painted at once and the schedule skips ahead, never bursts):
 *   typing  a page of text-like lines; a line of text grows by --step glyphs (12x20 px cells, default 2) per frame
 *           with a cursor bar after it; the next line is cleared when a line is full, the page wraps at the bottom.
 *   scroll  a fixed grey bar (40 px) at the top, under it a page of text-like lines (words, paragraphs, margins)
 *           that scrolls up by --step pixels (default 8) per frame: the window copies onto itself, a new strip of
 *           the document is drawn at the bottom.
 *   video   every pixel changes every frame: a smooth colour pattern with mild noise that moves by --step pixels
 *           (default 3) across and 2/3 of that down per frame (XShm when the server has it, else XPutImage).
 *   click   the text page, still; every press of button 1 paints a 40x40 square at the press and a new stamp.
 *
 * Every frame carries a stamp at (8, 8): 36 cells of 16x16 px in one row, white = 0, black = 1:
 *   cell 0 white, cell 1 black (the stamp is there), cells 2-33 the frame number (32 bits, most significant
 *   first), cell 34 the parity of those 32 bits (1 if odd), cell 35 its inverse.
 * Frame numbers start at --first (default 1) and count painted frames. In click mode the number is the count of
 * presses so far, starting at --first - 1 before any press.
 *
 * The log (--log FILE, default stdout) gets one line per frame after XSync, i.e. once the X server has it:
 *   "<frame> <ms>"                     ms: CLOCK_MONOTONIC in milliseconds with 3 decimals
 *   "<frame> <ms> <press ms>"          click mode: when the frame was synced, and when the press arrived
 * stdout gets "ready" once the first frame is on the screen (its log line is written before). Ends on SIGTERM,
 * SIGINT, or when the X server goes away.
 */
#define _DEFAULT_SOURCE /* clock_nanosleep, sys/ipc */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/select.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

enum mode { MODE_TYPING, MODE_SCROLL, MODE_VIDEO, MODE_CLICK };

#define STAMP_X 8
#define STAMP_Y 8
#define STAMP_CELL 16
#define STAMP_CELLS 36

#define GLYPH_W 12
#define GLYPH_H 20
#define GLYPH_COUNT 96 /* glyph 0 is a space */
#define MARGIN_LEFT 40
#define SCROLL_TOP 40 /* the scroll scene's fixed bar */
#define INK 0x202428UL
#define PAPER 0xffffffUL
#define MARKER_SIZE 40

static Display *dpy;
static Window win;
static GC gc;
static Pixmap atlas;
static int width, height;
static FILE *logfile;
static volatile sig_atomic_t stop_requested;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static uint32_t hash32(uint32_t x)
{
    /* lowbias32: cheap and well mixed, so neighbouring lines and columns look unrelated */
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

static void fill(int x, int y, int w, int h, unsigned long rgb)
{
    XSetForeground(dpy, gc, rgb);
    XFillRectangle(dpy, win, gc, x, y, (unsigned)w, (unsigned)h);
}

/* ---- the stamp ------------------------------------------------------------------------------------------ */

static void paint_stamp(uint32_t frame)
{
    XRectangle black[STAMP_CELLS], white[STAMP_CELLS];
    int nb = 0, nw = 0;
    int parity = 0;
    for (int i = 0; i < STAMP_CELLS; ++i) {
        int bit;
        if (i == 0)
            bit = 0;
        else if (i == 1)
            bit = 1;
        else if (i < 34) {
            bit = (int)((frame >> (33 - i)) & 1U);
            parity ^= bit;
        } else if (i == 34)
            bit = parity;
        else
            bit = !parity;
        XRectangle r = {(short)(STAMP_X + i * STAMP_CELL), STAMP_Y, STAMP_CELL, STAMP_CELL};
        if (bit)
            black[nb++] = r;
        else
            white[nw++] = r;
    }
    XSetForeground(dpy, gc, 0x000000UL);
    XFillRectangles(dpy, win, gc, black, nb);
    XSetForeground(dpy, gc, 0xffffffUL);
    XFillRectangles(dpy, win, gc, white, nw);
}

/* ---- text-like content ------------------------------------------------------------------------------------ */

/* 96 glyphs of 2 px strokes in 12x20 cells, dark on white: stems, bars, ascenders and descenders picked by a hash.
 * Not letters, but the same density, stroke width, x-height and spacing, so JPEG and the tile diff see what they
 * see on a page of text. */
static void make_atlas(void)
{
    atlas = XCreatePixmap(dpy, win, GLYPH_W * GLYPH_COUNT, GLYPH_H, (unsigned)DefaultDepth(dpy, DefaultScreen(dpy)));
    XSetForeground(dpy, gc, PAPER);
    XFillRectangle(dpy, atlas, gc, 0, 0, GLYPH_W * GLYPH_COUNT, GLYPH_H);
    XSetForeground(dpy, gc, INK);
    enum { left = 2, right = 8, xtop = 8, base = 16, ascender = 3, descender = 19 };
    for (int g = 1; g < GLYPH_COUNT; ++g) {
        const int x0 = g * GLYPH_W;
        uint32_t bits = hash32((uint32_t)g * 2654435761U);
        if ((bits & 0x1fU) == 0)
            bits |= 0x5U; /* at least a stem and a bar */
        XRectangle strokes[8];
        int n = 0;
        if (bits & 0x01U) /* left stem, maybe with an ascender or a descender */
            strokes[n++] = (XRectangle){(short)(x0 + left), (short)((bits & 0x20U) ? ascender : xtop), 2,
                                        (unsigned short)(((bits & 0x40U) ? descender : base) -
                                                         ((bits & 0x20U) ? ascender : xtop))};
        if (bits & 0x02U) /* right stem */
            strokes[n++] = (XRectangle){(short)(x0 + right), (short)((bits & 0x80U) ? ascender : xtop), 2,
                                        (unsigned short)(base - ((bits & 0x80U) ? ascender : xtop))};
        if (bits & 0x04U) /* top bar */
            strokes[n++] = (XRectangle){(short)(x0 + left), xtop, right - left + 2, 2};
        if (bits & 0x08U) /* middle bar */
            strokes[n++] = (XRectangle){(short)(x0 + left), (xtop + base) / 2 - 1, right - left + 2, 2};
        if (bits & 0x10U) /* bottom bar */
            strokes[n++] = (XRectangle){(short)(x0 + left), base - 2, right - left + 2, 2};
        if ((bits & 0x300U) == 0x100U) /* a dot on top (i, j) */
            strokes[n++] = (XRectangle){(short)(x0 + 5), ascender + 1, 2, 2};
        if ((bits & 0xc00U) == 0x400U) /* a diagonal-ish step in the middle */
            strokes[n++] = (XRectangle){(short)(x0 + 4), xtop + 2, 2, 4};
        XFillRectangles(dpy, atlas, gc, strokes, n);
    }
}

/* The character at (line, column) of an endless document: words of 2-9 glyphs, lines of varying length,
 * a blank line between paragraphs. Returns 0 for a space or past the line's end. */
static int line_length(uint32_t line)
{
    const uint32_t h = hash32(line * 7919U + 1U);
    if (h % 9U == 0)
        return 0; /* paragraph break */
    const int max = (width - 2 * MARGIN_LEFT) / GLYPH_W;
    const int len = max / 2 + (int)(h % (uint32_t)(max / 2 + 1));
    return len < max ? len : max;
}

static int glyph_at(uint32_t line, int column)
{
    if (column >= line_length(line))
        return 0;
    const uint32_t h = hash32(line * 131071U + (uint32_t)column * 524287U);
    if (h % 6U == 0 && column > 0)
        return 0;
    return 1 + (int)(h % (GLYPH_COUNT - 1));
}

/* Copies a glyph's rows that fall inside the screen rows [y0, y1). */
static void draw_glyph_clipped(int glyph, int x, int y, int y0, int y1)
{
    const int top = y > y0 ? y : y0;
    const int bottom = y + GLYPH_H < y1 ? y + GLYPH_H : y1;
    if (bottom > top)
        XCopyArea(dpy, atlas, win, gc, glyph * GLYPH_W, top - y, GLYPH_W, (unsigned)(bottom - top), x, top);
}

static void draw_glyph(int glyph, int x, int y)
{
    draw_glyph_clipped(glyph, x, y, y, y + GLYPH_H);
}

/* Draws the screen rows [y0, y1) of a page whose screen row `top` shows document row `doc_offset`. */
static void draw_document(int top, long doc_offset, int y0, int y1)
{
    if (y1 <= y0)
        return;
    fill(0, y0, width, y1 - y0, PAPER);
    const long first_line = (doc_offset + (y0 - top)) / GLYPH_H;
    const long last_line = (doc_offset + (y1 - 1 - top)) / GLYPH_H;
    for (long line = first_line; line <= last_line; ++line) {
        const int y = top + (int)(line * GLYPH_H - doc_offset);
        const int len = line_length((uint32_t)line);
        for (int col = 0; col < len; ++col) {
            const int g = glyph_at((uint32_t)line, col);
            if (g)
                draw_glyph_clipped(g, MARGIN_LEFT + col * GLYPH_W, y, y0, y1);
        }
    }
}

/* ---- typing ------------------------------------------------------------------------------------------------- */

static int typing_line = 4, typing_col;
static uint32_t typing_text_line = 100000; /* which document line is being typed */

static void typing_step(int glyphs)
{
    const int lines = height / GLYPH_H;
    for (int i = 0; i < glyphs; ++i) {
        int len = line_length(typing_text_line);
        if (typing_col >= len) {
            typing_col = 0;
            ++typing_text_line;
            if (++typing_line >= lines)
                typing_line = 4;
            fill(0, typing_line * GLYPH_H, width, GLYPH_H, PAPER); /* a fresh line to type on */
            continue;
        }
        const int g = glyph_at(typing_text_line, typing_col);
        draw_glyph(g, MARGIN_LEFT + typing_col * GLYPH_W, typing_line * GLYPH_H);
        ++typing_col;
    }
    /* the cursor after the last glyph (the next glyph cell overwrites it) */
    fill(MARGIN_LEFT + typing_col * GLYPH_W, typing_line * GLYPH_H + 2, 2, GLYPH_H - 4, INK);
}

/* ---- scroll ------------------------------------------------------------------------------------------------- */

static long scroll_offset;

static void scroll_paint_all(void)
{
    fill(0, 0, width, SCROLL_TOP, 0xdcdfe4UL);
    fill(0, SCROLL_TOP - 1, width, 1, 0xa0a4a8UL);
    draw_document(SCROLL_TOP, scroll_offset, SCROLL_TOP, height);
}

static void scroll_step(int pixels)
{
    const int region = height - SCROLL_TOP;
    if (pixels >= region) {
        scroll_offset += pixels;
        draw_document(SCROLL_TOP, scroll_offset, SCROLL_TOP, height);
        return;
    }
    XCopyArea(dpy, win, win, gc, 0, SCROLL_TOP + pixels, (unsigned)width, (unsigned)(region - pixels), 0,
              SCROLL_TOP);
    scroll_offset += pixels;
    draw_document(SCROLL_TOP, scroll_offset, height - pixels, height);
}

/* ---- video -------------------------------------------------------------------------------------------------- */

#define VIDEO_SLACK 512
static uint32_t *texture; /* (width + SLACK) x (height + SLACK) */
static int texture_w, texture_h;
static XImage *frame_image;
static XShmSegmentInfo shm_info;
static int use_shm;

static int make_video(void)
{
    texture_w = width + VIDEO_SLACK;
    texture_h = height + VIDEO_SLACK;
    texture = malloc((size_t)texture_w * (size_t)texture_h * 4);
    if (!texture)
        return -1;
    uint32_t noise = 0x12345678U;
    for (int y = 0; y < texture_h; ++y) {
        for (int x = 0; x < texture_w; ++x) {
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            const int n = (int)(noise & 15U) - 8;
            int r = 128 + (int)(100.0f * sinf((float)x * 0.011f + (float)y * 0.004f)) + n;
            int g = 128 + (int)(100.0f * sinf((float)y * 0.013f - (float)x * 0.003f + 2.0f)) + n;
            int b = 128 + (int)(100.0f * sinf((float)(x + y) * 0.007f + 4.0f)) + n;
            r = r < 0 ? 0 : r > 255 ? 255 : r;
            g = g < 0 ? 0 : g > 255 ? 255 : g;
            b = b < 0 ? 0 : b > 255 ? 255 : b;
            texture[(size_t)y * (size_t)texture_w + (size_t)x] = (uint32_t)(r << 16 | g << 8 | b);
        }
    }
    const int screen = DefaultScreen(dpy);
    Visual *visual = DefaultVisual(dpy, screen);
    const unsigned depth = (unsigned)DefaultDepth(dpy, screen);
    if (XShmQueryExtension(dpy)) {
        frame_image = XShmCreateImage(dpy, visual, depth, ZPixmap, NULL, &shm_info, (unsigned)width,
                                      (unsigned)height);
        if (frame_image) {
            shm_info.shmid = shmget(IPC_PRIVATE, (size_t)frame_image->bytes_per_line * (size_t)height,
                                    IPC_CREAT | 0600);
            if (shm_info.shmid >= 0) {
                shm_info.shmaddr = frame_image->data = shmat(shm_info.shmid, NULL, 0);
                shm_info.readOnly = True;
                if (shm_info.shmaddr != (char *)-1 && XShmAttach(dpy, &shm_info)) {
                    XSync(dpy, False);
                    shmctl(shm_info.shmid, IPC_RMID, NULL); /* freed when both sides detach */
                    use_shm = 1;
                    return 0;
                }
                shmctl(shm_info.shmid, IPC_RMID, NULL);
            }
            frame_image->data = NULL;
            XDestroyImage(frame_image);
            frame_image = NULL;
        }
    }
    char *data = malloc((size_t)width * (size_t)height * 4);
    if (!data)
        return -1;
    frame_image = XCreateImage(dpy, visual, depth, ZPixmap, 0, data, (unsigned)width, (unsigned)height, 32, 0);
    return frame_image ? 0 : -1;
}

static void video_frame(uint32_t frame, int step)
{
    const int ox = (int)((frame * (uint32_t)step) % VIDEO_SLACK);
    const int oy = (int)((frame * (uint32_t)(step * 2 / 3 + 1)) % VIDEO_SLACK);
    for (int y = 0; y < height; ++y) {
        memcpy(frame_image->data + (size_t)y * (size_t)frame_image->bytes_per_line,
               texture + (size_t)(y + oy) * (size_t)texture_w + (size_t)ox, (size_t)width * 4);
    }
    if (use_shm)
        XShmPutImage(dpy, win, gc, frame_image, 0, 0, 0, 0, (unsigned)width, (unsigned)height, False);
    else
        XPutImage(dpy, win, gc, frame_image, 0, 0, 0, 0, (unsigned)width, (unsigned)height);
}

/* ---- main ----------------------------------------------------------------------------------------------------- */

static void on_signal(int signal)
{
    (void)signal;
    stop_requested = 1;
}

static void log_frame(uint32_t frame, double synced_ms, double press_ms)
{
    if (press_ms >= 0)
        fprintf(logfile, "%u %.3f %.3f\n", frame, synced_ms, press_ms);
    else
        fprintf(logfile, "%u %.3f\n", frame, synced_ms);
    fflush(logfile);
}

static int usage(void)
{
    fprintf(stderr, "usage: deskport_benchscene --mode typing|scroll|video|click [--hz N] [--log FILE] [--step N] "
                    "[--first N]\n");
    return 2;
}

static int x_error_exit(Display *display)
{
    (void)display;
    exit(0); /* the X server went away: the benchmark is over */
}

int main(int argc, char **argv)
{
    enum mode mode = MODE_TYPING;
    int mode_given = 0;
    double hz = 60;
    int step = -1;
    uint32_t first = 1;
    const char *log_path = NULL;
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value)
            return usage();
        ++i;
        if (!strcmp(arg, "--mode")) {
            mode_given = 1;
            if (!strcmp(value, "typing"))
                mode = MODE_TYPING;
            else if (!strcmp(value, "scroll"))
                mode = MODE_SCROLL;
            else if (!strcmp(value, "video"))
                mode = MODE_VIDEO;
            else if (!strcmp(value, "click"))
                mode = MODE_CLICK;
            else
                return usage();
        } else if (!strcmp(arg, "--hz")) {
            hz = atof(value);
            if (!(hz >= 1 && hz <= 1000))
                return usage();
        } else if (!strcmp(arg, "--step")) {
            step = atoi(value);
            if (step < 1 || step > 1000)
                return usage();
        } else if (!strcmp(arg, "--first")) {
            first = (uint32_t)strtoul(value, NULL, 10);
        } else if (!strcmp(arg, "--log")) {
            log_path = value;
        } else {
            return usage();
        }
    }
    if (!mode_given)
        return usage();
    if (step < 0)
        step = mode == MODE_SCROLL ? 8 : mode == MODE_VIDEO ? 3 : 2;
    logfile = log_path ? fopen(log_path, "w") : stdout;
    if (!logfile) {
        fprintf(stderr, "deskport_benchscene: cannot write %s: %s\n", log_path, strerror(errno));
        return 1;
    }

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "deskport_benchscene: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "");
        return 1;
    }
    XSetIOErrorHandler(x_error_exit);
    const int screen = DefaultScreen(dpy);
    width = DisplayWidth(dpy, screen);
    height = DisplayHeight(dpy, screen);
    XSetWindowAttributes attributes;
    attributes.override_redirect = True;
    attributes.background_pixel = PAPER;
    attributes.event_mask = ExposureMask | ButtonPressMask;
    win = XCreateWindow(dpy, RootWindow(dpy, screen), 0, 0, (unsigned)width, (unsigned)height, 0, CopyFromParent,
                        InputOutput, CopyFromParent, CWOverrideRedirect | CWBackPixel | CWEventMask, &attributes);
    XGCValues values;
    values.graphics_exposures = False;
    gc = XCreateGC(dpy, win, GCGraphicsExposures, &values);
    make_atlas();
    if (mode == MODE_VIDEO && make_video() != 0) {
        fprintf(stderr, "deskport_benchscene: out of memory for the video frames\n");
        return 1;
    }
    XMapRaised(dpy, win);
    for (;;) { /* the first Expose: the window is on the screen */
        XEvent event;
        XNextEvent(dpy, &event);
        if (event.type == Expose)
            break;
    }

    uint32_t frame = mode == MODE_CLICK ? first - 1 : first;
    if (mode == MODE_SCROLL)
        scroll_paint_all();
    else if (mode == MODE_VIDEO)
        video_frame(frame, step);
    else
        draw_document(0, 0, 0, height);
    paint_stamp(frame);
    XSync(dpy, False);
    log_frame(frame, now_ms(), -1);
    printf("ready\n");
    fflush(stdout);

    const int fd = ConnectionNumber(dpy);
    if (mode == MODE_CLICK) {
        while (!stop_requested) {
            while (XPending(dpy)) {
                XEvent event;
                XNextEvent(dpy, &event);
                if (event.type == ButtonPress && event.xbutton.button == Button1) {
                    const double press = now_ms();
                    ++frame;
                    static const unsigned long colours[] = {0xff8000, 0x00a0ff, 0x20c040, 0xc000c0};
                    fill(event.xbutton.x - MARKER_SIZE / 2, event.xbutton.y - MARKER_SIZE / 2, MARKER_SIZE,
                         MARKER_SIZE, colours[frame % 4]);
                    paint_stamp(frame);
                    XSync(dpy, False);
                    log_frame(frame, now_ms(), press);
                }
            }
            fd_set readable;
            FD_ZERO(&readable);
            FD_SET(fd, &readable);
            struct timeval timeout = {0, 200000};
            if (select(fd + 1, &readable, NULL, NULL, &timeout) < 0 && errno != EINTR)
                break;
        }
        return 0;
    }

    const double period_ns = 1e9 / hz;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    while (!stop_requested) {
        /* the next tick on the absolute schedule; after a late frame, skip to the next tick still ahead */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        do {
            long long ns = (long long)next.tv_nsec + (long long)period_ns;
            next.tv_sec += (time_t)(ns / 1000000000LL);
            next.tv_nsec = (long)(ns % 1000000000LL);
        } while (next.tv_sec < now.tv_sec || (next.tv_sec == now.tv_sec && next.tv_nsec <= now.tv_nsec));
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR && !stop_requested) {
        }
        if (stop_requested)
            break;
        while (XPending(dpy)) { /* nothing to do with events, but the queue must not grow */
            XEvent event;
            XNextEvent(dpy, &event);
        }
        ++frame;
        if (mode == MODE_TYPING)
            typing_step(step);
        else if (mode == MODE_SCROLL)
            scroll_step(step);
        else
            video_frame(frame, step);
        paint_stamp(frame);
        XSync(dpy, False);
        log_frame(frame, now_ms(), -1);
    }
    if (use_shm) {
        XShmDetach(dpy, &shm_info);
        shmdt(shm_info.shmaddr);
    }
    XCloseDisplay(dpy);
    return 0;
}
