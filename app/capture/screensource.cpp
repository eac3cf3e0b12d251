#include "capture/screensource.h"

namespace deskport {

ScreenSource::~ScreenSource() = default;

} // namespace deskport
