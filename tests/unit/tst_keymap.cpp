#include "input/keymap.h"

#include <QTest>

#define XK_KOREAN
#include <X11/keysym.h>
#include <X11/XF86keysym.h>

using namespace deskport;

class TestKeymap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysymFor_data();
    void keysymFor();
    void functionKeys();
    void characterRoundTrip_data();
    void characterRoundTrip();
    void characterForNonCharacters();
    void isModifier();
};

void TestKeymap::keysymFor_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("code");
    QTest::addColumn<quint32>("keysym");

    auto row = [](const char *name, const QString &key, const QString &code, quint32 keysym) {
        QTest::newRow(name) << key << code << keysym;
    };

    // Named keys
    row("Enter", QStringLiteral("Enter"), QStringLiteral("Enter"), XK_Return);
    row("Tab", QStringLiteral("Tab"), QStringLiteral("Tab"), XK_Tab);
    row("Backspace", QStringLiteral("Backspace"), QStringLiteral("Backspace"), XK_BackSpace);
    row("Escape", QStringLiteral("Escape"), QStringLiteral("Escape"), XK_Escape);
    row("Space", QStringLiteral(" "), QStringLiteral("Space"), XK_space);
    row("Delete", QStringLiteral("Delete"), QStringLiteral("Delete"), XK_Delete);
    row("Insert", QStringLiteral("Insert"), QStringLiteral("Insert"), XK_Insert);
    row("Home", QStringLiteral("Home"), QStringLiteral("Home"), XK_Home);
    row("End", QStringLiteral("End"), QStringLiteral("End"), XK_End);
    row("PageUp", QStringLiteral("PageUp"), QStringLiteral("PageUp"), XK_Prior);
    row("PageDown", QStringLiteral("PageDown"), QStringLiteral("PageDown"), XK_Next);
    row("ArrowLeft", QStringLiteral("ArrowLeft"), QStringLiteral("ArrowLeft"), XK_Left);
    row("ArrowRight", QStringLiteral("ArrowRight"), QStringLiteral("ArrowRight"), XK_Right);
    row("ArrowUp", QStringLiteral("ArrowUp"), QStringLiteral("ArrowUp"), XK_Up);
    row("ArrowDown", QStringLiteral("ArrowDown"), QStringLiteral("ArrowDown"), XK_Down);
    row("ContextMenu", QStringLiteral("ContextMenu"), QStringLiteral("ContextMenu"), XK_Menu);
    row("PrintScreen", QStringLiteral("PrintScreen"), QStringLiteral("PrintScreen"), XK_Print);
    row("Pause", QStringLiteral("Pause"), QStringLiteral("Pause"), XK_Pause);
    row("CapsLock", QStringLiteral("CapsLock"), QStringLiteral("CapsLock"), XK_Caps_Lock);
    row("NumLock", QStringLiteral("NumLock"), QStringLiteral("NumLock"), XK_Num_Lock);
    row("ScrollLock", QStringLiteral("ScrollLock"), QStringLiteral("ScrollLock"), XK_Scroll_Lock);
    row("F1", QStringLiteral("F1"), QStringLiteral("F1"), XK_F1);
    row("F12", QStringLiteral("F12"), QStringLiteral("F12"), XK_F12);
    row("F24", QStringLiteral("F24"), QStringLiteral("F24"), XK_F24);
    row("Help", QStringLiteral("Help"), QStringLiteral("Help"), XK_Help);
    row("Undo", QStringLiteral("Undo"), QString(), XK_Undo);
    row("no code", QStringLiteral("Enter"), QString(), XK_Return);
    row("legacy Esc", QStringLiteral("Esc"), QString(), XK_Escape);
    row("HangulMode", QStringLiteral("HangulMode"), QStringLiteral("Lang1"), XK_Hangul);
    row("media play/pause", QStringLiteral("MediaPlayPause"), QStringLiteral("MediaPlayPause"), XF86XK_AudioPlay);
    row("volume up", QStringLiteral("AudioVolumeUp"), QStringLiteral("AudioVolumeUp"), XF86XK_AudioRaiseVolume);
    row("browser back", QStringLiteral("BrowserBack"), QStringLiteral("BrowserBack"), XF86XK_Back);

    // Modifiers, left and right by code
    row("ShiftLeft", QStringLiteral("Shift"), QStringLiteral("ShiftLeft"), XK_Shift_L);
    row("ShiftRight", QStringLiteral("Shift"), QStringLiteral("ShiftRight"), XK_Shift_R);
    row("Shift no code", QStringLiteral("Shift"), QString(), XK_Shift_L);
    row("ControlLeft", QStringLiteral("Control"), QStringLiteral("ControlLeft"), XK_Control_L);
    row("ControlRight", QStringLiteral("Control"), QStringLiteral("ControlRight"), XK_Control_R);
    row("AltLeft", QStringLiteral("Alt"), QStringLiteral("AltLeft"), XK_Alt_L);
    row("AltRight", QStringLiteral("Alt"), QStringLiteral("AltRight"), XK_Alt_R);
    row("AltGraph", QStringLiteral("AltGraph"), QStringLiteral("AltRight"), XK_ISO_Level3_Shift);
    row("MetaLeft", QStringLiteral("Meta"), QStringLiteral("MetaLeft"), XK_Super_L);
    row("MetaRight", QStringLiteral("Meta"), QStringLiteral("MetaRight"), XK_Super_R);
    row("OSLeft", QStringLiteral("OS"), QStringLiteral("OSLeft"), XK_Super_L);
    row("OSRight", QStringLiteral("OS"), QStringLiteral("OSRight"), XK_Super_R);

    // Numeric keypad: digits and operators (NumLock on) ...
    row("Numpad0", QStringLiteral("0"), QStringLiteral("Numpad0"), XK_KP_0);
    row("Numpad5", QStringLiteral("5"), QStringLiteral("Numpad5"), XK_KP_5);
    row("Numpad9", QStringLiteral("9"), QStringLiteral("Numpad9"), XK_KP_9);
    row("NumpadDecimal", QStringLiteral("."), QStringLiteral("NumpadDecimal"), XK_KP_Decimal);
    row("NumpadDecimal comma", QStringLiteral(","), QStringLiteral("NumpadDecimal"), XK_KP_Separator);
    row("NumpadAdd", QStringLiteral("+"), QStringLiteral("NumpadAdd"), XK_KP_Add);
    row("NumpadSubtract", QStringLiteral("-"), QStringLiteral("NumpadSubtract"), XK_KP_Subtract);
    row("NumpadMultiply", QStringLiteral("*"), QStringLiteral("NumpadMultiply"), XK_KP_Multiply);
    row("NumpadDivide", QStringLiteral("/"), QStringLiteral("NumpadDivide"), XK_KP_Divide);
    row("NumpadEnter", QStringLiteral("Enter"), QStringLiteral("NumpadEnter"), XK_KP_Enter);
    // ... and navigation (NumLock off)
    row("Numpad7 Home", QStringLiteral("Home"), QStringLiteral("Numpad7"), XK_KP_Home);
    row("Numpad8 up", QStringLiteral("ArrowUp"), QStringLiteral("Numpad8"), XK_KP_Up);
    row("Numpad9 PageUp", QStringLiteral("PageUp"), QStringLiteral("Numpad9"), XK_KP_Prior);
    row("Numpad4 left", QStringLiteral("ArrowLeft"), QStringLiteral("Numpad4"), XK_KP_Left);
    row("Numpad5 Clear", QStringLiteral("Clear"), QStringLiteral("Numpad5"), XK_KP_Begin);
    row("Numpad6 right", QStringLiteral("ArrowRight"), QStringLiteral("Numpad6"), XK_KP_Right);
    row("Numpad1 End", QStringLiteral("End"), QStringLiteral("Numpad1"), XK_KP_End);
    row("Numpad2 down", QStringLiteral("ArrowDown"), QStringLiteral("Numpad2"), XK_KP_Down);
    row("Numpad3 PageDown", QStringLiteral("PageDown"), QStringLiteral("Numpad3"), XK_KP_Next);
    row("Numpad0 Insert", QStringLiteral("Insert"), QStringLiteral("Numpad0"), XK_KP_Insert);
    row("NumpadDecimal Delete", QStringLiteral("Delete"), QStringLiteral("NumpadDecimal"), XK_KP_Delete);
    // The same characters from the main keyboard are plain characters
    row("Digit5", QStringLiteral("5"), QStringLiteral("Digit5"), XK_5);
    row("Minus", QStringLiteral("-"), QStringLiteral("Minus"), XK_minus);
    row("Home not keypad", QStringLiteral("Home"), QStringLiteral("Home"), XK_Home);

    // Characters
    row("a", QStringLiteral("a"), QStringLiteral("KeyA"), XK_a);
    row("A", QStringLiteral("A"), QStringLiteral("KeyA"), XK_A);
    row("z", QStringLiteral("z"), QStringLiteral("KeyZ"), XK_z);
    row("Z", QStringLiteral("Z"), QStringLiteral("KeyZ"), XK_Z);
    row("0", QStringLiteral("0"), QStringLiteral("Digit0"), XK_0);
    row("9", QStringLiteral("9"), QStringLiteral("Digit9"), XK_9);
    row("!", QStringLiteral("!"), QStringLiteral("Digit1"), XK_exclam);
    row("@", QStringLiteral("@"), QStringLiteral("Digit2"), XK_at);
    row("comma", QStringLiteral(","), QStringLiteral("Comma"), XK_comma);
    row("period", QStringLiteral("."), QStringLiteral("Period"), XK_period);
    row("slash", QStringLiteral("/"), QStringLiteral("Slash"), XK_slash);
    row("backslash", QStringLiteral("\\"), QStringLiteral("Backslash"), XK_backslash);
    row("tilde", QStringLiteral("~"), QStringLiteral("Backquote"), XK_asciitilde);
    row("F as a letter", QStringLiteral("F"), QStringLiteral("KeyF"), XK_F);
    row("é", QStringLiteral("\u00E9"), QStringLiteral("Digit2"), XK_eacute);
    row("é decomposed", QStringLiteral("e\u0301"), QStringLiteral("Digit2"), XK_eacute);
    row("ü", QStringLiteral("\u00FC"), QStringLiteral("BracketLeft"), XK_udiaeresis);
    row("ß", QStringLiteral("\u00DF"), QStringLiteral("Minus"), XK_ssharp);
    row("€", QStringLiteral("\u20AC"), QStringLiteral("KeyE"), 0x010020AC);
    row("ж", QStringLiteral("\u0436"), QStringLiteral("Semicolon"), 0x01000436);
    row("中", QStringLiteral("\u4E2D"), QString(), 0x01004E2D);
    row("😀", QString::fromUtf8("\xF0\x9F\x98\x80"), QString(), 0x0101F600);
    row("nbsp", QStringLiteral("\u00A0"), QStringLiteral("Space"), XK_nobreakspace);

    // Nothing to send
    row("Dead", QStringLiteral("Dead"), QStringLiteral("BracketLeft"), 0);
    row("Unidentified", QStringLiteral("Unidentified"), QString(), 0);
    row("Process", QStringLiteral("Process"), QStringLiteral("KeyA"), 0);
    row("Compose", QStringLiteral("Compose"), QString(), 0);
    row("empty", QString(), QString(), 0);
    row("two characters", QStringLiteral("ab"), QString(), 0);
    row("unknown name", QStringLiteral("Frobnicate"), QString(), 0);
    row("Fn", QStringLiteral("Fn"), QStringLiteral("Fn"), 0);
    row("F0", QStringLiteral("F0"), QString(), 0);
    row("F36", QStringLiteral("F36"), QString(), 0);
    row("F01", QStringLiteral("F01"), QString(), 0);
    row("control character", QStringLiteral("\u0007"), QString(), 0);
    row("lone surrogate", QString(QChar(0xD83D)), QString(), 0);
}

