// CursorImage, the pointer picture CURSOR_SHAPE carries: X's premultiplied ARGB longs become straight-alpha RGBA
// bytes, a picture without visible pixels is the hidden pointer, a hotspot outside the picture is pulled inside,
// and a picture larger than the protocol allows is cut around its hotspot.

#include "capture/cursorimage.h"

#include <QTest>

#include <vector>

using namespace deskport;

class TestCursorImage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void premultipliedBecomesStraightAlpha();
    void transparentPictureIsHidden();
    void noPixelsIsHidden();
    void hotspotIsKeptInside();
    void smallPictureIsNotCropped();
    void largePictureIsCroppedAroundTheHotspot();
};

void TestCursorImage::premultipliedBecomesStraightAlpha()
{
    // Opaque red, half-transparent green (0x80 premultiplied of 0xff), fully transparent, quarter-opaque grey.
    const quint32 pixels[4] = {0xffff0000u, 0x80008000u, 0x00000000u, 0x40202020u};
    const CursorImage cursor = CursorImage::fromPremultipliedArgb(pixels, QSize(2, 2), QPoint(1, 0), 42);
    QVERIFY(!cursor.isHidden());
    QCOMPARE(cursor.serial, 42u);
    QCOMPARE(cursor.hotspot, QPoint(1, 0));
    QCOMPARE(cursor.image.format(), QImage::Format_RGBA8888);
    const auto bytes = [&cursor](int x, int y) {
        const uchar *p = cursor.image.constScanLine(y) + x * 4;
        return QList<int>{p[0], p[1], p[2], p[3]};
    };
    QCOMPARE(bytes(0, 0), (QList<int>{255, 0, 0, 255}));
    QCOMPARE(bytes(1, 0), (QList<int>{0, 255, 0, 128}));
    QCOMPARE(bytes(0, 1).at(3), 0);
    const QList<int> grey = bytes(1, 1);
    QCOMPARE(grey.at(3), 64);
    // 0x20 premultiplied by 64/255 is 128 straight (within rounding).
    QVERIFY2(qAbs(grey.at(0) - 128) <= 1 && grey.at(0) == grey.at(1) && grey.at(1) == grey.at(2),
             qPrintable(QString::number(grey.at(0))));
}

void TestCursorImage::transparentPictureIsHidden()
{
    const std::vector<quint32> pixels(16 * 16, 0u);
    const CursorImage cursor = CursorImage::fromPremultipliedArgb(pixels.data(), QSize(16, 16), QPoint(8, 8), 7);
    QVERIFY(cursor.isHidden());
    QCOMPARE(cursor.serial, 7u);
    QCOMPARE(cursor.hotspot, QPoint(0, 0));
}

void TestCursorImage::noPixelsIsHidden()
{
    QVERIFY(CursorImage::fromPremultipliedArgb(nullptr, QSize(4, 4), QPoint(), 1).isHidden());
    const quint32 pixel = 0xffffffffu;
    QVERIFY(CursorImage::fromPremultipliedArgb(&pixel, QSize(0, 0), QPoint(), 1).isHidden());
    QVERIFY(CursorImage{}.isHidden());
}

void TestCursorImage::hotspotIsKeptInside()
{
    const std::vector<quint32> pixels(4 * 3, 0xff000000u);
    QCOMPARE(CursorImage::fromPremultipliedArgb(pixels.data(), QSize(4, 3), QPoint(9, -2), 1).hotspot, QPoint(3, 0));
}

void TestCursorImage::smallPictureIsNotCropped()
{
    QImage image(256, 40, QImage::Format_RGBA8888);
    image.fill(Qt::red);
    const CursorImage cursor{image, QPoint(200, 30), 5};
    const CursorImage same = cursor.croppedAroundHotspot(256);
    QCOMPARE(same.image, image);
    QCOMPARE(same.hotspot, QPoint(200, 30));
    QVERIFY(CursorImage{}.croppedAroundHotspot(256).isHidden());
}

void TestCursorImage::largePictureIsCroppedAroundTheHotspot()
{
    // Each pixel says where it was, so the crop can be checked to keep the hotspot on the same pixel.
    QImage image(300, 600, QImage::Format_RGBA8888);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            image.setPixelColor(x, y, QColor(x % 256, y % 256, (x / 256) * 16 + (y / 256), 255));
        }
    }
    const auto check = [&image](QPoint hotspot, QPoint expectedHotspot) {
        const CursorImage cropped = CursorImage{image, hotspot, 9}.croppedAroundHotspot(256);
        QCOMPARE(cropped.image.size(), QSize(256, 256));
        QCOMPARE(cropped.serial, 9u);
        QCOMPARE(cropped.hotspot, expectedHotspot);
        QCOMPARE(cropped.image.pixelColor(cropped.hotspot), image.pixelColor(hotspot));
    };
    check(QPoint(290, 10), QPoint(246, 10));   // near the right and top edges: the window is pushed inside
    check(QPoint(150, 300), QPoint(128, 128)); // in the middle: the hotspot is in the window's middle
    check(QPoint(0, 599), QPoint(0, 255));     // bottom left corner
}

QTEST_GUILESS_MAIN(TestCursorImage)
#include "tst_cursorimage.moc"
