#include "capture/fake/fakescreensource.h"
#include "codec/framepipeline.h"
#include "protocol/messages.h"
#include "support/jpegquality.h"
#include "support/textpage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPainter>
#include <QRandomGenerator>
#include <QRegion>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdlib>
#include <memory>

using namespace deskport;

namespace {

// Generous: the machine running the tests may be slow and busy. Nothing waits this long when things work.
constexpr int Timeout = 10000;
constexpr int Tolerance = 12;

struct Received
{
    QList<quint64> viewers;
    protocol::Frame frame;
};

bool isClose(QRgb actual, QColor expected, int tolerance = Tolerance)
{
    return std::abs(qRed(actual) - expected.red()) <= tolerance
        && std::abs(qGreen(actual) - expected.green()) <= tolerance
        && std::abs(qBlue(actual) - expected.blue()) <= tolerance;
}

QString describe(QRgb pixel)
{
    return QStringLiteral("rgb(%1, %2, %3)").arg(qRed(pixel)).arg(qGreen(pixel)).arg(qBlue(pixel));
}

QRegion regionOf(const protocol::Frame &frame)
{
    QRegion region;
    for (const protocol::FrameRect &rect : frame.rects) {
        region += rect.rect;
    }
    return region;
}

// Draws every rectangle of the frame onto canvas (of the frame's size), as the browser does. Returns an error, or
// an empty string if every JPEG decoded to exactly its rectangle's size.
QString paint(QImage &canvas, const protocol::Frame &frame)
{
    if (canvas.size() != QSize(frame.width, frame.height)) {
        canvas = QImage(frame.width, frame.height, QImage::Format_RGB32);
        canvas.fill(Qt::magenta); // anything not painted by the frame shows
    }
    QPainter painter(&canvas);
    for (const protocol::FrameRect &rect : frame.rects) {
        const QImage image = QImage::fromData(rect.jpeg, "JPEG");
        if (image.isNull()) {
            return QStringLiteral("rectangle %1,%2 %3x%4 is not a JPEG")
                .arg(rect.rect.x())
                .arg(rect.rect.y())
                .arg(rect.rect.width())
                .arg(rect.rect.height());
        }
        if (image.size() != rect.rect.size()) {
            return QStringLiteral("JPEG of %1x%2 for a rectangle of %3x%4")
                .arg(image.width())
                .arg(image.height())
                .arg(rect.rect.width())
                .arg(rect.rect.height());
        }
        painter.drawImage(rect.rect.topLeft(), image);
    }
    return {};
}

// Records every frameReady, decoded; acknowledges frames at once for the viewers in autoAck, as a fast browser.
class Recorder
{
public:
    explicit Recorder(FramePipeline *pipeline)
        : m_pipeline(pipeline)
    {
        QObject::connect(pipeline, &FramePipeline::frameReady, &m_context,
                         [this](const QList<quint64> &viewers, const QByteArray &message) { record(viewers, message); });
    }

    QSet<quint64> autoAck;
    QList<Received> frames;
    QStringList errors;

    QList<Received> framesFor(quint64 id) const
    {
        QList<Received> result;
        for (const Received &received : frames) {
            if (received.viewers.contains(id)) {
                result.append(received);
            }
        }
        return result;
    }
    int countFor(quint64 id) const { return int(framesFor(id).size()); }

private:
    void record(const QList<quint64> &viewers, const QByteArray &message)
    {
        const protocol::Decoded<protocol::ServerMessage> decoded = protocol::decodeServerMessage(message);
        if (!decoded) {
            errors.append(QStringLiteral("undecodable message: ") + decoded.error);
            return;
        }
        const auto *frame = std::get_if<protocol::Frame>(&*decoded.message);
        if (!frame) {
            errors.append(QStringLiteral("a message that is not a FRAME"));
            return;
        }
        if (viewers.isEmpty()) {
            errors.append(QStringLiteral("a frame for nobody"));
        }
        if (!frames.isEmpty() && frame->frameId <= frames.constLast().frame.frameId) {
            errors.append(QStringLiteral("frame id %1 after %2").arg(frame->frameId).arg(frames.constLast().frame.frameId));
        }
        frames.append({viewers, *frame});
        for (quint64 id : viewers) {
            if (autoAck.contains(id)) {
                m_pipeline->acknowledge(id, frame->frameId);
            }
        }
    }

    FramePipeline *m_pipeline;
    QObject m_context;
};

// A fake screen inside a pipeline. The fake stays reachable through a raw pointer: the pipeline's worker grabs
// from it, the test paints on it (fill() locks).
struct Setup
{
    explicit Setup(QSize size, QColor background = Qt::black, const StreamOptions &options = {})
    {
        auto source = std::make_unique<FakeScreenSource>(size, background);
        fake = source.get();
        pipeline = std::make_unique<FramePipeline>(std::move(source), options);
        recorder = std::make_unique<Recorder>(pipeline.get());
    }
    ~Setup()
    {
        // The changer paints on the fake, which the pipeline owns: stop it first.
        changer.stop();
        recorder.reset();
        pipeline.reset();
    }

    // Keeps a small corner of the screen changing, as a clock or a video would.
    void startChanging(int intervalMs = 15)
    {
        QObject::connect(&changer, &QTimer::timeout, &changer, [this] {
            ++changes;
            fake->fill(QRect(0, 0, 16, 16), QColor::fromHsv((changes * 47) % 360, 255, 255));
        });
        changer.start(intervalMs);
    }

    FakeScreenSource *fake = nullptr;
    std::unique_ptr<FramePipeline> pipeline;
    std::unique_ptr<Recorder> recorder;
    QTimer changer;
    int changes = 0;
};

} // namespace

class TestFramePipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frameSizeFor_data();
    void frameSizeFor();

    void desktopSizeAndOptions();
    void firstFrameIsFull();
    void nothingSentWhileStill();
    void changeSendsOnlyChangedArea();
    void creditsLimitFramesInFlight();
    void bogusAcksGiveNoCredit();
    void noCaptureWithoutCredits();
    void refineAfterStillness();
    void sameRequestSharesOneEncoding();
    void qualityAboveServersIsCapped();
    void scaledViewer();
    void requestChangeResizesWithFullFrame();
    void removedViewerGetsNothing();
    void captureStopsWithoutViewers();
    void viewerFpsLimit();
    void viewerGetsItsFps();
    void newOptionsReachConnectedViewers();
    void newSourceStartsWithFullFrame();
    void appliedInputIsLookedAtSoon();
    void fastChangingAreaGetsLowerQuality();
    void stillAreaRepaintedWhileAnotherChanges();
    void silentViewerGetsWindowThenFreshFrames();

    // Move detection: copies for scrolls, only where the viewer's canvas holds the source.
    void scrollSendsCopyAndStrip();
    void scaledViewerGetsNoCopies();
    void viewerMissingSourceGetsNoCopies();
    void videoGetsNoCopies();
    void lossyPixelsMoveAlong();
};

