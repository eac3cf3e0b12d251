// Pipeline benchmark (no display needed): generated frame sequences for three scenes go through what the frame
// pipeline does for one viewer at full size — tile diff against the previous frame, rectangle merge, JPEG of each
// rectangle at quality 80 — and the time and bytes per frame are printed. It never fails on speed.
//
//   build/tests/bench/bench_pipeline [frames]   (default 60 frames per scene and size)
//
// Scenes: "typing" (a character appears per frame in a text window, the caret blinks), "scroll" (a big window's
// text moves up 16 px per frame), "video" (a 1280x720-style area at the screen's scale changes every pixel).
// Then "scroll", "drag" (a window dragged over a flat surface), "typing" and "video" again with move detection:
// detect time, total time and bytes per frame without and with copies.
// Sizes 1920x1080 and 3840x2160, with one encoding thread and with one per core (RectEncoder, as the pipeline),
// and a viewer at half of 1920x1080 (the "size" column is the viewer's frame size).

#include "codec/movedetector.h"
#include "codec/rectencoder.h"
#include "codec/rectmerge.h"
#include "codec/tilediff.h"
#include "syntheticdesktop.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using namespace deskport;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int Quality = 80;
constexpr int MaxRects = 16; // StreamOptions::maxRectsPerFrame

// Frame i of a scene, drawn onto a copy of the desktop.
using Scene = std::function<QImage(const QImage &desktop, int i)>;

QImage typing(const QImage &desktop, int i)
{
    QImage frame = desktop.copy();
    QPainter p(&frame);
    const double k = desktop.width() / 1920.0;
    // The text typed so far: one 7 px "glyph" per frame along a line of the first window.
    const int x0 = int(80 * k);
    const int y0 = int(120 * k);
    for (int c = 0; c <= i; ++c) {
        const int x = x0 + (c % 100) * 8;
        const int y = y0 + (c / 100) * 16;
        p.fillRect(x, y, 6, 11, c % 7 == 0 ? QColor(20, 80, 200) : QColor(30, 30, 30));
    }
    // The caret blinks twice a second at 60 fps.
    if ((i / 15) % 2 == 0) {
        p.fillRect(x0 + ((i + 1) % 100) * 8, y0 + ((i + 1) / 100) * 16, 2, 14, Qt::black);
    }
    return frame;
}

QImage scroll(const QImage &desktop, int i)
{
    QImage frame = desktop.copy();
    QPainter p(&frame);
    // The biggest window's content (below its title bar) moves up 16 px per frame, new text entering at the bottom.
    const double k = desktop.width() / 1920.0;
    const QRect view(int(700 * k), int(230 * k), int(1000 * k), int(670 * k));
    const int offset = (i * 16) % view.height();
    const QImage content = desktop.copy(view);
    p.drawImage(view.topLeft(), content, QRect(0, offset, view.width(), view.height() - offset));
    p.drawImage(QPoint(view.x(), view.y() + view.height() - offset), content, QRect(0, 0, view.width(), offset));
    return frame;
}

QImage video(const QImage &desktop, int i)
{
    QImage frame = desktop.copy();
    const double k = desktop.width() / 1920.0;
    const QRect area(int(320 * k), int(180 * k), int(1280 * k), int(720 * k));
    // Smooth colour fields moving and a fine texture: every pixel changes every frame, as in a film.
    for (int y = area.top(); y <= area.bottom(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(frame.scanLine(y));
        for (int x = area.left(); x <= area.right(); ++x) {
            const int r = int(128 + 100 * std::sin((x + i * 7) * 0.013));
            const int g = int(128 + 100 * std::sin((y - i * 5) * 0.017));
            const int b = (x * 13 + y * 7 + i * 31) & 0x3F;
            line[x] = qRgb(r, g, 96 + b);
        }
    }
    return frame;
}

// A window (the desktop's second one, with its text) dragged 9 px right and 5 px down per frame over the wallpaper.
QImage drag(const QImage &desktop, int i)
{
    const double k = desktop.width() / 1920.0;
    const QRect window(int(700 * k), int(200 * k), int(1000 * k), int(700 * k));
    const QImage content = desktop.copy(window);
    QImage frame = desktop.copy();
    QPainter p(&frame);
    p.fillRect(window, QColor(60, 70, 90)); // what is behind the window: another flat surface
    p.drawImage(window.topLeft() - QPoint(int(300 * k), int(150 * k)) + QPoint((i * 9) % int(400 * k), (i * 5) % int(200 * k)),
                content);
    return frame;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(std::lround(p * double(values.size() - 1))));
    return values[index];
}

