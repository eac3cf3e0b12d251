#include "input/wheelaccumulator.h"

#include <QTest>

using namespace deskport;

class TestWheelAccumulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void notches();
    void smoothDeltas();
    void remainderIsKept();
    void directionChangeDropsRemainder();
    void axesAreIndependent();
    void largeDeltas();
    void zeroKeepsRemainder();
    void reset();
};

void TestWheelAccumulator::notches()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(0, 120), QPoint(0, 1));
    QCOMPARE(wheel.add(0, 120), QPoint(0, 1));
    QCOMPARE(wheel.add(0, -120), QPoint(0, -1));
    QCOMPARE(wheel.add(120, 0), QPoint(1, 0));
    QCOMPARE(wheel.add(-120, 0), QPoint(-1, 0));
    QCOMPARE(wheel.add(0, 0), QPoint(0, 0));
}

void TestWheelAccumulator::smoothDeltas()
{
    WheelAccumulator wheel;
    // 12 x 10 units: exactly one step, on the twelfth delta
    for (int i = 0; i < 11; ++i) {
        QCOMPARE(wheel.add(0, 10), QPoint(0, 0));
    }
    QCOMPARE(wheel.add(0, 10), QPoint(0, 1));
    // 120 x 1 unit: one step
    int steps = 0;
    for (int i = 0; i < 120; ++i) {
        steps += wheel.add(0, 1).y();
    }
    QCOMPARE(steps, 1);
    // Up: the same, negative
    steps = 0;
    for (int i = 0; i < 36; ++i) {
        steps += wheel.add(0, -10).y();
    }
    QCOMPARE(steps, -3);
}

void TestWheelAccumulator::remainderIsKept()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(0, 100), QPoint(0, 0));
    QCOMPARE(wheel.add(0, 100), QPoint(0, 1)); // 200: one step, 80 left
    QCOMPARE(wheel.add(0, 39), QPoint(0, 0));  // 119
    QCOMPARE(wheel.add(0, 1), QPoint(0, 1));   // 120
    QCOMPARE(wheel.add(0, 119), QPoint(0, 0)); // nothing left over before this
    QCOMPARE(wheel.add(-60, 0), QPoint(0, 0));
    QCOMPARE(wheel.add(-180, 0), QPoint(-2, 0)); // -240
}

void TestWheelAccumulator::directionChangeDropsRemainder()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(0, 100), QPoint(0, 0));
    // Reversing: the 100 down is dropped, so 120 up is a whole step at once (not -20)
    QCOMPARE(wheel.add(0, -120), QPoint(0, -1));
    QCOMPARE(wheel.add(0, -100), QPoint(0, 0));
    QCOMPARE(wheel.add(0, 20), QPoint(0, 0)); // down again: the -100 is gone, 20 down is left
    QCOMPARE(wheel.add(0, 100), QPoint(0, 1));
    // Horizontal the same
    QCOMPARE(wheel.add(-110, 0), QPoint(0, 0));
    QCOMPARE(wheel.add(120, 0), QPoint(1, 0));
}

void TestWheelAccumulator::axesAreIndependent()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(60, -60), QPoint(0, 0));
    // A reversal on one axis leaves the other's remainder alone
    QCOMPARE(wheel.add(-10, -60), QPoint(0, -1));
    QCOMPARE(wheel.add(-110, 0), QPoint(-1, 0));
    QCOMPARE(wheel.add(0, -120), QPoint(0, -1));
    QCOMPARE(wheel.add(120, 120), QPoint(1, 1));
}

void TestWheelAccumulator::largeDeltas()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(0, 360), QPoint(0, 3));
    QCOMPARE(wheel.add(0, 1000), QPoint(0, 8)); // 960, 40 left
    QCOMPARE(wheel.add(0, 80), QPoint(0, 1));
    QCOMPARE(wheel.add(-32768, 32767), QPoint(-273, 273));       // the i16 extremes of the wire
    QCOMPARE(wheel.add(-(120 - 32768 % 120), 0), QPoint(-1, 0)); // the remainder of -32768 was kept
}

void TestWheelAccumulator::zeroKeepsRemainder()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(90, 90), QPoint(0, 0));
    QCOMPARE(wheel.add(0, 0), QPoint(0, 0));
    QCOMPARE(wheel.add(30, 30), QPoint(1, 1));
}

void TestWheelAccumulator::reset()
{
    WheelAccumulator wheel;
    QCOMPARE(wheel.add(100, -100), QPoint(0, 0));
    wheel.reset();
    QCOMPARE(wheel.add(20, -20), QPoint(0, 0));
    QCOMPARE(wheel.add(100, -100), QPoint(1, -1));
}

QTEST_GUILESS_MAIN(TestWheelAccumulator)
#include "tst_wheelaccumulator.moc"
