// parseCount (app/server/hostrequest.cpp): the ?offset= of PUT /api/uploads/<id>, the byte count a piece continues.
// Asserts: a count is accepted exactly when the text is 1 to 18 ASCII digits, and then it is the number written.
#include "fuzzcheck.h"
#include "server/hostrequest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<qint64> count = deskport::parseCount(text);
    bool digits = !text.isEmpty() && text.size() <= 18;
    for (const QChar c : text)
        digits = digits && c >= u'0' && c <= u'9';
    FUZZ_CHECK(count.has_value() == digits);
    if (count) {
        FUZZ_CHECK(*count >= 0 && *count < 1000000000000000000LL);
        FUZZ_CHECK(QString::number(*count).rightJustified(text.size(), u'0') == text);
    }
    return 0;
}
