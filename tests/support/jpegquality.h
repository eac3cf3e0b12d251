#pragma once

// The IJG quality setting a baseline JPEG was written with, read back from its luminance quantisation table: the
// table TurboJPEG writes for quality q is the standard one scaled by the libjpeg formula, so the q whose table
// matches best is the quality. Tests use it to check what quality the server really encoded.

#include <QByteArray>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <optional>

namespace deskport::testsupport {

inline std::optional<std::array<int, 64>> luminanceTable(const QByteArray &jpeg)
{
    // Markers: FF xx, then a 2-byte big-endian length that includes itself. DQT is FFDB.
    qsizetype at = 2;
    while (at + 4 <= jpeg.size()) {
        if (quint8(jpeg[at]) != 0xFF) {
            return std::nullopt;
        }
        const quint8 marker = quint8(jpeg[at + 1]);
        const int length = (quint8(jpeg[at + 2]) << 8) | quint8(jpeg[at + 3]);
        if (marker == 0xDB) {
            qsizetype table = at + 4;
            const qsizetype end = at + 2 + length;
            while (table + 65 <= end && table + 65 <= jpeg.size()) {
                const int precision = quint8(jpeg[table]) >> 4;
                const int id = quint8(jpeg[table]) & 0x0F;
                if (precision != 0) {
                    return std::nullopt; // 16-bit tables: not baseline
                }
                if (id == 0) {
                    std::array<int, 64> values{};
                    for (int i = 0; i < 64; ++i) {
                        values[i] = quint8(jpeg[table + 1 + i]);
                    }
                    return values; // zigzag order, as stored
                }
                table += 65;
            }
        }
        if (marker == 0xDA) {
            return std::nullopt; // image data starts: no table before it
        }
        at += 2 + length;
    }
    return std::nullopt;
}

inline int estimateJpegQuality(const QByteArray &jpeg)
{
    // The standard luminance table (ITU T.81 Annex K), in zigzag order as DQT stores it.
    static constexpr std::array<int, 64> Standard{
        16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49,
        35, 37, 29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56,
        80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99};
    const std::optional<std::array<int, 64>> table = luminanceTable(jpeg);
    if (!table) {
        return -1;
    }
    int best = -1;
    long bestError = std::numeric_limits<long>::max();
    for (int quality = 1; quality <= 100; ++quality) {
        const int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        long error = 0;
        for (int i = 0; i < 64; ++i) {
            const int expected = std::clamp((Standard[i] * scale + 50) / 100, 1, 255);
            error += std::abs(expected - (*table)[i]);
        }
        if (error < bestError) {
            bestError = error;
            best = quality;
        }
    }
    return best;
}

} // namespace deskport::testsupport
