#include "codec/rectmerge.h"

#include <QRandomGenerator>
#include <QTest>

using namespace deskport;

namespace {

TileMask maskFrom(QSize imageSize, int tileSize, std::initializer_list<QPoint> tiles)
{
    TileMask mask(imageSize, tileSize);
    for (const QPoint &t : tiles)
        mask.set(t.x(), t.y());
    return mask;
}

qint64 area(const QRect &r)
{
    return qint64(r.width()) * r.height();
}

// The invariants every result must have. Returns an empty string when they hold, else what is wrong.
QString checkInvariants(const TileMask &mask, const QList<QRect> &rects, int maxRects)
{
    const QRect image(QPoint(0, 0), mask.imageSize());
    if (rects.size() > std::max(1, maxRects))
        return QStringLiteral("%1 rects, limit %2").arg(rects.size()).arg(maxRects);
    for (qsizetype i = 0; i < rects.size(); ++i) {
        if (rects[i].isEmpty() || !image.contains(rects[i]))
            return QStringLiteral("rect %1 empty or outside the image").arg(i);
        for (qsizetype j = i + 1; j < rects.size(); ++j) {
            if (rects[i].intersects(rects[j]))
                return QStringLiteral("rects %1 and %2 overlap").arg(i).arg(j);
        }
    }
    for (int row = 0; row < mask.rows(); ++row) {
        for (int column = 0; column < mask.columns(); ++column) {
            const QRect tile = mask.tileRect(column, row);
            qint64 covered = 0;
            for (const QRect &r : rects)
                covered += area(r.intersected(tile));
            // Rects are disjoint, so the covered area adds up: a tile is either fully covered or not at all.
            if (mask.isSet(column, row) && covered != area(tile))
                return QStringLiteral("set tile %1,%2 not fully covered").arg(column).arg(row);
            if (covered != 0 && covered != area(tile))
                return QStringLiteral("tile %1,%2 partly covered").arg(column).arg(row);
        }
    }
    return {};
}

// Pixel area of the set tiles: what an exact (unmerged) cover must add up to.
qint64 setArea(const TileMask &mask)
{
    qint64 total = 0;
    for (int row = 0; row < mask.rows(); ++row) {
        for (int column = 0; column < mask.columns(); ++column) {
            if (mask.isSet(column, row))
                total += area(mask.tileRect(column, row));
        }
    }
    return total;
}

qint64 totalArea(const QList<QRect> &rects)
{
    qint64 total = 0;
    for (const QRect &r : rects)
        total += area(r);
    return total;
}

} // namespace

class TestRectMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyMask();
    void singleTile();
    void edgeTileIsClipped();
    void fullMaskIsOneRect();
    void horizontalRun();
    void verticalStack();
    void lShapeIsExact();
    void differentSpansAreNotStacked();
    void checkerboardRespectsLimit();
    void limitOfOneGivesBoundingBox();
    void nonPositiveLimitActsAsOne();
    void mergesNearestFirst();
    void randomMasks_data();
    void randomMasks();
};

void TestRectMerge::emptyMask()
{
    QVERIFY(mergeTiles(TileMask(QSize(1920, 1080), 64)).isEmpty());
    QVERIFY(mergeTiles(TileMask()).isEmpty());
}

void TestRectMerge::singleTile()
{
    const QList<QRect> rects = mergeTiles(maskFrom(QSize(640, 480), 64, {{3, 2}}));
    QCOMPARE(rects, QList<QRect>{QRect(192, 128, 64, 64)});
}

void TestRectMerge::edgeTileIsClipped()
{
    // 1000 x 700: the last tile is 40 x 60.
    const QList<QRect> rects = mergeTiles(maskFrom(QSize(1000, 700), 64, {{15, 10}, {14, 10}}));
    QCOMPARE(rects, QList<QRect>{QRect(896, 640, 104, 60)});
}

void TestRectMerge::fullMaskIsOneRect()
{
    const QList<QRect> rects = mergeTiles(TileMask::full(QSize(1920, 1080), 64));
    QCOMPARE(rects, QList<QRect>{QRect(0, 0, 1920, 1080)});
}

void TestRectMerge::horizontalRun()
{
    const QList<QRect> rects = mergeTiles(maskFrom(QSize(640, 480), 64, {{1, 1}, {2, 1}, {3, 1}}));
    QCOMPARE(rects, QList<QRect>{QRect(64, 64, 192, 64)});
}

void TestRectMerge::verticalStack()
{
    const QList<QRect> rects =
        mergeTiles(maskFrom(QSize(640, 480), 64, {{1, 1}, {2, 1}, {1, 2}, {2, 2}, {1, 3}, {2, 3}}));
    QCOMPARE(rects, QList<QRect>{QRect(64, 64, 128, 192)});
}

void TestRectMerge::lShapeIsExact()
{
    // X X
    // X .
    const TileMask mask = maskFrom(QSize(640, 480), 64, {{0, 0}, {1, 0}, {0, 1}});
    const QList<QRect> rects = mergeTiles(mask);
    QCOMPARE(rects.size(), 2);
    QCOMPARE(checkInvariants(mask, rects, 16), QString());
    QCOMPARE(totalArea(rects), setArea(mask));
}

