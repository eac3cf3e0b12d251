// ByteRange::parse (app/host/byterange.cpp): the Range header of a file download. Input: 8 bytes of file size
// (little endian, any sign), then the header.
// Asserts: Whole is the whole file; Partial lies within the file and is not empty; Unsatisfiable only for a known
// size; Content-Range says exactly the range chosen; an unknown (negative) size always gives Whole.
#include "fuzzcheck.h"
#include "host/byterange.h"

#include <QtEndian>

using deskport::ByteRange;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    const qint64 fileSize = qFromLittleEndian<qint64>(data);
    const QByteArrayView header(reinterpret_cast<const char *>(data) + 8, qsizetype(size - 8));
    const ByteRange range = ByteRange::parse(header, fileSize);
    switch (range.kind()) {
    case ByteRange::Kind::Whole:
        FUZZ_CHECK(range.start() == 0 && range.length() == qMax<qint64>(fileSize, 0));
        FUZZ_CHECK(range.contentRange().isEmpty());
        break;
    case ByteRange::Kind::Partial:
        FUZZ_CHECK(fileSize > 0);
        FUZZ_CHECK(range.start() >= 0 && range.length() >= 1);
        FUZZ_CHECK(range.start() < fileSize && range.length() <= fileSize - range.start());
        FUZZ_CHECK(range.contentRange()
                   == "bytes " + QByteArray::number(range.start()) + '-'
                          + QByteArray::number(range.start() + range.length() - 1) + '/'
                          + QByteArray::number(fileSize));
        break;
    case ByteRange::Kind::Unsatisfiable:
        FUZZ_CHECK(fileSize >= 0);
        FUZZ_CHECK(range.contentRange() == "bytes */" + QByteArray::number(fileSize));
        break;
    }
    return 0;
}
