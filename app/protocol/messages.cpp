#include "protocol/messages.h"

#include <QStringDecoder>
#include <QtEndian>

#include <algorithm>

#include <limits>

namespace deskport::protocol {

namespace {

namespace Type {
constexpr quint8 Hello = 0x01;
constexpr quint8 ViewSettings = 0x02;
constexpr quint8 Ack = 0x03;
constexpr quint8 Ping = 0x04;
constexpr quint8 Pointer = 0x10;
constexpr quint8 Wheel = 0x11;
constexpr quint8 Key = 0x12;
constexpr quint8 ReleaseAll = 0x13;
constexpr quint8 SetClipboard = 0x14;
constexpr quint8 ServerHello = 0x81;
constexpr quint8 Frame = 0x82;
constexpr quint8 Pong = 0x83;
constexpr quint8 Error = 0x84;
constexpr quint8 Control = 0x85;
constexpr quint8 HostClipboard = 0x86;
constexpr quint8 CursorShape = 0x87;
constexpr quint8 CursorPosition = 0x88;
} // namespace Type

// Sizes from docs/protocol.md.
constexpr qsizetype HelloSize = 3;
constexpr qsizetype ViewSettingsSize = 7;
constexpr qsizetype AckSize = 5;
constexpr qsizetype PingSize = 9;
constexpr qsizetype ServerHelloSize = 10;
constexpr qsizetype FrameHeaderSize = 20;
constexpr qsizetype RectHeaderSize = 12;
constexpr qsizetype CopyCountSize = 2;
constexpr qsizetype CopySize = 12;
constexpr qsizetype CursorShapeHeaderSize = 9;
constexpr qsizetype CursorPositionSize = 6;
constexpr qsizetype PongSize = 9;
constexpr qsizetype ErrorHeaderSize = 3;
constexpr qsizetype PointerSize = 10;
constexpr qsizetype WheelSize = 5;
constexpr qsizetype KeyMinimumSize = 4; // type, flags, key length, (key), code length, (code)
constexpr qsizetype ReleaseAllSize = 1;
constexpr qsizetype ControlHeaderSize = 2;
constexpr quint8 KeyDownFlag = 0x01;
constexpr quint8 KeyRepeatFlag = 0x02;

class Writer
{
public:
    Writer(quint8 type, qsizetype size)
    {
        m_bytes.reserve(size);
        u8(type);
    }
    void u8(quint8 value) { m_bytes.append(static_cast<char>(value)); }
    void u16(quint16 value) { put(value); }
    void u32(quint32 value) { put(value); }
    void u64(quint64 value) { put(value); }
    void bytes(QByteArrayView value) { m_bytes.append(value); }
    QByteArray take() { return std::move(m_bytes); }

private:
    template <typename T> void put(T value)
    {
        char raw[sizeof(T)];
        qToLittleEndian(value, raw);
        m_bytes.append(raw, sizeof(T));
    }
    QByteArray m_bytes;
};

// Reads after the type byte. Callers check remaining() before every read; the asserts only catch our own mistakes.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes) : m_bytes(bytes), m_pos(1) {}
    qsizetype remaining() const { return m_bytes.size() - m_pos; }
    quint8 u8()
    {
        Q_ASSERT(remaining() >= 1);
        return static_cast<quint8>(m_bytes[m_pos++]);
    }
    quint16 u16() { return get<quint16>(); }
    quint32 u32() { return get<quint32>(); }
    quint64 u64() { return get<quint64>(); }
    QByteArrayView bytes(qsizetype size)
    {
        Q_ASSERT(size >= 0 && remaining() >= size);
        const QByteArrayView result = m_bytes.sliced(m_pos, size);
        m_pos += size;
        return result;
    }

private:
    template <typename T> T get()
    {
        Q_ASSERT(remaining() >= qsizetype(sizeof(T)));
        const T value = qFromLittleEndian<T>(m_bytes.data() + m_pos);
        m_pos += sizeof(T);
        return value;
    }
    QByteArrayView m_bytes;
    qsizetype m_pos;
};

template <typename T> Decoded<T> reject(CloseCode code, const QString &error)
{
    Decoded<T> result;
    result.code = code;
    result.error = error;
    return result;
}

template <typename T, typename M> Decoded<T> accept(M &&message)
{
    Decoded<T> result;
    result.message.emplace(std::forward<M>(message));
    return result;
}

QString unknownType(quint8 type)
{
    return QStringLiteral("unknown message type 0x%1").arg(type, 2, 16, QLatin1Char('0'));
}

QString wrongLength(const char *name, qsizetype expected, qsizetype got)
{
    return QStringLiteral("%1 must be %2 bytes, got %3")
        .arg(QLatin1String(name), QString::number(expected), QString::number(got));
}

// At most maxBytes of UTF-8, cut before a character rather than through it.
QByteArray truncatedUtf8(const QString &text, qsizetype maxBytes = MaxErrorReasonBytes)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes)
        return utf8;
    qsizetype end = maxBytes;
    while (end > 0 && (static_cast<quint8>(utf8.at(end)) & 0xc0) == 0x80)
        --end; // utf8[end] continues a character that started before the cut
    utf8.truncate(end);
    return utf8;
}

