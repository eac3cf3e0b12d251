#include "codec/movedetector.h"

#include <QRegion>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace deskport {

namespace {

// Runs of this many pixels are hashed; long enough to be distinctive in text, short enough to fit narrow panes.
constexpr int RunPixels = 16;
// One position in about AnchorEvery becomes an anchor (chosen by its hash, so by content alone).
constexpr int AnchorShift = 60; // top 4 bits zero: 1 in 16
// Previous-frame rows are sampled every RowStep rows; current-frame rows in blocks of RowStep consecutive rows
// every BlockPeriod rows, so that whatever the vertical offset, one row of each block meets a sampled row. A prime
// step: with a step that divides the line height of text (16, 20, 24 px), every sampled row can fall in the blank
// gap between lines.
constexpr int RowStep = 13;
constexpr int BlockPeriod = 128;
constexpr int RowGap = 5;
// An offset needs this many agreeing anchors before it is verified; at most MaxCandidates are verified.
constexpr int MinVotes = 3;
constexpr size_t MaxCandidates = 6;
// A video keeps changing the same tiles without moving: after a miss, the same mask is searched every Nth time.
constexpr int MissesSkipped = 3;
// How far (in tiles) a verified block is grown past its matching tiles, on each side.
constexpr int GrowTiles = 4;
// Rows are hashed from every this many pixels (odd, so that 2- and 4-pixel strokes do not all fall between).
constexpr int RowHashStep = 3;

constexpr std::uint64_t Base = 0x100000001B3ULL;
constexpr std::uint64_t Mix = 0x9E3779B97F4A7C15ULL;

bool usable(const QImage &image)
{
    return !image.isNull() && image.depth() == 32;
}

const quint32 *line(const QImage &image, int y)
{
    return reinterpret_cast<const quint32 *>(image.constScanLine(y));
}

// Calls found(x, hash) for every anchor of row y whose run starts in [x0, x1 - RunPixels]. A run is RunPixels of
// row y together with the pixels RowGap rows below: one row of text alone holds few distinct patterns. Runs of one
// colour (blank paper, flat panels) are skipped: they match everywhere and say nothing about where content went.
template<typename Found>
void scanRow(const QImage &image, int y, int x0, int x1, Found &&found)
{
    if (x1 - x0 < RunPixels || y + RowGap >= image.height())
        return;
    const quint32 *p = line(image, y);
    const quint32 *q = line(image, y + RowGap);
    const auto value = [p, q](int x) { return std::uint64_t(p[x]) | (std::uint64_t(q[x]) << 32); };
    std::uint64_t top = 1; // Base^(RunPixels-1)
    for (int i = 1; i < RunPixels; ++i)
        top *= Base;
    std::uint64_t h = 0;
    for (int i = 0; i < RunPixels; ++i)
        h = h * Base + value(x0 + i);
    for (int x = x0;; ++x) {
        const std::uint64_t mixed = h * Mix;
        if ((mixed >> AnchorShift) == 0) {
            const std::uint64_t first = value(x);
            bool flat = true;
            for (int i = 1; i < RunPixels && flat; ++i)
                flat = value(x + i) == first;
            if (!flat)
                found(x, mixed ^ (mixed >> 31));
        }
        if (x + RunPixels >= x1)
            break;
        h = (h - value(x) * top) * Base + value(x + RunPixels);
    }
}

bool rowsEqual(const QImage &previous, const QImage &current, int sx, int sy, int dx, int dy, int width)
{
    return std::memcmp(line(previous, sy) + sx, line(current, dy) + dx, size_t(width) * sizeof(quint32)) == 0;
}

// Whether rect of current equals rect shifted by -offset in previous (which must lie inside previous).
bool blockEqual(const QImage &previous, const QImage &current, const QRect &rect, QPoint offset)
{
    const QRect source = rect.translated(-offset);
    if (!previous.rect().contains(source))
        return false;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        if (!rowsEqual(previous, current, source.left(), y - offset.y(), rect.left(), y, rect.width()))
            return false;
    }
    return true;
}

