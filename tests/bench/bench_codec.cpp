// Codec figures: how long diffing, rectangle merging and JPEG encoding take on a desktop-like 1080p frame.
// Usage: bench_codec [runs]   (default 30). Prints median, min and max per case; it never fails on speed.

#include "codec/jpegencoder.h"
#include "codec/rectmerge.h"
#include "codec/tilediff.h"
#include "syntheticdesktop.h"

#include <QCoreApplication>
#include <QPainter>
#include <QRandomGenerator>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

using namespace deskport;

namespace {

using Clock = std::chrono::steady_clock;

struct Stats
{
    double median;
    double min;
    double max;
};

// Two 1080p frames fit in a server CPU's L3 cache, which flatters repeated runs; a live pipeline compares a freshly
// captured frame. Writing through a buffer larger than any L3 before a run gives the cold-cache figure.
void evictCaches()
{
    static std::vector<char> junk(size_t(128) << 20);
    static char value = 0;
    ++value;
    for (size_t i = 0; i < junk.size(); i += 64)
        junk[i] = value;
}

Stats measure(int runs, const std::function<void()> &work, bool cold = false)
{
    work(); // warm caches and allocators; the first call is not what a running pipeline sees
    std::vector<double> ms;
    ms.reserve(size_t(runs));
    for (int i = 0; i < runs; ++i) {
        if (cold)
            evictCaches();
        const auto start = Clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    const double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    return {median, ms.front(), ms.back()};
}

void row(const char *name, const Stats &s, const QString &extra = {})
{
    std::printf("%-44s %9.3f %9.3f %9.3f  %s\n", name, s.median, s.min, s.max, qPrintable(extra));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 30;

    const QSize size(1920, 1080);
    const QImage frame = makeDesktop(size);
    const TileDiff differ;

    // Unchanged: a separate copy, so memcmp really reads both buffers.
    const QImage same = frame.copy();
    // A few tiles: a blinking cursor, a clock in the panel, a changed word of text.
    QImage few = frame.copy();
    {
        QPainter p(&few);
        p.fillRect(300, 300, 2, 16, Qt::black);
        p.fillRect(1800, 1050, 80, 20, QColor(60, 60, 70));
        p.fillRect(1000, 500, 60, 12, Qt::red);
    }
    QImage all = frame.copy();
    all.invertPixels();
    // Worst case for the diff: only the last scanline of every tile band differs, so every byte is read.
    QImage late = frame.copy();
    for (int y = differ.tileSize() - 1; y < size.height(); y += differ.tileSize()) {
        auto *line = reinterpret_cast<QRgb *>(late.scanLine(y));
        for (int x = 0; x < size.width(); x += differ.tileSize())
            line[x] ^= 1;
    }

    std::printf("Deskport codec benchmark: %dx%d desktop-like frame, %d runs, tile %d px\n", size.width(),
                size.height(), runs, differ.tileSize());
    std::printf("%-44s %9s %9s %9s  %s\n", "case", "median ms", "min ms", "max ms", "notes");

    // Each figure is measured before its note is formatted: the note reports what the measured call returned.
    int tiles = 0;
    const auto diffRow = [&](const char *name, const QImage &current, bool cold) {
        const Stats s = measure(
            runs, [&] { tiles = differ.diff(frame, current).count(); }, cold);
        row(name, s, QStringLiteral("%1 tiles%2").arg(tiles).arg(cold ? QStringLiteral(", cold cache") : QString()));
    };
    for (const bool cold : {false, true}) {
        diffRow("TileDiff::diff, no change", same, cold);
        diffRow("TileDiff::diff, a few tiles changed", few, cold);
        diffRow("TileDiff::diff, everything changed", all, cold);
        diffRow("TileDiff::diff, last line of each band", late, cold);
    }

    // Scattered: ~20% of tiles at random, the case where merging has real work to do.
    TileMask scattered(size, differ.tileSize());
    QRandomGenerator rng(7);
    for (int r = 0; r < scattered.rows(); ++r) {
        for (int c = 0; c < scattered.columns(); ++c)
            scattered.set(c, r, rng.bounded(5) == 0);
    }
    const TileMask full = TileMask::full(size, differ.tileSize());
    const auto mergeRow = [&](const char *name, const TileMask &mask, int maxRects) {
        qsizetype rects = 0;
        const Stats s = measure(runs, [&] { rects = mergeTiles(mask, maxRects).size(); });
        row(name, s, QStringLiteral("%1 tiles -> %2 rects").arg(mask.count()).arg(rects));
    };
    mergeRow("mergeTiles, scattered mask, max 16", scattered, 16);
    mergeRow("mergeTiles, scattered mask, max 64", scattered, 64);
    mergeRow("mergeTiles, full mask", full, 16);
    // Small tiles make many more starting rectangles; the greedy merge is quadratic in them.
    TileMask fine(size, 16);
    for (int r = 0; r < fine.rows(); ++r) {
        for (int c = 0; c < fine.columns(); ++c)
            fine.set(c, r, rng.bounded(5) == 0);
    }
    mergeRow("mergeTiles, scattered 16 px tiles, max 16", fine, 16);

    JpegEncoder encoder;
    QByteArray jpeg;
    const auto encodeRow = [&](const char *name, const QRect &rect, int quality) {
        const Stats s = measure(runs, [&] { jpeg = encoder.encode(frame, rect, quality); });
        row(name, s,
            jpeg.isEmpty() ? encoder.errorString()
                           : QStringLiteral("%1 bytes (%2 bits/px)")
                                 .arg(jpeg.size())
                                 .arg(8.0 * double(jpeg.size()) / (double(rect.width()) * rect.height()), 0, 'f', 2));
    };
    encodeRow("JpegEncoder::encode 1920x1080 q80 (4:2:0)", frame.rect(), 80);
    encodeRow("JpegEncoder::encode 1920x1080 q95 (4:4:4)", frame.rect(), 95);
    encodeRow("JpegEncoder::encode 256x256 text tile q80", QRect(100, 100, 256, 256), 80);
    encodeRow("JpegEncoder::encode 256x256 text tile q95", QRect(100, 100, 256, 256), 95);

    // The whole path for a typical small update: diff, merge, encode each rectangle.
    qsizetype bytes = 0;
    const Stats pipeline = measure(runs, [&] {
        const TileMask mask = differ.diff(frame, few);
        bytes = 0;
        for (const QRect &r : mergeTiles(mask))
            bytes += encoder.encode(few, r, 80).size();
    });
    row("diff + merge + encode, a few tiles, q80", pipeline, QStringLiteral("%1 bytes").arg(bytes));
    return 0;
}