// Strict UTF-8: a message with invalid sequences is refused rather than silently repaired. A leading U+FEFF is
// text like any other (by default the decoder drops it, so a KEY of just that decoded to an empty key, and a
// clipboard lost it; found by tests/fuzz/fuzz_client_message).
std::optional<QString> strictUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

bool isAsciiAlphanumeric(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

Decoded<ClientMessage> decodeKey(QByteArrayView bytes)
{
    auto malformed = [](const QString &why) { return reject<ClientMessage>(CloseCode::Malformed, why); };
    if (bytes.size() < KeyMinimumSize)
        return malformed(QStringLiteral("KEY needs at least %1 bytes, got %2").arg(KeyMinimumSize).arg(bytes.size()));
    Reader reader(bytes);
    const quint8 flags = reader.u8();
    if (flags & ~(KeyDownFlag | KeyRepeatFlag))
        return malformed(QStringLiteral("KEY has unknown flags 0x%1").arg(flags, 2, 16, QLatin1Char('0')));
    const quint8 keyLength = reader.u8();
    if (keyLength < 1 || keyLength > MaxKeyFieldBytes)
        return malformed(QStringLiteral("KEY key length %1 is not within 1 to %2").arg(keyLength).arg(MaxKeyFieldBytes));
    if (reader.remaining() < keyLength + 1)
        return malformed(QStringLiteral("KEY is shorter than its key length says"));
    const std::optional<QString> key = strictUtf8(reader.bytes(keyLength));
    if (!key)
        return malformed(QStringLiteral("KEY key is not valid UTF-8"));
    const quint8 codeLength = reader.u8();
    if (codeLength > MaxKeyFieldBytes)
        return malformed(QStringLiteral("KEY code length %1 is above %2").arg(codeLength).arg(MaxKeyFieldBytes));
    if (reader.remaining() != codeLength) {
        return malformed(QStringLiteral("KEY code length %1 does not match the %2 bytes left")
                             .arg(codeLength)
                             .arg(reader.remaining()));
    }
    const QByteArrayView code = reader.bytes(codeLength);
    if (!isAsciiAlphanumeric(code))
        return malformed(QStringLiteral("KEY code must be ASCII letters and digits"));
    return accept<ClientMessage>(
        Key{bool(flags & KeyDownFlag), bool(flags & KeyRepeatFlag), *key, QString::fromLatin1(code)});
}

Decoded<ClientMessage> decodePointer(QByteArrayView bytes)
{
    if (bytes.size() != PointerSize)
        return reject<ClientMessage>(CloseCode::Malformed, wrongLength("POINTER", PointerSize, bytes.size()));
    Reader reader(bytes);
    Pointer pointer;
    pointer.x = reader.u16();
    pointer.y = reader.u16();
    pointer.frameWidth = reader.u16();
    pointer.frameHeight = reader.u16();
    pointer.buttons = reader.u8();
    if (pointer.frameWidth == 0 || pointer.frameHeight == 0 || pointer.x >= pointer.frameWidth
        || pointer.y >= pointer.frameHeight) {
        return reject<ClientMessage>(CloseCode::Malformed, QStringLiteral("POINTER (%1, %2) is outside its %3x%4 frame")
                                                               .arg(pointer.x)
                                                               .arg(pointer.y)
                                                               .arg(pointer.frameWidth)
                                                               .arg(pointer.frameHeight));
    }
    if (pointer.buttons & ~PointerButton::All) {
        return reject<ClientMessage>(CloseCode::Malformed,
                                     QStringLiteral("POINTER has unknown button bits 0x%1")
                                         .arg(pointer.buttons, 2, 16, QLatin1Char('0')));
    }
    return accept<ClientMessage>(pointer);
}

QString outsideFrame(const QString &which, const QRect &rect, const Frame &frame)
{
    return which + QStringLiteral(": %1x%2 at (%3, %4) is outside the %5x%6 frame")
                       .arg(QString::number(rect.width()), QString::number(rect.height()), QString::number(rect.x()),
                            QString::number(rect.y()), QString::number(frame.width), QString::number(frame.height));
}

Decoded<ServerMessage> decodeFrame(QByteArrayView bytes)
{
    if (bytes.size() < FrameHeaderSize) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("FRAME header needs %1 bytes, got %2")
                                         .arg(QString::number(FrameHeaderSize), QString::number(bytes.size())));
    }
    Reader reader(bytes);
    Frame frame;
    frame.flags = reader.u8();
    frame.frameId = reader.u32();
    frame.captureTimeMs = reader.u64();
    frame.width = reader.u16();
    frame.height = reader.u16();
    const quint16 count = reader.u16();
    const QRect whole(0, 0, frame.width, frame.height);
    if (frame.flags & FrameFlag::Copy) {
        if (reader.remaining() < CopyCountSize) {
            return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("FRAME with COPY has no copy count"));
        }
        const quint16 copies = reader.u16();
        if (copies < 1 || copies > MaxCopies) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         QStringLiteral("FRAME copy count %1 is not within 1 to %2")
                                             .arg(QString::number(copies), QString::number(MaxCopies)));
        }
        if (reader.remaining() < copies * CopySize) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         QStringLiteral("FRAME's %1 copies need %2 bytes, %3 left")
                                             .arg(QString::number(copies), QString::number(copies * CopySize),
                                                  QString::number(reader.remaining())));
        }
        frame.copies.reserve(copies);
        for (int i = 0; i < copies; ++i) {
            const QString which =
                QStringLiteral("FRAME copy %1 of %2").arg(QString::number(i + 1), QString::number(copies));
            const quint16 sx = reader.u16();
            const quint16 sy = reader.u16();
            const quint16 dx = reader.u16();
            const quint16 dy = reader.u16();
            const quint16 w = reader.u16();
            const quint16 h = reader.u16();
            const FrameCopy copy{QRect(sx, sy, w, h), QPoint(dx, dy)};
            if (w == 0 || h == 0) {
                return reject<ServerMessage>(
                    CloseCode::Malformed,
                    which + QStringLiteral(": empty size %1x%2").arg(QString::number(w), QString::number(h)));
            }
            if (!whole.contains(copy.source)) {
                return reject<ServerMessage>(CloseCode::Malformed, outsideFrame(which + QStringLiteral(" source"),
                                                                                copy.source, frame));
            }
            if (!whole.contains(copy.destinationRect())) {
                return reject<ServerMessage>(CloseCode::Malformed,
                                             outsideFrame(which + QStringLiteral(" destination"),
                                                          copy.destinationRect(), frame));
            }
            frame.copies.append(copy);
        }
    }
    const int minimumRects = frame.copies.isEmpty() ? 1 : 0;
    if (count < minimumRects || count > MaxRects) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("FRAME rectangle count %1 is not within %2 to %3")
                                         .arg(QString::number(count), QString::number(minimumRects),
                                              QString::number(MaxRects)));
    }
    frame.rects.reserve(count);
    for (int i = 0; i < count; ++i) {
        const QString which =
            QStringLiteral("FRAME rectangle %1 of %2").arg(QString::number(i + 1), QString::number(count));
        if (reader.remaining() < RectHeaderSize) {
            return reject<ServerMessage>(
                CloseCode::Malformed,
                which + QStringLiteral(": header needs %1 bytes, %2 left")
                            .arg(QString::number(RectHeaderSize), QString::number(reader.remaining())));
        }
        const quint16 x = reader.u16();
        const quint16 y = reader.u16();
        const quint16 w = reader.u16();
        const quint16 h = reader.u16();
        const quint32 length = reader.u32();
        if (w == 0 || h == 0) {
            return reject<ServerMessage>(
                CloseCode::Malformed,
                which + QStringLiteral(": empty size %1x%2").arg(QString::number(w), QString::number(h)));
        }
        if (!whole.contains(QRect(x, y, w, h))) {
            return reject<ServerMessage>(CloseCode::Malformed, outsideFrame(which, QRect(x, y, w, h), frame));
        }
        if (qint64(length) > reader.remaining()) {
            return reject<ServerMessage>(
                CloseCode::Malformed, which + QStringLiteral(": %1 bytes of JPEG, but only %2 left")
                                                  .arg(QString::number(length), QString::number(reader.remaining())));
        }
        frame.rects.append(FrameRect{QRect(x, y, w, h), reader.bytes(length).toByteArray()});
    }
    if (reader.remaining() != 0) {
        return reject<ServerMessage>(
            CloseCode::Malformed,
            QStringLiteral("FRAME has %1 bytes after its last rectangle").arg(QString::number(reader.remaining())));
    }
    return accept<ServerMessage>(std::move(frame));
}

