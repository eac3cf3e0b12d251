#pragma once

#include "input/inputsink.h"

#include <QString>

#include <memory>

namespace deskport {

// Picks the input backend by QGuiApplication::platformName() ("xcb": XTest if the X server has it), unless the
// user overrides it with DESKPORT_INPUT=x11|null. Never returns nullptr: where no backend works, a NullInputSink
// whose unavailableReason() says why ("Wayland session: remote control needs the desktop portal backend, which
// Deskport does not have yet"), and one log line says which backend was chosen and why.
std::unique_ptr<InputSink> createInputSink(const QString &override);

} // namespace deskport
