#pragma once

#include "codec/tilemask.h"

#include <QList>
#include <QRect>

namespace deskport {

// Turns a tile mask into a few rectangles worth encoding as separate JPEGs: every set tile is covered, rectangles
// do not overlap, and at most maxRects come back (when more would be needed, neighbouring rectangles are merged
// into their bounding boxes, so some unchanged pixels get re-sent rather than sending hundreds of tiny images).
// Rectangles are clipped to the image. An empty mask gives an empty list.
QList<QRect> mergeTiles(const TileMask &mask, int maxRects = 16);

} // namespace deskport
