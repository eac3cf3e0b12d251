#include "input/inputsink.h"

namespace deskport {

InputSink::~InputSink() = default;

} // namespace deskport
