#include "codec/streamoptions.h"

#include <algorithm>
#include <cmath>

namespace deskport {

namespace {

QSize fitWithin(QSize size, QSize limit)
{
    if (!limit.isValid() || (size.width() <= limit.width() && size.height() <= limit.height())) {
        return size;
    }
    return size.scaled(limit, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

} // namespace

QSize frameSizeFor(QSize desktop, QSize serverMax, QSize viewerMax)
{
    const QSize base = fitWithin(desktop, serverMax);
    double scale = 1.0;
    if (viewerMax.width() > 0) {
        scale = std::min(scale, double(viewerMax.width()) / base.width());
    }
    if (viewerMax.height() > 0) {
        scale = std::min(scale, double(viewerMax.height()) / base.height());
    }
    const int eighths = std::clamp(int(std::floor(scale * 8.0)), 1, 8);
    if (eighths == 8) {
        return base;
    }
    return QSize(std::max(1, (base.width() * eighths + 4) / 8), std::max(1, (base.height() * eighths + 4) / 8));
}

int hotQualityFor(const StreamOptions &options, int quality)
{
    if (quality <= options.minQuality) {
        return quality;
    }
    return std::max(options.minQuality, quality - std::max(0, options.hotQualityDrop));
}

} // namespace deskport