// Grows rect (a verified match at offset) side by side, one line at a time, while the new line still matches;
// at most limit lines per side. This finds a moved block's exact edges inside its border tiles.
QRect grow(const QImage &previous, const QImage &current, QRect rect, QPoint offset, int limit)
{
    const QRect bounds = current.rect().intersected(previous.rect().translated(offset));
    const auto tryAdd = [&](const QRect &line) { return bounds.contains(line) && blockEqual(previous, current, line, offset); };
    for (int i = 0; i < limit && tryAdd(QRect(rect.left(), rect.top() - 1, rect.width(), 1)); ++i)
        rect.setTop(rect.top() - 1);
    for (int i = 0; i < limit && tryAdd(QRect(rect.left(), rect.bottom() + 1, rect.width(), 1)); ++i)
        rect.setBottom(rect.bottom() + 1);
    for (int i = 0; i < limit && tryAdd(QRect(rect.left() - 1, rect.top(), 1, rect.height())); ++i)
        rect.setLeft(rect.left() - 1);
    for (int i = 0; i < limit && tryAdd(QRect(rect.right() + 1, rect.top(), 1, rect.height())); ++i)
        rect.setRight(rect.right() + 1);
    return rect;
}

} // namespace

QList<Move> MoveDetector::detect(const QImage &previous, const QImage &current, const TileMask &changed, int maxMoves)
{
    if (maxMoves <= 0 || !usable(previous) || !usable(current) || previous.size() != current.size()
        || changed.imageSize() != current.size() || changed.tileSize() <= 0 || changed.count() < MinTiles) {
        return {};
    }
    // A video misses with the same tiles frame after frame; a page whose text was replaced and is then scrolled
    // misses once with the same tiles it then moves in, so skipping starts only after two misses in a row.
    const bool sameAsMiss = changed == m_lastMiss;
    if (sameAsMiss && m_repeatedMisses >= 2 && m_missesSkipped < MissesSkipped) {
        ++m_missesSkipped;
        return {};
    }

    QList<Move> moves;
    std::vector<bool> covered(size_t(changed.columns()) * size_t(changed.rows()), false);
    int uncovered = changed.count();
    const auto tryCandidates = [&](const std::vector<Candidate> &found) {
        for (const Candidate &candidate : found) {
            // The same offset may hold more than one block (two panes scrolled alike): try it until it fails.
            Move move;
            while (moves.size() < maxMoves && uncovered >= MinTiles
                   && verify(previous, current, changed, candidate.offset, covered, moves, move)) {
                moves.append(move);
                const QRect destination = move.destinationRect();
                for (int row = 0; row < changed.rows(); ++row) {
                    for (int column = 0; column < changed.columns(); ++column) {
                        const size_t index = size_t(row) * size_t(changed.columns()) + size_t(column);
                        if (!covered[index] && destination.contains(changed.tileRect(column, row))) {
                            covered[index] = true;
                            uncovered -= changed.isSet(column, row) ? 1 : 0;
                        }
                    }
                }
            }
            if (moves.size() >= maxMoves || uncovered < MinTiles)
                break;
        }
    };
    // Whichever way found the last move goes first: a page that scrolls goes on scrolling the same way.
    if (m_rowsFirst) {
        tryCandidates(rowCandidates(previous, current, changed));
        if (moves.isEmpty()) {
            tryCandidates(candidates(previous, current, changed));
            m_rowsFirst = moves.isEmpty();
        }
    } else {
        tryCandidates(candidates(previous, current, changed));
        if (moves.isEmpty()) {
            tryCandidates(rowCandidates(previous, current, changed));
            m_rowsFirst = !moves.isEmpty();
        }
    }

    if (moves.isEmpty()) {
        m_repeatedMisses = sameAsMiss ? m_repeatedMisses + 1 : 1;
        m_lastMiss = changed;
    } else {
        m_repeatedMisses = 0;
        m_lastMiss = TileMask();
    }
    m_missesSkipped = 0;
    return moves;
}