Decoded<ServerMessage> decodeCursorShape(QByteArrayView bytes)
{
    if (bytes.size() < CursorShapeHeaderSize) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("CURSOR_SHAPE header needs %1 bytes, got %2")
                                         .arg(QString::number(CursorShapeHeaderSize), QString::number(bytes.size())));
    }
    Reader reader(bytes);
    CursorShape shape;
    shape.hotspotX = reader.u16();
    shape.hotspotY = reader.u16();
    shape.width = reader.u16();
    shape.height = reader.u16();
    if (shape.width > MaxCursorSize || shape.height > MaxCursorSize || (shape.width == 0) != (shape.height == 0)) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("CURSOR_SHAPE size %1x%2 is not empty or within 1 to %3")
                                         .arg(QString::number(shape.width), QString::number(shape.height),
                                              QString::number(MaxCursorSize)));
    }
    const bool empty = shape.width == 0;
    if (empty ? (shape.hotspotX != 0 || shape.hotspotY != 0)
              : (shape.hotspotX >= shape.width || shape.hotspotY >= shape.height)) {
        return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("CURSOR_SHAPE hotspot (%1, %2) is outside its image")
                                                               .arg(QString::number(shape.hotspotX),
                                                                    QString::number(shape.hotspotY)));
    }
    const qsizetype pixels = qsizetype(shape.width) * shape.height * 4;
    if (reader.remaining() != pixels) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("CURSOR_SHAPE of %1x%2 needs %3 bytes of pixels, got %4")
                                         .arg(QString::number(shape.width), QString::number(shape.height),
                                              QString::number(pixels), QString::number(reader.remaining())));
    }
    shape.rgba = reader.bytes(pixels).toByteArray();
    return accept<ServerMessage>(std::move(shape));
}

} // namespace