void TestKeymap::keysymFor()
{
    QFETCH(QString, key);
    QFETCH(QString, code);
    QFETCH(quint32, keysym);
    QCOMPARE(Keymap::keysymFor(key, code), keysym);
}

void TestKeymap::functionKeys()
{
    for (int n = 1; n <= 24; ++n) {
        const QString name = QStringLiteral("F%1").arg(n);
        QCOMPARE(Keymap::keysymFor(name, name), quint32(XK_F1 + n - 1));
        QCOMPARE(Keymap::characterFor(XK_F1 + quint32(n) - 1), char32_t(0));
    }
}

void TestKeymap::characterRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    const char *samples[] = {"a",
                             "Z",
                             "5",
                             " ",
                             "~",
                             "\xC2\xA0",
                             "\xC3\xA9",
                             "\xC3\xBC",
                             "\xC3\x9F",
                             "\xC3\xBF",
                             "\xE2\x82\xAC",
                             "\xD0\xB6",
                             "\xE4\xB8\xAD",
                             "\xF0\x9F\x98\x80",
                             "\xC5\x93",
                             "\xCE\xB1",
                             "\xD7\x90"};
    for (const char *sample : samples) {
        QTest::newRow(sample) << QString::fromUtf8(sample);
    }
    // Every printable ASCII character
    for (char c = 0x21; c < 0x7F; ++c) {
        const char text[2] = {c, 0};
        QTest::addRow("ascii 0x%x", c) << QString::fromLatin1(text);
    }
}

