#include "codec/rectmerge.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace deskport {

namespace {

// A rectangle in tile units, ends exclusive. Merging works on the grid so areas and overlaps are exact integers.
struct TileRect
{
    int left;
    int top;
    int right;
    int bottom;

    qint64 area() const { return qint64(right - left) * (bottom - top); }
    bool intersects(const TileRect &o) const
    {
        return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
    }
    TileRect united(const TileRect &o) const
    {
        return {std::min(left, o.left), std::min(top, o.top), std::max(right, o.right), std::max(bottom, o.bottom)};
    }
};

// Runs of set tiles per tile row, stacked into taller rectangles when consecutive rows have the same span.
// Rectangles come out disjoint because the runs of one row are.
std::vector<TileRect> exactRects(const TileMask &mask)
{
    std::vector<TileRect> rects;
    // For each start column: index in rects of the rectangle that ended on the previous row there, or -1.
    std::vector<int> openAt(static_cast<size_t>(mask.columns()), -1);
    std::vector<int> nextOpenAt(openAt.size(), -1);
    for (int row = 0; row < mask.rows(); ++row) {
        std::fill(nextOpenAt.begin(), nextOpenAt.end(), -1);
        int column = 0;
        while (column < mask.columns()) {
            if (!mask.isSet(column, row)) {
                ++column;
                continue;
            }
            const int start = column;
            while (column < mask.columns() && mask.isSet(column, row))
                ++column;
            const int open = openAt[static_cast<size_t>(start)];
            if (open >= 0 && rects[static_cast<size_t>(open)].right == column) {
                rects[static_cast<size_t>(open)].bottom = row + 1;
                nextOpenAt[static_cast<size_t>(start)] = open;
            } else {
                rects.push_back({start, row, column, row + 1});
                nextOpenAt[static_cast<size_t>(start)] = static_cast<int>(rects.size()) - 1;
            }
        }
        std::swap(openAt, nextOpenAt);
    }
    return rects;
}

// Extra area (in tiles) that replacing a and b by their bounding box would re-send. The inputs are disjoint.
qint64 mergeCost(const TileRect &a, const TileRect &b)
{
    return a.united(b).area() - a.area() - b.area();
}

// Greedy agglomeration down to maxRects: always merge the pair whose bounding box wastes the least area. A
// bounding box can cut into other rectangles; those are absorbed into it (repeatedly, as the box grows), which keeps
// the set disjoint and still covering every tile. Each rectangle caches its cheapest partner so a step costs about
// O(n) instead of O(n^2).
void reduce(std::vector<TileRect> &rects, int maxRects)
{
    struct Node
    {
        TileRect rect;
        bool alive = true;
        int partner = -1;
        qint64 cost = std::numeric_limits<qint64>::max();
    };
    std::vector<Node> nodes;
    nodes.reserve(rects.size() * 2);
    for (const TileRect &r : rects)
        nodes.push_back({r});

    const auto findPartner = [&nodes](size_t i) {
        Node &n = nodes[i];
        n.partner = -1;
        n.cost = std::numeric_limits<qint64>::max();
        for (size_t j = 0; j < nodes.size(); ++j) {
            if (j == i || !nodes[j].alive)
                continue;
            const qint64 c = mergeCost(n.rect, nodes[j].rect);
            if (c < n.cost) {
                n.cost = c;
                n.partner = static_cast<int>(j);
            }
        }
    };

    for (size_t i = 0; i < nodes.size(); ++i)
        findPartner(i);

    int alive = static_cast<int>(nodes.size());
    while (alive > maxRects) {
        size_t best = 0;
        qint64 bestCost = std::numeric_limits<qint64>::max();
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].alive && nodes[i].partner >= 0 && nodes[i].cost < bestCost) {
                bestCost = nodes[i].cost;
                best = i;
            }
        }
        if (bestCost == std::numeric_limits<qint64>::max())
            break; // fewer than two rectangles left; cannot happen while alive > maxRects >= 1

        const size_t other = static_cast<size_t>(nodes[best].partner);
        TileRect merged = nodes[best].rect.united(nodes[other].rect);
        nodes[best].alive = false;
        nodes[other].alive = false;
        alive -= 2;
        for (bool grew = true; grew;) {
            grew = false;
            for (Node &n : nodes) {
                if (n.alive && n.rect.intersects(merged)) {
                    merged = merged.united(n.rect);
                    n.alive = false;
                    --alive;
                    grew = true;
                }
            }
        }
        nodes.push_back({merged});
        ++alive;
        const size_t added = nodes.size() - 1;
        findPartner(added);
        for (size_t i = 0; i < added; ++i) {
            Node &n = nodes[i];
            if (!n.alive)
                continue;
            if (n.partner < 0 || !nodes[static_cast<size_t>(n.partner)].alive) {
                findPartner(i);
            } else {
                const qint64 c = mergeCost(n.rect, merged);
                if (c < n.cost) {
                    n.cost = c;
                    n.partner = static_cast<int>(added);
                }
            }
        }

        // Dead nodes would make every later scan longer; drop them once they are the majority. Every alive node's
        // partner is alive at this point, so partners only need renumbering.
        if (nodes.size() > 2 * static_cast<size_t>(alive)) {
            std::vector<int> renumber(nodes.size(), -1);
            size_t kept = 0;
            for (size_t i = 0; i < nodes.size(); ++i) {
                if (nodes[i].alive) {
                    renumber[i] = static_cast<int>(kept);
                    nodes[kept++] = nodes[i];
                }
            }
            nodes.resize(kept);
            for (Node &n : nodes) {
                if (n.partner >= 0)
                    n.partner = renumber[static_cast<size_t>(n.partner)];
            }
        }
    }

    rects.clear();
    for (const Node &n : nodes) {
        if (n.alive)
            rects.push_back(n.rect);
    }
}

} // namespace

QList<QRect> mergeTiles(const TileMask &mask, int maxRects)
{
    std::vector<TileRect> rects = exactRects(mask);
    reduce(rects, std::max(1, maxRects));

    // Scan order (top to bottom, left to right) so the browser paints predictably and results are deterministic.
    std::sort(rects.begin(), rects.end(),
              [](const TileRect &a, const TileRect &b) { return a.top != b.top ? a.top < b.top : a.left < b.left; });

    const QRect bounds(QPoint(0, 0), mask.imageSize());
    const int ts = mask.tileSize();
    QList<QRect> result;
    result.reserve(static_cast<qsizetype>(rects.size()));
    for (const TileRect &r : rects) {
        const QRect pixels(r.left * ts, r.top * ts, (r.right - r.left) * ts, (r.bottom - r.top) * ts);
        result.append(pixels.intersected(bounds));
    }
    return result;
}

} // namespace deskport