void TestFramePipeline::frameSizeFor_data()
{
    QTest::addColumn<QSize>("desktop");
    QTest::addColumn<QSize>("serverMax");
    QTest::addColumn<QSize>("viewerMax");
    QTest::addColumn<QSize>("expected");

    const QSize hd(1920, 1080);
    QTest::newRow("no limits") << hd << QSize() << QSize() << hd;
    QTest::newRow("zero viewer limits") << hd << QSize() << QSize(0, 0) << hd;
    QTest::newRow("server max larger") << hd << QSize(3840, 2160) << QSize() << hd;
    QTest::newRow("server max equal") << hd << hd << QSize() << hd;
    QTest::newRow("server max square") << hd << QSize(1280, 1280) << QSize() << QSize(1280, 720);
    QTest::newRow("server max exact fit, not eighths") << hd << QSize(1000, 1000) << QSize() << QSize(1000, 562);
    QTest::newRow("server max by height") << hd << QSize(4000, 540) << QSize() << QSize(960, 540);
    QTest::newRow("viewer max eighths") << hd << QSize() << QSize(1000, 1000) << QSize(960, 540);
    QTest::newRow("viewer max half exactly") << QSize(1280, 720) << QSize() << QSize(640, 360) << QSize(640, 360);
    QTest::newRow("viewer max just under half") << QSize(1280, 720) << QSize() << QSize(639, 360)
                                                << QSize(480, 270);
    QTest::newRow("viewer width only") << hd << QSize() << QSize(1000, 0) << QSize(960, 540);
    QTest::newRow("viewer height only") << hd << QSize() << QSize(0, 700) << QSize(1200, 675);
    QTest::newRow("viewer larger: never up") << hd << QSize() << QSize(3840, 2160) << hd;
    QTest::newRow("viewer slightly smaller") << hd << QSize() << QSize(1919, 1080) << QSize(1680, 945);
    QTest::newRow("viewer within server max") << hd << QSize(1280, 1280) << QSize(1000, 1000) << QSize(960, 540);
    QTest::newRow("viewer larger than server max") << hd << QSize(1280, 1280) << hd << QSize(1280, 720);
    QTest::newRow("tiny viewer: at least 1/8") << hd << QSize() << QSize(10, 10) << QSize(240, 135);
    QTest::newRow("one pixel viewer") << hd << QSize() << QSize(1, 1) << QSize(240, 135);
    QTest::newRow("small desktop, tiny viewer") << QSize(16, 16) << QSize() << QSize(1, 1) << QSize(2, 2);
    QTest::newRow("odd desktop halves") << QSize(1366, 768) << QSize() << QSize(683, 384) << QSize(683, 384);
}

void TestFramePipeline::frameSizeFor()
{
    QFETCH(QSize, desktop);
    QFETCH(QSize, serverMax);
    QFETCH(QSize, viewerMax);
    QFETCH(QSize, expected);
    const QSize size = deskport::frameSizeFor(desktop, serverMax, viewerMax);
    QCOMPARE(size, expected);
    // Whatever the limits: never empty, never larger than the desktop.
    QVERIFY(size.width() >= 1 && size.height() >= 1);
    QVERIFY(size.width() <= desktop.width() && size.height() <= desktop.height());
}

void TestFramePipeline::desktopSizeAndOptions()
{
    StreamOptions options;
    options.quality = 42;
    Setup setup(QSize(320, 200), Qt::black, options);
    QCOMPARE(setup.pipeline->desktopSize(), QSize(320, 200));
    QCOMPARE(setup.pipeline->options().quality, 42);
    // Nothing is captured or sent before anyone watches.
    QTest::qWait(200);
    QCOMPARE(setup.fake->grabCount(), 0);
    QVERIFY(setup.recorder->frames.isEmpty());
}

void TestFramePipeline::firstFrameIsFull()
{
    const QColor blue(20, 40, 200);
    const QColor red(220, 30, 30);
    const QColor green(30, 200, 60);
    Setup setup(QSize(640, 480), blue);
    setup.fake->fill(QRect(0, 0, 320, 240), red);
    setup.fake->fill(QRect(320, 240, 320, 240), green);
    QImage expected(640, 480, QImage::Format_RGB32);
    expected.fill(blue);
    QPainter(&expected).fillRect(QRect(0, 0, 320, 240), red);
    QPainter(&expected).fillRect(QRect(320, 240, 320, 240), green);

    QSignalSpy spy(setup.pipeline.get(), &FramePipeline::frameReady);
    setup.recorder->autoAck = {7};
    setup.pipeline->addViewer(7);
    QVERIFY(spy.wait(Timeout));
    QCOMPARE(spy.at(0).at(0).value<QList<quint64>>(), QList<quint64>{7});
    QVERIFY2(setup.recorder->errors.isEmpty(), qPrintable(setup.recorder->errors.join(u'\n')));

    const protocol::Frame &frame = setup.recorder->frames.at(0).frame;
    QVERIFY(frame.flags & protocol::FrameFlag::Full);
    QVERIFY(!(frame.flags & protocol::FrameFlag::Refine));
    QCOMPARE(frame.width, 640);
    QCOMPARE(frame.height, 480);
    QVERIFY(frame.captureTimeMs > 0);
    QVERIFY(QRegion(0, 0, 640, 480).subtracted(regionOf(frame)).isEmpty());

    QImage canvas;
    const QString error = paint(canvas, frame);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Everywhere but right at colour edges, where JPEG's subsampled colour bleeds by a pixel or two.
    const auto nearEdge = [&](int x, int y) {
        const QRgb here = expected.pixel(x, y);
        for (int dy = -3; dy <= 3; ++dy) {
            for (int dx = -3; dx <= 3; ++dx) {
                const QPoint other(x + dx, y + dy);
                if (expected.valid(other) && expected.pixel(other) != here) {
                    return true;
                }
            }
        }
        return false;
    };
    for (int y = 0; y < 480; y += 3) {
        for (int x = 0; x < 640; x += 3) {
            if (nearEdge(x, y)) {
                continue;
            }
            const QRgb pixel = canvas.pixel(x, y);
            QVERIFY2(isClose(pixel, expected.pixelColor(x, y)),
                     qPrintable(QStringLiteral("at %1,%2: %3").arg(x).arg(y).arg(describe(pixel))));
        }
    }
}

void TestFramePipeline::nothingSentWhileStill()
{
    Setup setup(QSize(640, 480), QColor(90, 120, 30));
    setup.recorder->autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(setup.recorder->frames.size(), 1, Timeout);
    // Longer than stillMs (400) several times over: at most the one REFINE of the first frame may follow.
    QTest::qWait(1500);
    const QList<Received> frames = setup.recorder->frames;
    QVERIFY2(frames.size() <= 2, qPrintable(QString::number(frames.size())));
    QVERIFY(frames.at(0).frame.flags & protocol::FrameFlag::Full);
    if (frames.size() == 2) {
        QCOMPARE(frames.at(1).frame.flags, protocol::FrameFlag::Refine);
    }
    const int grabs = setup.fake->grabCount();
    QVERIFY2(grabs > 3, "capture goes on while the viewer has credits, to notice changes");
    QTest::qWait(500);
    QCOMPARE(setup.recorder->frames.size(), frames.size());
    QVERIFY(setup.recorder->errors.isEmpty());
}