std::vector<MoveDetector::Candidate> MoveDetector::candidates(const QImage &previous, const QImage &current,
                                                              const TileMask &changed)
{
    const int tile = changed.tileSize();
    const int width = current.width();
    const int height = current.height();

    // The span of changed columns in each tile row: sources and destinations of moves lie in changed tiles (what
    // was there before a window moved away changed too), with a tile of slack for blocks that only partly moved.
    std::vector<std::pair<int, int>> spans(size_t(changed.rows()), {-1, -1});
    int sampledPixels = 0;
    for (int row = 0; row < changed.rows(); ++row) {
        for (int column = 0; column < changed.columns(); ++column) {
            if (changed.isSet(column, row)) {
                auto &span = spans[size_t(row)];
                if (span.first < 0)
                    span.first = column;
                span.second = column;
            }
        }
        if (spans[size_t(row)].first >= 0)
            sampledPixels += (spans[size_t(row)].second - spans[size_t(row)].first + 3) * tile * tile / RowStep;
    }

    // Anchors of the previous frame in an open-addressing table. A hash seen twice (a repeated word, a border)
    // is marked ambiguous and votes for nothing.
    size_t capacity = 1024;
    while (capacity < size_t(sampledPixels) / 4)
        capacity *= 2;
    m_table.assign(capacity, Anchor{});
    const size_t mask = capacity - 1;
    size_t stored = 0;
    const auto insert = [&](int x, int y, std::uint64_t hash) {
        if (stored * 2 >= capacity)
            return;
        for (size_t slot = size_t(hash >> 20) & mask;; slot = (slot + 1) & mask) {
            Anchor &anchor = m_table[slot];
            if (anchor.y < 0) {
                anchor = Anchor{hash, x, y};
                ++stored;
                return;
            }
            if (anchor.hash == hash) {
                anchor.x = -1;
                return;
            }
        }
    };
    for (int row = 0; row < changed.rows(); ++row) {
        const auto [first, last] = spans[size_t(row)];
        if (first < 0)
            continue;
        const int x0 = std::max(0, (first - 1) * tile);
        const int x1 = std::min(width, (last + 2) * tile);
        const int y1 = std::min(height, (row + 1) * tile);
        for (int y = (row * tile + RowStep - 1) / RowStep * RowStep; y < y1; y += RowStep)
            scanRow(previous, y, x0, x1, [&](int x, std::uint64_t hash) { insert(x, y, hash); });
    }

    // Votes for offsets, in a small open-addressing table keyed by the packed offset.
    struct Vote
    {
        quint32 key = 0;
        int count = 0;
    };
    constexpr size_t VoteSlots = 4096;
    std::vector<Vote> votes(VoteSlots);
    size_t distinctOffsets = 0;
    const auto vote = [&](int dx, int dy) {
        const quint32 key = (quint32(dx + 32768) << 16) | quint32(dy + 32768);
        for (size_t slot = (key * 2654435761U) % VoteSlots;; slot = (slot + 1) % VoteSlots) {
            Vote &entry = votes[slot];
            if (entry.key == key) {
                ++entry.count;
                return;
            }
            if (entry.key == 0) {
                if (distinctOffsets * 2 >= VoteSlots)
                    return; // noise: enough offsets are known
                entry = Vote{key, 1};
                ++distinctOffsets;
                return;
            }
        }
    };
    const auto lookUp = [&](int x, int y, std::uint64_t hash) {
        for (size_t slot = size_t(hash >> 20) & mask;; slot = (slot + 1) & mask) {
            const Anchor &anchor = m_table[slot];
            if (anchor.y < 0)
                return;
            if (anchor.hash == hash) {
                if (anchor.x >= 0 && (anchor.x != x || anchor.y != y))
                    vote(x - anchor.x, y - anchor.y);
                return;
            }
        }
    };
    for (int row = 0; row < changed.rows(); ++row) {
        const auto [first, last] = spans[size_t(row)];
        if (first < 0)
            continue;
        const int x0 = first * tile;
        const int x1 = std::min(width, (last + 1) * tile);
        const int y1 = std::min(height, (row + 1) * tile);
        for (int y = row * tile; y < y1; ++y) {
            if (y % BlockPeriod >= RowStep)
                continue;
            scanRow(current, y, x0, x1, [&](int x, std::uint64_t hash) {
                if (changed.isSet(x / tile, row))
                    lookUp(x, y, hash);
            });
        }
    }

    std::vector<Candidate> result;
    for (const Vote &entry : votes) {
        if (entry.key != 0 && entry.count >= MinVotes)
            result.push_back({QPoint(int(entry.key >> 16) - 32768, int(entry.key & 0xFFFF) - 32768), entry.count});
    }
    std::sort(result.begin(), result.end(), [](const Candidate &a, const Candidate &b) { return a.votes > b.votes; });
    // Vertical strokes and flat stretches make offsets next to the true one collect votes too: only the best of
    // such a cluster is verified.
    std::vector<Candidate> best;
    for (const Candidate &candidate : result) {
        const bool nearBetter = std::any_of(best.begin(), best.end(), [&](const Candidate &other) {
            return std::abs(other.offset.x() - candidate.offset.x()) <= 2
                && std::abs(other.offset.y() - candidate.offset.y()) <= 2;
        });
        if (!nearBetter)
            best.push_back(candidate);
        if (best.size() == MaxCandidates)
            break;
    }
    return best;
}

