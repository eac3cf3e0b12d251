#include "codec/movedetector.h"
#include "codec/tilediff.h"
#include "support/textpage.h"

#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>
#include <QRegion>
#include <QTest>

using namespace deskport;

namespace {

using testsupport::makeTextPage;

QImage makeBackground(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient wallpaper(0, 0, size.width(), size.height());
    wallpaper.setColorAt(0, QColor(30, 60, 110));
    wallpaper.setColorAt(1, QColor(120, 40, 90));
    p.fillRect(image.rect(), wallpaper);
    return image;
}

// The background with a viewport showing page from scroll position (scrollX, scrollY).
QImage withView(const QImage &background, const QImage &page, const QRect &view, QPoint scroll)
{
    QImage frame = background.copy();
    QPainter p(&frame);
    p.drawImage(view.topLeft(), page, QRect(scroll, view.size()));
    return frame;
}

// What a viewer does with a frame: the copies in order, each reading the canvas as it is just then, then the
// encoded tiles (here: the current pixels of every tile left after the moves).
QImage replay(const QImage &previous, const QImage &current, const TileMask &changed, const QList<Move> &moves)
{
    QImage canvas = previous.copy();
    for (const Move &move : moves) {
        const QImage block = canvas.copy(move.source);
        QPainter p(&canvas);
        p.setCompositionMode(QPainter::CompositionMode_Source);
        p.drawImage(move.destination, block);
    }
    const TileMask left = MoveDetector::withoutMoved(changed, moves);
    QPainter p(&canvas);
    p.setCompositionMode(QPainter::CompositionMode_Source);
    for (int row = 0; row < left.rows(); ++row) {
        for (int column = 0; column < left.columns(); ++column) {
            if (left.isSet(column, row)) {
                const QRect tile = left.tileRect(column, row);
                p.drawImage(tile.topLeft(), current, tile);
            }
        }
    }
    return canvas;
}

QString describe(const QList<Move> &moves)
{
    QStringList parts;
    for (const Move &m : moves) {
        parts << QStringLiteral("%1,%2 %3x%4 -> %5,%6")
                     .arg(m.source.x())
                     .arg(m.source.y())
                     .arg(m.source.width())
                     .arg(m.source.height())
                     .arg(m.destination.x())
                     .arg(m.destination.y());
    }
    return parts.join(QStringLiteral("; "));
}

int tilesSaved(const TileMask &changed, const QList<Move> &moves)
{
    return changed.count() - MoveDetector::withoutMoved(changed, moves).count();
}

} // namespace

class TestMoveDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void moveAccessors();
    void verticalScroll_data();
    void verticalScroll();
    void scrollOverFlatBackground();
    void scrollOfBlockGlyphText_data();
    void scrollOfBlockGlyphText();
    void horizontalScroll();
    void windowDrag();
    void wholeScreenScroll();
    void twoPanes();
    void videoNoiseHasNoMove();
    void scrollRightAfterNewText();
    void smallChangeHasNoMove();
    void badInputHasNoMove();
    void withoutMovedKeepsExposedStrip();
    void outsideMovesLeavesOnlyTheStrip();
};

void TestMoveDetector::moveAccessors()
{
    const Move move{QRect(10, 20, 30, 40), QPoint(15, 5)};
    QCOMPARE(move.destinationRect(), QRect(15, 5, 30, 40));
    QCOMPARE(move.offset(), QPoint(5, -15));
}

void TestMoveDetector::verticalScroll_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("down 1 line") << 16;
    QTest::newRow("down 3 px") << 3;
    QTest::newRow("down 120 px") << 120;
    QTest::newRow("up 40 px") << -40;
}

