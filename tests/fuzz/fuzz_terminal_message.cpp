// The terminal socket's grammar (app/server/terminalmessages.cpp): the resize text message and the upgrade URL's
// ?cols=&rows=. Asserts: an accepted resize is within the size limits and is exactly what the message says (written
// back as JSON it parses to the same size); a size from any query is within the limits.
#include "fuzzcheck.h"
#include "server/terminalmessages.h"

#include <QJsonDocument>
#include <QJsonObject>

using deskport::TerminalSize;

namespace {

bool inRange(const TerminalSize &size)
{
    return size.columns >= TerminalSize::Min && size.columns <= TerminalSize::Max && size.rows >= TerminalSize::Min
        && size.rows <= TerminalSize::Max;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const std::optional<TerminalSize> resize = deskport::parseTerminalResize(input)) {
        FUZZ_CHECK(inRange(*resize));
        const QByteArray again = QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("resize")},
                                                           {QStringLiteral("cols"), resize->columns},
                                                           {QStringLiteral("rows"), resize->rows}})
                                     .toJson(QJsonDocument::Compact);
        FUZZ_CHECK(deskport::parseTerminalResize(again) == resize);
    }
    FUZZ_CHECK(inRange(deskport::terminalSizeFromQuery(QString::fromUtf8(input))));
    return 0;
}