QByteArray encode(const Hello &message)
{
    Writer writer(Type::Hello, HelloSize);
    writer.u16(message.version);
    return writer.take();
}

QByteArray encode(const ViewSettings &message)
{
    Writer writer(Type::ViewSettings, ViewSettingsSize);
    writer.u16(message.maxWidth);
    writer.u16(message.maxHeight);
    writer.u8(message.quality);
    writer.u8(message.fps);
    return writer.take();
}

QByteArray encode(const Ack &message)
{
    Writer writer(Type::Ack, AckSize);
    writer.u32(message.frameId);
    return writer.take();
}

QByteArray encode(const Ping &message)
{
    Writer writer(Type::Ping, PingSize);
    writer.u64(message.payload);
    return writer.take();
}

QByteArray encode(const ServerHello &message)
{
    Writer writer(Type::ServerHello, ServerHelloSize);
    writer.u16(message.version);
    writer.u8(message.role);
    writer.u16(message.desktopWidth);
    writer.u16(message.desktopHeight);
    writer.u8(message.fps);
    writer.u8(message.quality);
    return writer.take();
}

QByteArray encode(const Frame &message)
{
    Q_ASSERT(!message.rects.isEmpty() || !message.copies.isEmpty());
    Q_ASSERT(message.rects.size() <= MaxRects && message.copies.size() <= MaxCopies);
    const QRect whole(0, 0, message.width, message.height);
    const bool hasCopies = !message.copies.isEmpty();
    qsizetype size = FrameHeaderSize + (hasCopies ? CopyCountSize + message.copies.size() * CopySize : 0);
    for (const FrameRect &rect : message.rects)
        size += RectHeaderSize + rect.jpeg.size();
    Writer writer(Type::Frame, size);
    writer.u8(quint8((message.flags & ~FrameFlag::Copy) | (hasCopies ? FrameFlag::Copy : 0)));
    writer.u32(message.frameId);
    writer.u64(message.captureTimeMs);
    writer.u16(message.width);
    writer.u16(message.height);
    writer.u16(static_cast<quint16>(message.rects.size()));
    if (hasCopies) {
        writer.u16(static_cast<quint16>(message.copies.size()));
        for (const FrameCopy &copy : message.copies) {
            Q_ASSERT(!copy.source.isEmpty());
            Q_ASSERT(whole.contains(copy.source) && whole.contains(copy.destinationRect()));
            writer.u16(static_cast<quint16>(copy.source.x()));
            writer.u16(static_cast<quint16>(copy.source.y()));
            writer.u16(static_cast<quint16>(copy.destination.x()));
            writer.u16(static_cast<quint16>(copy.destination.y()));
            writer.u16(static_cast<quint16>(copy.source.width()));
            writer.u16(static_cast<quint16>(copy.source.height()));
        }
    }
    for (const FrameRect &rect : message.rects) {
        Q_ASSERT(!rect.rect.isEmpty());
        Q_ASSERT(whole.contains(rect.rect));
        Q_ASSERT(rect.jpeg.size() <= qsizetype(std::numeric_limits<quint32>::max()));
        writer.u16(static_cast<quint16>(rect.rect.x()));
        writer.u16(static_cast<quint16>(rect.rect.y()));
        writer.u16(static_cast<quint16>(rect.rect.width()));
        writer.u16(static_cast<quint16>(rect.rect.height()));
        writer.u32(static_cast<quint32>(rect.jpeg.size()));
        writer.bytes(rect.jpeg);
    }
    return writer.take();
}

