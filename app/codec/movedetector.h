#pragma once

#include "codec/tilemask.h"

#include <QImage>
#include <QList>
#include <QPoint>
#include <QRect>

#include <cstdint>
#include <vector>

namespace deskport {

// A block of the previous frame that reappears, pixel for pixel, elsewhere in the current one (a scrolled page, a
// dragged window).
struct Move
{
    QRect source;       // in the previous frame
    QPoint destination; // where source's top-left lands in the current frame
    QRect destinationRect() const { return QRect(destination, source.size()); }
    QPoint offset() const { return destination - source.topLeft(); }
    bool operator==(const Move &) const = default;
};

// Finds moved blocks between two frames, so that a viewer can be sent "copy this block" and the newly exposed strip
// instead of the whole moved area.
//
// How: short runs of pixels chosen by their content (a rolling hash, so the same runs are chosen wherever the
// content went) are hashed in sampled rows of both frames; matching runs vote for an offset. The best offsets are
// then verified pixel-exactly tile by tile, the best rectangle of matching tiles is taken and grown pixel by pixel
// to the moved block's exact edges.
//
// Moves are in the order a viewer must apply them: no move's source overlaps an earlier move's destination, so
// each copy reads pixels of the previous frame. Not thread-safe: one per worker.
class MoveDetector
{
public:
    // Fewer changed tiles than this are not worth a search; a move must also cover this many changed tiles.
    static constexpr int MinTiles = 8;

    // Moves that make up changed (a mask of previous -> current, as TileDiff gives). Both images are 32-bit and of
    // the same size; anything else gives no moves.
    QList<Move> detect(const QImage &previous, const QImage &current, const TileMask &changed, int maxMoves = 4);

    // changed without the tiles entirely covered by the moves' destinations: what is left to encode (tiles only
    // partly covered stay, the exposed strip among them).
    static TileMask withoutMoved(const TileMask &changed, const QList<Move> &moves);

    // The parts of rects outside every move's destination (what must still be encoded once the copies are
    // applied: the exposed strip, not whole tile rows). Pieces do not overlap.
    static QList<QRect> outsideMoves(const QList<QRect> &rects, const QList<Move> &moves);

private:
    struct Candidate
    {
        QPoint offset;
        int votes = 0;
    };

    std::vector<Candidate> candidates(const QImage &previous, const QImage &current, const TileMask &changed);
    // The fallback for vertical scrolls that the sampled anchors missed (few distinct patterns in the sampled
    // rows): whole rows of the changed columns, hashed in both frames, vote for vertical offsets.
    std::vector<Candidate> rowCandidates(const QImage &previous, const QImage &current, const TileMask &changed);
    bool verify(const QImage &previous, const QImage &current, const TileMask &changed, QPoint offset,
                const std::vector<bool> &covered, const QList<Move> &accepted, Move &move) const;

    // After searches that found nothing, the same changed set (a video playing) is searched only now and then.
    TileMask m_lastMiss;
    int m_repeatedMisses = 0;
    int m_missesSkipped = 0;
    bool m_rowsFirst = false; // the last move was found by rowCandidates

    // Reused between calls: anchors of the previous frame, an open-addressing table of (hash, x, y).
    struct Anchor
    {
        std::uint64_t hash = 0;
        int x = -1;
        int y = -1;
    };
    std::vector<Anchor> m_table;
};

} // namespace deskport