void run(const char *name, const Scene &scene, const QImage &desktop, int frames, RectEncoder &encoder,
         QSize frameSize = {})
{
    if (!frameSize.isValid()) {
        frameSize = desktop.size();
    }
    const TileDiff differ;
    // The frames are made before timing: drawing them is the scene's work, not the pipeline's.
    std::vector<QImage> sequence;
    sequence.reserve(size_t(frames) + 1);
    for (int i = 0; i <= frames; ++i) {
        sequence.push_back(scene(desktop, i));
    }
    std::vector<double> ms;
    std::vector<double> bytes;
    for (int i = 1; i <= frames; ++i) {
        const auto start = Clock::now();
        const TileMask changed = differ.diff(sequence[size_t(i) - 1], sequence[size_t(i)]);
        qsizetype total = 0;
        const QImage &frame = sequence[size_t(i)];
        for (const protocol::FrameRect &rect : encoder.encode(frame, mergeTiles(changed, MaxRects), frameSize, Quality)) {
            total += rect.jpeg.size();
        }
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        bytes.push_back(double(total));
    }
    std::printf("%-8s %5dx%-5d %7d %9.2f %9.2f %12.1f %12.1f\n", name, frameSize.width(), frameSize.height(),
                encoder.threadCount(),
                percentile(ms, 0.5), percentile(ms, 0.95), percentile(bytes, 0.5) / 1024.0,
                percentile(bytes, 0.95) / 1024.0);
}

// The same scene with move detection, as the pipeline does for an unscaled viewer: detect moves, encode what the
// copies leave (the exposed strips). Prints detection and total time and the bytes with and without copies.
void runMoves(const char *name, const Scene &scene, const QImage &desktop, int frames, RectEncoder &encoder)
{
    const TileDiff differ;
    MoveDetector detector;
    std::vector<QImage> sequence;
    sequence.reserve(size_t(frames) + 1);
    for (int i = 0; i <= frames; ++i) {
        sequence.push_back(scene(desktop, i));
    }
    std::vector<double> detectMs, totalMs, plainBytes, moveBytes;
    int framesWithMoves = 0;
    for (int i = 1; i <= frames; ++i) {
        const QImage &previous = sequence[size_t(i) - 1];
        const QImage &frame = sequence[size_t(i)];
        const auto start = Clock::now();
        const TileMask changed = differ.diff(previous, frame);
        const auto detectStart = Clock::now();
        const QList<Move> moves = detector.detect(previous, frame, changed);
        detectMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - detectStart).count());
        const QList<QRect> rects =
            MoveDetector::outsideMoves(mergeTiles(MoveDetector::withoutMoved(changed, moves), MaxRects), moves);
        qsizetype total = 12 * moves.size() + 2;
        for (const protocol::FrameRect &rect : encoder.encode(frame, rects, frame.size(), Quality)) {
            total += rect.jpeg.size() + 12;
        }
        totalMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        moveBytes.push_back(double(total));
        framesWithMoves += moves.isEmpty() ? 0 : 1;
        qsizetype plain = 0;
        for (const protocol::FrameRect &rect : encoder.encode(frame, mergeTiles(changed, MaxRects), frame.size(), Quality)) {
            plain += rect.jpeg.size() + 12;
        }
        plainBytes.push_back(double(plain));
    }
    std::printf("%-8s %5dx%-5d %7d %9.2f %9.2f %9.2f %9.2f %11.1f %11.1f %6d/%d\n", name, desktop.width(),
                desktop.height(), encoder.threadCount(), percentile(detectMs, 0.5), percentile(detectMs, 0.95),
                percentile(totalMs, 0.5), percentile(totalMs, 0.95), percentile(plainBytes, 0.5) / 1024.0,
                percentile(moveBytes, 0.5) / 1024.0, framesWithMoves, frames);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(2, QByteArray(argv[1]).toInt()) : 60;
    std::printf("%d frames per scene, quality %d; ms per frame (diff + merge + encode), kB per frame\n", frames,
                Quality);
    std::printf("%-8s %11s %7s %9s %9s %12s %12s\n", "scene", "size", "threads", "p50 ms", "p95 ms", "p50 kB",
                "p95 kB");
    RectEncoder one(1);
    RectEncoder all(0);
    for (const QSize size : {QSize(1920, 1080), QSize(3840, 2160)}) {
        const QImage desktop = makeDesktop(size);
        for (RectEncoder *encoder : {&one, &all}) {
            run("typing", typing, desktop, frames, *encoder);
            run("scroll", scroll, desktop, frames, *encoder);
            run("video", video, desktop, frames, *encoder);
        }
    }
    // A viewer at half size: every changed rectangle is scaled before it is encoded.
    std::printf("1920x1080 desktop, viewer at half size:\n");
    const QImage desktop = makeDesktop(QSize(1920, 1080));
    for (RectEncoder *encoder : {&one, &all}) {
        run("scroll", scroll, desktop, frames, *encoder, QSize(960, 540));
        run("video", video, desktop, frames, *encoder, QSize(960, 540));
    }
    // Move detection: copies for the moved block, JPEG only for the exposed strips.
    std::printf("with move detection (detect = MoveDetector::detect alone; total = diff + detect + merge + encode):\n");
    std::printf("%-8s %11s %7s %9s %9s %9s %9s %11s %11s %8s\n", "scene", "size", "threads", "det p50", "det p95",
                "tot p50", "tot p95", "kB no copy", "kB copies", "moved");
    for (const QSize size : {QSize(1920, 1080), QSize(3840, 2160)}) {
        const QImage screen = makeDesktop(size);
        runMoves("scroll", scroll, screen, frames, all);
        runMoves("drag", drag, screen, frames, all);
        runMoves("typing", typing, screen, frames, all);
        runMoves("video", video, screen, frames, all);
    }
    return 0;
}