std::vector<MoveDetector::Candidate> MoveDetector::rowCandidates(const QImage &previous, const QImage &current,
                                                                 const TileMask &changed)
{
    const int tile = changed.tileSize();
    int top = changed.rows(), bottom = -1, left = changed.columns(), right = -1;
    for (int row = 0; row < changed.rows(); ++row) {
        for (int column = 0; column < changed.columns(); ++column) {
            if (changed.isSet(column, row)) {
                top = std::min(top, row);
                bottom = std::max(bottom, row);
                left = std::min(left, column);
                right = std::max(right, column);
            }
        }
    }
    if (bottom < 0)
        return {};
    const int x0 = left * tile;
    const int x1 = std::min(current.width(), (right + 1) * tile);
    const int y0 = top * tile;
    const int y1 = std::min(current.height(), (bottom + 1) * tile);
    const int rows = y1 - y0;
    const auto rowHash = [x0, x1](const QImage &image, int y) {
        const quint32 *p = line(image, y);
        std::uint64_t h = 0;
        bool flat = true;
        // Every RowHashStep-th pixel: enough to tell rows of text apart (verify() compares every pixel anyway).
        for (int x = x0; x < x1; x += RowHashStep) {
            h = h * Base + p[x];
            flat = flat && p[x] == p[x0];
        }
        return flat ? 0 : (h * Mix) | 1; // 0: a row of one colour, which matches everywhere
    };

    // The previous frame's rows by hash. Rows of text repeat (the same stroke row of every glyph on a line), so a
    // hash seen a few times votes for each place it was seen: the true offset gets the votes of every row, the
    // others scatter. A hash seen more often (rules, borders) votes for nothing.
    constexpr std::ptrdiff_t MaxRepeats = 4;
    std::vector<std::pair<std::uint64_t, int>> previousRows;
    previousRows.reserve(size_t(rows));
    for (int y = y0; y < y1; ++y) {
        if (const std::uint64_t hash = rowHash(previous, y))
            previousRows.emplace_back(hash, y);
    }
    std::sort(previousRows.begin(), previousRows.end());
    // Votes per vertical offset, -rows..rows.
    std::vector<int> votes(size_t(2 * rows + 1), 0);
    for (int y = y0; y < y1; ++y) {
        const std::uint64_t hash = rowHash(current, y);
        if (hash == 0)
            continue;
        const auto [first, last] = std::equal_range(previousRows.begin(), previousRows.end(), std::make_pair(hash, 0),
                                                    [](const auto &a, const auto &b) { return a.first < b.first; });
        if (last - first > MaxRepeats)
            continue;
        for (auto it = first; it != last; ++it) {
            if (it->second != y)
                ++votes[size_t(y - it->second + rows)];
        }
    }
    std::vector<Candidate> result;
    for (int i = 0; i < int(votes.size()); ++i) {
        if (votes[size_t(i)] >= tile / 4)
            result.push_back({QPoint(0, i - rows), votes[size_t(i)]});
    }
    std::sort(result.begin(), result.end(), [](const Candidate &a, const Candidate &b) { return a.votes > b.votes; });
    if (result.size() > MaxCandidates)
        result.resize(MaxCandidates);
    return result;
}

