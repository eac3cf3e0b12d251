#pragma once

#include <QImage>
#include <QRect>
#include <QString>

namespace deskport {

// Where frames come from. A source is created on the main thread and then used only by the frame pipeline's
// worker thread, so grab() needs no locking against the pipeline.
class ScreenSource
{
public:
    virtual ~ScreenSource();

    // For logs and the user: "x11-shm", "qscreen", "fake".
    virtual QString name() const = 0;

    // The captured area in desktop coordinates; the size of every grabbed image. Fixed for the source's life.
    virtual QRect geometry() const = 0;

    // The current contents as Format_RGB32 (or ARGB32[_Premultiplied]) of geometry().size(), or a null image if
    // capturing failed this time.
    virtual QImage grab() = 0;
};

} // namespace deskport
