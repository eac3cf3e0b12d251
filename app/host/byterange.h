#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace deskport {

// One HTTP Range request (RFC 9110 section 14) interpreted against a file of known size. Pure: no I/O, no HTTP
// types, so the download route decides status codes from kind() alone:
//   Whole          -> 200 with the whole file. Also the answer for a missing, malformed or non-"bytes" header
//                     and for several ranges at once: RFC 9110 lets a server ignore Range, and serving the whole
//                     file is simpler and safer than multipart/byteranges or silently answering only one range.
//   Partial        -> 206 with start()/length() and contentRange() as the Content-Range value.
//   Unsatisfiable  -> 416 with contentRange() ("bytes */size").
// Numbers of any length are accepted and saturate at the qint64 maximum, so "bytes=99999999999999999999-" is a
// valid but unsatisfiable request and "bytes=0-99999999999999999999" means "to the end".
class ByteRange
{
public:
    enum class Kind { Whole, Partial, Unsatisfiable };

    // header: the Range field value as received (surrounding whitespace is ignored). fileSize < 0 is treated as
    // unknown and always gives Whole.
    static ByteRange parse(QByteArrayView header, qint64 fileSize);

    Kind kind() const { return m_kind; }
    // The first byte to send and how many; for Whole, 0 and the file size.
    qint64 start() const { return m_start; }
    qint64 length() const { return m_length; }
    // The Content-Range value for Partial ("bytes 0-99/1000") and Unsatisfiable ("bytes */1000"); empty for
    // Whole.
    QByteArray contentRange() const;

private:
    ByteRange(Kind kind, qint64 start, qint64 length, qint64 fileSize)
        : m_kind(kind), m_start(start), m_length(length), m_fileSize(fileSize)
    {
    }

    Kind m_kind;
    qint64 m_start;
    qint64 m_length;
    qint64 m_fileSize;
};

} // namespace deskport