bool MoveDetector::verify(const QImage &previous, const QImage &current, const TileMask &changed, QPoint offset,
                          const std::vector<bool> &covered, const QList<Move> &accepted, Move &move) const
{
    const int columns = changed.columns();
    const auto index = [columns](int column, int row) { return size_t(row) * size_t(columns) + size_t(column); };

    // The tiles still worth moving: changed and not yet covered by an accepted move.
    int top = changed.rows(), bottom = -1, left = columns, right = -1;
    std::vector<int> weight(covered.size(), 0);
    for (int row = 0; row < changed.rows(); ++row) {
        for (int column = 0; column < columns; ++column) {
            if (changed.isSet(column, row) && !covered[index(column, row)]) {
                weight[index(column, row)] = 1;
                top = std::min(top, row);
                bottom = std::max(bottom, row);
                left = std::min(left, column);
                right = std::max(right, column);
            }
        }
    }
    if (bottom < 0)
        return false;

    // A quick look first: one row in the middle of each tile that counts. Most wrong offsets end here.
    int plausible = 0;
    for (int row = top; row <= bottom; ++row) {
        for (int column = left; column <= right; ++column) {
            if (!weight[index(column, row)])
                continue;
            const QRect tile = changed.tileRect(column, row);
            if (blockEqual(previous, current, QRect(tile.left(), tile.center().y(), tile.width(), 1), offset))
                ++plausible;
            else
                weight[index(column, row)] = -1; // cannot match
        }
    }
    if (plausible < MinTiles)
        return false;

    // Which tiles of that box match at offset, pixel for pixel. Unchanged tiles that match (blank margins) may be
    // crossed by a move; they weigh nothing.
    const int boxColumns = right - left + 1;
    std::vector<bool> matches(size_t(bottom - top + 1) * size_t(boxColumns), false);
    int matching = 0;
    for (int row = top; row <= bottom; ++row) {
        for (int column = left; column <= right; ++column) {
            const bool match = weight[index(column, row)] >= 0
                && blockEqual(previous, current, changed.tileRect(column, row), offset);
            matches[size_t(row - top) * size_t(boxColumns) + size_t(column - left)] = match;
            matching += match && weight[index(column, row)] > 0;
        }
    }
    if (matching < MinTiles)
        return false;

    // The rectangle of matching tiles that holds the most changed tiles: every pair of rows, then the best run of
    // columns that match all the way down (weights are never negative, so whole runs).
    int best = 0;
    QRect bestTiles;
    std::vector<bool> columnMatches(static_cast<size_t>(boxColumns));
    std::vector<int> columnWeight(static_cast<size_t>(boxColumns));
    for (int first = top; first <= bottom; ++first) {
        std::fill(columnMatches.begin(), columnMatches.end(), true);
        std::fill(columnWeight.begin(), columnWeight.end(), 0);
        for (int last = first; last <= bottom; ++last) {
            bool any = false;
            for (int c = 0; c < boxColumns; ++c) {
                const bool match = columnMatches[size_t(c)] && matches[size_t(last - top) * size_t(boxColumns) + size_t(c)];
                columnMatches[size_t(c)] = match;
                columnWeight[size_t(c)] += match ? weight[index(left + c, last)] : 0;
                any = any || match;
            }
            if (!any)
                break;
            for (int c = 0; c < boxColumns;) {
                if (!columnMatches[size_t(c)]) {
                    ++c;
                    continue;
                }
                int sum = 0;
                const int start = c;
                for (; c < boxColumns && columnMatches[size_t(c)]; ++c)
                    sum += columnWeight[size_t(c)];
                if (sum > best) {
                    best = sum;
                    bestTiles = QRect(QPoint(left + start, first), QPoint(left + c - 1, last));
                }
            }
        }
    }
    if (best < MinTiles)
        return false;

    const QRect tiles = QRect(changed.tileRect(bestTiles.left(), bestTiles.top()).topLeft(),
                              changed.tileRect(bestTiles.right(), bestTiles.bottom()).bottomRight());
    // Beyond the changed tiles a block may go on over unchanged ones (blank margins of a scrolled page): a few
    // tiles' worth of growth finds its edges there too, at the cost of a few row compares.
    const QRect destination = grow(previous, current, tiles, offset, GrowTiles * changed.tileSize());
    const QRect source = destination.translated(-offset);
    // Copies are applied in order: this one must read pixels that no earlier copy has overwritten.
    for (const Move &earlier : accepted) {
        if (earlier.destinationRect().intersects(source))
            return false;
    }
    move = Move{source, destination.topLeft()};
    return true;
}

TileMask MoveDetector::withoutMoved(const TileMask &changed, const QList<Move> &moves)
{
    if (moves.isEmpty())
        return changed;
    QRegion destinations;
    for (const Move &move : moves)
        destinations += move.destinationRect();
    TileMask result = changed;
    for (int row = 0; row < changed.rows(); ++row) {
        for (int column = 0; column < changed.columns(); ++column) {
            if (changed.isSet(column, row) && QRegion(changed.tileRect(column, row)).subtracted(destinations).isEmpty())
                result.set(column, row, false);
        }
    }
    return result;
}

QList<QRect> MoveDetector::outsideMoves(const QList<QRect> &rects, const QList<Move> &moves)
{
    if (moves.isEmpty())
        return rects;
    QRegion destinations;
    for (const Move &move : moves)
        destinations += move.destinationRect();
    QList<QRect> result;
    for (const QRect &rect : rects) {
        const QRegion left = QRegion(rect).subtracted(destinations);
        for (const QRect &piece : left)
            result.append(piece);
    }
    return result;
}

} // namespace deskport