QByteArray encode(const CursorShape &message)
{
    Q_ASSERT(message.width <= MaxCursorSize && message.height <= MaxCursorSize);
    Q_ASSERT((message.width == 0) == (message.height == 0));
    Q_ASSERT(message.rgba.size() == qsizetype(message.width) * message.height * 4);
    Q_ASSERT(message.width == 0 ? message.hotspotX == 0 && message.hotspotY == 0
                                : message.hotspotX < message.width && message.hotspotY < message.height);
    Writer writer(Type::CursorShape, CursorShapeHeaderSize + message.rgba.size());
    writer.u16(message.hotspotX);
    writer.u16(message.hotspotY);
    writer.u16(message.width);
    writer.u16(message.height);
    writer.bytes(message.rgba);
    return writer.take();
}

QByteArray encode(const CursorPosition &message)
{
    Writer writer(Type::CursorPosition, CursorPositionSize);
    writer.u16(message.visible ? message.x : 0);
    writer.u16(message.visible ? message.y : 0);
    writer.u8(message.visible ? 1 : 0);
    return writer.take();
}

QByteArray encode(const Pong &message)
{
    Writer writer(Type::Pong, PongSize);
    writer.u64(message.payload);
    return writer.take();
}

QByteArray encode(const Error &message)
{
    const QByteArray reason = truncatedUtf8(message.reason);
    Writer writer(Type::Error, ErrorHeaderSize + reason.size());
    writer.u16(static_cast<quint16>(message.code));
    writer.bytes(reason);
    return writer.take();
}

QByteArray encode(const Control &message)
{
    const QByteArray reason = truncatedUtf8(message.reason);
    Writer writer(Type::Control, ControlHeaderSize + reason.size());
    writer.u8(message.available ? 1 : 0);
    writer.bytes(reason);
    return writer.take();
}

QByteArray encode(const HostClipboard &message)
{
    const QByteArray text = truncatedUtf8(message.text, MaxClipboardBytes);
    Writer writer(Type::HostClipboard, 1 + text.size());
    writer.bytes(text);
    return writer.take();
}

QByteArray encode(const Pointer &message)
{
    Writer writer(Type::Pointer, PointerSize);
    writer.u16(message.x);
    writer.u16(message.y);
    writer.u16(message.frameWidth);
    writer.u16(message.frameHeight);
    writer.u8(message.buttons);
    return writer.take();
}

