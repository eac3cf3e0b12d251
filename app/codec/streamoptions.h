#pragma once

#include <QSize>

namespace deskport {

// The server's side of streaming: ceilings and defaults that every viewer's request is held to.
struct StreamOptions
{
    int fps = 30;            // the most frames per second any viewer gets, and the default
    int quality = 80;        // the JPEG quality every viewer gets at most, and the default
    QSize maxSize;           // invalid: share at the desktop's size; else scale down to fit, keeping the aspect ratio
    int stillMs = 400;       // an area sent lossy and unchanged this long is repainted at refineQuality
    int refineQuality = 95;  // the quality of the repaint; a viewer asking for less gets its own quality
    int initialInFlight = 2; // frames sent to one viewer and not yet acknowledged, before its ack delay is known
    int maxInFlight = 4;     // the most frames in flight to one viewer, however long its round trip
    int minQuality = 30;     // adapting to a slow viewer or to fast changes never goes lower (unless asked to)
    int hotChanges = 3;      // a tile that changed in at least hotChanges of the last hotSlots captures is "hot"
    int hotSlots = 6;        // (a video, an animation): it is sent hotQualityDrop below the viewer's quality
    int hotQualityDrop = 30;
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

// The quality of fast-changing ("hot") areas for a viewer at quality: hotQualityDrop lower, but not below
// minQuality, and never above quality itself.
int hotQualityFor(const StreamOptions &options, int quality);

} // namespace deskport