void TestKeymap::characterRoundTrip()
{
    QFETCH(QString, text);
    const quint32 keysym = Keymap::keysymFor(text, QString());
    QVERIFY(keysym != 0);
    const QList<uint> codePoints = text.toUcs4();
    QCOMPARE(codePoints.size(), 1);
    QCOMPARE(Keymap::characterFor(keysym), char32_t(codePoints.front()));
}

void TestKeymap::characterForNonCharacters()
{
    QCOMPARE(Keymap::characterFor(0), char32_t(0));
    QCOMPARE(Keymap::characterFor(XK_Return), char32_t(0));
    QCOMPARE(Keymap::characterFor(XK_Shift_L), char32_t(0));
    QCOMPARE(Keymap::characterFor(XK_KP_5), char32_t(0));
    QCOMPARE(Keymap::characterFor(XK_Left), char32_t(0));
    QCOMPARE(Keymap::characterFor(XF86XK_AudioPlay), char32_t(0));
    QCOMPARE(Keymap::characterFor(0x9F), char32_t(0));             // a C1 control
    QCOMPARE(Keymap::characterFor(0x0100D800), char32_t(0));       // a surrogate
    QCOMPARE(Keymap::characterFor(0x01110000), char32_t(0));       // past the last code point
    QCOMPARE(Keymap::characterFor(XK_EuroSign), char32_t(0x20AC)); // the legacy keysym is understood too
}

