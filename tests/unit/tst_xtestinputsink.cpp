#include "capture/virtualdisplay.h"
#include "input/inputsinkfactory.h"
#include "input/x11/xtestinputsink.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <memory>

// X headers last: their macros (None, Bool, Status...) collide with names in Qt's headers.
#include <X11/keysym.h>
#include <X11/Xlib.h>

using namespace deskport;

namespace {

// One key or button event the test's own connection saw on the root window (nothing else is on Xvfb's screen, so
// the pointer and the PointerRoot focus send everything there).
struct SeenEvent
{
    int type = 0;
    unsigned int detail = 0; // keycode or button
    unsigned int state = 0;  // modifiers and buttons before the event

    bool operator==(const SeenEvent &other) const = default;
};

QString describe(const QList<SeenEvent> &events)
{
    QStringList parts;
    for (const SeenEvent &e : events) {
        const char *names[] = {"?", "?", "KeyPress", "KeyRelease", "ButtonPress", "ButtonRelease"};
        parts << QStringLiteral("%1 %2 state 0x%3")
                     .arg(QLatin1String(e.type >= 2 && e.type <= 5 ? names[e.type] : "?"))
                     .arg(e.detail)
                     .arg(e.state, 0, 16);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

class TestXTestInputSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void available();
    void unavailableWithoutDisplay();
    void pointerMove();
    void buttons();
    void wheel();
    void keyInKeymap();
    void keyMissingFromKeymap_data();
    void keyMissingFromKeymap();
    void manyMissingKeysReusePool();
    void heldSpareCodesAreNotRemapped();
    void shiftAddedForCapital();
    void shiftRemovedForUnshiftedCharacter();
    void shiftKeptForNonCharacters();
    void autoRepeat();
    void destructionReleasesAndRestores();
    void factory();
    void keymapLeftAsFound();

private:
    QList<int> keysDown() const;
    unsigned int pointerState(QPoint *position = nullptr) const;
    QList<KeySym> keysymsOf(int keycode) const;
    // How many spare codes the sink can use: the codes without any symbol, at most 32 (its pool size).
    int poolSize() const;
    QList<QList<KeySym>> keymap() const;
    int keycodeFor(KeySym keysym) const;
    QList<SeenEvent> waitForEvents(qsizetype count);

    std::unique_ptr<VirtualDisplay> m_xvfb;
    Display *m_display = nullptr;
    QByteArray m_previousDisplay;
    QList<QList<KeySym>> m_initialKeymap;
};

void TestXTestInputSink::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty()) {
        QSKIP("Xvfb is not installed");
    }
    m_xvfb = std::make_unique<VirtualDisplay>();
    QString error;
    QVERIFY2(m_xvfb->start(QSize(1280, 800), &error), qPrintable(error));
    m_previousDisplay = qgetenv("DISPLAY");
    qputenv("DISPLAY", m_xvfb->name().toLocal8Bit());
    m_display = XOpenDisplay(m_xvfb->name().toLocal8Bit().constData());
    QVERIFY(m_display);
    // Key and button events come to the root window: watch them to see modifiers and order.
    XSelectInput(m_display, XDefaultRootWindow(m_display),
                 KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask);
    XSync(m_display, False);
    m_initialKeymap = keymap();
    QVERIFY(!m_initialKeymap.isEmpty());
}

void TestXTestInputSink::cleanupTestCase()
{
    if (m_display) {
        XCloseDisplay(m_display);
        m_display = nullptr;
    }
    m_xvfb.reset();
    if (m_previousDisplay.isNull()) {
        qunsetenv("DISPLAY");
    } else {
        qputenv("DISPLAY", m_previousDisplay);
    }
}

void TestXTestInputSink::init()
{
    // Start every test from a clean slate: nothing held, no old events.
    QTRY_VERIFY(keysDown().isEmpty());
    QTRY_COMPARE(pointerState() & (Button1Mask | Button2Mask | Button3Mask), 0u);
    XSync(m_display, True);
}

