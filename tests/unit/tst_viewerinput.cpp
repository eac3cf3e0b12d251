// ViewerInput against a RecordingInputSink (a fake: it records the calls that would reach XTest).

#include "input/fake/recordinginputsink.h"
#include "input/null/nullinputsink.h"
#include "protocol/messages.h"
#include "server/viewerinput.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace deskport;
namespace proto = deskport::protocol;

namespace {

const QRect Desktop(0, 0, 1920, 1080);

proto::Key keyDown(const char *key, const char *code)
{
    return proto::Key{true, false, QString::fromUtf8(key), QString::fromLatin1(code)};
}

proto::Key keyUp(const char *key, const char *code)
{
    return proto::Key{false, false, QString::fromUtf8(key), QString::fromLatin1(code)};
}

proto::Pointer pointer(quint16 x, quint16 y, quint8 buttons = 0)
{
    return proto::Pointer{x, y, 1920, 1080, buttons};
}

} // namespace

class TestViewerInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_sink.calls.clear(); }

    void appliesInOrder()
    {
        ViewerInput input(context(1000), Role::Control);
        QVERIFY(input.isApplied());
        QVERIFY(input.handle(pointer(100, 200)));
        QVERIFY(input.handle(pointer(100, 200, proto::PointerButton::Left)));
        QVERIFY(input.handle(pointer(100, 200, 0)));
        QVERIFY(input.handle(keyDown("a", "KeyA")));
        QVERIFY(input.handle(keyUp("a", "KeyA")));
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("move 100,200"), QStringLiteral("button left down"),
                                            QStringLiteral("button left up"), QStringLiteral("key 0x61 down"),
                                            QStringLiteral("key 0x61 up")}));
    }

    void doubleClickAndDragKeepEveryButtonChange()
    {
        ViewerInput input(context(1000), Role::Control);
        for (int i = 0; i < 2; ++i) {
            input.handle(pointer(10, 10, proto::PointerButton::Left));
            input.handle(pointer(10, 10, 0));
        }
        input.handle(pointer(10, 10, proto::PointerButton::Left));
        input.handle(pointer(50, 60, proto::PointerButton::Left));
        input.handle(pointer(50, 60, 0));
        QCOMPARE(m_sink.calls,
                 QStringList({QStringLiteral("move 10,10"), QStringLiteral("button left down"),
                              QStringLiteral("button left up"), QStringLiteral("button left down"),
                              QStringLiteral("button left up"), QStringLiteral("button left down"),
                              QStringLiteral("move 50,60"), QStringLiteral("button left up")}));
    }

    void movesWaitingInLineMergeButClicksDoNot()
    {
        // 20 events a second with a burst of 2: most of what follows has to wait in line.
        ViewerInput input(context(20), Role::Control);
        for (int x = 0; x < 50; ++x) {
            input.handle(pointer(quint16(x), 0));
        }
        input.handle(pointer(49, 0, proto::PointerButton::Right));
        for (int x = 50; x < 100; ++x) {
            input.handle(pointer(quint16(x), 0, proto::PointerButton::Right));
        }
        input.handle(pointer(99, 0, 0));
        QVERIFY(input.queuedCount() <= 4);
        QTRY_COMPARE_WITH_TIMEOUT(input.queuedCount(), 0, 5000);
        // Every button change is there, in order; the moves in between merged into their latest position.
        QCOMPARE(m_sink.calls.filter(QStringLiteral("button")),
                 QStringList({QStringLiteral("button right down"), QStringLiteral("button right up")}));
        QVERIFY2(m_sink.calls.size() <= 8, qPrintable(m_sink.calls.join(u'|')));
        QVERIFY(m_sink.calls.contains(QStringLiteral("move 99,0")));
        const int down = m_sink.calls.indexOf(QStringLiteral("button right down"));
        const int lastMove = m_sink.calls.indexOf(QStringLiteral("move 99,0"));
        const int up = m_sink.calls.indexOf(QStringLiteral("button right up"));
        QVERIFY2(down < lastMove && lastMove < up, qPrintable(m_sink.calls.join(u'|')));
    }

    void paceIsHeld()
    {
        ViewerInput input(context(50), Role::Control); // burst of 5, then 50 a second
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 30; ++i) {
            input.handle(keyDown("a", "KeyA"));
            input.handle(keyUp("a", "KeyA"));
        }
        QCOMPARE(m_sink.calls.size(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(m_sink.calls.size(), 60, 10000);
        // 55 paced events at 50 a second take a little over a second; generous bounds for a busy machine.
        QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
        // Nothing lost, nothing reordered.
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(m_sink.calls.at(i), i % 2 ? QStringLiteral("key 0x61 up") : QStringLiteral("key 0x61 down"));
        }
    }

    void keyUpMatchesItsDownByCode()
    {
        ViewerInput input(context(1000), Role::Control);
        // Shift+1 on a layout where that gives "!": the up comes after Shift was let go, so key is "1" then.
        input.handle(keyDown("Shift", "ShiftLeft"));
        input.handle(keyDown("!", "Digit1"));
        input.handle(keyUp("Shift", "ShiftLeft"));
        input.handle(keyUp("1", "Digit1"));
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("key 0xffe1 down"), QStringLiteral("key 0x21 down"),
                                            QStringLiteral("key 0xffe1 up"), QStringLiteral("key 0x21 up")}));
    }

    void deadKeysSendTheComposedCharacter()
    {
        ViewerInput input(context(1000), Role::Control);
        input.handle(keyDown("Dead", "BracketLeft"));
        input.handle(keyUp("Dead", "BracketLeft"));
        input.handle(keyDown("\u00e9", "KeyE"));
        input.handle(keyUp("e", "KeyE"));
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("key 0xe9 down"), QStringLiteral("key 0xe9 up")}));
    }

    void onScreenKeyboardKeysWithoutCode()
    {
        ViewerInput input(context(1000), Role::Control);
        input.handle(keyDown("\u20ac", ""));
        input.handle(keyUp("\u20ac", ""));
        QCOMPARE(m_sink.calls.size(), 2);
        QVERIFY(m_sink.calls.at(0).endsWith(QStringLiteral(" down")));
        QCOMPARE(m_sink.calls.at(0).section(u' ', 1, 1), m_sink.calls.at(1).section(u' ', 1, 1));
    }

    void autoRepeatIsReleasedOnce()
    {
        ViewerInput input(context(1000), Role::Control);
        input.handle(keyDown("a", "KeyA"));
        input.handle(proto::Key{true, true, QStringLiteral("a"), QStringLiteral("KeyA")});
        input.handle(proto::Key{true, true, QStringLiteral("a"), QStringLiteral("KeyA")});
        input.handle(proto::ReleaseAll{});
        QCOMPARE(m_sink.calls.count(QStringLiteral("key 0x61 down")), 3);
        QCOMPARE(m_sink.calls.count(QStringLiteral("key 0x61 up")), 1);
        input.handle(keyUp("a", "KeyA")); // already released: nothing more
        QCOMPARE(m_sink.calls.count(QStringLiteral("key 0x61 up")), 1);
    }

    void wheelUnitsBecomeSteps()
    {
        ViewerInput input(context(1000), Role::Control);
        for (int i = 0; i < 12; ++i) {
            input.handle(proto::Wheel{0, 10}); // a trackpad: twelve small deltas make one notch
        }
        input.handle(proto::Wheel{-360, 0});
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("wheel 0,1"), QStringLiteral("wheel -3,0")}));
    }

    void releaseAllLetsGoOfEverything()
    {
        ViewerInput input(context(1000), Role::Control);
        input.handle(keyDown("Control", "ControlLeft"));
        input.handle(keyDown("Alt", "AltLeft"));
        input.handle(pointer(1, 1, proto::PointerButton::Left | proto::PointerButton::Middle));
        m_sink.calls.clear();
        input.handle(proto::ReleaseAll{});
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("key 0xffe9 up"), QStringLiteral("key 0xffe3 up"),
                                            QStringLiteral("button left up"), QStringLiteral("button middle up")}));
        // The browser's late key ups for keys already released do nothing.
        input.handle(keyUp("Alt", "AltLeft"));
        QCOMPARE(m_sink.calls.size(), 4);
    }

    void goingAwayReleasesWhatIsHeld()
    {
        {
            ViewerInput input(context(1000), Role::Control);
            input.handle(keyDown("Shift", "ShiftLeft"));
            input.handle(pointer(3, 4, proto::PointerButton::Left));
        }
        QCOMPARE(m_sink.calls.mid(3), QStringList({QStringLiteral("key 0xffe1 up"), QStringLiteral("button left up")}));
    }

    void viewOnlyInputIsDroppedAndCounted()
    {
        ViewerInput input(context(1000), Role::View);
        QSignalSpy refused(&input, &ViewerInput::inputRefused);
        QVERIFY(!input.isApplied());
        QVERIFY(input.notAppliedReason().contains(QStringLiteral("view-only")));
        QVERIFY(input.handle(pointer(1, 1, proto::PointerButton::Left)));
        QVERIFY(input.handle(keyDown("a", "KeyA")));
        QVERIFY(input.handle(proto::Wheel{0, 120}));
        QVERIFY(input.handle(proto::ReleaseAll{}));
        QVERIFY(input.handle(proto::SetClipboard{QStringLiteral("x")}));
        QCOMPARE(input.droppedCount(), 5);
        QCOMPARE(refused.size(), 1); // one log line per connection
        QVERIFY(m_sink.calls.isEmpty());
    }

    void noBackendMeansNoControl()
    {
        NullInputSink none(QStringLiteral("Wayland session: no input backend yet"));
        ViewerInput input(InputContext{&none, nullptr, Desktop, 1000}, Role::Control);
        QVERIFY(!input.isApplied());
        QCOMPARE(input.notAppliedReason(), QStringLiteral("Wayland session: no input backend yet"));
        QVERIFY(input.handle(keyDown("a", "KeyA")));
        QCOMPARE(input.droppedCount(), 1);
    }

    void floodIsRefused()
    {
        ViewerInput input(context(10), Role::Control);
        bool accepted = true;
        int sent = 0;
        while (accepted && sent < ViewerInput::MaxQueued + 100) {
            accepted = input.handle(proto::Key{true, true, QStringLiteral("a"), QStringLiteral("KeyA")});
            ++sent;
        }
        QVERIFY(!accepted);
        QCOMPARE(input.queuedCount(), ViewerInput::MaxQueued);
    }

    void multiMonitorOffset()
    {
        ViewerInput input(InputContext{&m_sink, nullptr, QRect(1920, 0, 1280, 1024), 1000}, Role::Control);
        input.handle(proto::Pointer{0, 0, 1280, 1024, 0});
        input.handle(proto::Pointer{1279, 1023, 1280, 1024, 0});
        QCOMPARE(m_sink.calls, QStringList({QStringLiteral("move 1920,0"), QStringLiteral("move 3199,1023")}));
    }

private:
    InputContext context(int rate) { return InputContext{&m_sink, nullptr, Desktop, rate}; }

    RecordingInputSink m_sink;
};

QTEST_MAIN(TestViewerInput)
#include "tst_viewerinput.moc"