QByteArray encode(const Wheel &message)
{
    Writer writer(Type::Wheel, WheelSize);
    writer.u16(static_cast<quint16>(message.horizontal));
    writer.u16(static_cast<quint16>(message.vertical));
    return writer.take();
}

QByteArray encode(const Key &message)
{
    const QByteArray key = truncatedUtf8(message.key, MaxKeyFieldBytes);
    const QByteArray code = message.code.toLatin1().left(MaxKeyFieldBytes);
    Writer writer(Type::Key, KeyMinimumSize + key.size() + code.size());
    writer.u8((message.down ? KeyDownFlag : 0) | (message.repeat ? KeyRepeatFlag : 0));
    writer.u8(static_cast<quint8>(key.size()));
    writer.bytes(key);
    writer.u8(static_cast<quint8>(code.size()));
    writer.bytes(code);
    return writer.take();
}

QByteArray encode(const ReleaseAll &)
{
    return Writer(Type::ReleaseAll, ReleaseAllSize).take();
}

QByteArray encode(const SetClipboard &message)
{
    const QByteArray text = truncatedUtf8(message.text, MaxClipboardBytes);
    Writer writer(Type::SetClipboard, 1 + text.size());
    writer.bytes(text);
    return writer.take();
}

QByteArray encode(const ClientMessage &message)
{
    return std::visit([](const auto &m) { return encode(m); }, message);
}

Decoded<ClientMessage> decodeClientMessage(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return reject<ClientMessage>(CloseCode::Malformed, QStringLiteral("empty message"));
    const quint8 type = static_cast<quint8>(bytes.front());
    const qsizetype limit = type == Type::SetClipboard ? 1 + MaxClipboardBytes : MaxClientMessageSize;
    if (bytes.size() > limit) {
        return reject<ClientMessage>(CloseCode::TooLarge,
                                     QStringLiteral("message of %1 bytes is larger than the %2 allowed")
                                         .arg(QString::number(bytes.size()), QString::number(limit)));
    }
    Reader reader(bytes);
    switch (type) {
    case Type::Hello:
        if (bytes.size() != HelloSize)
            return reject<ClientMessage>(CloseCode::Malformed, wrongLength("HELLO", HelloSize, bytes.size()));
        return accept<ClientMessage>(Hello{reader.u16()});
    case Type::ViewSettings: {
        if (bytes.size() != ViewSettingsSize) {
            return reject<ClientMessage>(CloseCode::Malformed,
                                         wrongLength("VIEW_SETTINGS", ViewSettingsSize, bytes.size()));
        }
        ViewSettings settings;
        settings.maxWidth = reader.u16();
        settings.maxHeight = reader.u16();
        settings.quality = reader.u8();
        settings.fps = reader.u8();
        if (settings.quality > 100) {
            return reject<ClientMessage>(
                CloseCode::Malformed,
                QStringLiteral("VIEW_SETTINGS quality %1 is above 100").arg(QString::number(settings.quality)));
        }
        if (settings.fps > 60) {
            return reject<ClientMessage>(
                CloseCode::Malformed,
                QStringLiteral("VIEW_SETTINGS fps %1 is above 60").arg(QString::number(settings.fps)));
        }
        return accept<ClientMessage>(settings);
    }
    case Type::Ack:
        if (bytes.size() != AckSize)
            return reject<ClientMessage>(CloseCode::Malformed, wrongLength("ACK", AckSize, bytes.size()));
        return accept<ClientMessage>(Ack{reader.u32()});
    case Type::Ping:
        if (bytes.size() != PingSize)
            return reject<ClientMessage>(CloseCode::Malformed, wrongLength("PING", PingSize, bytes.size()));
        return accept<ClientMessage>(Ping{reader.u64()});
    case Type::Pointer:
        return decodePointer(bytes);
    case Type::Wheel: {
        if (bytes.size() != WheelSize)
            return reject<ClientMessage>(CloseCode::Malformed, wrongLength("WHEEL", WheelSize, bytes.size()));
        const auto horizontal = static_cast<qint16>(reader.u16());
        const auto vertical = static_cast<qint16>(reader.u16());
        return accept<ClientMessage>(Wheel{horizontal, vertical});
    }
    case Type::Key:
        return decodeKey(bytes);
    case Type::ReleaseAll:
        if (bytes.size() != ReleaseAllSize)
            return reject<ClientMessage>(CloseCode::Malformed, wrongLength("RELEASE_ALL", ReleaseAllSize, bytes.size()));
        return accept<ClientMessage>(ReleaseAll{});
    case Type::SetClipboard: {
        const std::optional<QString> text = strictUtf8(reader.bytes(reader.remaining()));
        if (!text)
            return reject<ClientMessage>(CloseCode::Malformed, QStringLiteral("CLIPBOARD text is not valid UTF-8"));
        return accept<ClientMessage>(SetClipboard{*text});
    }
    default:
        return reject<ClientMessage>(CloseCode::Malformed, unknownType(type));
    }
}

