#include "codec/tilediff.h"

#include <QPainter>
#include <QRandomGenerator>
#include <QTest>

#include <vector>

using namespace deskport;

namespace deskport {
// Found by QCOMPARE through ADL, so a failure shows which tiles differ.
char *toString(const TileMask &mask)
{
    QByteArray text = QByteArray::number(mask.columns()) + 'x' + QByteArray::number(mask.rows()) + ':';
    for (int row = 0; row < mask.rows(); ++row) {
        for (int column = 0; column < mask.columns(); ++column) {
            if (mask.isSet(column, row))
                text += " (" + QByteArray::number(column) + ',' + QByteArray::number(row) + ')';
        }
    }
    return qstrdup(text.constData());
}
} // namespace deskport

namespace {

// A frame with structure everywhere, so a mistaken comparison of the wrong bytes would not go unnoticed.
QImage makeFrame(QSize size, QImage::Format format = QImage::Format_RGB32)
{
    QImage image(size, format);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            line[x] = qRgb((x * 7) & 0xff, (y * 5) & 0xff, ((x ^ y) * 3) & 0xff);
    }
    return image;
}

void flip(QImage &image, int x, int y)
{
    image.setPixel(x, y, image.pixel(x, y) ^ 0x00010000u);
}

// The obvious, slow reference: a tile changed if any of its pixels did.
TileMask referenceDiff(const QImage &a, const QImage &b, int tileSize)
{
    TileMask mask(b.size(), tileSize);
    for (int y = 0; y < b.height(); ++y) {
        for (int x = 0; x < b.width(); ++x) {
            if (a.pixel(x, y) != b.pixel(x, y))
                mask.set(x / tileSize, y / tileSize);
        }
    }
    return mask;
}

} // namespace

class TestTileDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noChangeIsEmpty();
    void sameImageIsEmpty();
    void singlePixelInCorner();
    void singlePixelInPartialEdgeTile();
    void tileBoundaries();
    void lastScanlineOfTile();
    void everythingChanged();
    void sizeChangeIsFull();
    void nullPreviousIsFull();
    void formatChangeIsFull();
    void nullCurrentIsEmpty();
    void strideBytesAreIgnored();
    void argbAlphaCounts();
    void randomChangesMatchReference_data();
    void randomChangesMatchReference();
};

void TestTileDiff::noChangeIsEmpty()
{
    const QImage a = makeFrame(QSize(1920, 1080));
    const QImage b = a.copy(); // distinct memory, equal pixels
    QVERIFY(a.constBits() != b.constBits());
    const TileMask mask = TileDiff().diff(a, b);
    QCOMPARE(mask.imageSize(), QSize(1920, 1080));
    QCOMPARE(mask.tileSize(), TileDiff::DefaultTileSize);
    QVERIFY(mask.isEmpty());
}

void TestTileDiff::sameImageIsEmpty()
{
    const QImage a = makeFrame(QSize(300, 200));
    QVERIFY(TileDiff(32).diff(a, a).isEmpty());
}

void TestTileDiff::singlePixelInCorner()
{
    const QImage a = makeFrame(QSize(640, 480));
    QImage b = a.copy();
    flip(b, 0, 0);
    TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(0, 0));

    b = a.copy();
    flip(b, 639, 479);
    mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(9, 7));
}

void TestTileDiff::singlePixelInPartialEdgeTile()
{
    // 1000 x 700 in 64px tiles: the last column is 40 px wide, the last row 60 px high.
    const QImage a = makeFrame(QSize(1000, 700));
    QImage b = a.copy();
    flip(b, 999, 699);
    TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.columns(), 16);
    QCOMPARE(mask.rows(), 11);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(15, 10));

    b = a.copy();
    flip(b, 960, 10); // first pixel of the partial column
    mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(15, 0));

    b = a.copy();
    flip(b, 100, 640); // first line of the partial row
    mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(1, 10));
}

void TestTileDiff::tileBoundaries()
{
    const QImage a = makeFrame(QSize(256, 256));
    QImage b = a.copy();
    flip(b, 63, 63);
    flip(b, 64, 64);
    const TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 2);
    QVERIFY(mask.isSet(0, 0));
    QVERIFY(mask.isSet(1, 1));
}

void TestTileDiff::lastScanlineOfTile()
{
    // A change on the very last line of a band must be found even after many identical lines.
    const QImage a = makeFrame(QSize(256, 256));
    QImage b = a.copy();
    flip(b, 130, 127);
    flip(b, 5, 255);
    const TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 2);
    QVERIFY(mask.isSet(2, 1));
    QVERIFY(mask.isSet(0, 3));
}