void TestRectMerge::differentSpansAreNotStacked()
{
    // . X X
    // X X X   -> runs differ, so two rects, no tile sent twice
    const TileMask mask = maskFrom(QSize(192, 128), 64, {{1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}});
    const QList<QRect> rects = mergeTiles(mask);
    QCOMPARE(rects, (QList<QRect>{QRect(64, 0, 128, 64), QRect(0, 64, 192, 64)}));
}

void TestRectMerge::checkerboardRespectsLimit()
{
    TileMask mask(QSize(1920, 1080), 64);
    for (int row = 0; row < mask.rows(); ++row) {
        for (int column = 0; column < mask.columns(); ++column)
            mask.set(column, row, (row + column) % 2 == 0);
    }
    QVERIFY(mask.count() > 200);
    for (const int limit : {1, 2, 5, 16, 64, 255}) {
        const QList<QRect> rects = mergeTiles(mask, limit);
        QVERIFY2(rects.size() <= limit, qPrintable(QString::number(limit)));
        QCOMPARE(checkInvariants(mask, rects, limit), QString());
    }
    // With room for all of them, nothing unchanged is re-sent.
    const QList<QRect> exact = mergeTiles(mask, 1000);
    QCOMPARE(exact.size(), mask.count());
    QCOMPARE(totalArea(exact), setArea(mask));
}

void TestRectMerge::limitOfOneGivesBoundingBox()
{
    const TileMask mask = maskFrom(QSize(640, 480), 64, {{1, 1}, {5, 2}, {3, 6}});
    const QList<QRect> rects = mergeTiles(mask, 1);
    QCOMPARE(rects, QList<QRect>{QRect(64, 64, 320, 384)});
}

void TestRectMerge::nonPositiveLimitActsAsOne()
{
    const TileMask mask = maskFrom(QSize(640, 480), 64, {{0, 0}, {9, 7}});
    QCOMPARE(mergeTiles(mask, 0), QList<QRect>{QRect(0, 0, 640, 480)});
    QCOMPARE(mergeTiles(mask, -3), QList<QRect>{QRect(0, 0, 640, 480)});
}

void TestRectMerge::mergesNearestFirst()
{
    // Two tight pairs far apart: with a limit of 2 each pair becomes one rect, not one huge box plus a tile.
    const TileMask mask = maskFrom(QSize(1920, 1080), 64, {{0, 0}, {2, 0}, {27, 15}, {29, 15}});
    const QList<QRect> rects = mergeTiles(mask, 2);
    QCOMPARE(rects, (QList<QRect>{QRect(0, 0, 192, 64), QRect(1728, 960, 192, 64)}));
}

void TestRectMerge::randomMasks_data()
{
    QTest::addColumn<QSize>("imageSize");
    QTest::addColumn<int>("tileSize");
    QTest::addColumn<int>("percent");
    QTest::addColumn<bool>("clustered");
    QTest::newRow("1080p sparse") << QSize(1920, 1080) << 64 << 3 << false;
    QTest::newRow("1080p scattered") << QSize(1920, 1080) << 64 << 20 << false;
    QTest::newRow("1080p dense") << QSize(1920, 1080) << 64 << 70 << false;
    QTest::newRow("1080p clustered") << QSize(1920, 1080) << 64 << 0 << true;
    QTest::newRow("odd size small tiles") << QSize(1003, 611) << 32 << 15 << false;
    QTest::newRow("odd size clustered") << QSize(1003, 611) << 16 << 0 << true;
    QTest::newRow("tiny") << QSize(70, 50) << 16 << 50 << false;
}

void TestRectMerge::randomMasks()
{
    QFETCH(QSize, imageSize);
    QFETCH(int, tileSize);
    QFETCH(int, percent);
    QFETCH(bool, clustered);

    QRandomGenerator rng(20240607);
    for (int round = 0; round < 40; ++round) {
        TileMask mask(imageSize, tileSize);
        if (clustered) {
            // A few changed windows/areas, like a real desktop: random blocks that may overlap.
            const int blocks = 1 + int(rng.bounded(8));
            for (int b = 0; b < blocks; ++b) {
                const int c0 = int(rng.bounded(mask.columns()));
                const int r0 = int(rng.bounded(mask.rows()));
                const int c1 = std::min(mask.columns(), c0 + 1 + int(rng.bounded(8)));
                const int r1 = std::min(mask.rows(), r0 + 1 + int(rng.bounded(6)));
                for (int r = r0; r < r1; ++r) {
                    for (int c = c0; c < c1; ++c)
                        mask.set(c, r);
                }
            }
        } else {
            for (int r = 0; r < mask.rows(); ++r) {
                for (int c = 0; c < mask.columns(); ++c)
                    mask.set(c, r, int(rng.bounded(100)) < percent);
            }
        }
        const int limit = 1 + int(rng.bounded(32));
        const QList<QRect> rects = mergeTiles(mask, limit);
        const QString problem = checkInvariants(mask, rects, limit);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("round %1, limit %2: %3").arg(round).arg(limit).arg(problem)));
        QCOMPARE(rects.isEmpty(), mask.isEmpty());

        // Unlimited: an exact cover.
        const QList<QRect> exact = mergeTiles(mask, 100000);
        QCOMPARE(checkInvariants(mask, exact, 100000), QString());
        QCOMPARE(totalArea(exact), setArea(mask));
    }
}

QTEST_GUILESS_MAIN(TestRectMerge)
#include "tst_rectmerge.moc"