Decoded<ServerMessage> decodeServerMessage(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("empty message"));
    const quint8 type = static_cast<quint8>(bytes.front());
    Reader reader(bytes);
    switch (type) {
    case Type::ServerHello: {
        if (bytes.size() != ServerHelloSize)
            return reject<ServerMessage>(CloseCode::Malformed, wrongLength("HELLO", ServerHelloSize, bytes.size()));
        ServerHello hello;
        hello.version = reader.u16();
        hello.role = reader.u8();
        hello.desktopWidth = reader.u16();
        hello.desktopHeight = reader.u16();
        hello.fps = reader.u8();
        hello.quality = reader.u8();
        return accept<ServerMessage>(hello);
    }
    case Type::Frame:
        return decodeFrame(bytes);
    case Type::Pong:
        if (bytes.size() != PongSize)
            return reject<ServerMessage>(CloseCode::Malformed, wrongLength("PONG", PongSize, bytes.size()));
        return accept<ServerMessage>(Pong{reader.u64()});
    case Type::Error: {
        if (bytes.size() < ErrorHeaderSize) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         QStringLiteral("ERROR needs at least %1 bytes, got %2")
                                             .arg(QString::number(ErrorHeaderSize), QString::number(bytes.size())));
        }
        if (bytes.size() - ErrorHeaderSize > MaxErrorReasonBytes) {
            return reject<ServerMessage>(
                CloseCode::Malformed,
                QStringLiteral("ERROR reason of %1 bytes is longer than %2")
                    .arg(QString::number(bytes.size() - ErrorHeaderSize), QString::number(MaxErrorReasonBytes)));
        }
        Error error;
        error.code = static_cast<CloseCode>(reader.u16());
        error.reason = QString::fromUtf8(reader.bytes(reader.remaining()));
        return accept<ServerMessage>(std::move(error));
    }
    case Type::Control: {
        if (bytes.size() < ControlHeaderSize || bytes.size() - ControlHeaderSize > MaxErrorReasonBytes) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         QStringLiteral("CONTROL must be 2 to %1 bytes, got %2")
                                             .arg(ControlHeaderSize + MaxErrorReasonBytes)
                                             .arg(bytes.size()));
        }
        const quint8 available = reader.u8();
        if (available > 1)
            return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("CONTROL flag must be 0 or 1"));
        const std::optional<QString> reason = strictUtf8(reader.bytes(reader.remaining()));
        if (!reason)
            return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("CONTROL reason is not valid UTF-8"));
        return accept<ServerMessage>(Control{available == 1, *reason});
    }
    case Type::HostClipboard: {
        if (bytes.size() > 1 + MaxClipboardBytes)
            return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("CLIPBOARD text is too long"));
        const std::optional<QString> text = strictUtf8(reader.bytes(reader.remaining()));
        if (!text)
            return reject<ServerMessage>(CloseCode::Malformed, QStringLiteral("CLIPBOARD text is not valid UTF-8"));
        return accept<ServerMessage>(HostClipboard{*text});
    }
    case Type::CursorShape:
        return decodeCursorShape(bytes);
    case Type::CursorPosition: {
        if (bytes.size() != CursorPositionSize) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         wrongLength("CURSOR_POSITION", CursorPositionSize, bytes.size()));
        }
        CursorPosition position;
        position.x = reader.u16();
        position.y = reader.u16();
        const quint8 visible = reader.u8();
        if (visible > 1 || (visible == 0 && (position.x != 0 || position.y != 0))) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         QStringLiteral("CURSOR_POSITION visible must be 0 (at 0, 0) or 1"));
        }
        position.visible = visible == 1;
        return accept<ServerMessage>(position);
    }
    default:
        return reject<ServerMessage>(CloseCode::Malformed, unknownType(type));
    }
}

} // namespace deskport::protocol
