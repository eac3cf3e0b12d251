#pragma once

#include "input/inputsink.h"

#include <QList>
#include <QSet>

#include <memory>

namespace deskport {

// Remote input on X11 through the XTest extension, on its own connection to the display.
//
// Keysyms are found in the host's keymap with the Shift level they need (Shift is pressed or released around the
// key when the viewer's Shift state disagrees, so a French browser typing "1" on a US host gives "1"). Keysyms the
// keymap lacks (ü, €, Cyrillic on a US layout) get one of a small pool of spare keycodes (codes with no symbols),
// remapped with XChangeKeyboardMapping to that keysym on every level; the pool is used least-recently-first so a
// client that has not processed MappingNotify yet still sees the right symbol for recent keys. The spare codes are
// restored to no symbols when the sink is destroyed: the host keymap is left as found.
class XTestInputSink final : public InputSink
{
public:
    // Opens the display named by DISPLAY. isAvailable() is false (with a reason) when that fails or the server
    // has no XTEST extension.
    XTestInputSink();
    ~XTestInputSink() override;

    QString name() const override;
    bool isAvailable() const override;
    QString unavailableReason() const override;
    void pointerMove(QPoint position) override;
    void button(MouseButton button, bool down) override;
    void wheel(int horizontalSteps, int verticalSteps) override;
    void key(quint32 keysym, bool down) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace deskport