void TestMoveDetector::verticalScroll()
{
    QFETCH(int, step);
    const QImage background = makeBackground(QSize(1280, 800));
    const QImage page = makeTextPage(QSize(700, 3000), 7);
    const QRect view(150, 93, 700, 600); // not on tile boundaries
    const QImage previous = withView(background, page, view, QPoint(0, 1000));
    const QImage current = withView(background, page, view, QPoint(0, 1000 + step));
    const TileMask changed = TileDiff().diff(previous, current);

    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(moves.size() == 1, qPrintable(describe(moves)));
    const Move &move = moves.first();
    QCOMPARE(move.offset(), QPoint(0, -step));
    // The whole moved part of the view, to the pixel: everything of the view but the exposed strip.
    const QRect expected = step > 0 ? view.adjusted(0, 0, 0, -step) : view.adjusted(0, -step, 0, 0);
    QCOMPARE(move.destinationRect(), expected);
    QCOMPARE(replay(previous, current, changed, moves), current);
    QVERIFY(tilesSaved(changed, moves) >= 60);
}

void TestMoveDetector::scrollOverFlatBackground()
{
    // Around the view the screen is one flat colour, which matches itself at any vertical offset: the move may
    // take some of it along, but must hold the whole moved part of the view.
    QImage background(1280, 720, QImage::Format_RGB32);
    background.fill(QColor(40, 44, 52));
    const QImage page = makeTextPage(QSize(800, 3000), 17);
    const QRect view(135, 100, 800, 500);
    const QImage previous = withView(background, page, view, QPoint(0, 600));
    const QImage current = withView(background, page, view, QPoint(0, 640));
    const TileMask changed = TileDiff().diff(previous, current);
    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(moves.size() == 1, qPrintable(describe(moves)));
    QCOMPARE(moves.first().offset(), QPoint(0, -40));
    QVERIFY2(moves.first().destinationRect().contains(view.adjusted(0, 0, 0, -40)), qPrintable(describe(moves)));
    QCOMPARE(replay(previous, current, changed, moves), current);
}

namespace {

// A full-width page of text whose glyphs are built from a few filled rectangles, as simple UI fonts and our
// benchmark scene draw them: most pixel rows repeat many times (every glyph's stroke rows), few 16-pixel runs are
// unique. Lines of 20 px, glyphs 12x20, under a fixed 40 px bar.
QImage makeBlockText(QSize size, int scrolled)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(QColor(0xdc, 0xdf, 0xe4));
    QPainter painter(&image);
    const QRect pageArea(0, 40, size.width(), size.height() - 40);
    painter.setClipRect(pageArea);
    painter.fillRect(pageArea, Qt::white);
    const QColor ink(0x20, 0x24, 0x28);
    for (int line = scrolled / 20; line * 20 - scrolled < pageArea.height(); ++line) {
        const int y = 40 + line * 20 - scrolled;
        QRandomGenerator random(quint32(line) * 2654435761U + 1);
        const int length = int(random.bounded(150));
        for (int column = 0; column < length; ++column) {
            const int glyph = int(random.bounded(8));
            const int x = 40 + column * 12;
            if (glyph == 0) {
                continue; // a space
            }
            painter.fillRect(x + 2, y + 4, 2, 12, ink);
            if (glyph & 1) {
                painter.fillRect(x + 2, y + 4, 8, 2, ink);
            }
            if (glyph & 2) {
                painter.fillRect(x + 2, y + 9, 7, 2, ink);
            }
            if (glyph & 4) {
                painter.fillRect(x + 8, y + 4, 2, 12, ink);
            }
        }
    }
    return image;
}

} // namespace

void TestMoveDetector::scrollOfBlockGlyphText_data()
{
    QTest::addColumn<int>("step");
    QTest::newRow("8 px") << 8;
    QTest::newRow("24 px") << 24;
    QTest::newRow("32 px") << 32;
    QTest::newRow("88 px") << 88;
}

