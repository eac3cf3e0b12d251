#include "protocol/messages.h"

#include <QtEndian>

#include <limits>

namespace deskport::protocol {

namespace {

namespace Type {
constexpr quint8 Hello = 0x01;
constexpr quint8 ViewSettings = 0x02;
constexpr quint8 Ack = 0x03;
constexpr quint8 Ping = 0x04;
constexpr quint8 ServerHello = 0x81;
constexpr quint8 Frame = 0x82;
constexpr quint8 Pong = 0x83;
constexpr quint8 Error = 0x84;
} // namespace Type

// Sizes from docs/protocol.md.
constexpr qsizetype HelloSize = 3;
constexpr qsizetype ViewSettingsSize = 7;
constexpr qsizetype AckSize = 5;
constexpr qsizetype PingSize = 9;
constexpr qsizetype ServerHelloSize = 10;
constexpr qsizetype FrameHeaderSize = 20;
constexpr qsizetype RectHeaderSize = 12;
constexpr qsizetype PongSize = 9;
constexpr qsizetype ErrorHeaderSize = 3;

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

// At most MaxErrorReasonBytes of UTF-8, cut before a character rather than through it.
QByteArray truncatedUtf8(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= MaxErrorReasonBytes)
        return utf8;
    qsizetype end = MaxErrorReasonBytes;
    while (end > 0 && (static_cast<quint8>(utf8.at(end)) & 0xc0) == 0x80)
        --end; // utf8[end] continues a character that started before the cut
    utf8.truncate(end);
    return utf8;
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
    if (count < 1 || count > MaxRects) {
        return reject<ServerMessage>(CloseCode::Malformed,
                                     QStringLiteral("FRAME rectangle count %1 is not within 1 to %2")
                                         .arg(QString::number(count), QString::number(MaxRects)));
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
        if (quint32(x) + w > frame.width || quint32(y) + h > frame.height) {
            return reject<ServerMessage>(CloseCode::Malformed,
                                         which + QStringLiteral(": %1x%2 at (%3, %4) is outside the %5x%6 frame")
                                                     .arg(QString::number(w), QString::number(h), QString::number(x),
                                                          QString::number(y), QString::number(frame.width),
                                                          QString::number(frame.height)));
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
    Q_ASSERT(!message.rects.isEmpty() && message.rects.size() <= MaxRects);
    qsizetype size = FrameHeaderSize;
    for (const FrameRect &rect : message.rects)
        size += RectHeaderSize + rect.jpeg.size();
    Writer writer(Type::Frame, size);
    writer.u8(message.flags);
    writer.u32(message.frameId);
    writer.u64(message.captureTimeMs);
    writer.u16(message.width);
    writer.u16(message.height);
    writer.u16(static_cast<quint16>(message.rects.size()));
    for (const FrameRect &rect : message.rects) {
        Q_ASSERT(!rect.rect.isEmpty());
        Q_ASSERT(QRect(0, 0, message.width, message.height).contains(rect.rect));
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

QByteArray encode(const ClientMessage &message)
{
    return std::visit([](const auto &m) { return encode(m); }, message);
}

Decoded<ClientMessage> decodeClientMessage(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return reject<ClientMessage>(CloseCode::Malformed, QStringLiteral("empty message"));
    if (bytes.size() > MaxClientMessageSize) {
        return reject<ClientMessage>(CloseCode::TooLarge,
                                     QStringLiteral("message of %1 bytes is larger than the %2 allowed")
                                         .arg(QString::number(bytes.size()), QString::number(MaxClientMessageSize)));
    }
    const quint8 type = static_cast<quint8>(bytes.front());
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
    default:
        return reject<ServerMessage>(CloseCode::Malformed, unknownType(type));
    }
}

} // namespace deskport::protocol
