// RectEncoder: tall rectangles are cut into bands, every band is a JPEG of exactly its area, and encoding on a pool
// gives the same bytes as on one thread.

#include "codec/rectencoder.h"
#include "support/jpegquality.h"

#include <QPainter>
#include <QRegion>
#include <QTest>

using namespace deskport;

namespace {

QImage testImage(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.fillRect(image.rect(), QColor(20, 40, 60));
    for (int i = 0; i < 40; ++i) {
        painter.fillRect(QRect((i * 37) % size.width(), (i * 53) % size.height(), 60, 30),
                         QColor::fromHsv((i * 29) % 360, 200, 230));
    }
    return image;
}

QRegion regionOf(const QList<protocol::FrameRect> &rects)
{
    QRegion region;
    for (const protocol::FrameRect &rect : rects) {
        region += rect.rect;
    }
    return region;
}

} // namespace

class TestRectEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bandsCoverTheRectangle();
    void smallRectanglesStayWhole();
    void poolMatchesOneThread();
    void scaledBandsMeetWithoutGaps();
    void piecesKeepTheirQuality();
};

void TestRectEncoder::bandsCoverTheRectangle()
{
    const QRect rect(64, 10, 500, 1000);
    const QList<QRect> bands = RectEncoder::bands(rect, 2);
    QCOMPARE(bands.size(), 8); // 7 full bands of 128 rows and one of 104
    QRegion covered;
    int rows = 0;
    for (const QRect &band : bands) {
        QVERIFY(band.height() <= RectEncoder::BandRows);
        QCOMPARE(band.x(), rect.x());
        QCOMPARE(band.width(), rect.width());
        QVERIFY(!covered.intersects(band));
        covered += band;
        rows += band.height();
    }
    QCOMPARE(rows, rect.height());
    QCOMPARE(covered, QRegion(rect));
}

void TestRectEncoder::smallRectanglesStayWhole()
{
    QCOMPARE(RectEncoder::bands(QRect(0, 0, 1920, 128), 4), QList<QRect>{QRect(0, 0, 1920, 128)});
    QCOMPARE(RectEncoder::bands(QRect(0, 0, 100, 1000), 1), QList<QRect>{QRect(0, 0, 100, 1000)});
}

void TestRectEncoder::poolMatchesOneThread()
{
    const QImage image = testImage(QSize(640, 480));
    const QList<QRect> rects{QRect(0, 0, 640, 480), QRect(0, 0, 64, 64)};
    RectEncoder single(1);
    RectEncoder pool(3);
    const QList<protocol::FrameRect> one = single.encode(image, rects, image.size(), 80);
    const QList<protocol::FrameRect> many = pool.encode(image, rects, image.size(), 80);
    QCOMPARE(one.size(), 2); // one thread: nothing is cut
    QCOMPARE(many.size(), 4 + 1); // 480 rows: bands of 128, 128, 128, 96; then the small one
    // The bands together are the first rectangle, in order, and each decodes to its own pixels.
    QCOMPARE(regionOf(many.mid(0, 4)), QRegion(rects[0]));
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(many[i].rect.y(), i * RectEncoder::BandRows);
        const QImage decoded = QImage::fromData(many[i].jpeg, "JPEG");
        QCOMPARE(decoded.size(), many[i].rect.size());
        const QColor expected = image.pixelColor(many[i].rect.center());
        const QColor actual = decoded.pixelColor(many[i].rect.center() - many[i].rect.topLeft());
        QVERIFY(qAbs(expected.red() - actual.red()) < 24 && qAbs(expected.green() - actual.green()) < 24
                && qAbs(expected.blue() - actual.blue()) < 24);
    }
    // Same work, same bytes, whichever thread did it.
    QCOMPARE(many[4], one[1]);
    RectEncoder poolAgain(3);
    QCOMPARE(poolAgain.encode(image, rects, image.size(), 80), many);
}

void TestRectEncoder::scaledBandsMeetWithoutGaps()
{
    // A smooth gradient: after halving, the pixel at (u, v) is the source's at (2u, 2v), give or take the filter
    // and JPEG. A band scaled from the wrong place would be off by many levels.
    QImage image(1024, 768, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            image.setPixel(x, y, qRgb(x / 4, y / 3, 128));
        }
    }
    RectEncoder pool(2);
    const QList<protocol::FrameRect> rects = pool.encode(image, {image.rect()}, QSize(512, 384), 80);
    QCOMPARE(rects.size(), 6);
    QCOMPARE(regionOf(rects), QRegion(0, 0, 512, 384));
    for (const protocol::FrameRect &rect : rects) {
        const QImage decoded = QImage::fromData(rect.jpeg, "JPEG");
        QCOMPARE(decoded.size(), rect.rect.size());
        for (const QPoint at : {rect.rect.topLeft() + QPoint(5, 2), rect.rect.center(),
                                rect.rect.bottomRight() - QPoint(5, 2)}) {
            const QColor actual = decoded.pixelColor(at - rect.rect.topLeft());
            const QColor expected = image.pixelColor(at * 2);
            QVERIFY2(qAbs(actual.red() - expected.red()) <= 6 && qAbs(actual.green() - expected.green()) <= 6,
                     qPrintable(QStringLiteral("at %1,%2: %3 instead of %4")
                                    .arg(at.x())
                                    .arg(at.y())
                                    .arg(actual.name(), expected.name())));
        }
    }
}


void TestRectEncoder::piecesKeepTheirQuality()
{
    // One frame, three qualities (a video lower, a repaint higher): every band of a piece has its piece's quality,
    // on a pool as on one thread, scaled or not.
    const QImage image = testImage(QSize(640, 480));
    const QList<RectEncoder::Piece> pieces{{QRect(0, 0, 640, 300), 50}, {QRect(0, 300, 320, 180), 80},
                                           {QRect(320, 300, 320, 180), 95}};
    for (const QSize frameSize : {image.size(), QSize(320, 240)}) {
        for (int threads : {1, 3}) {
            RectEncoder encoder(threads);
            const QList<protocol::FrameRect> rects = encoder.encode(image, pieces, frameSize);
            QVERIFY(rects.size() >= 3);
            const double scale = double(frameSize.width()) / image.width();
            for (const protocol::FrameRect &rect : rects) {
                const QPoint centre(int(rect.rect.center().x() / scale), int(rect.rect.center().y() / scale));
                int expected = -1;
                for (const RectEncoder::Piece &piece : pieces) {
                    if (piece.rect.contains(centre)) {
                        expected = piece.quality;
                    }
                }
                QCOMPARE(testsupport::estimateJpegQuality(rect.jpeg), expected);
            }
        }
    }
    // The old call is the same as pieces of one quality.
    RectEncoder encoder(2);
    const QList<protocol::FrameRect> one = encoder.encode(image, QList<QRect>{QRect(0, 0, 200, 200)}, image.size(), 70);
    const QList<protocol::FrameRect> same = encoder.encode(image, QList<RectEncoder::Piece>{{QRect(0, 0, 200, 200), 70}},
                                                           image.size());
    QCOMPARE(one.size(), same.size());
    QCOMPARE(one.at(0).jpeg, same.at(0).jpeg);
}

QTEST_MAIN(TestRectEncoder)
#include "tst_rectencoder.moc"