void TestMoveDetector::scrollOfBlockGlyphText()
{
    QFETCH(int, step);
    const QSize screen(1920, 1080);
    MoveDetector detector;
    // Several frames in a row, as a scrolling page gives them: every one must be found (a miss re-encodes the
    // whole page).
    for (int frame = 0; frame < 6; ++frame) {
        const QImage previous = makeBlockText(screen, 1000 + frame * step);
        const QImage current = makeBlockText(screen, 1000 + (frame + 1) * step);
        const TileMask changed = TileDiff().diff(previous, current);
        const QList<Move> moves = detector.detect(previous, current, changed);
        QVERIFY2(moves.size() == 1, qPrintable(QStringLiteral("frame %1: %2").arg(frame).arg(describe(moves))));
        QCOMPARE(moves.first().offset(), QPoint(0, -step));
        QCOMPARE(replay(previous, current, changed, moves), current);
        QVERIFY(tilesSaved(changed, moves) >= 300);
    }
}

void TestMoveDetector::horizontalScroll()
{
    const QImage background = makeBackground(QSize(1280, 800));
    const QImage page = makeTextPage(QSize(3000, 600), 11);
    const QRect view(100, 100, 900, 500);
    const QImage previous = withView(background, page, view, QPoint(500, 0));
    const QImage current = withView(background, page, view, QPoint(540, 0));
    const TileMask changed = TileDiff().diff(previous, current);

    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(moves.size() == 1, qPrintable(describe(moves)));
    QCOMPARE(moves.first().offset(), QPoint(-40, 0));
    QCOMPARE(moves.first().destinationRect(), view.adjusted(0, 0, -40, 0));
    QCOMPARE(replay(previous, current, changed, moves), current);
}

void TestMoveDetector::windowDrag()
{
    const QImage background = makeBackground(QSize(1600, 900));
    QImage window = makeTextPage(QSize(520, 380), 3);
    {
        QPainter p(&window);
        p.fillRect(0, 0, window.width(), 24, QColor(220, 222, 228)); // title bar
        p.setPen(QColor(150, 150, 160));
        p.drawRect(window.rect().adjusted(0, 0, -1, -1));
    }
    const auto frameWith = [&](QPoint at) {
        QImage frame = background.copy();
        QPainter(&frame).drawImage(at, window);
        return frame;
    };
    const QPoint from(301, 207);
    const QPoint to(from + QPoint(83, -37));
    const QImage previous = frameWith(from);
    const QImage current = frameWith(to);
    const TileMask changed = TileDiff().diff(previous, current);

    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(!moves.isEmpty(), "no move found");
    QCOMPARE(moves.first().offset(), to - from);
    // The whole window moves (the gradient behind it does not match at the offset, so the edges are exact).
    QCOMPARE(moves.first().destinationRect(), QRect(to, window.size()));
    QCOMPARE(replay(previous, current, changed, moves), current);
}

void TestMoveDetector::wholeScreenScroll()
{
    // A full-screen document: the move touches every border of the screen, source and destination alike.
    const QImage page = makeTextPage(QSize(1024, 4000), 5);
    const QRect screen(0, 0, 1024, 768);
    const QImage previous = page.copy(QRect(0, 500, 1024, 768));
    const QImage current = page.copy(QRect(0, 548, 1024, 768));
    const TileMask changed = TileDiff().diff(previous, current);

    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(moves.size() == 1, qPrintable(describe(moves)));
    QCOMPARE(moves.first().source, QRect(0, 48, 1024, 720));
    QCOMPARE(moves.first().destination, QPoint(0, 0));
    QCOMPARE(replay(previous, current, changed, moves), current);
    // Only the exposed strip at the bottom is left: one tile row.
    const TileMask left = MoveDetector::withoutMoved(changed, moves);
    QCOMPARE(left.count(), left.columns());
    for (int column = 0; column < left.columns(); ++column)
        QVERIFY(left.isSet(column, left.rows() - 1));
}

