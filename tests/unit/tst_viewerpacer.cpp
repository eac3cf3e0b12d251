// ViewerPacer: frames in flight follow the ack delay; a viewer falling behind gets one frame in flight and steps
// down (frame rate first, then quality) and back up once the delay is near its base again. Times are fed in, so
// nothing here waits or depends on the machine's speed.

#include "codec/viewerpacer.h"

#include <QTest>

#include <utility>

using namespace deskport;

namespace {

// Sends frames every everyMs from atMs, each acked delayMs later (acks in order), for count frames.
struct Link
{
    ViewerPacer &pacer;
    quint32 nextId = 1;
    qint64 atMs = 0;

    void frames(int count, qint64 everyMs, qint64 delayMs)
    {
        for (int i = 0; i < count; ++i) {
            pacer.sent(nextId, atMs);
            QVERIFY(pacer.acknowledge(nextId, atMs + delayMs));
            ++nextId;
            atMs += everyMs;
        }
    }
};

} // namespace

class TestViewerPacer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsAtTheCaps();
    void intervalAndWindowBeforeAnyAck();
    void unknownAcksCountForNothing();
    void windowCoversTheRoundTrip();
    void congestionStepsDownInOrder();
    void recoveryStepsUpSlowly();
    void qualityNeverBelowMinimumNorAboveCaps();
    void newCapsKeepTheStep();
    void baseIsTheMinimumOfRecentAcks();
    void idleViewerStartsAgainAtItsCaps();
};

void TestViewerPacer::startsAtTheCaps()
{
    const ViewerPacer pacer(33, 80, {});
    QCOMPARE(pacer.step(), 0);
    QCOMPARE(pacer.intervalMs(), 33);
    QCOMPARE(pacer.quality(), 80);
    QCOMPARE(pacer.window(), 2); // initialInFlight
    QVERIFY(!pacer.isCongested());
    QVERIFY(!pacer.baseDelayMs());
    QVERIFY(!pacer.currentDelayMs());
}

void TestViewerPacer::intervalAndWindowBeforeAnyAck()
{
    ViewerPacer pacer(40, 80, {30, 3, 4});
    QVERIFY(pacer.canSend(0));
    pacer.sent(1, 1000);
    QVERIFY(!pacer.canSend(1010));
    QVERIFY(pacer.canSend(1038)); // two milliseconds of timer slack
    pacer.sent(2, 1040);
    pacer.sent(3, 1080);
    QCOMPARE(pacer.inFlight(), 3);
    QVERIFY(!pacer.canSend(5000)); // window of 3 full, however long it waits
    QVERIFY(pacer.acknowledge(1, 5000));
    QVERIFY(pacer.canSend(5000));

    // initialInFlight is held to maxInFlight and at least one.
    QCOMPARE(ViewerPacer(33, 80, {30, 9, 4}).window(), 4);
    QCOMPARE(ViewerPacer(33, 80, {30, 0, 0}).window(), 1);
}

void TestViewerPacer::unknownAcksCountForNothing()
{
    ViewerPacer pacer(33, 80, {});
    pacer.sent(5, 0);
    QVERIFY(!pacer.acknowledge(4, 10));
    QVERIFY(!pacer.acknowledge(6, 10));
    QCOMPARE(pacer.inFlight(), 1);
    QVERIFY(!pacer.baseDelayMs());
    QVERIFY(pacer.acknowledge(5, 10));
    QVERIFY(!pacer.acknowledge(5, 20)); // twice: the second is not in flight
    QCOMPARE(pacer.inFlight(), 0);
    QCOMPARE(*pacer.baseDelayMs(), 10);
    pacer.sent(7, 100);
    pacer.forgetInFlight();
    QCOMPARE(pacer.inFlight(), 0);
    QVERIFY(!pacer.acknowledge(7, 110));
}