void TestFramePipeline::changeSendsOnlyChangedArea()
{
    StreamOptions options;
    options.stillMs = 600000; // no REFINE in this test
    Setup setup(QSize(1280, 720), Qt::black, options);
    setup.recorder->autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(setup.recorder->frames.size(), 1, Timeout);
    QImage canvas;
    QVERIFY(paint(canvas, setup.recorder->frames.at(0).frame).isEmpty());
    QTest::qWait(200);
    QCOMPARE(setup.recorder->frames.size(), 1);

    const QRect changed(300, 200, 40, 40);
    const QColor yellow(240, 220, 20);
    setup.fake->fill(changed, yellow);
    QTRY_COMPARE_WITH_TIMEOUT(setup.recorder->frames.size(), 2, Timeout);
    QTest::qWait(300);
    QCOMPARE(setup.recorder->frames.size(), 2); // one change, one frame
    QVERIFY(setup.recorder->errors.isEmpty());

    const protocol::Frame &frame = setup.recorder->frames.at(1).frame;
    QCOMPARE(frame.flags, quint8(0));
    QCOMPARE(frame.width, 1280);
    QCOMPARE(frame.height, 720);
    const QRegion region = regionOf(frame);
    QVERIFY2(QRegion(changed).subtracted(region).isEmpty(), "the change is not covered");
    // Only the 64x64 tiles the change touches, not the whole screen.
    QVERIFY2(QRegion(QRect(256, 192, 128, 64)).united(region) == QRegion(QRect(256, 192, 128, 64)),
             "more than the changed tiles was sent");

    QVERIFY(paint(canvas, frame).isEmpty());
    QVERIFY2(isClose(canvas.pixel(320, 220), yellow), qPrintable(describe(canvas.pixel(320, 220))));
    QVERIFY(isClose(canvas.pixel(303, 203), yellow));
    QVERIFY(isClose(canvas.pixel(336, 236), yellow));
    QVERIFY(isClose(canvas.pixel(270, 195), Qt::black));
    QVERIFY(isClose(canvas.pixel(360, 250), Qt::black));
    QVERIFY(isClose(canvas.pixel(600, 400), Qt::black));
}

void TestFramePipeline::creditsLimitFramesInFlight()
{
    StreamOptions options;
    QCOMPARE(options.initialInFlight, 2);
    // A viewer with a long round trip may have up to maxInFlight frames in flight; this test acks late on purpose
    // and counts frames exactly, so the window stays at two.
    options.maxInFlight = 2;
    Setup setup(QSize(320, 240), Qt::darkGray, options);
    setup.startChanging();
    setup.pipeline->addViewer(1); // never acks by itself
    Recorder &recorder = *setup.recorder;

    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 2, Timeout);
    QTest::qWait(800); // the screen keeps changing, the viewer has no credits left
    QCOMPARE(recorder.frames.size(), 2);
    QVERIFY(recorder.frames.at(0).frame.flags & protocol::FrameFlag::Full);

    setup.pipeline->acknowledge(1, recorder.frames.at(0).frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 3, Timeout);
    QTest::qWait(500);
    QCOMPARE(recorder.frames.size(), 3);

    // Acking in another order works too.
    setup.pipeline->acknowledge(1, recorder.frames.at(2).frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 4, Timeout);
    setup.pipeline->acknowledge(1, recorder.frames.at(1).frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 5, Timeout);
    QTest::qWait(500);
    QCOMPARE(recorder.frames.size(), 5);
    QVERIFY(recorder.errors.isEmpty());
    for (const Received &received : recorder.frames) {
        QCOMPARE(received.viewers, QList<quint64>{1});
    }
}

void TestFramePipeline::bogusAcksGiveNoCredit()
{
    StreamOptions options;
    options.maxInFlight = 2; // late acks would otherwise widen the window (a long round trip)
    Setup setup(QSize(320, 240), Qt::darkGray, options);
    setup.startChanging();
    setup.pipeline->addViewer(1);
    setup.pipeline->addViewer(2);
    Recorder &recorder = *setup.recorder;
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 2 && recorder.countFor(2) == 2, Timeout);
    QTest::qWait(300);
    QCOMPARE(recorder.countFor(1), 2);
    const QList<Received> first = recorder.framesFor(1);
    const quint32 lastId = first.constLast().frame.frameId;

    // Ids never sent, ids of the future, an unknown viewer, and acks for viewer 2 that viewer 1 sends.
    setup.pipeline->acknowledge(1, 0);
    setup.pipeline->acknowledge(1, lastId + 1);
    setup.pipeline->acknowledge(1, lastId + 1000);
    setup.pipeline->acknowledge(1, 0xffffffffu);
    setup.pipeline->acknowledge(99, first.at(0).frame.frameId);
    QTest::qWait(600);
    QCOMPARE(recorder.countFor(1), 2);

    // One real ack: one more frame. The same ack again: nothing.
    setup.pipeline->acknowledge(1, first.at(0).frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.countFor(1), 3, Timeout);
    setup.pipeline->acknowledge(1, first.at(0).frame.frameId);
    setup.pipeline->acknowledge(1, first.at(0).frame.frameId);
    QTest::qWait(600);
    QCOMPARE(recorder.countFor(1), 3);
    // Viewer 2 was never acked: still at its two.
    QCOMPARE(recorder.countFor(2), 2);
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::noCaptureWithoutCredits()
{
    Setup setup(QSize(320, 240), Qt::darkGray);
    setup.startChanging();
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(setup.recorder->frames.size(), 2, Timeout);
    QTest::qWait(200);
    // Nobody can be sent anything: capturing would be wasted.
    const int grabs = setup.fake->grabCount();
    QTest::qWait(400);
    QCOMPARE(setup.fake->grabCount(), grabs);
}

