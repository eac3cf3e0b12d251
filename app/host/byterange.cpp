#include "host/byterange.h"

#include <QList>

#include <limits>
#include <optional>

namespace deskport {

namespace {

constexpr qint64 Huge = std::numeric_limits<qint64>::max();

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

// 1*DIGIT, saturating at qint64 max instead of overflowing: only "is it beyond the file" matters for huge values.
std::optional<qint64> parseNumber(QByteArrayView digits)
{
    if (digits.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (const char c : digits) {
        if (!isDigit(c))
            return std::nullopt;
        const int digit = c - '0';
        if (value > (Huge - digit) / 10)
            value = Huge;
        else
            value = value * 10 + digit;
    }
    return value;
}

// One range-spec, "first-last", "first-" or "-suffix"; nullopt when syntactically invalid (including last < first,
// which RFC 9110 calls invalid rather than unsatisfiable).
struct Spec
{
    bool suffix = false;
    qint64 first = 0;
    std::optional<qint64> last;
};

std::optional<Spec> parseSpec(QByteArrayView text)
{
    const qsizetype dash = text.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const QByteArrayView before = text.first(dash);
    const QByteArrayView after = text.sliced(dash + 1);
    Spec spec;
    if (before.isEmpty()) {
        const std::optional<qint64> suffixLength = parseNumber(after);
        if (!suffixLength)
            return std::nullopt;
        spec.suffix = true;
        spec.first = *suffixLength;
        return spec;
    }
    const std::optional<qint64> first = parseNumber(before);
    if (!first)
        return std::nullopt;
    spec.first = *first;
    if (!after.isEmpty()) {
        spec.last = parseNumber(after);
        if (!spec.last || *spec.last < *first)
            return std::nullopt;
    }
    return spec;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

} // namespace

ByteRange ByteRange::parse(QByteArrayView header, qint64 fileSize)
{
    const ByteRange whole(Kind::Whole, 0, qMax<qint64>(fileSize, 0), fileSize);
    if (fileSize < 0)
        return whole;

    header = trimmed(header);
    constexpr QByteArrayView unit = "bytes=";
    if (header.size() <= unit.size() || header.first(unit.size()).toByteArray().toLower() != unit)
        return whole;

    // range-set = 1#range-spec: empty list elements are allowed around commas (RFC 9110 section 5.6.1).
    std::optional<Spec> only;
    int specCount = 0;
    for (const QByteArray &element : header.sliced(unit.size()).toByteArray().split(',')) {
        const QByteArrayView item = trimmed(element);
        if (item.isEmpty())
            continue;
        const std::optional<Spec> spec = parseSpec(item);
        if (!spec)
            return whole;
        only = spec;
        ++specCount;
    }
    if (specCount != 1)
        return whole; // none at all is malformed; several are deliberately not supported

    if (only->suffix) {
        if (only->first == 0)
            return ByteRange(Kind::Unsatisfiable, 0, 0, fileSize);
        // A zero-length file satisfies "-n" but there is no byte to describe in Content-Range: send it whole.
        if (fileSize == 0)
            return whole;
        const qint64 length = qMin(only->first, fileSize);
        return ByteRange(Kind::Partial, fileSize - length, length, fileSize);
    }
    if (only->first >= fileSize)
        return ByteRange(Kind::Unsatisfiable, 0, 0, fileSize);
    const qint64 last = qMin(only->last.value_or(Huge), fileSize - 1);
    return ByteRange(Kind::Partial, only->first, last - only->first + 1, fileSize);
}

QByteArray ByteRange::contentRange() const
{
    switch (m_kind) {
    case Kind::Whole:
        return {};
    case Kind::Partial:
        return QByteArrayLiteral("bytes ") + QByteArray::number(m_start) + '-' + QByteArray::number(m_start + m_length - 1) + '/'
            + QByteArray::number(m_fileSize);
    case Kind::Unsatisfiable:
        return QByteArrayLiteral("bytes */") + QByteArray::number(m_fileSize);
    }
    return {};
}

} // namespace deskport
