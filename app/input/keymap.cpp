#include "input/keymap.h"

#include <QHash>
#include <QString>

// Only the keysym constants: this file links nothing of X, it is shared by every platform.
#define XK_3270
#define XK_KOREAN
#include <X11/keysym.h>
#include <X11/XF86keysym.h>

namespace deskport::Keymap {

namespace {

// X's rule for characters without a legacy keysym: 0x01000000 + the code point (X11 Protocol, Appendix A).
constexpr quint32 UnicodeKeysymBase = 0x01000000;
constexpr char32_t MaxCodePoint = 0x10FFFF;

// Keys whose meaning does not depend on `code`. Names are the UI Events "KeyboardEvent key values" (plus a few
// legacy names old browsers sent: "Esc", "Left", "Win", ...). Keys with no X keysym (Fn, Symbol, Soft1...) are
// missing on purpose: they give 0, nothing is sent.
const QHash<QStringView, quint32> &namedKeys()
{
    static const QHash<QStringView, quint32> keys = {
        // Whitespace and editing
        {u"Enter", XK_Return},
        {u"Tab", XK_Tab},
        {u"Backspace", XK_BackSpace},
        {u"Delete", XK_Delete},
        {u"Del", XK_Delete},
        {u"Insert", XK_Insert},
        {u"Clear", XK_Clear},
        {u"Spacebar", XK_space},
        {u"Copy", XF86XK_Copy},
        {u"Cut", XF86XK_Cut},
        {u"Paste", XF86XK_Paste},
        {u"Undo", XK_Undo},
        {u"Redo", XK_Redo},
        {u"Again", XK_Redo},
        {u"CrSel", XK_3270_CursorSelect},
        {u"ExSel", XK_3270_ExSelect},
        {u"EraseEof", XK_3270_EraseEOF},
        // Navigation
        {u"ArrowLeft", XK_Left},
        {u"ArrowUp", XK_Up},
        {u"ArrowRight", XK_Right},
        {u"ArrowDown", XK_Down},
        {u"Left", XK_Left},
        {u"Up", XK_Up},
        {u"Right", XK_Right},
        {u"Down", XK_Down},
        {u"Home", XK_Home},
        {u"End", XK_End},
        {u"PageUp", XK_Prior},
        {u"PageDown", XK_Next},
        // UI
        {u"Escape", XK_Escape},
        {u"Esc", XK_Escape},
        {u"ContextMenu", XK_Menu},
        {u"Apps", XK_Menu},
        {u"Pause", XK_Pause},
        {u"Cancel", XK_Cancel},
        {u"Execute", XK_Execute},
        {u"Find", XK_Find},
        {u"Help", XK_Help},
        {u"Select", XK_Select},
        {u"Attn", XK_3270_Attn},
        {u"Play", XF86XK_AudioPlay},
        {u"ZoomIn", XF86XK_ZoomIn},
        {u"ZoomOut", XF86XK_ZoomOut},
        {u"PrintScreen", XK_Print},
        {u"Print", XK_Print},
        // Locks (the other modifiers depend on `code`, see keysymFor)
        {u"CapsLock", XK_Caps_Lock},
        {u"NumLock", XK_Num_Lock},
        {u"ScrollLock", XK_Scroll_Lock},
        {u"Scroll", XK_Scroll_Lock},
        {u"AltGraph", XK_ISO_Level3_Shift},
        {u"ModeChange", XK_Mode_switch},
        // Device
        {u"BrightnessDown", XF86XK_MonBrightnessDown},
        {u"BrightnessUp", XF86XK_MonBrightnessUp},
        {u"Eject", XF86XK_Eject},
        {u"LogOff", XF86XK_LogOff},
        {u"Power", XF86XK_PowerOff},
        {u"PowerOff", XF86XK_PowerOff},
        {u"Hibernate", XF86XK_Hibernate},
        {u"Standby", XF86XK_Standby},
        {u"WakeUp", XF86XK_WakeUp},
        // IME and composition
        {u"AllCandidates", XK_MultipleCandidate},
        {u"CodeInput", XK_Codeinput},
        {u"Convert", XK_Henkan},
        {u"NonConvert", XK_Muhenkan},
        {u"PreviousCandidate", XK_PreviousCandidate},
        {u"SingleCandidate", XK_SingleCandidate},
        {u"GroupFirst", XK_ISO_First_Group},
        {u"GroupLast", XK_ISO_Last_Group},
        {u"GroupNext", XK_ISO_Next_Group},
        {u"GroupPrevious", XK_ISO_Prev_Group},
        {u"HangulMode", XK_Hangul},
        {u"HanjaMode", XK_Hangul_Hanja},
        {u"JunjaMode", XK_Hangul_Jeonja},
        {u"Eisu", XK_Eisu_toggle},
        {u"Hankaku", XK_Hankaku},
        {u"Hiragana", XK_Hiragana},
        {u"HiraganaKatakana", XK_Hiragana_Katakana},
        {u"KanaMode", XK_Kana_Shift},
        {u"KanjiMode", XK_Kanji},
        {u"Katakana", XK_Katakana},
        {u"Romaji", XK_Romaji},
        {u"Zenkaku", XK_Zenkaku},
        {u"ZenkakuHankaku", XK_Zenkaku_Hankaku},
        // Multimedia, audio, launch, browser
        {u"Close", XF86XK_Close},
        {u"MailForward", XF86XK_MailForward},
        {u"MailReply", XF86XK_Reply},
        {u"MailSend", XF86XK_Send},
        {u"MediaFastForward", XF86XK_AudioForward},
        {u"MediaPause", XF86XK_AudioPause},
        {u"MediaPlay", XF86XK_AudioPlay},
        {u"MediaPlayPause", XF86XK_AudioPlay},
        {u"MediaRecord", XF86XK_AudioRecord},
        {u"MediaRewind", XF86XK_AudioRewind},
        {u"MediaStop", XF86XK_AudioStop},
        {u"MediaTrackNext", XF86XK_AudioNext},
        {u"MediaTrackPrevious", XF86XK_AudioPrev},
        {u"New", XF86XK_New},
        {u"Open", XF86XK_Open},
        {u"Save", XF86XK_Save},
        {u"SpellCheck", XF86XK_Spell},
        {u"AudioVolumeDown", XF86XK_AudioLowerVolume},
        {u"AudioVolumeUp", XF86XK_AudioRaiseVolume},
        {u"AudioVolumeMute", XF86XK_AudioMute},
        {u"MicrophoneVolumeMute", XF86XK_AudioMicMute},
        {u"LaunchCalculator", XF86XK_Calculator},
        {u"LaunchCalendar", XF86XK_Calendar},
        {u"LaunchMail", XF86XK_Mail},
        {u"LaunchMediaPlayer", XF86XK_AudioMedia},
        {u"LaunchMusicPlayer", XF86XK_Music},
        {u"LaunchMyComputer", XF86XK_MyComputer},
        {u"LaunchScreenSaver", XF86XK_ScreenSaver},
        {u"LaunchSpreadsheet", XF86XK_Excel},
        {u"LaunchWebBrowser", XF86XK_WWW},
        {u"LaunchWebCam", XF86XK_WebCam},
        {u"LaunchWordProcessor", XF86XK_Word},
        {u"BrowserBack", XF86XK_Back},
        {u"BrowserFavorites", XF86XK_Favorites},
        {u"BrowserForward", XF86XK_Forward},
        {u"BrowserHome", XF86XK_HomePage},
        {u"BrowserRefresh", XF86XK_Refresh},
        {u"BrowserSearch", XF86XK_Search},
        {u"BrowserStop", XF86XK_Stop},
        // Old names of keypad operators (IE, old Edge)
        {u"Decimal", XK_KP_Decimal},
        {u"Multiply", XK_KP_Multiply},
        {u"Add", XK_KP_Add},
        {u"Subtract", XK_KP_Subtract},
        {u"Divide", XK_KP_Divide},
        {u"Separator", XK_KP_Separator},
    };
    return keys;
}

// With a Numpad* code, the navigation keys are the keypad's own (NumLock off), so the host sees the key the
// viewer pressed.
quint32 keypadNavigation(QStringView key)
{
    static const QHash<QStringView, quint32> keys = {
        {u"Home", XK_KP_Home},      {u"End", XK_KP_End},       {u"PageUp", XK_KP_Prior},     {u"PageDown", XK_KP_Next},
        {u"ArrowLeft", XK_KP_Left}, {u"ArrowUp", XK_KP_Up},    {u"ArrowRight", XK_KP_Right}, {u"ArrowDown", XK_KP_Down},
        {u"Insert", XK_KP_Insert},  {u"Delete", XK_KP_Delete}, {u"Clear", XK_KP_Begin},      {u"Enter", XK_KP_Enter},
    };
    return keys.value(key, 0);
}

// With a Numpad* code, digits and operators are the keypad's keysyms (NumLock on).
quint32 keypadCharacter(char32_t character)
{
    if (character >= U'0' && character <= U'9') {
        return XK_KP_0 + (character - U'0');
    }
    switch (character) {
    case U'.':
        return XK_KP_Decimal;
    case U',':
        return XK_KP_Separator; // the keypad's decimal key on German and other layouts
    case U'+':
        return XK_KP_Add;
    case U'-':
        return XK_KP_Subtract;
    case U'*':
        return XK_KP_Multiply;
    case U'/':
        return XK_KP_Divide;
    case U'=':
        return XK_KP_Equal;
    default:
        return 0;
    }
}

// Shift, Control, Alt, Meta come as one `key` for both sides; `code` says which ("ShiftRight"). No code (an
// on-screen keyboard) means the left one.
quint32 sidedModifier(QStringView key, QStringView code)
{
    const bool right = code.endsWith(u"Right");
    if (key == u"Shift") {
        return right ? XK_Shift_R : XK_Shift_L;
    }
    if (key == u"Control") {
        return right ? XK_Control_R : XK_Control_L;
    }
    if (key == u"Alt") {
        return right ? XK_Alt_R : XK_Alt_L;
    }
    // "Meta" is the Windows/Command key in today's browsers, "OS" in old Firefox, "Win" in old IE: X calls it
    // Super (X's own Meta is a mostly unused Alt variant).
    if (key == u"Meta" || key == u"OS" || key == u"Super" || key == u"Win") {
        return right ? XK_Super_R : XK_Super_L;
    }
    if (key == u"Hyper") {
        return right ? XK_Hyper_R : XK_Hyper_L;
    }
    return 0;
}

// One code point or nothing: a surrogate pair (emoji) counts as one; a decomposed sequence ("e" + U+0301) is
// composed first.
char32_t singleCodePoint(QStringView key)
{
    auto decode = [](QStringView text) -> char32_t {
        if (text.size() == 1 && !text.front().isSurrogate()) {
            return text.front().unicode();
        }
        if (text.size() == 2 && text[0].isHighSurrogate() && text[1].isLowSurrogate()) {
            return QChar::surrogateToUcs4(text[0], text[1]);
        }
        return 0;
    };
    if (const char32_t cp = decode(key)) {
        return cp;
    }
    if (key.size() >= 2 && key.size() <= 8) {
        const QString composed = key.toString().normalized(QString::NormalizationForm_C);
        return decode(composed);
    }
    return 0;
}

bool isControlCharacter(char32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

} // namespace

quint32 keysymFor(QStringView key, QStringView code)
{
    if (key.isEmpty()) {
        return 0;
    }
    const bool keypad = code.startsWith(u"Numpad");
    const char32_t character = singleCodePoint(key);

    if (keypad) {
        if (character != 0) {
            if (const quint32 keysym = keypadCharacter(character)) {
                return keysym;
            }
        } else if (const quint32 keysym = keypadNavigation(key)) {
            return keysym;
        }
    }
    if (character != 0) {
        if (isControlCharacter(character) || QChar::isSurrogate(character) || character > MaxCodePoint) {
            return 0;
        }
        // Latin-1 keysyms are the code points themselves; everything else uses the Unicode keysym range, also
        // where a legacy keysym exists (EuroSign, Cyrillic_zhe): X servers and toolkits treat both alike, and one
        // rule keeps characterFor its exact inverse.
        return character <= 0xFF ? quint32(character) : UnicodeKeysymBase + quint32(character);
    }
    if (const quint32 keysym = sidedModifier(key, code)) {
        return keysym;
    }
    if (key.size() >= 2 && key.size() <= 3 && key.front() == u'F') {
        bool ok = false;
        const int number = key.mid(1).toInt(&ok);
        // X has F1..F35; the browser names F1..F24 (more on some systems).
        if (ok && number >= 1 && number <= 35 && key[1] != u'0') {
            return XK_F1 + quint32(number - 1);
        }
    }
    // "Dead", "Unidentified", "Process", "Compose" and unknown names are not in the table: 0.
    return namedKeys().value(key, 0);
}

char32_t characterFor(quint32 keysym)
{
    if ((keysym >= 0x20 && keysym <= 0x7E) || (keysym >= 0xA0 && keysym <= 0xFF)) {
        return char32_t(keysym);
    }
    if (keysym >= UnicodeKeysymBase + 0x20 && keysym <= UnicodeKeysymBase + MaxCodePoint) {
        const char32_t cp = char32_t(keysym - UnicodeKeysymBase);
        if (isControlCharacter(cp) || QChar::isSurrogate(cp)) {
            return 0;
        }
        return cp;
    }
    if (keysym == XK_EuroSign) {
        return U'\u20AC';
    }
    return 0;
}

bool isModifier(quint32 keysym)
{
    switch (keysym) {
    case XK_Shift_L:
    case XK_Shift_R:
    case XK_Control_L:
    case XK_Control_R:
    case XK_Alt_L:
    case XK_Alt_R:
    case XK_Meta_L:
    case XK_Meta_R:
    case XK_Super_L:
    case XK_Super_R:
    case XK_Hyper_L:
    case XK_Hyper_R:
    case XK_ISO_Level3_Shift:
    case XK_ISO_Level5_Shift:
    case XK_Mode_switch:
    case XK_Caps_Lock:
    case XK_Shift_Lock:
    case XK_Num_Lock:
        return true;
    default:
        return false;
    }
}

} // namespace deskport::Keymap