void TestViewerPacer::windowCoversTheRoundTrip()
{
    // window = clamp(ceil(base / interval) + 1, 1, maxInFlight)
    const std::pair<qint64, int> cases[] = {{0, 1}, {5, 2}, {33, 2}, {34, 3}, {66, 3}, {67, 4}, {100, 4}, {2000, 4}};
    for (const auto &[delay, window] : cases) {
        ViewerPacer pacer(33, 80, {});
        Link link{pacer};
        link.frames(5, 40, delay);
        QCOMPARE(*pacer.baseDelayMs(), delay);
        QVERIFY(!pacer.isCongested());
        QVERIFY2(pacer.window() == window, qPrintable(QStringLiteral("delay %1: window %2").arg(delay).arg(pacer.window())));
    }
    ViewerPacer capped(33, 80, {30, 2, 6});
    Link link{capped};
    link.frames(5, 40, 150);
    QCOMPARE(capped.window(), 6);
}

void TestViewerPacer::congestionStepsDownInOrder()
{
    ViewerPacer pacer(33, 80, {});
    Link link{pacer};
    link.frames(20, 33, 20);
    QCOMPARE(*pacer.baseDelayMs(), 20);
    QCOMPARE(pacer.window(), 2);

    // The viewer falls behind: acks come 400 ms after the frames. Each step is recorded as it happens.
    QList<std::pair<int, int>> steps;
    QList<qint64> stepTimes;
    int step = 0;
    for (int i = 0; i < 60; ++i) {
        link.frames(1, 100, 400);
        if (pacer.step() != step) {
            QCOMPARE(pacer.step(), step + 1); // one step at a time
            step = pacer.step();
            steps.append({pacer.intervalMs(), pacer.quality()});
            stepTimes.append(link.atMs);
        }
        if (pacer.step() > 0) {
            QVERIFY(pacer.isCongested());
            QCOMPARE(pacer.window(), 1);
        }
    }
    const QList<std::pair<int, int>> expected{{50, 80}, {66, 80}, {99, 80}, {132, 80},
                                              {132, 65}, {132, 50}, {132, 35}};
    QCOMPARE(steps, expected);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);
    // No faster than one step per round trip (the smoothed delay, here rising towards 400 ms).
    for (qsizetype i = 1; i < stepTimes.size(); ++i) {
        QVERIFY(stepTimes[i] - stepTimes[i - 1] >= ViewerPacer::MinStepDownMs);
    }
    QVERIFY(stepTimes.constLast() - stepTimes.constFirst() >= 5 * 300);
}

void TestViewerPacer::recoveryStepsUpSlowly()
{
    ViewerPacer pacer(33, 80, {});
    Link link{pacer};
    link.frames(20, 33, 20);
    link.frames(60, 100, 400);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);

    // Acks come back at the base delay again: the smoothed delay falls; steps come back one by one, 400 ms apart,
    // only once it is within max(15, base / 4) of the base.
    QList<qint64> stepTimes;
    int step = pacer.step();
    while (link.atMs < 60000 && pacer.step() > 0) {
        const bool wasRecovered = *pacer.currentDelayMs() - 20 <= 15;
        link.frames(1, 50, 20);
        if (pacer.step() != step) {
            QCOMPARE(pacer.step(), step - 1);
            QVERIFY(wasRecovered || *pacer.currentDelayMs() - 20 <= 15);
            step = pacer.step();
            stepTimes.append(link.atMs);
        }
    }
    QCOMPARE(pacer.step(), 0);
    QCOMPARE(stepTimes.size(), ViewerPacer::MaxStep);
    for (qsizetype i = 1; i < stepTimes.size(); ++i) {
        QVERIFY2(stepTimes[i] - stepTimes[i - 1] >= ViewerPacer::StepUpMs, qPrintable(QString::number(i)));
        QVERIFY(stepTimes[i] - stepTimes[i - 1] <= ViewerPacer::StepUpMs + 50);
    }
    QCOMPARE(pacer.intervalMs(), 33);
    QCOMPARE(pacer.quality(), 80);
    QCOMPARE(pacer.window(), 2);

    // With nothing in flight and nothing acked, update() alone steps up too once recovered.
    link.frames(20, 100, 400);
    QVERIFY(pacer.step() > 0);
    link.frames(40, 50, 20);
    const int before = pacer.step();
    if (before > 0) {
        pacer.update(link.atMs + ViewerPacer::StepUpMs);
        QCOMPARE(pacer.step(), before - 1);
    }
}

