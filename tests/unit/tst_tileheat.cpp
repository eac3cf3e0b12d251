// TileHeat: a tile is hot when it changed in at least hotChanges of the last hotSlots captures, empty captures
// included; tiles are still when unchanged for stillMs; a new geometry starts again.

#include "codec/tileheat.h"

#include <QTest>

using namespace deskport;

namespace {

const QSize Screen(256, 128); // 4 x 2 tiles of 64
constexpr int Tile = 64;

TileMask maskOf(std::initializer_list<QPoint> tiles, QSize size = Screen)
{
    TileMask mask(size, Tile);
    for (const QPoint &tile : tiles) {
        mask.set(tile.x(), tile.y());
    }
    return mask;
}

} // namespace

class TestTileHeat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingIsHotAtFirst();
    void threeOfSixMakesHot();
    void coolsDownAfterStillCaptures();
    void slowChangesStayCold();
    void stillTilesAmongCandidates();
    void newGeometryStartsAgain();
    void thresholdsAreClamped();
};

void TestTileHeat::nothingIsHotAtFirst()
{
    TileHeat heat;
    QVERIFY(!heat.isHot(0, 0));
    QVERIFY(!heat.isHot(-1, 5)); // out of range: not hot, no crash
    QVERIFY(heat.hotMask().isEmpty());
    heat.record(TileMask::full(Screen, Tile), 0); // the first capture: everything "changed" once
    QVERIFY(heat.hotMask().isEmpty());
    QCOMPARE(heat.hotMask().imageSize(), Screen);
}

void TestTileHeat::threeOfSixMakesHot()
{
    TileHeat heat(3, 6);
    const TileMask video = maskOf({{1, 0}, {2, 0}});
    const TileMask none(Screen, Tile);
    heat.record(video, 0);
    heat.record(none, 33);
    heat.record(video, 66);
    QVERIFY(!heat.isHot(1, 0)); // two of the last six
    heat.record(none, 100);
    heat.record(video, 133); // three of the last five
    QVERIFY(heat.isHot(1, 0));
    QVERIFY(heat.isHot(2, 0));
    QVERIFY(!heat.isHot(0, 0));
    QVERIFY(!heat.isHot(1, 1));
    QCOMPARE(heat.hotMask(), video);
}

void TestTileHeat::coolsDownAfterStillCaptures()
{
    TileHeat heat(3, 6);
    const TileMask video = maskOf({{3, 1}});
    const TileMask none(Screen, Tile);
    for (int i = 0; i < 10; ++i) {
        heat.record(video, i * 33);
    }
    QVERIFY(heat.isHot(3, 1));
    // Still captures push the changes out of the window: hot while three of the last six remain.
    for (int i = 0; i < 3; ++i) {
        heat.record(none, 400 + i * 33);
        QVERIFY2(heat.isHot(3, 1), qPrintable(QString::number(i)));
    }
    heat.record(none, 500); // now only two of the last six
    QVERIFY(!heat.isHot(3, 1));
    QVERIFY(heat.hotMask().isEmpty());
}

void TestTileHeat::slowChangesStayCold()
{
    // Typing: one change every few captures never adds up to three in six.
    TileHeat heat(3, 6);
    const TileMask caret = maskOf({{0, 1}});
    const TileMask none(Screen, Tile);
    for (int i = 0; i < 30; ++i) {
        heat.record(i % 3 == 0 ? caret : none, i * 33);
        QVERIFY(!heat.isHot(0, 1));
    }
}

void TestTileHeat::stillTilesAmongCandidates()
{
    TileHeat heat;
    heat.record(TileMask::full(Screen, Tile), 1000);
    heat.record(maskOf({{0, 0}}), 1300);
    heat.record(maskOf({{1, 0}}), 1350);
    const TileMask candidates = maskOf({{0, 0}, {1, 0}, {2, 0}});
    // At 1400 with 400 ms: only (2,0), unchanged since 1000.
    QCOMPARE(heat.stillAmong(candidates, 1400, 400), maskOf({{2, 0}}));
    QCOMPARE(heat.stillAmong(candidates, 1700, 400), maskOf({{0, 0}, {2, 0}}));
    QCOMPARE(heat.stillAmong(candidates, 1750, 400), candidates);
    // Only candidates come back, however still the others are.
    QCOMPARE(heat.stillAmong(TileMask(Screen, Tile), 9000, 400), TileMask(Screen, Tile));
    // Candidates of another geometry: nothing is known about them, nothing is still.
    QVERIFY(heat.stillAmong(TileMask::full(QSize(64, 64), Tile), 9000, 400).isEmpty());
}

void TestTileHeat::newGeometryStartsAgain()
{
    TileHeat heat(2, 4);
    const TileMask video = maskOf({{0, 0}});
    heat.record(video, 0);
    heat.record(video, 33);
    QVERIFY(heat.isHot(0, 0));
    const QSize bigger(512, 256);
    heat.record(TileMask(bigger, Tile), 66);
    QVERIFY(!heat.isHot(0, 0));
    QCOMPARE(heat.hotMask().imageSize(), bigger);
    heat.record(maskOf({{7, 3}}, bigger), 100);
    heat.record(maskOf({{7, 3}}, bigger), 133);
    QVERIFY(heat.isHot(7, 3));
    heat.reset();
    QVERIFY(!heat.isHot(7, 3));
    QVERIFY(heat.hotMask().isEmpty());
    heat.record(TileMask(), 200); // no geometry at all: ignored
    QVERIFY(heat.hotMask().isEmpty());
}

void TestTileHeat::thresholdsAreClamped()
{
    TileHeat heat(0, 100); // 1 of 32
    heat.record(maskOf({{0, 0}}), 0);
    QVERIFY(heat.isHot(0, 0));
    for (int i = 1; i <= 31; ++i) {
        heat.record(TileMask(Screen, Tile), i);
    }
    QVERIFY(heat.isHot(0, 0)); // 32 captures ago at most
    heat.record(TileMask(Screen, Tile), 32);
    QVERIFY(!heat.isHot(0, 0));

    heat.setThresholds(10, 2); // hotChanges above hotSlots: every one of the last 2
    heat.record(maskOf({{1, 1}}), 40);
    QVERIFY(!heat.isHot(1, 1));
    heat.record(maskOf({{1, 1}}), 41);
    QVERIFY(heat.isHot(1, 1));
}

QTEST_MAIN(TestTileHeat)
#include "tst_tileheat.moc"
