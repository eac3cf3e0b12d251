#pragma once

#include <QStringView>

namespace deskport {

// The browser's KeyboardEvent.key and .code to an X keysym. Pure functions.
namespace Keymap {

// Named keys by `key` ("Enter" -> XK_Return, "ArrowLeft" -> XK_Left, "F1".."F24", "Shift"/"Control"/"Alt"/"Meta"
// made left or right by `code`, "AltGraph" -> XK_ISO_Level3_Shift, "Meta"/"OS" -> XK_Super_L/R, "ContextMenu" ->
// XK_Menu, numeric keypad keys by `code` when they produce navigation or digits, ...); a single character
// (one Unicode code point) -> its keysym (Latin-1 code points map to themselves, others to 0x01000000 + code point,
// the X rule for Unicode keysyms; a few with legacy keysyms such as U+20AC may use either). 0 when there is
// nothing to send: "Dead" (the browser sends the composed character with the next key), "Unidentified",
// "Process", "Compose", empty key, or more than one code point that is not a known name.
quint32 keysymFor(QStringView key, QStringView code);

// The character a keysym types, or 0 for function keys and modifiers; the inverse of the character rule above
// (Latin-1 and 0x01xxxxxx Unicode keysyms, plus the legacy keysyms keysymFor may produce). For tests and logs.
char32_t characterFor(quint32 keysym);

// Modifier keysyms (Shift, Control, Alt, Meta, Super, ISO_Level3_Shift, Caps_Lock, Num_Lock).
bool isModifier(quint32 keysym);

} // namespace Keymap
} // namespace deskport