QList<int> TestXTestInputSink::keysDown() const
{
    char bits[32] = {};
    XQueryKeymap(m_display, bits);
    QList<int> codes;
    for (int code = 0; code < 256; ++code) {
        if (bits[code / 8] & (1 << (code % 8))) {
            codes.append(code);
        }
    }
    return codes;
}

unsigned int TestXTestInputSink::pointerState(QPoint *position) const
{
    Window root = 0;
    Window child = 0;
    int rootX = 0;
    int rootY = 0;
    int x = 0;
    int y = 0;
    unsigned int mask = 0;
    XQueryPointer(m_display, XDefaultRootWindow(m_display), &root, &child, &rootX, &rootY, &x, &y, &mask);
    if (position) {
        *position = QPoint(rootX, rootY);
    }
    return mask;
}

// Straight from the server: Xlib's own keymap cache would not know about remaps yet.
QList<KeySym> TestXTestInputSink::keysymsOf(int keycode) const
{
    int perKeycode = 0;
    KeySym *symbols = XGetKeyboardMapping(m_display, KeyCode(keycode), 1, &perKeycode);
    QList<KeySym> result;
    for (int i = 0; i < perKeycode; ++i) {
        result.append(symbols[i]);
    }
    XFree(symbols);
    while (!result.isEmpty() && result.back() == NoSymbol) {
        result.removeLast();
    }
    return result;
}

QList<QList<KeySym>> TestXTestInputSink::keymap() const
{
    int minKeycode = 0;
    int maxKeycode = 0;
    XDisplayKeycodes(m_display, &minKeycode, &maxKeycode);
    QList<QList<KeySym>> result;
    for (int code = minKeycode; code <= maxKeycode; ++code) {
        result.append(keysymsOf(code));
    }
    return result;
}

int TestXTestInputSink::keycodeFor(KeySym keysym) const
{
    int minKeycode = 0;
    int maxKeycode = 0;
    XDisplayKeycodes(m_display, &minKeycode, &maxKeycode);
    for (int code = minKeycode; code <= maxKeycode; ++code) {
        const QList<KeySym> symbols = keysymsOf(code);
        if (!symbols.isEmpty() && symbols.front() == keysym) {
            return code;
        }
    }
    return 0;
}

int TestXTestInputSink::poolSize() const
{
    int minKeycode = 0;
    int maxKeycode = 0;
    XDisplayKeycodes(m_display, &minKeycode, &maxKeycode);
    int free = 0;
    for (int code = minKeycode; code <= maxKeycode; ++code) {
        const QList<KeySym> symbols = keysymsOf(code);
        free += std::all_of(symbols.cbegin(), symbols.cend(), [](KeySym symbol) { return symbol == NoSymbol; });
    }
    return std::min(free, 32);
}

QList<SeenEvent> TestXTestInputSink::waitForEvents(qsizetype count)
{
    QList<SeenEvent> events;
    const QDeadlineTimer deadline(3000);
    while (events.size() < count && !deadline.hasExpired()) {
        if (XPending(m_display) == 0) {
            QTest::qWait(5);
            continue;
        }
        XEvent event;
        XNextEvent(m_display, &event);
        if (event.type == KeyPress || event.type == KeyRelease) {
            events.append({event.type, event.xkey.keycode, event.xkey.state});
        } else if (event.type == ButtonPress || event.type == ButtonRelease) {
            events.append({event.type, event.xbutton.button, event.xbutton.state});
        }
    }
    // Anything more that is already on its way would be a surprise: collect it too, so comparisons see it.
    QTest::qWait(20);
    while (XPending(m_display) > 0) {
        XEvent event;
        XNextEvent(m_display, &event);
        if (event.type == KeyPress || event.type == KeyRelease) {
            events.append({event.type, event.xkey.keycode, event.xkey.state});
        } else if (event.type == ButtonPress || event.type == ButtonRelease) {
            events.append({event.type, event.xbutton.button, event.xbutton.state});
        }
    }
    return events;
}

void TestXTestInputSink::available()
{
    XTestInputSink sink;
    QVERIFY2(sink.isAvailable(), qPrintable(sink.unavailableReason()));
    QCOMPARE(sink.name(), QStringLiteral("x11"));
    QVERIFY(sink.unavailableReason().isEmpty());
}