void TestFramePipeline::refineAfterStillness()
{
    StreamOptions options;
    options.stillMs = 100;
    Setup setup(QSize(640, 480), QColor(10, 10, 60), options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    // The first frame, then the REFINE of it once the screen is still.
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 2, Timeout);
    QVERIFY(recorder.frames.at(0).frame.flags & protocol::FrameFlag::Full);
    QCOMPARE(recorder.frames.at(1).frame.flags, protocol::FrameFlag::Refine);
    QVERIFY(QRegion(0, 0, 640, 480).subtracted(regionOf(recorder.frames.at(1).frame)).isEmpty());
    QTest::qWait(500);
    QCOMPARE(recorder.frames.size(), 2);

    QImage canvas;
    QVERIFY(paint(canvas, recorder.frames.at(0).frame).isEmpty());
    QVERIFY(paint(canvas, recorder.frames.at(1).frame).isEmpty());

    const QRect changed(100, 100, 40, 40);
    const QColor orange(250, 140, 20);
    setup.fake->fill(changed, orange);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 4, Timeout);
    QTest::qWait(800);
    QCOMPARE(recorder.frames.size(), 4); // the change, its REFINE, and nothing more
    QVERIFY(recorder.errors.isEmpty());

    const protocol::Frame &change = recorder.frames.at(2).frame;
    const protocol::Frame &refine = recorder.frames.at(3).frame;
    QCOMPARE(change.flags, quint8(0));
    QCOMPARE(refine.flags, protocol::FrameFlag::Refine);
    QVERIFY(refine.frameId > change.frameId);
    QVERIFY(refine.captureTimeMs >= change.captureTimeMs);
    QVERIFY2(QRegion(changed).subtracted(regionOf(refine)).isEmpty(), "REFINE does not cover the change");
    QVERIFY2(!QRegion(0, 0, 640, 480).subtracted(regionOf(refine)).isEmpty(), "REFINE repaints everything");
    QCOMPARE(regionOf(refine), regionOf(change)); // exactly what was sent lossy

    QVERIFY(paint(canvas, refine).isEmpty());
    for (const QPoint point : {QPoint(103, 103), QPoint(120, 120), QPoint(136, 136)}) {
        QVERIFY2(isClose(canvas.pixel(point), orange, 8), qPrintable(describe(canvas.pixel(point))));
    }
    QVERIFY(isClose(canvas.pixel(150, 150), QColor(10, 10, 60), 8));
}

void TestFramePipeline::sameRequestSharesOneEncoding()
{
    StreamOptions options;
    options.stillMs = 600000; // no REFINE in this test
    Setup setup(QSize(640, 480), Qt::darkCyan, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1, 2};
    QSignalSpy spy(setup.pipeline.get(), &FramePipeline::frameReady);
    setup.pipeline->addViewer(1);
    setup.pipeline->addViewer(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 1 && recorder.countFor(2) >= 1, Timeout);
    QVERIFY(recorder.framesFor(1).at(0).frame.flags & protocol::FrameFlag::Full);
    QVERIFY(recorder.framesFor(2).at(0).frame.flags & protocol::FrameFlag::Full);
    QTest::qWait(300);

    spy.clear();
    setup.fake->fill(QRect(200, 200, 30, 30), Qt::white);
    QVERIFY(spy.wait(Timeout));
    QTest::qWait(300);
    QCOMPARE(spy.count(), 1);
    QList<quint64> viewers = spy.at(0).at(0).value<QList<quint64>>();
    std::sort(viewers.begin(), viewers.end());
    QCOMPARE(viewers, (QList<quint64>{1, 2}));
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::qualityAboveServersIsCapped()
{
    // A viewer asking for more than the server's quality gets the server's, so it shares the encoding of a viewer
    // with the default request. One asking for less gets its own.
    StreamOptions options;
    options.quality = 50;
    options.stillMs = 600000;
    Setup setup(QSize(320, 240), Qt::darkRed, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1, 2, 3};
    setup.pipeline->addViewer(1);
    ViewerRequest greedy;
    greedy.quality = 100;
    setup.pipeline->addViewer(2, greedy);
    ViewerRequest modest;
    modest.quality = 20;
    setup.pipeline->addViewer(3, modest);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 1 && recorder.countFor(2) >= 1 && recorder.countFor(3) >= 1,
                             Timeout);
    QTest::qWait(300);
    const int before = int(recorder.frames.size());

    setup.fake->fill(QRect(100, 100, 30, 30), Qt::yellow);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.frames.size() >= before + 2, Timeout);
    QTest::qWait(300);
    QCOMPARE(recorder.frames.size(), before + 2);
    QList<quint64> shared = recorder.frames.at(before).viewers + recorder.frames.at(before + 1).viewers;
    std::sort(shared.begin(), shared.end());
    QCOMPARE(shared, (QList<quint64>{1, 2, 3}));
    const Received &withOne = recorder.frames.at(before).viewers.contains(1) ? recorder.frames.at(before)
                                                                             : recorder.frames.at(before + 1);
    QList<quint64> together = withOne.viewers;
    std::sort(together.begin(), together.end());
    QCOMPARE(together, (QList<quint64>{1, 2}));
}

