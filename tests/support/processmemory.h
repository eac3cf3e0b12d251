#pragma once

#include <QtGlobal>

namespace deskport::testsupport {

// This process's resident memory (VmRSS of /proc/self/status) in KiB, or -1 if it cannot be read.
qint64 residentKiB();

} // namespace deskport::testsupport