void TestTileDiff::everythingChanged()
{
    const QImage a = makeFrame(QSize(333, 222));
    QImage b = a.copy();
    b.invertPixels();
    QCOMPARE(TileDiff(32).diff(a, b), TileMask::full(QSize(333, 222), 32));
}

void TestTileDiff::sizeChangeIsFull()
{
    const QImage a = makeFrame(QSize(640, 480));
    const QImage b = makeFrame(QSize(800, 600));
    const TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask, TileMask::full(QSize(800, 600), 64));
    QCOMPARE(mask.imageSize(), QSize(800, 600));
}

void TestTileDiff::nullPreviousIsFull()
{
    const QImage b = makeFrame(QSize(100, 100));
    QCOMPARE(TileDiff(64).diff(QImage(), b), TileMask::full(QSize(100, 100), 64));
}

void TestTileDiff::formatChangeIsFull()
{
    const QImage a = makeFrame(QSize(128, 128));
    const QImage b = a.convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(TileDiff(64).diff(a, b), TileMask::full(QSize(128, 128), 64));
}

void TestTileDiff::nullCurrentIsEmpty()
{
    const TileMask mask = TileDiff(64).diff(makeFrame(QSize(64, 64)), QImage());
    QVERIFY(mask.isEmpty());
    QCOMPARE(mask.count(), 0);
}

void TestTileDiff::strideBytesAreIgnored()
{
    // Frames captured from shared memory can have padding after each line; it holds garbage and must not count.
    const int width = 100;
    const int height = 50;
    const int stride = width * 4 + 64;
    std::vector<uchar> bufA(size_t(stride) * height, 0);
    std::vector<uchar> bufB(size_t(stride) * height, 0);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < stride; ++x) {
            const bool padding = x >= width * 4;
            bufA[size_t(y * stride + x)] = padding ? 0x11 : uchar(x + y);
            bufB[size_t(y * stride + x)] = padding ? 0xee : uchar(x + y);
        }
    }
    const QImage a(bufA.data(), width, height, stride, QImage::Format_RGB32);
    QImage b(bufB.data(), width, height, stride, QImage::Format_RGB32);
    QVERIFY(TileDiff(32).diff(a, b).isEmpty());

    bufB[size_t(49 * stride + 99 * 4)] ^= 1; // last pixel of the image, in tile (3, 1)
    const TileMask mask = TileDiff(32).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(3, 1));
}

void TestTileDiff::argbAlphaCounts()
{
    const QImage a = makeFrame(QSize(128, 128), QImage::Format_ARGB32);
    QImage b = a.copy();
    b.setPixel(70, 3, qRgba(qRed(a.pixel(70, 3)), qGreen(a.pixel(70, 3)), qBlue(a.pixel(70, 3)), 0x80));
    const TileMask mask = TileDiff(64).diff(a, b);
    QCOMPARE(mask.count(), 1);
    QVERIFY(mask.isSet(1, 0));
}

void TestTileDiff::randomChangesMatchReference_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("tileSize");
    QTest::addColumn<int>("changes");
    QTest::newRow("1080p-64-few") << QSize(1920, 1080) << 64 << 5;
    QTest::newRow("odd-size-32-many") << QSize(517, 389) << 32 << 60;
    QTest::newRow("odd-size-16") << QSize(203, 101) << 16 << 25;
    QTest::newRow("tile-larger-than-image") << QSize(50, 30) << 64 << 1;
    QTest::newRow("tile-1") << QSize(40, 30) << 1 << 100;
}

void TestTileDiff::randomChangesMatchReference()
{
    QFETCH(QSize, size);
    QFETCH(int, tileSize);
    QFETCH(int, changes);
    QRandomGenerator rng(0xdec0de);
    const QImage a = makeFrame(size);
    for (int round = 0; round < 5; ++round) {
        QImage b = a.copy();
        for (int i = 0; i < changes; ++i)
            flip(b, rng.bounded(size.width()), rng.bounded(size.height()));
        const TileMask expected = referenceDiff(a, b, tileSize);
        QVERIFY(!expected.isEmpty());
        QCOMPARE(TileDiff(tileSize).diff(a, b), expected);
    }
}

QTEST_GUILESS_MAIN(TestTileDiff)
#include "tst_tilediff.moc"