void TestKeymap::isModifier()
{
    for (const quint32 keysym : {XK_Shift_L, XK_Shift_R, XK_Control_L, XK_Control_R, XK_Alt_L, XK_Alt_R, XK_Meta_L,
                                 XK_Super_L, XK_Super_R, XK_ISO_Level3_Shift, XK_Caps_Lock, XK_Num_Lock}) {
        QVERIFY2(Keymap::isModifier(keysym), qPrintable(QString::number(keysym, 16)));
    }
    for (const quint32 keysym : {quint32(XK_a), quint32(XK_A), quint32(XK_Return), quint32(XK_Tab),
                                 quint32(XK_Scroll_Lock), quint32(XK_F1), quint32(0x010020AC), quint32(0)}) {
        QVERIFY2(!Keymap::isModifier(keysym), qPrintable(QString::number(keysym, 16)));
    }
    // What keysymFor gives for the modifier keys is a modifier
    QVERIFY(Keymap::isModifier(Keymap::keysymFor(u"Shift", u"ShiftRight")));
    QVERIFY(Keymap::isModifier(Keymap::keysymFor(u"AltGraph", u"AltRight")));
    QVERIFY(Keymap::isModifier(Keymap::keysymFor(u"Meta", u"MetaLeft")));
}

QTEST_GUILESS_MAIN(TestKeymap)
#include "tst_keymap.moc"
