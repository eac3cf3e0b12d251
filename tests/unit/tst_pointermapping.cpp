#include "input/pointermapping.h"

#include <QTest>

using namespace deskport;

class TestPointerMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapToDesktop_data();
    void mapToDesktop();
    void everyPixelStaysInsideItsArea();
};

void TestPointerMapping::mapToDesktop_data()
{
    QTest::addColumn<QPoint>("framePoint");
    QTest::addColumn<QSize>("frameSize");
    QTest::addColumn<QRect>("area");
    QTest::addColumn<QPoint>("expected");

    const QRect fullHd(0, 0, 1920, 1080);
    const QSize half(960, 540);
    // Identity: the frame is the desktop
    QTest::newRow("identity origin") << QPoint(0, 0) << QSize(1920, 1080) << fullHd << QPoint(0, 0);
    QTest::newRow("identity middle") << QPoint(777, 333) << QSize(1920, 1080) << fullHd << QPoint(777, 333);
    QTest::newRow("identity last") << QPoint(1919, 1079) << QSize(1920, 1080) << fullHd << QPoint(1919, 1079);
    // Scaled by 2: frame pixel x covers desktop [2x, 2x+2), its centre is 2x+1
    QTest::newRow("half origin") << QPoint(0, 0) << half << fullHd << QPoint(1, 1);
    QTest::newRow("half last") << QPoint(959, 539) << half << fullHd << QPoint(1919, 1079);
    QTest::newRow("half centre") << QPoint(480, 270) << half << fullHd << QPoint(961, 541);
    QTest::newRow("half 100,50") << QPoint(100, 50) << half << fullHd << QPoint(201, 101);
    // Scaled by 3 (640x360 of 1920x1080): pixel x covers [3x, 3x+3), centre 3x+1
    QTest::newRow("third") << QPoint(10, 20) << QSize(640, 360) << fullHd << QPoint(31, 61);
    // Non-integer ratio (1280x720 of 1920x1080, 1.5): pixel 1 covers [1.5, 3), centre 2.25 -> 2
    QTest::newRow("1.5 ratio") << QPoint(1, 1) << QSize(1280, 720) << fullHd << QPoint(2, 2);
    QTest::newRow("1.5 ratio last") << QPoint(1279, 719) << QSize(1280, 720) << fullHd << QPoint(1919, 1079);
    // A frame larger than the desktop (the browser zoomed in): pixels share desktop pixels
    QTest::newRow("upscaled") << QPoint(3, 3) << QSize(3840, 2160) << fullHd << QPoint(1, 1);
    // Second monitor right of the first: its own coordinates plus the offset
    const QRect second(1920, 0, 1280, 1024);
    QTest::newRow("second origin") << QPoint(0, 0) << QSize(1280, 1024) << second << QPoint(1920, 0);
    QTest::newRow("second last") << QPoint(1279, 1023) << QSize(1280, 1024) << second << QPoint(3199, 1023);
    QTest::newRow("second scaled") << QPoint(320, 256) << QSize(640, 512) << second << QPoint(1920 + 641, 513);
    const QRect below(0, 1080, 1920, 1080);
    QTest::newRow("offset y") << QPoint(10, 10) << QSize(1920, 1080) << below << QPoint(10, 1090);
    const QRect negative(-1280, -200, 1280, 1024);
    QTest::newRow("negative offset") << QPoint(0, 0) << QSize(1280, 1024) << negative << QPoint(-1280, -200);
    // Clamped into the area
    QTest::newRow("past right") << QPoint(5000, 10) << QSize(1920, 1080) << fullHd << QPoint(1919, 10);
    QTest::newRow("past bottom") << QPoint(10, 1080) << QSize(1920, 1080) << fullHd << QPoint(10, 1079);
    QTest::newRow("negative") << QPoint(-5, -7) << QSize(1920, 1080) << fullHd << QPoint(0, 0);
    QTest::newRow("scaled past") << QPoint(960, 540) << half << fullHd << QPoint(1919, 1079);
    QTest::newRow("second past") << QPoint(2000, -1) << QSize(1280, 1024) << second << QPoint(3199, 0);
    // Empty sizes give the area's top-left
    QTest::newRow("empty frame") << QPoint(10, 10) << QSize(0, 0) << second << QPoint(1920, 0);
    QTest::newRow("zero width") << QPoint(10, 10) << QSize(0, 540) << fullHd << QPoint(0, 0);
    QTest::newRow("invalid frame") << QPoint(10, 10) << QSize() << second << QPoint(1920, 0);
    QTest::newRow("empty area") << QPoint(10, 10) << half << QRect(100, 200, 0, 0) << QPoint(100, 200);
    // Huge values do not overflow
    QTest::newRow("large") << QPoint(65534, 65534) << QSize(65535, 65535) << QRect(0, 0, 30000, 30000)
                           << QPoint(29999, 29999);
}

void TestPointerMapping::mapToDesktop()
{
    QFETCH(QPoint, framePoint);
    QFETCH(QSize, frameSize);
    QFETCH(QRect, area);
    QFETCH(QPoint, expected);
    QCOMPARE(deskport::mapToDesktop(framePoint, frameSize, area), expected);
}

void TestPointerMapping::everyPixelStaysInsideItsArea()
{
    const QRect area(1920, 0, 1366, 768);
    const QSize frame(1000, 562);
    int previousX = -1;
    for (int x = 0; x < frame.width(); ++x) {
        const QPoint p = deskport::mapToDesktop(QPoint(x, x % frame.height()), frame, area);
        QVERIFY(area.contains(p));
        QVERIFY(p.x() > previousX); // monotonic: neighbouring pixels never swap
        // The desktop pixel [d, d+1) overlaps the span the frame pixel covers, [x*W/w, (x+1)*W/w): it holds its
        // centre
        const qint64 d = p.x() - area.left();
        QVERIFY2((d + 1) * frame.width() > qint64(x) * area.width(), qPrintable(QString::number(x)));
        QVERIFY2(d * frame.width() < qint64(x + 1) * area.width(), qPrintable(QString::number(x)));
        QVERIFY2((2 * d + 2) * frame.width() > qint64(2 * x + 1) * area.width(), qPrintable(QString::number(x)));
        QVERIFY2(2 * d * frame.width() <= qint64(2 * x + 1) * area.width(), qPrintable(QString::number(x)));
        previousX = p.x();
    }
}

QTEST_GUILESS_MAIN(TestPointerMapping)
#include "tst_pointermapping.moc"