void TestFramePipeline::scaledViewer()
{
    StreamOptions options;
    options.stillMs = 600000; // no REFINE in this test
    const QColor gray(60, 60, 60);
    const QColor red(230, 40, 40);
    const QColor green(40, 210, 70);
    const QColor blue(30, 60, 230);
    Setup setup(QSize(1280, 720), gray, options);
    setup.fake->fill(QRect(640, 360, 320, 180), red);
    setup.fake->fill(QRect(0, 0, 320, 180), green);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1, 2};
    setup.pipeline->addViewer(1);
    ViewerRequest small;
    small.maxSize = QSize(640, 360);
    setup.pipeline->addViewer(2, small);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 1 && recorder.countFor(2) >= 1, Timeout);
    QVERIFY(recorder.errors.isEmpty());
    for (const Received &received : recorder.frames) {
        QCOMPARE(received.viewers.size(), 1); // different sizes: different encodings
    }

    const protocol::Frame big = recorder.framesFor(1).at(0).frame;
    QVERIFY(big.flags & protocol::FrameFlag::Full);
    QCOMPARE(big.width, 1280);
    QCOMPARE(big.height, 720);
    const protocol::Frame scaled = recorder.framesFor(2).at(0).frame;
    QVERIFY(scaled.flags & protocol::FrameFlag::Full);
    QCOMPARE(scaled.width, 640);
    QCOMPARE(scaled.height, 360);
    QVERIFY(QRegion(0, 0, 640, 360).subtracted(regionOf(scaled)).isEmpty());

    QImage bigCanvas;
    QImage smallCanvas;
    QString error = paint(bigCanvas, big);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = paint(smallCanvas, scaled);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(isClose(bigCanvas.pixel(800, 450), red));
    QVERIFY(isClose(bigCanvas.pixel(160, 90), green));
    QVERIFY(isClose(bigCanvas.pixel(1000, 100), gray));
    // Half size: everything at half the coordinates. Away from colour edges, where smoothing blends.
    struct Probe
    {
        QPoint at;
        QColor color;
    };
    const Probe probes[] = {
        {{400, 225}, red},   {{325, 185}, red},  {{475, 265}, red},  {{80, 45}, green}, {{5, 5}, green},
        {{155, 85}, green},  {{500, 50}, gray},  {{100, 300}, gray}, {{635, 355}, gray}, {{315, 175}, gray},
        {{165, 95}, gray},   {{485, 275}, gray},
    };
    for (const Probe &probe : probes) {
        const QRgb pixel = smallCanvas.pixel(probe.at);
        QVERIFY2(isClose(pixel, probe.color),
                 qPrintable(QStringLiteral("at %1,%2: %3").arg(probe.at.x()).arg(probe.at.y()).arg(describe(pixel))));
    }

    // A change reaches both, each at its own size.
    QTest::qWait(200);
    const int bigCount = recorder.countFor(1);
    const int smallCount = recorder.countFor(2);
    setup.fake->fill(QRect(1000, 600, 100, 60), blue);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) > bigCount && recorder.countFor(2) > smallCount, Timeout);
    const protocol::Frame bigChange = recorder.framesFor(1).constLast().frame;
    const protocol::Frame smallChange = recorder.framesFor(2).constLast().frame;
    QCOMPARE(bigChange.flags, quint8(0));
    QCOMPARE(smallChange.flags, quint8(0));
    QCOMPARE(bigChange.width, 1280);
    QCOMPARE(smallChange.width, 640);
    QCOMPARE(smallChange.height, 360);
    QVERIFY(QRegion(QRect(500, 300, 50, 30)).subtracted(regionOf(smallChange)).isEmpty());
    QVERIFY(!QRegion(0, 0, 640, 360).subtracted(regionOf(smallChange)).isEmpty());
    QVERIFY(paint(bigCanvas, bigChange).isEmpty());
    error = paint(smallCanvas, smallChange);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(isClose(bigCanvas.pixel(1050, 630), blue));
    QVERIFY2(isClose(smallCanvas.pixel(525, 315), blue), qPrintable(describe(smallCanvas.pixel(525, 315))));
    QVERIFY(isClose(smallCanvas.pixel(503, 303), blue));
    QVERIFY(isClose(smallCanvas.pixel(546, 326), blue));
    QVERIFY(isClose(smallCanvas.pixel(400, 225), red)); // untouched
    QVERIFY(isClose(smallCanvas.pixel(560, 340), gray));
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::requestChangeResizesWithFullFrame()
{
    StreamOptions options;
    options.stillMs = 600000;
    Setup setup(QSize(640, 480), Qt::darkGreen, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 1, Timeout);
    QTest::qWait(200);

    ViewerRequest request;
    request.maxSize = QSize(320, 240);
    setup.pipeline->setViewerRequest(1, request);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 2, Timeout);
    const protocol::Frame &frame = recorder.frames.at(1).frame;
    QVERIFY(frame.flags & protocol::FrameFlag::Full);
    QCOMPARE(frame.width, 320);
    QCOMPARE(frame.height, 240);
    QVERIFY(QRegion(0, 0, 320, 240).subtracted(regionOf(frame)).isEmpty());
    QTest::qWait(300);
    QCOMPARE(recorder.frames.size(), 2);

    // The same request again changes nothing.
    setup.pipeline->setViewerRequest(1, request);
    // And a request for a viewer that does not exist is ignored.
    setup.pipeline->setViewerRequest(42, request);
    QTest::qWait(300);
    QCOMPARE(recorder.frames.size(), 2);
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::removedViewerGetsNothing()
{
    StreamOptions options;
    options.stillMs = 600000;
    Setup setup(QSize(640, 480), Qt::darkBlue, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1, 2};
    setup.pipeline->addViewer(1);
    setup.pipeline->addViewer(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 1 && recorder.countFor(2) >= 1, Timeout);

    setup.pipeline->removeViewer(2);
    setup.pipeline->removeViewer(77); // unknown: nothing happens
    QTest::qWait(300); // frames emitted before the removal reached the worker may still arrive
    recorder.frames.clear();

    setup.startChanging(40);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 3, Timeout);
    QTest::qWait(300);
    QCOMPARE(recorder.countFor(2), 0);
    for (const Received &received : recorder.frames) {
        QCOMPARE(received.viewers, QList<quint64>{1});
    }
    // Acks from the removed viewer do nothing either.
    setup.pipeline->acknowledge(2, recorder.frames.constLast().frame.frameId);
    QTest::qWait(200);
    QCOMPARE(recorder.countFor(2), 0);
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::captureStopsWithoutViewers()
{
    Setup setup(QSize(320, 240), Qt::gray);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 1, Timeout);
    const int start = setup.fake->grabCount();
    QTRY_VERIFY_WITH_TIMEOUT(setup.fake->grabCount() > start + 3, Timeout);

    setup.pipeline->removeViewer(1);
    QTest::qWait(200);
    const int stopped = setup.fake->grabCount();
    QTest::qWait(400);
    QCOMPARE(setup.fake->grabCount(), stopped);

    // A new viewer starts capture again, from a FULL frame.
    recorder.frames.clear();
    recorder.autoAck = {2};
    setup.pipeline->addViewer(2);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 1, Timeout);
    QVERIFY(recorder.frames.at(0).frame.flags & protocol::FrameFlag::Full);
    QCOMPARE(recorder.frames.at(0).viewers, QList<quint64>{2});
    QVERIFY(setup.fake->grabCount() > stopped);
}

void TestFramePipeline::viewerFpsLimit()
{
    Setup setup(QSize(320, 240), Qt::black);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    ViewerRequest request;
    request.fps = 5;
    setup.startChanging(10);
    setup.pipeline->addViewer(1, request);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.frames.size() >= 1, Timeout);

    const int before = int(recorder.frames.size());
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(2000);
    const qint64 elapsed = clock.elapsed();
    const int sent = int(recorder.frames.size()) - before;
    const int most = int(5 * elapsed / 1000) + 2;
    QVERIFY2(sent <= most, qPrintable(QStringLiteral("%1 frames in %2 ms").arg(sent).arg(elapsed)));
    QVERIFY2(sent >= 3, qPrintable(QStringLiteral("%1 frames in %2 ms").arg(sent).arg(elapsed)));
    qInfo("fps 5: %d frames in %lld ms", sent, elapsed);
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::viewerGetsItsFps()
{
    // A fast viewer of a continuously changing, tiny screen should get about the frame rate it asks for (the
    // server's 30 here): encoding a 16x16 change costs nothing, acks return at once. The margin (90%) leaves room
    // for a busy machine; a pacing that skips a tick whenever the timer fires a millisecond early gives ~80%.
    Setup setup(QSize(320, 240), Qt::black);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.startChanging(5);
    setup.pipeline->addViewer(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.frames.size() >= 2, Timeout);

    const int before = int(recorder.frames.size());
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(4000);
    const qint64 elapsed = clock.elapsed();
    const int sent = int(recorder.frames.size()) - before;
    const int expected = int(30 * elapsed / 1000);
    QVERIFY2(sent >= expected * 9 / 10,
             qPrintable(QStringLiteral("%1 frames in %2 ms, expected about %3").arg(sent).arg(elapsed).arg(expected)));
    QVERIFY2(sent <= int(elapsed / (1000 / 30)) + 2,
             qPrintable(QStringLiteral("%1 frames in %2 ms, expected about %3").arg(sent).arg(elapsed).arg(expected)));
    QVERIFY(recorder.errors.isEmpty());
}