void TestXTestInputSink::unavailableWithoutDisplay()
{
    const QByteArray display = qgetenv("DISPLAY");
    qputenv("DISPLAY", ":64999");
    {
        XTestInputSink sink;
        QVERIFY(!sink.isAvailable());
        QVERIFY(sink.unavailableReason().contains(QStringLiteral(":64999")));
        // Calls on an unavailable sink do nothing (and do not crash).
        sink.pointerMove(QPoint(1, 1));
        sink.button(MouseButton::Left, true);
        sink.wheel(1, 1);
        sink.key(XK_a, true);
    }
    qunsetenv("DISPLAY");
    {
        XTestInputSink sink;
        QVERIFY(!sink.isAvailable());
        QVERIFY(sink.unavailableReason().contains(QStringLiteral("DISPLAY")));
    }
    qputenv("DISPLAY", display);
}

void TestXTestInputSink::pointerMove()
{
    XTestInputSink sink;
    QPoint position;
    for (const QPoint target : {QPoint(100, 200), QPoint(0, 0), QPoint(1279, 799), QPoint(640, 400)}) {
        sink.pointerMove(target);
        QTRY_COMPARE((pointerState(&position), position), target);
    }
    // Outside the screen: the server keeps the pointer on it
    sink.pointerMove(QPoint(5000, 5000));
    QTRY_COMPARE((pointerState(&position), position), QPoint(1279, 799));
}

void TestXTestInputSink::buttons()
{
    XTestInputSink sink;
    sink.pointerMove(QPoint(10, 10));
    sink.button(MouseButton::Left, true);
    QTRY_VERIFY(pointerState() & Button1Mask);
    sink.button(MouseButton::Left, false);
    QTRY_VERIFY(!(pointerState() & Button1Mask));

    sink.button(MouseButton::Right, true);
    QTRY_VERIFY(pointerState() & Button3Mask);
    sink.button(MouseButton::Middle, true);
    QTRY_VERIFY(pointerState() & Button2Mask);
    QVERIFY(pointerState() & Button3Mask);
    sink.button(MouseButton::Right, false);
    sink.button(MouseButton::Middle, false);
    QTRY_COMPARE(pointerState() & (Button1Mask | Button2Mask | Button3Mask), 0u);

    // Back and forward are buttons 8 and 9 (no mask bits: watch the events)
    sink.button(MouseButton::Back, true);
    sink.button(MouseButton::Back, false);
    sink.button(MouseButton::Forward, true);
    sink.button(MouseButton::Forward, false);
    // A release of a button not pressed through the sink is not sent
    sink.button(MouseButton::Left, false);
    const QList<SeenEvent> events = waitForEvents(10);
    const QList<SeenEvent> expected = {
        {ButtonPress, 1, 0},
        {ButtonRelease, 1, Button1Mask},
        {ButtonPress, 3, 0},
        {ButtonPress, 2, Button3Mask},
        {ButtonRelease, 3, Button2Mask | Button3Mask},
        {ButtonRelease, 2, Button2Mask},
        {ButtonPress, 8, 0},
        {ButtonRelease, 8, 0},
        {ButtonPress, 9, 0},
        {ButtonRelease, 9, 0},
    };
    QCOMPARE(describe(events), describe(expected));
}

void TestXTestInputSink::wheel()
{
    XTestInputSink sink;
    sink.pointerMove(QPoint(10, 10));
    sink.wheel(0, 2);  // down: button 5 twice
    sink.wheel(0, -1); // up: 4
    sink.wheel(1, 0);  // right: 7
    sink.wheel(-2, 0); // left: 6 twice
    sink.wheel(0, 0);  // nothing
    const QList<SeenEvent> events = waitForEvents(12);
    QList<SeenEvent> expected;
    for (const unsigned int button : {5u, 5u, 4u, 7u, 6u, 6u}) {
        expected.append({ButtonPress, button, 0});
        // The release's state has the button's own bit; the core protocol has bits for buttons 1-5 only
        expected.append({ButtonRelease, button, button == 4 ? Button4Mask : button == 5 ? Button5Mask : 0u});
    }
    QCOMPARE(describe(events), describe(expected));
}