void TestMoveDetector::twoPanes()
{
    // A file manager: a sidebar scrolled up and a main pane scrolled down, by different amounts.
    const QImage background = makeBackground(QSize(1400, 900));
    const QImage sidebarPage = makeTextPage(QSize(300, 3000), 21);
    const QImage mainPage = makeTextPage(QSize(800, 3000), 22);
    const QRect sidebar(40, 60, 300, 700);
    const QRect pane(380, 60, 800, 700);
    const auto frameAt = [&](int sidebarScroll, int paneScroll) {
        QImage frame = withView(background, sidebarPage, sidebar, QPoint(0, sidebarScroll));
        QPainter(&frame).drawImage(pane.topLeft(), mainPage, QRect(QPoint(0, paneScroll), pane.size()));
        return frame;
    };
    const QImage previous = frameAt(800, 900);
    const QImage current = frameAt(770, 964);
    const TileMask changed = TileDiff().diff(previous, current);

    MoveDetector detector;
    const QList<Move> moves = detector.detect(previous, current, changed);
    QVERIFY2(moves.size() == 2, qPrintable(describe(moves)));
    QSet<int> offsets;
    for (const Move &move : moves)
        offsets.insert(move.offset().y());
    QCOMPARE(offsets, (QSet<int>{30, -64}));
    for (int i = 1; i < moves.size(); ++i) {
        for (int j = 0; j < i; ++j)
            QVERIFY(!moves[j].destinationRect().intersects(moves[i].source));
    }
    QCOMPARE(replay(previous, current, changed, moves), current);
}