void TestFramePipeline::newOptionsReachConnectedViewers()
{
    // The tray's sliders: new ceilings apply to a viewer that is already connected, without it asking again.
    StreamOptions options;
    options.stillMs = 600000; // no REFINE: every frame is at the stream quality
    options.hotQualityDrop = 0; // the changing corner is "hot": keep it at the stream quality too
    Setup setup(QSize(320, 240), Qt::darkBlue, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    setup.startChanging();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 3, Timeout);
    QCOMPARE(testsupport::estimateJpegQuality(recorder.frames.constLast().frame.rects.constFirst().jpeg), 80);

    options.quality = 30;
    options.maxSize = QSize(160, 120);
    setup.pipeline->setOptions(options);
    QCOMPARE(setup.pipeline->options().quality, 30);
    const qsizetype before = recorder.frames.size();
    // The next frame is a full one at the new size, and from then on at the new quality.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.frames.size() >= before + 3, Timeout);
    const QList<Received> after = recorder.frames.mid(before);
    const auto full = std::find_if(after.begin(), after.end(), [](const Received &received) {
        return received.frame.flags & protocol::FrameFlag::Full;
    });
    QVERIFY(full != after.end());
    QCOMPARE(QSize(full->frame.width, full->frame.height), QSize(160, 120));
    for (auto it = full; it != after.end(); ++it) {
        QCOMPARE(QSize(it->frame.width, it->frame.height), QSize(160, 120));
        for (const protocol::FrameRect &rect : it->frame.rects) {
            QCOMPARE(testsupport::estimateJpegQuality(rect.jpeg), 30);
        }
    }
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::newSourceStartsWithFullFrame()
{
    Setup setup(QSize(320, 240), Qt::darkBlue);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 1, Timeout);
    const qsizetype before = recorder.frames.size();

    // Another screen: a different size and colour; the viewer gets all of it, at its size. (setup.fake goes with
    // the old source and is not touched again.)
    setup.pipeline->setSource(std::make_unique<FakeScreenSource>(QSize(200, 100), Qt::green));
    QCOMPARE(setup.pipeline->desktopSize(), QSize(200, 100));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.frames.size() > before, Timeout);
    const protocol::Frame &frame = recorder.frames.at(before).frame;
    QVERIFY(frame.flags & protocol::FrameFlag::Full);
    QCOMPARE(QSize(frame.width, frame.height), QSize(200, 100));
    QImage canvas;
    QCOMPARE(paint(canvas, frame), QString());
    QVERIFY2(isClose(canvas.pixel(100, 50), Qt::green), qPrintable(describe(canvas.pixel(100, 50))));
    QVERIFY2(isClose(canvas.pixel(199, 99), Qt::green), qPrintable(describe(canvas.pixel(199, 99))));
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::appliedInputIsLookedAtSoon()
{
    // One frame a second: the regular look at the screen comes at most once a second. Right after a viewer's input
    // reached the desktop, the pipeline looks early, so a click shows without waiting for that tick.
    StreamOptions options;
    options.fps = 1;
    options.stillMs = 600000;
    Setup setup(QSize(320, 240), Qt::darkGreen, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 1, Timeout);
    // Past the viewer's next due time (1 s after the first frame), between two regular ticks.
    QTest::qWait(1300);
    QCOMPARE(recorder.countFor(1), 1); // nothing changed, nothing sent
    QElapsedTimer sinceInput;
    setup.fake->fill(QRect(10, 10, 20, 20), Qt::white);
    setup.pipeline->inputApplied();
    sinceInput.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 2, Timeout);
    // The next regular tick is about 700 ms away; an early look answers within a few milliseconds. The bound is
    // loose for a busy machine, and still far below the tick.
    QVERIFY2(sinceInput.elapsed() < 400, qPrintable(QString::number(sinceInput.elapsed())));
    QVERIFY(recorder.errors.isEmpty());
}

namespace {

// The quality of the rectangle of frame that covers point, or -1.
int qualityAt(const protocol::Frame &frame, QPoint point)
{
    for (const protocol::FrameRect &rect : frame.rects) {
        if (rect.rect.contains(point)) {
            return testsupport::estimateJpegQuality(rect.jpeg);
        }
    }
    return -1;
}

} // namespace