void TestXTestInputSink::keyInKeymap()
{
    const int a = keycodeFor(XK_a);
    QVERIFY(a != 0);
    XTestInputSink sink;
    sink.key(XK_a, true);
    QTRY_COMPARE(keysDown(), QList<int>{a});
    sink.key(XK_a, false);
    QTRY_VERIFY(keysDown().isEmpty());
    // A release of a key not pressed through the sink is not sent
    sink.key(XK_b, false);
    const QList<SeenEvent> events = waitForEvents(2);
    QCOMPARE(describe(events), describe({{KeyPress, unsigned(a), 0}, {KeyRelease, unsigned(a), 0}}));
}

void TestXTestInputSink::keyMissingFromKeymap_data()
{
    QTest::addColumn<quint32>("keysym");
    QTest::newRow("euro (Unicode keysym)") << quint32(0x010020AC);
    QTest::newRow("zhe") << quint32(0x01000436);
    QTest::newRow("u diaeresis (Latin-1)") << quint32(XK_udiaeresis);
    QTest::newRow("emoji") << quint32(0x0101F600);
}

void TestXTestInputSink::keyMissingFromKeymap()
{
    QFETCH(quint32, keysym);
    QCOMPARE(keycodeFor(keysym), 0); // really missing from Xvfb's keymap
    XTestInputSink sink;
    sink.key(keysym, true);
    QTRY_COMPARE(keysDown().size(), 1);
    const int code = keysDown().front();
    const QList<KeySym> symbols = keysymsOf(code);
    QVERIFY(!symbols.isEmpty());
    // Every level gives the keysym, whatever modifiers are down
    for (const KeySym symbol : symbols) {
        QCOMPARE(quint32(symbol), keysym);
    }
    sink.key(keysym, false);
    QTRY_VERIFY(keysDown().isEmpty());
    const QList<SeenEvent> events = waitForEvents(2);
    QCOMPARE(describe(events), describe({{KeyPress, unsigned(code), 0}, {KeyRelease, unsigned(code), 0}}));
}

void TestXTestInputSink::manyMissingKeysReusePool()
{
    XTestInputSink sink;
    const int pool = poolSize();
    QVERIFY2(pool >= 2, qPrintable(QString::number(pool)));
    const quint32 count = quint32(pool) + 2;
    QList<int> codesUsed;
    for (quint32 i = 0; i < count; ++i) {
        const quint32 keysym = 0x01000410 + i; // Cyrillic А Б В ...
        sink.key(keysym, true);
        QTRY_COMPARE(keysDown().size(), 1);
        const int code = keysDown().front();
        QCOMPARE(quint32(keysymsOf(code).value(0)), keysym);
        codesUsed.append(code);
        sink.key(keysym, false);
        QTRY_VERIFY(keysDown().isEmpty());
    }
    // A small pool, used least-recently-first: no code twice in a row, and the codes came back around
    for (qsizetype i = 1; i < codesUsed.size(); ++i) {
        QVERIFY(codesUsed[i] != codesUsed[i - 1]);
    }
    const QSet<int> distinct(codesUsed.cbegin(), codesUsed.cend());
    QCOMPARE(distinct.size(), pool); // every code of the pool, and no more
    QCOMPARE(codesUsed[pool], codesUsed[0]);
    // The keysym typed just now is still where it was: typing it again takes the same code
    const quint32 last = 0x01000410 + count - 1;
    sink.key(last, true);
    QTRY_COMPARE(keysDown(), QList<int>{codesUsed.last()});
    sink.key(last, false);
    QTRY_VERIFY(keysDown().isEmpty());
}

