#include "codec/tilemask.h"

#include <QTest>

using namespace deskport;

class TestTileMask : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void geometryRoundsUpPartialTiles();
    void defaultIsEmpty();
    void setAndClear();
    void outOfRangeIsIgnored();
    void fullSetsEveryTile();
    void tileRectIsClippedToImage();
    void unionOfSameGeometry();
    void unionWithOtherGeometryBecomesFull();
    void equality();
    void intersectedAndSubtracted();
};

void TestTileMask::geometryRoundsUpPartialTiles()
{
    const TileMask mask(QSize(1920, 1080), 64);
    QCOMPARE(mask.columns(), 30);
    QCOMPARE(mask.rows(), 17); // 1080 / 64 = 16.875
    QCOMPARE(mask.tileSize(), 64);
    QCOMPARE(mask.imageSize(), QSize(1920, 1080));
    QVERIFY(mask.isEmpty());
    QCOMPARE(mask.count(), 0);

    const TileMask exact(QSize(128, 64), 64);
    QCOMPARE(exact.columns(), 2);
    QCOMPARE(exact.rows(), 1);

    const TileMask tiny(QSize(1, 1), 64);
    QCOMPARE(tiny.columns(), 1);
    QCOMPARE(tiny.rows(), 1);
}

void TestTileMask::defaultIsEmpty()
{
    const TileMask mask;
    QCOMPARE(mask.columns(), 0);
    QCOMPARE(mask.rows(), 0);
    QVERIFY(mask.isEmpty());
    QCOMPARE(mask.count(), 0);

    const TileMask degenerate(QSize(100, 100), 0);
    QCOMPARE(degenerate.columns(), 0);
    QVERIFY(degenerate.isEmpty());
}

void TestTileMask::setAndClear()
{
    TileMask mask(QSize(200, 100), 32); // 7 x 4
    mask.set(0, 0);
    mask.set(6, 3);
    mask.set(3, 2, true);
    QVERIFY(!mask.isEmpty());
    QCOMPARE(mask.count(), 3);
    QVERIFY(mask.isSet(0, 0));
    QVERIFY(mask.isSet(6, 3));
    QVERIFY(mask.isSet(3, 2));
    QVERIFY(!mask.isSet(2, 3)); // column/row not swapped
    QVERIFY(!mask.isSet(1, 0));

    mask.set(3, 2, false);
    QVERIFY(!mask.isSet(3, 2));
    QCOMPARE(mask.count(), 2);

    mask.clear();
    QVERIFY(mask.isEmpty());
    QCOMPARE(mask.count(), 0);
    QCOMPARE(mask.columns(), 7); // clearing keeps the geometry
}

void TestTileMask::outOfRangeIsIgnored()
{
    TileMask mask(QSize(100, 100), 50);
    mask.set(-1, 0);
    mask.set(2, 0);
    mask.set(0, 2);
    mask.set(0, -1);
    QVERIFY(mask.isEmpty());
    QVERIFY(!mask.isSet(-1, 0));
    QVERIFY(!mask.isSet(5, 5));
    QCOMPARE(mask.tileRect(2, 0), QRect());
}

void TestTileMask::fullSetsEveryTile()
{
    const TileMask mask = TileMask::full(QSize(100, 70), 32); // 4 x 3
    QCOMPARE(mask.count(), 12);
    for (int row = 0; row < mask.rows(); ++row) {
        for (int column = 0; column < mask.columns(); ++column)
            QVERIFY(mask.isSet(column, row));
    }
}

void TestTileMask::tileRectIsClippedToImage()
{
    const TileMask mask(QSize(100, 70), 32);
    QCOMPARE(mask.tileRect(0, 0), QRect(0, 0, 32, 32));
    QCOMPARE(mask.tileRect(1, 1), QRect(32, 32, 32, 32));
    QCOMPARE(mask.tileRect(3, 0), QRect(96, 0, 4, 32));
    QCOMPARE(mask.tileRect(0, 2), QRect(0, 64, 32, 6));
    QCOMPARE(mask.tileRect(3, 2), QRect(96, 64, 4, 6));
}

void TestTileMask::unionOfSameGeometry()
{
    TileMask a(QSize(128, 128), 64);
    TileMask b(QSize(128, 128), 64);
    a.set(0, 0);
    b.set(1, 1);
    b.set(0, 0);
    a |= b;
    QCOMPARE(a.count(), 2);
    QVERIFY(a.isSet(0, 0));
    QVERIFY(a.isSet(1, 1));
    QCOMPARE(b.count(), 2); // the right-hand side is untouched
    QVERIFY(!b.isSet(1, 0));
}

void TestTileMask::unionWithOtherGeometryBecomesFull()
{
    TileMask a(QSize(128, 128), 64);
    a.set(0, 0);
    TileMask b(QSize(256, 128), 64);
    b.set(3, 1);
    a |= b;
    QCOMPARE(a.imageSize(), QSize(256, 128));
    QCOMPARE(a.tileSize(), 64);
    QCOMPARE(a, TileMask::full(QSize(256, 128), 64));

    TileMask c(QSize(128, 128), 64);
    c |= TileMask(QSize(128, 128), 32); // same image, other tile size
    QCOMPARE(c, TileMask::full(QSize(128, 128), 32));
}

void TestTileMask::equality()
{
    TileMask a(QSize(64, 64), 16);
    TileMask b(QSize(64, 64), 16);
    QCOMPARE(a, b);
    a.set(1, 2);
    QVERIFY(!(a == b));
    b.set(1, 2);
    QCOMPARE(a, b);
    QVERIFY(!(TileMask(QSize(64, 64), 16) == TileMask(QSize(64, 64), 32)));
}

void TestTileMask::intersectedAndSubtracted()
{
    const QSize size(256, 128); // 4 x 2 tiles of 64
    const auto maskOf = [size](std::initializer_list<QPoint> tiles) {
        TileMask mask(size, 64);
        for (const QPoint &tile : tiles) {
            mask.set(tile.x(), tile.y());
        }
        return mask;
    };
    const TileMask a = maskOf({{0, 0}, {1, 0}, {2, 1}});
    const TileMask b = maskOf({{1, 0}, {2, 1}, {3, 1}});
    QCOMPARE(a.intersected(b), maskOf({{1, 0}, {2, 1}}));
    QCOMPARE(a.subtracted(b), maskOf({{0, 0}}));
    QCOMPARE(b.subtracted(a), maskOf({{3, 1}}));
    // Another geometry has no tile in common.
    QCOMPARE(a.subtracted(TileMask()), a);
    QVERIFY(a.intersected(TileMask()).isEmpty());
    QCOMPARE(a.intersected(TileMask()).imageSize(), size);
    QCOMPARE(a.intersected(TileMask(QSize(512, 128), 64)).tileSize(), 64);
}

QTEST_GUILESS_MAIN(TestTileMask)
#include "tst_tilemask.moc"