void TestViewerPacer::qualityNeverBelowMinimumNorAboveCaps()
{
    const auto bottomQuality = [](int cap, int minQuality) {
        ViewerPacer pacer(33, cap, {minQuality, 2, 4});
        Link link{pacer};
        link.frames(20, 33, 20);
        link.frames(80, 100, 500);
        return std::pair(pacer.step(), pacer.quality());
    };
    QCOMPARE(bottomQuality(80, 30), std::pair(ViewerPacer::MaxStep, 35));
    QCOMPARE(bottomQuality(60, 30), std::pair(ViewerPacer::MaxStep, 30));
    QCOMPARE(bottomQuality(40, 30), std::pair(ViewerPacer::MaxStep, 30));
    QCOMPARE(bottomQuality(20, 30), std::pair(ViewerPacer::MaxStep, 20)); // asked for less: kept
    QCOMPARE(bottomQuality(100, 70), std::pair(ViewerPacer::MaxStep, 70));

    // The interval is never shorter than the cap, at any step.
    ViewerPacer pacer(200, 80, {});
    Link link{pacer};
    link.frames(10, 200, 20);
    QCOMPARE(pacer.intervalMs(), 200);
    QVERIFY(!pacer.canSend(link.atMs - 200 + 100));
}

void TestViewerPacer::newCapsKeepTheStep()
{
    ViewerPacer pacer(33, 80, {});
    Link link{pacer};
    link.frames(20, 33, 20);
    link.frames(60, 100, 400);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);
    pacer.setCaps(100, 90);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);
    QCOMPARE(pacer.intervalMs(), 400);
    QCOMPARE(pacer.quality(), 45);
    pacer.setCaps(0, 500); // nonsense caps are held to 1 ms and quality 100
    QCOMPARE(pacer.capIntervalMs(), 1);
    QCOMPARE(pacer.capQuality(), 100);
}

void TestViewerPacer::baseIsTheMinimumOfRecentAcks()
{
    ViewerPacer pacer(33, 80, {});
    Link link{pacer};
    link.frames(1, 100, 10);
    link.frames(10, 100, 30);
    QCOMPARE(*pacer.baseDelayMs(), 10);
    // 15 s after the 10 ms ack, it no longer counts: the base is the least of what remains.
    while (link.atMs < 14900) {
        link.frames(1, 100, 30);
    }
    QCOMPARE(*pacer.baseDelayMs(), 10);
    link.frames(3, 100, 30);
    QCOMPARE(*pacer.baseDelayMs(), 30);
    link.frames(1, 100, 25);
    QCOMPARE(*pacer.baseDelayMs(), 25);
    link.frames(1, 100, 60);
    QCOMPARE(*pacer.baseDelayMs(), 25);
}

void TestViewerPacer::idleViewerStartsAgainAtItsCaps()
{
    ViewerPacer pacer(16, 80, {});
    Link link{pacer};
    link.frames(20, 16, 10);
    link.frames(60, 100, 400);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);
    QVERIFY(pacer.isCongested());

    // The screen goes still: nothing is sent, every frame is acked. Shortly after, the pacer still holds back...
    const qint64 lastAck = link.atMs - 100 + 400;
    pacer.update(lastAck + 500);
    QCOMPARE(pacer.step(), ViewerPacer::MaxStep);
    // ...but after a second of nothing, nothing can be queued: the next change goes at the viewer's caps.
    pacer.update(lastAck + ViewerPacer::IdleResetMs);
    QCOMPARE(pacer.step(), 0);
    QVERIFY(!pacer.isCongested());
    QCOMPARE(pacer.intervalMs(), 16);
    QCOMPARE(pacer.quality(), 80);
    QVERIFY(pacer.window() >= 2);
    QVERIFY(pacer.canSend(lastAck + ViewerPacer::IdleResetMs));

    // A frame in flight is not idle, however long its ack takes.
    ViewerPacer waiting(16, 80, {});
    Link slow{waiting};
    slow.frames(20, 16, 10);
    slow.frames(60, 100, 400);
    waiting.sent(1000, slow.atMs);
    waiting.update(slow.atMs + 5000);
    QCOMPARE(waiting.step(), ViewerPacer::MaxStep);
}

QTEST_MAIN(TestViewerPacer)
#include "tst_viewerpacer.moc"
