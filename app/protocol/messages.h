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
constexpr qsizetype MaxClientMessageSize = 80;      // every client message but CLIPBOARD
constexpr qsizetype MaxClipboardBytes = 65536;       // the text of a CLIPBOARD message, either way
constexpr qsizetype MaxKeyFieldBytes = 32;           // KEY's key and code fields
constexpr int MaxRects = 4096;
constexpr int MaxCopies = 64;
constexpr int MaxCursorSize = 256;                   // CURSOR_SHAPE width and height
constexpr qsizetype MaxErrorReasonBytes = 120;

enum class CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    Malformed = 4400,
    SessionEnded = 4401,
    TooLarge = 4413,
    UnsupportedVersion = 4426,
    InputFlood = 4429,
};

namespace PointerButton {
constexpr quint8 Left = 0x01;
constexpr quint8 Middle = 0x02;
constexpr quint8 Right = 0x04;
constexpr quint8 Back = 0x08;
constexpr quint8 Forward = 0x10;
constexpr quint8 All = 0x1f;
}

namespace FrameFlag {
constexpr quint8 Refine = 0x01;
constexpr quint8 Full = 0x02;
constexpr quint8 Copy = 0x04; // set by encode() exactly when the frame has copies
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
struct Pointer
{
    quint16 x = 0;
    quint16 y = 0;
    quint16 frameWidth = 1;  // the frame the browser shows; x < frameWidth
    quint16 frameHeight = 1; // y < frameHeight
    quint8 buttons = 0;      // PointerButton bits
    bool operator==(const Pointer &) const = default;
};
struct Wheel
{
    qint16 horizontal = 0; // 1/120 of a step, positive right
    qint16 vertical = 0;   // 1/120 of a step, positive down
    bool operator==(const Wheel &) const = default;
};
struct Key
{
    bool down = false;
    bool repeat = false;
    QString key;  // KeyboardEvent.key: 1 to MaxKeyFieldBytes of UTF-8
    QString code; // KeyboardEvent.code: 0 to MaxKeyFieldBytes ASCII letters and digits
    bool operator==(const Key &) const = default;
};
struct ReleaseAll
{
    bool operator==(const ReleaseAll &) const = default;
};
struct SetClipboard
{
    QString text; // at most MaxClipboardBytes of UTF-8
    bool operator==(const SetClipboard &) const = default;
};
using ClientMessage = std::variant<Hello, ViewSettings, Ack, Ping, Pointer, Wheel, Key, ReleaseAll, SetClipboard>;

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
// Part of the canvas moved: copy `source` so that its top-left lands on `destination` (a scroll, a dragged window).
struct FrameCopy
{
    QRect source;
    QPoint destination;
    QRect destinationRect() const { return QRect(destination, source.size()); }
    bool operator==(const FrameCopy &) const = default;
};
struct Frame
{
    quint8 flags = 0;
    quint32 frameId = 0;
    quint64 captureTimeMs = 0;
    quint16 width = 0;
    quint16 height = 0;
    QList<FrameCopy> copies; // applied in order, before the rectangles are drawn
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
struct Control
{
    bool available = false;
    QString reason; // for people, when not available; truncated like Error's
    bool operator==(const Control &) const = default;
};
struct HostClipboard
{
    QString text; // at most MaxClipboardBytes of UTF-8 (the sender truncates at a character boundary)
    bool operator==(const HostClipboard &) const = default;
};
// The host's pointer image. An empty image means the pointer is hidden.
struct CursorShape
{
    quint16 hotspotX = 0;
    quint16 hotspotY = 0;
    quint16 width = 0;  // 0..MaxCursorSize
    quint16 height = 0; // 0..MaxCursorSize; 0 exactly when width is 0
    QByteArray rgba;    // width * height * 4 bytes, rows top to bottom, not premultiplied
    bool operator==(const CursorShape &) const = default;
};
// Where the host's pointer is, in shared-desktop pixels (before any scaling).
struct CursorPosition
{
    quint16 x = 0;
    quint16 y = 0;
    bool visible = false; // false: the pointer is outside the shared area (x and y are then 0)
    bool operator==(const CursorPosition &) const = default;
};
using ServerMessage =
    std::variant<ServerHello, Frame, Pong, Error, Control, HostClipboard, CursorShape, CursorPosition>;

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
// Rectangles and copies must lie inside width x height; 0..MaxRects rectangles and 0..MaxCopies copies, at least one
// of either (asserted in debug builds). The Copy flag is set from the copies, whatever message.flags says of it.
QByteArray encode(const Frame &message);
QByteArray encode(const Pong &message);
QByteArray encode(const Error &message);
QByteArray encode(const Control &message);
QByteArray encode(const HostClipboard &message);
// The hotspot lies inside a non-empty image, and rgba has width * height * 4 bytes (asserted in debug builds).
QByteArray encode(const CursorShape &message);
QByteArray encode(const CursorPosition &message);
// Key fields longer than MaxKeyFieldBytes and clipboard text longer than MaxClipboardBytes are truncated at a
// character boundary (encoders for tests and tools; the browser applies the same limits).
QByteArray encode(const Pointer &message);
QByteArray encode(const Wheel &message);
QByteArray encode(const Key &message);
QByteArray encode(const ReleaseAll &message);
QByteArray encode(const SetClipboard &message);
QByteArray encode(const ClientMessage &message);

// Rejects: empty input, unknown type, wrong length for the type (CloseCode::Malformed), anything longer than
// MaxClientMessageSize, or a CLIPBOARD longer than 1 + MaxClipboardBytes (CloseCode::TooLarge). Values are checked
// too (Malformed): VIEW_SETTINGS quality above 100 or fps above 60; POINTER outside its frame, an empty frame or
// unknown button bits; KEY with unknown flag bits, an empty or too long key, a code that is too long or not ASCII
// letters and digits, or invalid UTF-8; CLIPBOARD that is not valid UTF-8. A HELLO with another version decodes fine: the session decides what to do with it.
Decoded<ClientMessage> decodeClientMessage(QByteArrayView bytes);
// For tests and tools: the inverse of the server-side encoders, with the same care about lengths (a FRAME whose
// rectangles or copies overrun the message or lie outside the frame, or that has neither, is Malformed; so is a
// CURSOR_SHAPE whose size or hotspot is out of range or whose pixels do not match its size).
Decoded<ServerMessage> decodeServerMessage(QByteArrayView bytes);

} // namespace deskport::protocol