void TestXTestInputSink::heldSpareCodesAreNotRemapped()
{
    XTestInputSink sink;
    // Hold as many missing keysyms as the pool has codes, then one more
    const quint32 pool = quint32(poolSize());
    for (quint32 i = 0; i < pool; ++i) {
        sink.key(0x01000430 + i, true);
        QTRY_COMPARE(keysDown().size(), qsizetype(i + 1));
    }
    const QList<int> down = keysDown();
    {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no keycode for keysym")));
        sink.key(0x01000440 + 0x20, true); // no free code: dropped with a warning, nothing remapped under a held key
    }
    QTest::qWait(50);
    QCOMPARE(keysDown(), down);
    for (quint32 i = 0; i < pool; ++i) {
        bool found = false;
        for (const int code : down) {
            found = found || quint32(keysymsOf(code).value(0)) == 0x01000430 + i;
        }
        QVERIFY2(found, qPrintable(QString::number(i)));
    }
    sink.key(0x01000440 + 0x20, false); // never pressed: nothing happens
    for (quint32 i = 0; i < pool; ++i) {
        sink.key(0x01000430 + i, false);
    }
    QTRY_VERIFY(keysDown().isEmpty());
}

void TestXTestInputSink::shiftAddedForCapital()
{
    const unsigned int a = unsigned(keycodeFor(XK_a));
    const unsigned int shift = unsigned(keycodeFor(XK_Shift_L));
    QVERIFY(a && shift);
    XTestInputSink sink;
    sink.key(XK_A, true);
    QTRY_COMPARE(keysDown(), QList<int>{int(a)}); // Shift went up again at once
    sink.key(XK_A, false);
    QTRY_VERIFY(keysDown().isEmpty());
    const QList<SeenEvent> events = waitForEvents(4);
    const QList<SeenEvent> expected = {
        {KeyPress, shift, 0},
        {KeyPress, a, ShiftMask},
        {KeyRelease, shift, ShiftMask},
        {KeyRelease, a, 0},
    };
    QCOMPARE(describe(events), describe(expected));

    // With the viewer's Shift held, a capital needs nothing more
    sink.key(XK_Shift_L, true);
    sink.key(XK_B, true);
    sink.key(XK_B, false);
    sink.key(XK_Shift_L, false);
    const unsigned int b = unsigned(keycodeFor(XK_b));
    QCOMPARE(describe(waitForEvents(4)), describe({{KeyPress, shift, 0},
                                                   {KeyPress, b, ShiftMask},
                                                   {KeyRelease, b, ShiftMask},
                                                   {KeyRelease, shift, ShiftMask}}));
}

void TestXTestInputSink::shiftRemovedForUnshiftedCharacter()
{
    // A French viewer holds Shift to type "1"; the US host must get "1", not "!"
    const unsigned int one = unsigned(keycodeFor(XK_1));
    const unsigned int shiftR = unsigned(keycodeFor(XK_Shift_R));
    QVERIFY(one && shiftR);
    XTestInputSink sink;
    sink.key(XK_Shift_R, true);
    sink.key(XK_1, true);
    QTRY_COMPARE(keysDown(), (QList<int>{int(one), int(shiftR)}));
    sink.key(XK_1, false);
    sink.key(XK_Shift_R, false);
    QTRY_VERIFY(keysDown().isEmpty());
    const QList<SeenEvent> expected = {
        {KeyPress, shiftR, 0}, {KeyRelease, shiftR, ShiftMask}, {KeyPress, one, 0},
        {KeyPress, shiftR, 0}, {KeyRelease, one, ShiftMask},    {KeyRelease, shiftR, ShiftMask},
    };
    QCOMPARE(describe(waitForEvents(6)), describe(expected));
}

void TestXTestInputSink::shiftKeptForNonCharacters()
{
    // Shift+Tab, Shift+Home are shortcuts: Shift stays down although Tab's Shift level is another keysym
    const unsigned int tab = unsigned(keycodeFor(XK_Tab));
    const unsigned int home = unsigned(keycodeFor(XK_Home));
    const unsigned int shift = unsigned(keycodeFor(XK_Shift_L));
    XTestInputSink sink;
    sink.key(XK_Shift_L, true);
    sink.key(XK_Tab, true);
    sink.key(XK_Tab, false);
    sink.key(XK_Home, true);
    sink.key(XK_Home, false);
    sink.key(XK_Shift_L, false);
    const QList<SeenEvent> expected = {
        {KeyPress, shift, 0},        {KeyPress, tab, ShiftMask},    {KeyRelease, tab, ShiftMask},
        {KeyPress, home, ShiftMask}, {KeyRelease, home, ShiftMask}, {KeyRelease, shift, ShiftMask},
    };
    QCOMPARE(describe(waitForEvents(6)), describe(expected));
}

