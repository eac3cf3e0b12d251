#pragma once

#include <QSize>

namespace deskport {

// The server's side of streaming: ceilings and defaults that every viewer's request is held to.
struct StreamOptions
{
    int fps = 30;            // the most frames per second any viewer gets, and the default
    int quality = 80;        // the JPEG quality every viewer gets at most, and the default
    QSize maxSize;           // invalid: share at the desktop's size; else scale down to fit, keeping the aspect ratio
    int stillMs = 400;       // after this long without a change, repaint lossy areas at refineQuality
    int refineQuality = 95;  // the quality of the repaint; viewers at or above it get no repaint
    int maxInFlight = 2;     // frames sent to one viewer and not yet acknowledged
    int maxRectsPerFrame = 16;
    int encodeThreads = 0;   // JPEG encoding threads; 0: one per core
};

// What one viewer asks for (VIEW_SETTINGS); zeros mean "the server's default".
struct ViewerRequest
{
    QSize maxSize; // invalid or zero sides: no limit on that side
    int quality = 0;
    int fps = 0;
};

// The size a viewer's frames have: the desktop scaled down to the server's max size exactly, then, for a viewer
// that asks for less, scaled further in steps of 1/8 so that viewers with similar windows share one encoding.
// Never scales up and never gives an empty size.
QSize frameSizeFor(QSize desktop, QSize serverMax, QSize viewerMax);

} // namespace deskport
