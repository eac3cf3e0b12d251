#include "input/fake/recordinginputsink.h"

namespace deskport {

namespace {

QString buttonName(MouseButton button)
{
    switch (button) {
    case MouseButton::Left:
        return QStringLiteral("left");
    case MouseButton::Middle:
        return QStringLiteral("middle");
    case MouseButton::Right:
        return QStringLiteral("right");
    case MouseButton::Back:
        return QStringLiteral("back");
    case MouseButton::Forward:
        return QStringLiteral("forward");
    }
    return QStringLiteral("?");
}

QString upDown(bool down)
{
    return down ? QStringLiteral("down") : QStringLiteral("up");
}

} // namespace

QString RecordingInputSink::name() const
{
    return QStringLiteral("recording");
}

void RecordingInputSink::pointerMove(QPoint position)
{
    calls.append(QStringLiteral("move %1,%2").arg(position.x()).arg(position.y()));
}

void RecordingInputSink::button(MouseButton button, bool down)
{
    calls.append(QStringLiteral("button %1 %2").arg(buttonName(button), upDown(down)));
}

void RecordingInputSink::wheel(int horizontalSteps, int verticalSteps)
{
    calls.append(QStringLiteral("wheel %1,%2").arg(horizontalSteps).arg(verticalSteps));
}

void RecordingInputSink::key(quint32 keysym, bool down)
{
    calls.append(QStringLiteral("key 0x%1 %2").arg(keysym, 0, 16).arg(upDown(down)));
}

} // namespace deskport
