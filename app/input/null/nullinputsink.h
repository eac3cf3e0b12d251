#pragma once

#include "input/inputsink.h"

namespace deskport {

// Input goes nowhere: for platforms without a backend, and when control is switched off. Says why.
class NullInputSink final : public InputSink
{
public:
    explicit NullInputSink(QString reason);

    QString name() const override;
    bool isAvailable() const override { return false; }
    QString unavailableReason() const override { return m_reason; }
    void pointerMove(QPoint) override {}
    void button(MouseButton, bool) override {}
    void wheel(int, int) override {}
    void key(quint32, bool) override {}

private:
    QString m_reason;
};

} // namespace deskport
