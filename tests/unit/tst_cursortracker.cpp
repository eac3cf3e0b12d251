// CursorTracker over a FakeCursorSource: it signals the shape and position once when started and then only what
// changes, stops asking the source (and pauses it) when stopped, says everything again when restarted, and crops
// pictures larger than CURSOR_SHAPE allows.

#include "capture/cursortracker.h"
#include "capture/fake/fakecursorsource.h"

#include <QSignalSpy>
#include <QTest>

using namespace deskport;

class TestCursorTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startSignalsTheCurrentState();
    void onlyChangesAreSignalled();
    void pointerOffTheScreenIsInvisible();
    void stoppedTrackerDoesNotAsk();
    void restartSignalsEverythingAgain();
    void largePictureIsCropped();
    void timerPolls();

private:
    FakeCursorSource *m_source = nullptr;
    std::unique_ptr<CursorTracker> m_tracker;
    std::unique_ptr<QSignalSpy> m_shapes;
    std::unique_ptr<QSignalSpy> m_positions;
};

void TestCursorTracker::init()
{
    auto source = std::make_unique<FakeCursorSource>();
    m_source = source.get();
    m_source->setPosition(QPoint(10, 20));
    m_tracker = std::make_unique<CursorTracker>(std::move(source));
    // Long: the tests poll by hand, the timer must not interfere (except in timerPolls).
    m_tracker->setInterval(600000);
    m_shapes = std::make_unique<QSignalSpy>(m_tracker.get(), &CursorTracker::shapeChanged);
    m_positions = std::make_unique<QSignalSpy>(m_tracker.get(), &CursorTracker::positionChanged);
}

void TestCursorTracker::cleanup()
{
    m_shapes.reset();
    m_positions.reset();
    m_tracker.reset();
}

void TestCursorTracker::startSignalsTheCurrentState()
{
    QVERIFY(!m_tracker->isRunning());
    QCOMPARE(m_source->positionCount(), 0);
    m_tracker->start();
    QVERIFY(m_tracker->isRunning());
    QCOMPARE(m_shapes->size(), 1);
    QCOMPARE(m_shapes->at(0).at(0).value<CursorImage>().image.size(), QSize(2, 2));
    QCOMPARE(m_positions->size(), 1);
    QCOMPARE(m_positions->at(0).at(0).toPoint(), QPoint(10, 20));
    QCOMPARE(m_positions->at(0).at(1).toBool(), true);
}

void TestCursorTracker::onlyChangesAreSignalled()
{
    m_tracker->start();
    m_tracker->poll();
    m_tracker->poll();
    QCOMPARE(m_shapes->size(), 1);
    QCOMPARE(m_positions->size(), 1);
    m_source->setPosition(QPoint(11, 20));
    m_tracker->poll();
    m_tracker->poll();
    QCOMPARE(m_positions->size(), 2);
    QCOMPARE(m_positions->at(1).at(0).toPoint(), QPoint(11, 20));
    QImage beam(3, 16, QImage::Format_RGBA8888);
    beam.fill(Qt::black);
    m_source->setImage(beam, QPoint(1, 8));
    m_tracker->poll();
    m_tracker->poll();
    QCOMPARE(m_shapes->size(), 2);
    const CursorImage shape = m_shapes->at(1).at(0).value<CursorImage>();
    QCOMPARE(shape.image.size(), QSize(3, 16));
    QCOMPARE(shape.hotspot, QPoint(1, 8));
    QCOMPARE(m_positions->size(), 2);
}

void TestCursorTracker::pointerOffTheScreenIsInvisible()
{
    m_tracker->start();
    m_source->setPosition(std::nullopt);
    m_tracker->poll();
    m_tracker->poll();
    QCOMPARE(m_positions->size(), 2);
    QCOMPARE(m_positions->at(1).at(0).toPoint(), QPoint(0, 0));
    QCOMPARE(m_positions->at(1).at(1).toBool(), false);
    m_source->setPosition(QPoint(0, 0));
    m_tracker->poll();
    QCOMPARE(m_positions->size(), 3);
    QCOMPARE(m_positions->at(2).at(1).toBool(), true);
}

void TestCursorTracker::stoppedTrackerDoesNotAsk()
{
    m_tracker->start();
    m_tracker->stop();
    QVERIFY(!m_tracker->isRunning());
    QVERIFY(m_source->isPaused());
    const int asked = m_source->positionCount();
    m_source->setPosition(QPoint(50, 50));
    QTest::qWait(50);
    QCOMPARE(m_source->positionCount(), asked);
    QCOMPARE(m_positions->size(), 1);
}

void TestCursorTracker::restartSignalsEverythingAgain()
{
    m_tracker->start();
    m_tracker->stop();
    m_tracker->start();
    QVERIFY(!m_source->isPaused());
    // The same shape and position as before the stop: said again, for listeners that came meanwhile.
    QCOMPARE(m_shapes->size(), 2);
    QCOMPARE(m_positions->size(), 2);
    QCOMPARE(m_positions->at(1).at(0).toPoint(), QPoint(10, 20));
    m_tracker->start(); // already running: nothing
    QCOMPARE(m_positions->size(), 2);
}

void TestCursorTracker::largePictureIsCropped()
{
    QImage huge(400, 300, QImage::Format_RGBA8888);
    huge.fill(Qt::green);
    m_source->setImage(huge, QPoint(390, 5));
    m_tracker->start();
    const CursorImage shape = m_shapes->at(0).at(0).value<CursorImage>();
    QCOMPARE(shape.image.size(), QSize(256, 256));
    QCOMPARE(shape.hotspot, QPoint(390 - (400 - 256), 5));
}

void TestCursorTracker::timerPolls()
{
    m_tracker->setInterval(5);
    QCOMPARE(m_tracker->interval(), 5);
    m_tracker->start();
    m_source->setPosition(QPoint(99, 98));
    QTRY_COMPARE_WITH_TIMEOUT(m_positions->size(), 2, 5000);
    QCOMPARE(m_positions->at(1).at(0).toPoint(), QPoint(99, 98));
}

QTEST_GUILESS_MAIN(TestCursorTracker)
#include "tst_cursortracker.moc"
