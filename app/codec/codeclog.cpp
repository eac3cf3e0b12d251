#include "codec/codeclog.h"

Q_LOGGING_CATEGORY(lcCodec, "deskport.codec")
