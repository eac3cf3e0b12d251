#pragma once

#include <QPoint>
#include <QString>

namespace deskport {

enum class MouseButton : quint8 {
    Left,
    Middle,
    Right,
    Back,
    Forward,
};

// Where remote input goes: domain calls, never wire messages. The protocol decodes, the viewer session checks the
// role, the sink applies. Used on the main thread only.
class InputSink
{
public:
    virtual ~InputSink();

    // For logs: "x11", "null", "recording".
    virtual QString name() const = 0;
    // False when input cannot reach the desktop here; unavailableReason() then says why, for the viewer.
    virtual bool isAvailable() const = 0;
    virtual QString unavailableReason() const = 0;

    // Absolute desktop coordinates (X root window coordinates).
    virtual void pointerMove(QPoint position) = 0;
    virtual void button(MouseButton button, bool down) = 0;
    // Whole wheel steps; positive scrolls right / down.
    virtual void wheel(int horizontalSteps, int verticalSteps) = 0;
    // An X keysym (also on other platforms: it is the common currency). Keysyms the host keymap lacks must still
    // arrive (on X11 through a spare keycode remapped for them).
    virtual void key(quint32 keysym, bool down) = 0;
};

} // namespace deskport