void TestXTestInputSink::autoRepeat()
{
    const unsigned int a = unsigned(keycodeFor(XK_a));
    const unsigned int shift = unsigned(keycodeFor(XK_Shift_L));
    XTestInputSink sink;
    sink.key(XK_A, true);
    // Auto-repeat: the server drops a press of a key that is down, so it is released and pressed again (as X's own
    // auto-repeat does), with Shift again
    sink.key(XK_A, true);
    sink.key(XK_A, false);
    const QList<SeenEvent> expected = {
        {KeyPress, shift, 0}, {KeyPress, a, ShiftMask}, {KeyRelease, shift, ShiftMask}, {KeyRelease, a, 0},
        {KeyPress, shift, 0}, {KeyPress, a, ShiftMask}, {KeyRelease, shift, ShiftMask}, {KeyRelease, a, 0},
    };
    QCOMPARE(describe(waitForEvents(8)), describe(expected));
    QTRY_VERIFY(keysDown().isEmpty());
}

void TestXTestInputSink::destructionReleasesAndRestores()
{
    const QList<QList<KeySym>> before = keymap();
    const int a = keycodeFor(XK_a);
    {
        XTestInputSink sink;
        sink.pointerMove(QPoint(50, 50));
        sink.key(0x010020AC, true); // on a spare code
        sink.key(XK_a, true);
        sink.key(XK_Control_L, true);
        sink.button(MouseButton::Left, true);
        QTRY_COMPARE(keysDown().size(), 3);
        QVERIFY(keysDown().contains(a));
        QTRY_VERIFY(pointerState() & Button1Mask);
        QVERIFY(keymap() != before); // a spare code was remapped
    }
    QTRY_VERIFY(keysDown().isEmpty());
    QTRY_COMPARE(pointerState() & (Button1Mask | Button2Mask | Button3Mask), 0u);
    QCOMPARE(keymap(), before); // spare codes back to NoSymbol
}

void TestXTestInputSink::factory()
{
    {
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("x11 backend")));
        const std::unique_ptr<InputSink> sink = createInputSink(QStringLiteral("x11"));
        QCOMPARE(sink->name(), QStringLiteral("x11"));
        QVERIFY(sink->isAvailable());
    }
    {
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("view-only")));
        const std::unique_ptr<InputSink> sink = createInputSink(QStringLiteral("null"));
        QCOMPARE(sink->name(), QStringLiteral("null"));
        QVERIFY(!sink->isAvailable());
        QVERIFY(sink->unavailableReason().contains(QStringLiteral("DESKPORT_INPUT")));
    }
    {
        // No QGuiApplication here, so no platform: view-only, saying why
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("bogus")));
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("view-only")));
        const std::unique_ptr<InputSink> sink = createInputSink(QStringLiteral("bogus"));
        QVERIFY(sink);
        QVERIFY(!sink->isAvailable());
        QVERIFY(!sink->unavailableReason().isEmpty());
    }
    {
        const QByteArray display = qgetenv("DISPLAY");
        qputenv("DISPLAY", ":64999");
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("view-only")));
        const std::unique_ptr<InputSink> sink = createInputSink(QStringLiteral("x11"));
        qputenv("DISPLAY", display);
        QCOMPARE(sink->name(), QStringLiteral("null"));
        QVERIFY(sink->unavailableReason().contains(QStringLiteral(":64999")));
    }
}

void TestXTestInputSink::keymapLeftAsFound()
{
    QCOMPARE(keymap(), m_initialKeymap);
}

QTEST_GUILESS_MAIN(TestXTestInputSink)
#include "tst_xtestinputsink.moc"
