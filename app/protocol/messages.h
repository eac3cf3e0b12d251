#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QRect>
#include <QString>

#include <optional>
#include <variant>

// The wire format of docs/protocol.md: pure encode/decode functions, no I/O. Every decoder checks lengths before
// reading and says why it rejects.
namespace deskport::protocol {

constexpr quint16 Version = 1;
constexpr qsizetype MaxClientMessageSize = 64;
constexpr int MaxRects = 4096;
constexpr qsizetype MaxErrorReasonBytes = 120;

enum class CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    Malformed = 4400,
    SessionEnded = 4401,
    TooLarge = 4413,
    UnsupportedVersion = 4426,
};

namespace FrameFlag {
constexpr quint8 Refine = 0x01;
constexpr quint8 Full = 0x02;
}

// Browser -> server
struct Hello
{
    quint16 version = Version;
    bool operator==(const Hello &) const = default;
};
struct ViewSettings
{
    quint16 maxWidth = 0;  // 0: no limit
    quint16 maxHeight = 0; // 0: no limit
    quint8 quality = 0;    // 0: server default, else 1-100
    quint8 fps = 0;        // 0: server default, else 1-60
    bool operator==(const ViewSettings &) const = default;
};
struct Ack
{
    quint32 frameId = 0;
    bool operator==(const Ack &) const = default;
};
struct Ping
{
    quint64 payload = 0; // opaque; echoed back unchanged
    bool operator==(const Ping &) const = default;
};
using ClientMessage = std::variant<Hello, ViewSettings, Ack, Ping>;

// Server -> browser
struct ServerHello
{
    quint16 version = Version;
    quint8 role = 0; // deskport::Role as a number
    quint16 desktopWidth = 0;
    quint16 desktopHeight = 0;
    quint8 fps = 0;
    quint8 quality = 0;
    bool operator==(const ServerHello &) const = default;
};
struct FrameRect
{
    QRect rect;
    QByteArray jpeg;
    bool operator==(const FrameRect &) const = default;
};
struct Frame
{
    quint8 flags = 0;
    quint32 frameId = 0;
    quint64 captureTimeMs = 0;
    quint16 width = 0;
    quint16 height = 0;
    QList<FrameRect> rects;
    bool operator==(const Frame &) const = default;
};
struct Pong
{
    quint64 payload = 0;
    bool operator==(const Pong &) const = default;
};
struct Error
{
    CloseCode code = CloseCode::Malformed;
    QString reason; // truncated to MaxErrorReasonBytes of UTF-8 on encoding (never mid-character)
    bool operator==(const Error &) const = default;
};
using ServerMessage = std::variant<ServerHello, Frame, Pong, Error>;

// A decoded message, or why not: code is the close code to use, error a sentence for the log and the peer.
template<typename T>
struct Decoded
{
    std::optional<T> message;
    CloseCode code = CloseCode::Normal;
    QString error;
    explicit operator bool() const { return message.has_value(); }
};

QByteArray encode(const Hello &message);
QByteArray encode(const ViewSettings &message);
QByteArray encode(const Ack &message);
QByteArray encode(const Ping &message);
QByteArray encode(const ServerHello &message);
// Rectangles must lie inside width x height and there must be 1..MaxRects of them (asserted in debug builds).
QByteArray encode(const Frame &message);
QByteArray encode(const Pong &message);
QByteArray encode(const Error &message);
QByteArray encode(const ClientMessage &message);

// Rejects: empty input, unknown type, wrong length for the type (CloseCode::Malformed), anything longer than
// MaxClientMessageSize (CloseCode::TooLarge). Values are checked too: VIEW_SETTINGS quality above 100 or fps above
// 60 is Malformed. A HELLO with another version decodes fine: the session decides what to do with it.
Decoded<ClientMessage> decodeClientMessage(QByteArrayView bytes);
// For tests and tools: the inverse of the server-side encoders, with the same care about lengths (a FRAME whose
// rectangles overrun the message, lie outside the frame, or whose count is 0 or above MaxRects is Malformed).
Decoded<ServerMessage> decodeServerMessage(QByteArrayView bytes);

} // namespace deskport::protocol