void TestFramePipeline::fastChangingAreaGetsLowerQuality()
{
    // A corner that changes every capture is "hot" (a video): it goes at quality - hotQualityDrop, while a change
    // elsewhere in the same frames keeps the viewer's quality.
    StreamOptions options;
    options.stillMs = 600000; // no repaints here
    Setup setup(QSize(640, 480), Qt::darkBlue, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    setup.startChanging(10);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 10, Timeout);
    QCOMPARE(qualityAt(recorder.frames.constLast().frame, QPoint(5, 5)), 50);

    const qsizetype before = recorder.frames.size();
    setup.fake->fill(QRect(300, 300, 40, 40), Qt::yellow);
    const auto withChange = [&] {
        for (qsizetype i = before; i < recorder.frames.size(); ++i) {
            if (qualityAt(recorder.frames.at(i).frame, QPoint(320, 320)) >= 0) {
                return i;
            }
        }
        return qsizetype(-1);
    };
    QTRY_VERIFY_WITH_TIMEOUT(withChange() >= 0, Timeout);
    const protocol::Frame &frame = recorder.frames.at(withChange()).frame;
    QCOMPARE(qualityAt(frame, QPoint(320, 320)), 80);
    QCOMPARE(frame.flags, quint8(0));
    for (const Received &received : recorder.frames.mid(before)) {
        const int corner = qualityAt(received.frame, QPoint(5, 5));
        QVERIFY2(corner == -1 || corner == 50, qPrintable(QString::number(corner)));
    }
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::stillAreaRepaintedWhileAnotherChanges()
{
    // A video keeps playing in one corner; a one-off change elsewhere is repainted at refineQuality once it has been
    // still for stillMs, in a frame that also carries the video (so not a REFINE frame), without waiting for the
    // whole screen to be still.
    StreamOptions options;
    options.stillMs = 150;
    Setup setup(QSize(640, 480), Qt::darkBlue, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    setup.startChanging(10);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 10, Timeout);
    QTest::qWait(300); // the first frame's repaint is done

    const qsizetype before = recorder.frames.size();
    const QColor orange(250, 140, 20);
    setup.fake->fill(QRect(300, 300, 40, 40), orange);
    const auto find = [&](int quality) {
        for (qsizetype i = before; i < recorder.frames.size(); ++i) {
            if (qualityAt(recorder.frames.at(i).frame, QPoint(320, 320)) == quality) {
                return i;
            }
        }
        return qsizetype(-1);
    };
    QTRY_VERIFY_WITH_TIMEOUT(find(80) >= 0 && find(95) > find(80), Timeout);
    const Received &change = recorder.frames.at(find(80));
    const Received &repaint = recorder.frames.at(find(95));
    QCOMPARE(repaint.frame.flags, quint8(0)); // it rode along with the video
    QCOMPARE(qualityAt(repaint.frame, QPoint(5, 5)), 50);
    QVERIFY(repaint.frame.captureTimeMs >= change.frame.captureTimeMs + quint64(options.stillMs) - 5);
    QImage canvas;
    QVERIFY(paint(canvas, recorder.frames.at(0).frame).isEmpty());
    QVERIFY(paint(canvas, repaint.frame).isEmpty());
    QVERIFY2(isClose(canvas.pixel(320, 320), orange, 8), qPrintable(describe(canvas.pixel(320, 320))));
    // Exactly once: nothing more of that area after the repaint.
    QTest::qWait(400);
    for (qsizetype i = find(95) + 1; i < recorder.frames.size(); ++i) {
        QCOMPARE(qualityAt(recorder.frames.at(i).frame, QPoint(320, 320)), -1);
    }
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::silentViewerGetsWindowThenFreshFrames()
{
    // A viewer that stops acking gets its window's worth of frames and then nothing, while another viewer goes on;
    // when it acks again, the frame it gets shows the screen as it is now, not a queued old one.
    StreamOptions options;
    options.stillMs = 600000;
    Setup setup(QSize(320, 240), Qt::black, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    setup.pipeline->addViewer(2);
    setup.startChanging(20);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(2) == options.initialInFlight, Timeout);
    const int fastBefore = recorder.countFor(1);
    QTest::qWait(800);
    QCOMPARE(recorder.countFor(2), options.initialInFlight);
    QVERIFY(recorder.countFor(1) >= fastBefore + 10);

    const quint64 ackedAt = quint64(QDateTime::currentMSecsSinceEpoch());
    setup.pipeline->acknowledge(2, recorder.framesFor(2).constFirst().frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.countFor(2), options.initialInFlight + 1, Timeout);
    // A copy: framesFor() returns a temporary list, so a reference into it would dangle (ASan: use after free).
    const protocol::Frame fresh = recorder.framesFor(2).constLast().frame;
    QVERIFY(fresh.captureTimeMs + 5 >= ackedAt);
    QVERIFY(fresh.captureTimeMs >= recorder.framesFor(2).at(1).frame.captureTimeMs + 700);
    QTest::qWait(300);
    // Its late ack shows a long round trip: one more frame may be in flight now, never more than maxInFlight.
    QVERIFY(recorder.countFor(2) <= options.maxInFlight + 1);
    QVERIFY(recorder.errors.isEmpty());
}

namespace {

using testsupport::makeTextPage;

// The screen: a dark background with a view of page scrolled to scrollY.
QImage screenWithView(QSize screen, const QImage &page, const QRect &view, int scrollY)
{
    QImage image(screen, QImage::Format_RGB32);
    image.fill(QColor(40, 44, 52));
    QPainter(&image).drawImage(view.topLeft(), page, QRect(QPoint(0, scrollY), view.size()));
    return image;
}

// Applies a frame as the browser does: the copies in order (each reads the canvas as it is just then), then the
// rectangles. Returns an error or an empty string.
QString applyFrame(QImage &canvas, const protocol::Frame &frame)
{
    if (!frame.copies.isEmpty() && canvas.size() != QSize(frame.width, frame.height)) {
        return QStringLiteral("copies onto a canvas of another size");
    }
    for (const protocol::FrameCopy &copy : frame.copies) {
        const QImage block = canvas.copy(copy.source);
        QPainter p(&canvas);
        p.setCompositionMode(QPainter::CompositionMode_Source);
        p.drawImage(copy.destination, block);
    }
    return paint(canvas, frame);
}

// The mean difference per channel between two images of one size, and whether any pixel is far off.
double meanError(const QImage &a, const QImage &b)
{
    qint64 sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) + std::abs(qBlue(p) - qBlue(q));
        }
    }
    return double(sum) / (3.0 * double(a.width()) * double(a.height()));
}

} // namespace

void TestFramePipeline::scrollSendsCopyAndStrip()
{
    StreamOptions options;
    options.stillMs = 600000; // no REFINE in this test
    const QSize screen(1280, 720);
    const QRect view(135, 100, 800, 500); // not on tile boundaries
    const QImage page = makeTextPage(QSize(800, 3000), 17);
    Setup setup(screen, Qt::black, options);
    setup.fake->setImage(screenWithView(screen, page, view, 600));
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 1, Timeout);
    QImage canvas;
    QVERIFY(applyFrame(canvas, recorder.frames.at(0).frame).isEmpty());
    const QImage before = canvas.copy();

    const int step = 40;
    const QImage scrolled = screenWithView(screen, page, view, 600 + step);
    setup.fake->setImage(scrolled);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 2, Timeout);
    QVERIFY(recorder.errors.isEmpty());
    const protocol::Frame &frame = recorder.frames.at(1).frame;
    QVERIFY(frame.flags & protocol::FrameFlag::Copy);
    QCOMPARE(frame.copies.size(), 1);
    const protocol::FrameCopy &copy = frame.copies.first();
    QCOMPARE(copy.destination - copy.source.topLeft(), QPoint(0, -step));
    // The flat background beside the view matches itself at any vertical offset: the block may take some along.
    QVERIFY(copy.destinationRect().contains(view.adjusted(0, 0, 0, -step)));
    QCOMPARE(copy.destinationRect().bottom(), view.bottom() - step);
    // Only the exposed strip is encoded (and nothing inside the copied block), not whole tile rows.
    const QRegion encoded = regionOf(frame);
    QVERIFY(!encoded.intersects(copy.destinationRect()));
    const QRect strip = view.adjusted(0, view.height() - step, 0, 0);
    QVERIFY(!encoded.isEmpty());
    // Between the view's first whole tile row (128) and the strip nothing is encoded: the strip's tile row starts
    // at 512, the strip at 560. (Above 128, the part of the view's top tile row outside the copy is sent again.)
    QVERIFY2(!encoded.intersects(QRect(0, 128, screen.width(), strip.top() - 128)),
             qPrintable(QStringLiteral("copied %1,%2 %3x%4")
                            .arg(copy.destination.x())
                            .arg(copy.destination.y())
                            .arg(copy.source.width())
                            .arg(copy.source.height())));
    QVERIFY(encoded.boundingRect().bottom() < 640);

    QVERIFY(applyFrame(canvas, frame).isEmpty());
    // The copied block holds exactly what the viewer had at the source; the rest is close to the new screen.
    QCOMPARE(canvas.copy(copy.destinationRect()), before.copy(copy.source));
    QVERIFY2(meanError(canvas, scrolled) < 2.0, qPrintable(QString::number(meanError(canvas, scrolled))));
    QVERIFY2(meanError(canvas.copy(view), scrolled.copy(view)) < 4.0, "the view is not the scrolled page");
    QVERIFY2(meanError(canvas.copy(strip), scrolled.copy(strip)) < 4.0, "the exposed strip is not the new text");
}