void TestMoveDetector::videoNoiseHasNoMove()
{
    const QImage background = makeBackground(QSize(1280, 720));
    const QRect area(200, 100, 640, 360);
    QRandomGenerator rng(99);
    const auto videoFrame = [&] {
        QImage frame = background.copy();
        for (int y = area.top(); y <= area.bottom(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(frame.scanLine(y));
            for (int x = area.left(); x <= area.right(); ++x)
                line[x] = 0xFF000000U | (rng.generate() & 0xFFFFFFU);
        }
        return frame;
    };
    MoveDetector detector;
    QImage previous = videoFrame();
    for (int i = 0; i < 6; ++i) {
        const QImage current = videoFrame();
        const TileMask changed = TileDiff().diff(previous, current);
        QVERIFY(changed.count() > 40);
        QVERIFY2(detector.detect(previous, current, changed).isEmpty(), "noise taken for a move");
        previous = current;
    }
}

void TestMoveDetector::scrollRightAfterNewText()
{
    // A link opens a new page in the same view (a miss, the view's tiles changed), which is scrolled at once: the
    // same tiles change again, and this time they moved.
    const QImage background = makeBackground(QSize(1280, 800));
    const QRect view(150, 93, 700, 600);
    const QImage first = withView(background, makeTextPage(QSize(700, 3000), 40), view, QPoint(0, 0));
    const QImage secondPage = makeTextPage(QSize(700, 3000), 41);
    const QImage loaded = withView(background, secondPage, view, QPoint(0, 0));
    const QImage scrolled = withView(background, secondPage, view, QPoint(0, 48));
    // Both changes marked alike (a mask may mark tiles that did not change): what the pipeline sees when the two
    // differ only in blank margins.
    TileMask changed = TileDiff().diff(first, loaded);
    changed |= TileDiff().diff(loaded, scrolled);
    MoveDetector detector;
    QVERIFY(detector.detect(first, loaded, changed).isEmpty());
    const QList<Move> moves = detector.detect(loaded, scrolled, changed);
    QCOMPARE(moves.size(), 1);
    QCOMPARE(moves.first().offset(), QPoint(0, -48));
}

void TestMoveDetector::smallChangeHasNoMove()
{
    // A few tiles of a scrolled pane are too few to be worth a copy.
    const QImage background = makeBackground(QSize(800, 600));
    const QImage page = makeTextPage(QSize(120, 2000), 2);
    const QRect view(64, 64, 120, 120);
    const QImage previous = withView(background, page, view, QPoint(0, 100));
    const QImage current = withView(background, page, view, QPoint(0, 116));
    const TileMask changed = TileDiff().diff(previous, current);
    QVERIFY(changed.count() < MoveDetector::MinTiles);
    MoveDetector detector;
    QVERIFY(detector.detect(previous, current, changed).isEmpty());
}

void TestMoveDetector::badInputHasNoMove()
{
    MoveDetector detector;
    const QImage image = makeTextPage(QSize(640, 480), 1);
    const TileMask full = TileMask::full(image.size(), 64);
    QVERIFY(detector.detect(QImage(), image, full).isEmpty());
    QVERIFY(detector.detect(image, QImage(), full).isEmpty());
    QVERIFY(detector.detect(image.copy(0, 0, 320, 240), image, full).isEmpty());
    QVERIFY(detector.detect(image, image, TileMask::full(QSize(320, 240), 64)).isEmpty());
    QVERIFY(detector.detect(image.convertToFormat(QImage::Format_RGB16), image, full).isEmpty());
    QVERIFY(detector.detect(image, image, full, 0).isEmpty());
    // Identical frames with every tile marked: nothing moved.
    QVERIFY(detector.detect(image, image, full).isEmpty());
}

void TestMoveDetector::withoutMovedKeepsExposedStrip()
{
    const TileMask changed = TileMask::full(QSize(640, 480), 64); // 10 x 8 tiles
    // A scroll of the whole screen by 20 px up: rows 0..459 came from below, 460..479 are new.
    const QList<Move> moves{Move{QRect(0, 20, 640, 460), QPoint(0, 0)}};
    const TileMask left = MoveDetector::withoutMoved(changed, moves);
    // Tile row 7 (448..479) is only partly covered: it stays. Everything above is gone.
    QCOMPARE(left.count(), 10);
    for (int column = 0; column < 10; ++column)
        QVERIFY(left.isSet(column, 7));
    QCOMPARE(MoveDetector::withoutMoved(changed, {}), changed);
    // Two moves together cover a tile neither covers alone.
    const QList<Move> halves{Move{QRect(0, 0, 32, 64), QPoint(100, 0)}, Move{QRect(0, 0, 32, 64), QPoint(132, 0)}};
    QVERIFY(MoveDetector::withoutMoved(changed, halves).isSet(1, 0)); // neither covers a whole tile
    QVERIFY(MoveDetector::withoutMoved(changed, halves).isSet(2, 0));
    const QList<Move> aligned{Move{QRect(0, 100, 32, 64), QPoint(128, 0)}, Move{QRect(0, 100, 32, 64), QPoint(160, 0)}};
    QVERIFY(!MoveDetector::withoutMoved(changed, aligned).isSet(2, 0)); // 128..159 and 160..191
    QVERIFY(MoveDetector::withoutMoved(changed, aligned).isSet(1, 0));
}

void TestMoveDetector::outsideMovesLeavesOnlyTheStrip()
{
    const QList<Move> moves{Move{QRect(0, 20, 640, 460), QPoint(0, 0)}};
    // The last tile row, 448..479, minus the copied part 0..459: the 20 new rows.
    QCOMPARE(MoveDetector::outsideMoves({QRect(0, 448, 640, 32)}, moves), (QList<QRect>{QRect(0, 460, 640, 20)}));
    QCOMPARE(MoveDetector::outsideMoves({QRect(0, 0, 64, 64)}, moves), QList<QRect>{});
    QCOMPARE(MoveDetector::outsideMoves({QRect(0, 0, 64, 64)}, {}), (QList<QRect>{QRect(0, 0, 64, 64)}));
    QRegion pieces;
    const QList<QRect> around = MoveDetector::outsideMoves({QRect(0, 0, 300, 300)}, {Move{QRect(0, 0, 100, 100), QPoint(100, 100)}});
    for (const QRect &piece : around) {
        QVERIFY(!pieces.intersects(piece));
        pieces += piece;
    }
    QCOMPARE(pieces, QRegion(0, 0, 300, 300).subtracted(QRegion(100, 100, 100, 100)));
}

QTEST_MAIN(TestMoveDetector)
#include "tst_movedetector.moc"
