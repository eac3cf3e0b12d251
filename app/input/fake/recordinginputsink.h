#pragma once

#include "input/inputsink.h"

#include <QList>
#include <QString>

namespace deskport {

// A FAKE sink for tests: records every call as a line ("move 10,20", "button left down", "wheel 0,3",
// "key 0x61 down") so tests can compare exactly what reached the backend, in order.
class RecordingInputSink final : public InputSink
{
public:
    QString name() const override;
    bool isAvailable() const override { return true; }
    QString unavailableReason() const override { return {}; }
    void pointerMove(QPoint position) override;
    void button(MouseButton button, bool down) override;
    void wheel(int horizontalSteps, int verticalSteps) override;
    void key(quint32 keysym, bool down) override;

    QList<QString> calls;
};

} // namespace deskport