void TestFramePipeline::scaledViewerGetsNoCopies()
{
    StreamOptions options;
    options.stillMs = 600000;
    const QSize screen(1280, 720);
    const QRect view(135, 100, 800, 500);
    const QImage page = makeTextPage(QSize(800, 3000), 18);
    Setup setup(screen, Qt::black, options);
    setup.fake->setImage(screenWithView(screen, page, view, 0));
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1, 2};
    setup.pipeline->addViewer(1);
    ViewerRequest small;
    small.maxSize = QSize(640, 360);
    setup.pipeline->addViewer(2, small);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 1 && recorder.countFor(2) == 1, Timeout);
    QTest::qWait(100);

    setup.fake->setImage(screenWithView(screen, page, view, 32));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 2 && recorder.countFor(2) == 2, Timeout);
    QVERIFY(recorder.errors.isEmpty());
    QCOMPARE(recorder.framesFor(1).at(1).frame.copies.size(), 1);
    const protocol::Frame scaled = recorder.framesFor(2).at(1).frame;
    QVERIFY(scaled.copies.isEmpty());
    QVERIFY(!(scaled.flags & protocol::FrameFlag::Copy));
    QCOMPARE(scaled.width, 640);
    // The scaled viewer gets the whole moved area again, scaled (the view's text rows; its blank margin may not change).
    QVERIFY(QRegion(QRect(70, 52, 200, 246)).subtracted(regionOf(scaled)).isEmpty());
    for (const Received &received : recorder.frames) {
        QCOMPARE(received.viewers.size(), 1); // different copies, sizes: never one shared encoding
    }
}

void TestFramePipeline::viewerMissingSourceGetsNoCopies()
{
    // Viewer 1 waits for an ack while the page's text changes, so its canvas lacks the new text; then the page
    // scrolls. Viewer 2, up to date, gets a copy; viewer 1 must not copy pixels it never got: whichever tick brings
    // it up to date, its canvas ends up showing the screen.
    StreamOptions options;
    options.stillMs = 600000;
    options.maxInFlight = 1;
    options.hotQualityDrop = 0; // the page changes every capture; its pixels are compared below at quality 80
    const QSize screen(1280, 720);
    const QRect view(135, 100, 800, 500);
    const QImage oldPage = makeTextPage(QSize(800, 3000), 19);
    const QImage newPage = makeTextPage(QSize(800, 3000), 20);
    Setup setup(screen, Qt::black, options);
    setup.fake->setImage(screenWithView(screen, oldPage, view, 0));
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {2};
    setup.pipeline->addViewer(1);
    setup.pipeline->addViewer(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) == 1 && recorder.countFor(2) == 1, Timeout);
    QImage canvas1;
    QVERIFY(applyFrame(canvas1, recorder.framesFor(1).at(0).frame).isEmpty());

    setup.fake->setImage(screenWithView(screen, newPage, view, 0));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.countFor(2), 2, Timeout);
    QCOMPARE(recorder.countFor(1), 1); // no credit: the new text is pending for viewer 1
    const QImage scrolled = screenWithView(screen, newPage, view, 48);
    setup.fake->setImage(scrolled);
    setup.pipeline->acknowledge(1, recorder.framesFor(1).at(0).frame.frameId);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.countFor(2), 3, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countFor(1) >= 2, Timeout);
    QVERIFY(recorder.errors.isEmpty());
    QCOMPARE(recorder.framesFor(2).at(2).frame.copies.size(), 1);

    const protocol::Frame catchUp = recorder.framesFor(1).at(1).frame;
    QVERIFY(catchUp.copies.isEmpty());
    QVERIFY(applyFrame(canvas1, catchUp).isEmpty());
    if (recorder.countFor(1) == 3) { // the ack landed before the scroll was seen: a second frame brings it
        QVERIFY(applyFrame(canvas1, recorder.framesFor(1).at(2).frame).isEmpty());
    } else {
        setup.pipeline->acknowledge(1, catchUp.frameId);
        QTest::qWait(200);
        for (int i = 2; i < recorder.countFor(1); ++i) {
            QVERIFY(applyFrame(canvas1, recorder.framesFor(1).at(i).frame).isEmpty());
        }
    }
    QVERIFY2(meanError(canvas1.copy(view), scrolled.copy(view)) < 4.0,
             qPrintable(QString::number(meanError(canvas1.copy(view), scrolled.copy(view)))));
}

void TestFramePipeline::videoGetsNoCopies()
{
    StreamOptions options;
    options.stillMs = 600000;
    const QSize screen(640, 480);
    const QRect area(64, 64, 448, 320);
    Setup setup(screen, Qt::black, options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 1, Timeout);
    QRandomGenerator rng(5);
    for (int i = 0; i < 6; ++i) {
        QImage frame(screen, QImage::Format_RGB32);
        frame.fill(Qt::black);
        for (int y = area.top(); y <= area.bottom(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(frame.scanLine(y));
            for (int x = area.left(); x <= area.right(); ++x) {
                line[x] = 0xFF000000U | (rng.generate() & 0xFFFFFFU);
            }
        }
        setup.fake->setImage(frame);
        QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), i + 2, Timeout);
        QVERIFY(recorder.frames.constLast().frame.copies.isEmpty());
    }
    QVERIFY(recorder.errors.isEmpty());
}

void TestFramePipeline::lossyPixelsMoveAlong()
{
    // A window appears (sent at the viewer's quality: lossy) and is dragged at once onto an area that had been
    // refined. The copy carries the lossy pixels there, so the next REFINE must repaint the window's new place.
    StreamOptions options;
    options.stillMs = 300;
    const QSize screen(1280, 720);
    const QImage window = makeTextPage(QSize(384, 256), 23);
    const auto withWindow = [&](QPoint at) {
        QImage image(screen, QImage::Format_RGB32);
        image.fill(QColor(40, 44, 52));
        QPainter(&image).drawImage(at, window);
        return image;
    };
    Setup setup(screen, QColor(40, 44, 52), options);
    Recorder &recorder = *setup.recorder;
    recorder.autoAck = {1};
    setup.pipeline->addViewer(1);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 2, Timeout); // full, then its REFINE
    QVERIFY(recorder.frames.at(1).frame.flags & protocol::FrameFlag::Refine);

    // On tile boundaries: the window's new tiles are filled by the copy alone, none is encoded.
    const QPoint from(128, 64);
    const QPoint to(704, 384);
    setup.fake->setImage(withWindow(from));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 3, Timeout);
    setup.fake->setImage(withWindow(to));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 4, Timeout);
    const protocol::Frame &drag = recorder.frames.at(3).frame;
    QVERIFY(!(drag.flags & protocol::FrameFlag::Refine));
    QCOMPARE(drag.copies.size(), 1);
    QCOMPARE(drag.copies.first().destination - drag.copies.first().source.topLeft(), to - from);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.frames.size(), 5, Timeout);
    const protocol::Frame &refine = recorder.frames.at(4).frame;
    QVERIFY(refine.flags & protocol::FrameFlag::Refine);
    QVERIFY(!regionOf(drag).intersects(QRect(to, window.size())));
    QVERIFY2(QRegion(QRect(to, window.size())).subtracted(regionOf(refine)).isEmpty(),
             "the moved lossy pixels stay lossy");
    QVERIFY(recorder.errors.isEmpty());
}

QTEST_MAIN(TestFramePipeline)
#include "tst_framepipeline.moc"
