#include "protocol/messages.h"

#include <QRandomGenerator>
#include <QtEndian>
#include <QTest>

using namespace deskport::protocol;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

// A FRAME written field by field, so tests can build ones the encoder refuses to make.
struct RawRect
{
    quint16 x, y, w, h;
    quint32 length;
    QByteArray data;
};

QByteArray le16(quint16 value)
{
    char raw[2];
    qToLittleEndian(value, raw);
    return QByteArray(raw, 2);
}

QByteArray le32(quint32 value)
{
    char raw[4];
    qToLittleEndian(value, raw);
    return QByteArray(raw, 4);
}

QByteArray rawFrame(quint16 width, quint16 height, quint16 count, const QList<RawRect> &rects)
{
    QByteArray bytes;
    bytes.append(char(0x82));
    bytes.append(char(0));
    bytes.append(le32(1));
    bytes.append(QByteArray(8, '\0'));
    bytes.append(le16(width));
    bytes.append(le16(height));
    bytes.append(le16(count));
    for (const RawRect &rect : rects) {
        bytes.append(le16(rect.x));
        bytes.append(le16(rect.y));
        bytes.append(le16(rect.w));
        bytes.append(le16(rect.h));
        bytes.append(le32(rect.length));
        bytes.append(rect.data);
    }
    return bytes;
}

Frame smallFrame()
{
    Frame frame;
    frame.flags = FrameFlag::Full;
    frame.frameId = 7;
    frame.captureTimeMs = 1700000000000ULL;
    frame.width = 64;
    frame.height = 32;
    frame.rects = {FrameRect{QRect(8, 4, 16, 8), hex("ffd8ff")}};
    return frame;
}

Frame twoRectFrame()
{
    Frame frame;
    frame.flags = FrameFlag::Refine;
    frame.frameId = 0xfffffffe;
    frame.captureTimeMs = 0x0102030405060708ULL;
    frame.width = 1920;
    frame.height = 1080;
    frame.rects = {FrameRect{QRect(0, 0, 1920, 1080), QByteArray(100, 'j')},
                   FrameRect{QRect(1919, 1079, 1, 1), QByteArray(5, 'k')}};
    return frame;
}

// A page scrolled by 8 rows: one copy and the exposed strip.
Frame scrollFrame()
{
    Frame frame;
    frame.frameId = 9;
    frame.captureTimeMs = 1;
    frame.width = 64;
    frame.height = 32;
    frame.copies = {FrameCopy{QRect(0, 8, 64, 24), QPoint(0, 0)}};
    frame.rects = {FrameRect{QRect(0, 24, 64, 8), hex("ffd8ff")}};
    return frame;
}

CursorShape arrowCursor()
{
    CursorShape shape;
    shape.hotspotX = 1;
    shape.hotspotY = 2;
    shape.width = 2;
    shape.height = 3;
    shape.rgba = hex("ff000080 00ff00ff 0000ffff 00000000 ffffffff 01020304");
    return shape;
}

// One valid encoding of every message type, named.
QList<std::pair<const char *, QByteArray>> clientSamples()
{
    return {{"HELLO", encode(Hello{})},
            {"VIEW_SETTINGS", encode(ViewSettings{1920, 1080, 75, 30})},
            {"ACK", encode(Ack{42})},
            {"PING", encode(Ping{0x1122334455667788ULL})},
            {"POINTER", encode(Pointer{959, 539, 960, 540, PointerButton::Left | PointerButton::Right})},
            {"WHEEL", encode(Wheel{-120, 36})},
            {"KEY", encode(Key{true, false, QStringLiteral("\u20ac"), QStringLiteral("KeyE")})},
            {"KEY without code", encode(Key{false, true, QStringLiteral("Enter"), QString()})},
            {"RELEASE_ALL", encode(ReleaseAll{})},
            {"CLIPBOARD", encode(SetClipboard{QStringLiteral("Gr\u00fc\u00dfe")})}};
}

// Messages whose last field has no length: any cut after this many bytes is a shorter, valid message.
qsizetype openEndedPrefix(const char *name)
{
    if (qstrcmp(name, "ERROR") == 0)
        return 3;
    if (qstrcmp(name, "CONTROL") == 0)
        return 2;
    if (qstrcmp(name, "CLIPBOARD") == 0)
        return 1;
    return -1;
}

QList<std::pair<const char *, QByteArray>> serverSamples()
{
    return {{"HELLO", encode(ServerHello{1, 2, 2560, 1440, 30, 80})},
            {"FRAME", encode(smallFrame())},
            {"FRAME2", encode(twoRectFrame())},
            {"PONG", encode(Pong{0x1122334455667788ULL})},
            {"ERROR", encode(Error{CloseCode::Malformed, QStringLiteral("bad")})},
            {"CONTROL", encode(Control{false, QStringLiteral("view-only password")})},
            {"CLIPBOARD", encode(HostClipboard{QStringLiteral("from the host \u2713")})},
            {"FRAME with copy", encode(scrollFrame())},
            {"CURSOR_SHAPE", encode(arrowCursor())},
            {"CURSOR_SHAPE hidden", encode(CursorShape{})},
            {"CURSOR_POSITION", encode(CursorPosition{1919, 1079, true})}};
}

template <typename T, typename D> T as(const D &decoded)
{
    if (!decoded.message || !std::holds_alternative<T>(*decoded.message))
        return T{};
    return std::get<T>(*decoded.message);
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloBytes()
    {
        QCOMPARE(encode(Hello{}), hex("010100"));
        QCOMPARE(encode(Hello{0x0203}), hex("010302"));
        const auto decoded = decodeClientMessage(hex("010100"));
        QVERIFY(decoded);
        QCOMPARE(decoded.code, CloseCode::Normal);
        QVERIFY(decoded.error.isEmpty());
        QCOMPARE(as<Hello>(decoded), Hello{1});
        // Another version decodes fine: the session decides.
        QCOMPARE(as<Hello>(decodeClientMessage(hex("010900"))), Hello{9});
    }

    void viewSettingsBytes()
    {
        const ViewSettings settings{1920, 1080, 75, 30};
        QCOMPARE(encode(settings), hex("02 8007 3804 4b 1e"));
        QCOMPARE(as<ViewSettings>(decodeClientMessage(hex("0280073804"
                                                          "4b1e"))),
                 settings);
        QCOMPARE(as<ViewSettings>(decodeClientMessage(hex("02000000000000"))), ViewSettings{});
        QCOMPARE(as<ViewSettings>(decodeClientMessage(hex("02ffffffff643c"))), (ViewSettings{65535, 65535, 100, 60}));
    }

    void viewSettingsValues()
    {
        auto decoded = decodeClientMessage(hex("02000000006500"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY2(decoded.error.contains(u"quality"), qPrintable(decoded.error));
        decoded = decodeClientMessage(hex("0200000000003d"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY2(decoded.error.contains(u"fps"), qPrintable(decoded.error));
        QVERIFY(!decodeClientMessage(hex("020000000000ff")));
        QVERIFY(!decodeClientMessage(hex("0200000000ff00")));
    }

    void ackBytes()
    {
        QCOMPARE(encode(Ack{0x12345678}), hex("0378563412"));
        QCOMPARE(as<Ack>(decodeClientMessage(hex("0378563412"))), Ack{0x12345678});
        QCOMPARE(as<Ack>(decodeClientMessage(hex("03ffffffff"))), Ack{0xffffffff});
    }

    void pingPongBytes()
    {
        QCOMPARE(encode(Ping{0x0102030405060708ULL}), hex("04 0807060504030201"));
        QCOMPARE(as<Ping>(decodeClientMessage(hex("040807060504030201"))), Ping{0x0102030405060708ULL});
        QCOMPARE(encode(Pong{0x0102030405060708ULL}), hex("83 0807060504030201"));
        QCOMPARE(as<Pong>(decodeServerMessage(hex("830807060504030201"))), Pong{0x0102030405060708ULL});
        // The PING payload is opaque: an f64 from the browser comes back bit for bit.
        const QByteArray f64 = hex("04 1f85eb51b81e0940");
        const Ping ping = as<Ping>(decodeClientMessage(f64));
        QCOMPARE(encode(Pong{ping.payload}).mid(1), f64.mid(1));
    }

    void serverHelloBytes()
    {
        const ServerHello hello{1, 2, 2560, 1440, 30, 80};
        QCOMPARE(encode(hello), hex("81 0100 02 000a a005 1e 50"));
        QCOMPARE(as<ServerHello>(decodeServerMessage(encode(hello))), hello);
    }

    void frameBytes()
    {
        const QByteArray expected = hex("82"               // type
                                        "02"               // flags: FULL
                                        "07000000"         // frame id 7
                                        "0068e5cf8b010000" // 1700000000000 ms
                                        "4000"             // width 64
                                        "2000"             // height 32
                                        "0100"             // 1 rectangle
                                        "0800"
                                        "0400"
                                        "1000"
                                        "0800"     // x 8, y 4, w 16, h 8
                                        "03000000" // 3 bytes
                                        "ffd8ff");
        QCOMPARE(encode(smallFrame()), expected);
        const auto decoded = decodeServerMessage(expected);
        QVERIFY2(decoded, qPrintable(decoded.error));
        QCOMPARE(as<Frame>(decoded), smallFrame());
    }

    void frameRoundTrip()
    {
        const Frame frame = twoRectFrame();
        const QByteArray bytes = encode(frame);
        QCOMPARE(bytes.size(), 20 + 12 + 100 + 12 + 5);
        QCOMPARE(as<Frame>(decodeServerMessage(bytes)), frame);

        // The most rectangles allowed, some with empty data.
        Frame many;
        many.width = 64;
        many.height = 64;
        for (int i = 0; i < MaxRects; ++i)
            many.rects.append(FrameRect{QRect(i % 64, i / 64, 1, 1), i % 2 ? QByteArray() : QByteArray(1, 'x')});
        const auto decoded = decodeServerMessage(encode(many));
        QVERIFY2(decoded, qPrintable(decoded.error));
        QCOMPARE(as<Frame>(decoded), many);
    }

    void frameCopyBytes()
    {
        const QByteArray expected = hex("82"               // type
                                        "04"               // flags: COPY (set by the encoder)
                                        "09000000"         // frame id 9
                                        "0100000000000000" // 1 ms
                                        "4000 2000"        // 64x32
                                        "0100"             // 1 rectangle
                                        "0100"             // 1 copy
                                        "0000 0800"        // source (0, 8)
                                        "0000 0000"        // destination (0, 0)
                                        "4000 1800"        // 64x24
                                        "0000 1800 4000 0800" // rectangle (0, 24) 64x8
                                        "03000000 ffd8ff");
        QCOMPARE(encode(scrollFrame()), expected);
        const auto decoded = decodeServerMessage(expected);
        QVERIFY2(decoded, qPrintable(decoded.error));
        Frame withFlag = scrollFrame();
        withFlag.flags = FrameFlag::Copy;
        QCOMPARE(as<Frame>(decoded), withFlag);

        // A window dragged over a background that is still: copies only, no rectangle. Overlapping copies are fine.
        Frame copiesOnly;
        copiesOnly.flags = FrameFlag::Copy | FrameFlag::Refine; // keeps other flags
        copiesOnly.width = 64;
        copiesOnly.height = 32;
        copiesOnly.copies = {FrameCopy{QRect(0, 0, 32, 16), QPoint(8, 4)}, FrameCopy{QRect(32, 16, 32, 16), QPoint(0, 0)}};
        const auto again = decodeServerMessage(encode(copiesOnly));
        QVERIFY2(again, qPrintable(again.error));
        QCOMPARE(as<Frame>(again), copiesOnly);
        QCOMPARE(as<Frame>(again).copies[0].destinationRect(), QRect(8, 4, 32, 16));

        // The encoder clears a COPY flag that has no copies behind it.
        Frame stray = smallFrame();
        stray.flags |= FrameFlag::Copy;
        QCOMPARE(encode(stray), encode(smallFrame()));
    }

    void malformedCopies_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        // Header of a 64x32 FRAME with the COPY flag and `rects` rectangles, then the copy count.
        const auto header = [](quint16 rects, quint16 copies) {
            QByteArray bytes = rawFrame(64, 32, rects, {});
            bytes[1] = char(FrameFlag::Copy);
            return QByteArray(bytes + le16(copies));
        };
        const auto copy = [](quint16 sx, quint16 sy, quint16 dx, quint16 dy, quint16 w, quint16 h) {
            return QByteArray(le16(sx) + le16(sy) + le16(dx) + le16(dy) + le16(w) + le16(h));
        };
        QTest::newRow("no copy count") << header(0, 0).chopped(2);
        QTest::newRow("zero copies") << header(0, 0);
        QTest::newRow("too many copies") << header(0, MaxCopies + 1) + copy(0, 0, 1, 1, 1, 1).repeated(MaxCopies + 1);
        QTest::newRow("copy cut") << header(0, 1) + copy(0, 0, 1, 1, 1, 1).chopped(1);
        QTest::newRow("second copy missing") << header(0, 2) + copy(0, 0, 1, 1, 1, 1);
        QTest::newRow("empty copy") << header(0, 1) + copy(0, 0, 1, 1, 0, 4);
        QTest::newRow("source outside") << header(0, 1) + copy(60, 0, 0, 0, 5, 1);
        QTest::newRow("destination outside") << header(0, 1) + copy(0, 0, 0, 30, 1, 3);
        QTest::newRow("destination far outside") << header(0, 1) + copy(0, 0, 65535, 65535, 2, 2);
        QTest::newRow("bytes after copies") << header(0, 1) + copy(0, 0, 1, 1, 4, 4) + QByteArray(1, 'x');
        QTest::newRow("rects promised") << header(1, 1) + copy(0, 0, 1, 1, 4, 4);
    }

    void malformedCopies()
    {
        QFETCH(QByteArray, bytes);
        const auto decoded = decodeServerMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY(!decoded.error.isEmpty());
    }

    void cursorBytes()
    {
        QCOMPARE(encode(arrowCursor()),
                 hex("87 0100 0200 0200 0300") + arrowCursor().rgba);
        QCOMPARE(as<CursorShape>(decodeServerMessage(encode(arrowCursor()))), arrowCursor());
        QCOMPARE(encode(CursorShape{}), hex("87 0000 0000 0000 0000"));
        QVERIFY(decodeServerMessage(encode(CursorShape{})));

        CursorShape largest;
        largest.width = largest.height = MaxCursorSize;
        largest.hotspotX = largest.hotspotY = MaxCursorSize - 1;
        largest.rgba = QByteArray(MaxCursorSize * MaxCursorSize * 4, '');
        QCOMPARE(as<CursorShape>(decodeServerMessage(encode(largest))), largest);

        QCOMPARE(encode(CursorPosition{258, 3, true}), hex("88 0201 0300 01"));
        QCOMPARE(as<CursorPosition>(decodeServerMessage(hex("88 0201 0300 01"))), (CursorPosition{258, 3, true}));
        // Outside the shared area the coordinates say nothing, so they are sent as 0.
        QCOMPARE(encode(CursorPosition{258, 3, false}), hex("88 0000 0000 00"));
    }

    void malformedCursor_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray pixel = hex("01020304");
        QTest::newRow("too wide") << hex("87 0000 0000 0101 0100") + pixel.repeated(257);
        QTest::newRow("width without height") << hex("87 0000 0000 0100 0000") + pixel;
        QTest::newRow("height without width") << hex("87 0000 0000 0000 0100");
        QTest::newRow("hotspot outside") << hex("87 0100 0000 0100 0100") + pixel;
        QTest::newRow("hotspot on empty") << hex("87 0000 0100 0000 0000");
        QTest::newRow("pixels missing") << hex("87 0000 0000 0200 0100") + pixel;
        QTest::newRow("pixels extra") << hex("87 0000 0000 0100 0100") + pixel + pixel;
        QTest::newRow("position flag 2") << hex("88 0100 0100 02");
        QTest::newRow("hidden with coordinates") << hex("88 0100 0000 00");
    }

    void malformedCursor()
    {
        QFETCH(QByteArray, bytes);
        const auto decoded = decodeServerMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY(!decoded.error.isEmpty());
    }

    void errorRoundTrip()
    {
        const Error error{CloseCode::UnsupportedVersion, QStringLiteral("protocol version 2 is not supported")};
        const QByteArray bytes = encode(error);
        QCOMPARE(bytes.left(3), hex("84 4a11"));
        QCOMPARE(bytes.mid(3), error.reason.toUtf8());
        QCOMPARE(as<Error>(decodeServerMessage(bytes)), error);
        QCOMPARE(encode(Error{CloseCode::Malformed, QString()}), hex("843011"));
        QCOMPARE(as<Error>(decodeServerMessage(hex("843011"))), (Error{CloseCode::Malformed, QString()}));
        const QString unicode = QStringLiteral("Gr\u00fc\u00dfe \u20ac \U0001F600");
        QCOMPARE(as<Error>(decodeServerMessage(encode(Error{CloseCode::TooLarge, unicode}))).reason, unicode);
    }

    void errorReasonTruncation_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("expectedBytes");
        QTest::newRow("ascii") << QString(200, u'a') << 120;
        QTest::newRow("exactly 120") << QString(120, u'a') << 120;
        QTest::newRow("two-byte") << QString(100, QChar(0xe4)) << 120;
        QTest::newRow("two-byte, odd start") << (u'a' + QString(100, QChar(0xe4))) << 119;
        QTest::newRow("three-byte") << (u'a' + QString(50, QChar(0x20ac))) << 118;
        QString emoji;
        for (int i = 0; i < 40; ++i)
            emoji += QStringLiteral("\U0001F600");
        QTest::newRow("four-byte") << emoji << 120;
        QTest::newRow("four-byte, offset") << (QStringLiteral("ab") + emoji) << 118;
    }

    void errorReasonTruncation()
    {
        QFETCH(QString, reason);
        QFETCH(int, expectedBytes);
        const QByteArray bytes = encode(Error{CloseCode::Malformed, reason});
        QCOMPARE(bytes.size(), 3 + expectedBytes);
        const Error decoded = as<Error>(decodeServerMessage(bytes));
        QVERIFY(reason.startsWith(decoded.reason));
        QVERIFY(!decoded.reason.contains(QChar::ReplacementCharacter));
        QCOMPARE(decoded.reason.toUtf8().size(), expectedBytes);
    }

    void errorReasonTooLongRejected()
    {
        QByteArray bytes = hex("843011") + QByteArray(121, 'a');
        QVERIFY(!decodeServerMessage(bytes));
        bytes.chop(1);
        QVERIFY(decodeServerMessage(bytes));
    }

    void clientVariantEncode()
    {
        QCOMPARE(encode(ClientMessage(Ack{5})), encode(Ack{5}));
        QCOMPARE(encode(ClientMessage(ViewSettings{1, 2, 3, 4})), hex("02010002000304"));
        for (const auto &[name, bytes] : clientSamples()) {
            const auto decoded = decodeClientMessage(bytes);
            QVERIFY2(decoded, name);
            QCOMPARE(encode(*decoded.message), bytes);
        }
    }

    void emptyRejected()
    {
        auto client = decodeClientMessage(QByteArrayView());
        QVERIFY(!client);
        QCOMPARE(client.code, CloseCode::Malformed);
        QCOMPARE(client.error, QStringLiteral("empty message"));
        auto server = decodeServerMessage(QByteArrayView());
        QVERIFY(!server);
        QCOMPARE(server.code, CloseCode::Malformed);
        QVERIFY(!server.error.isEmpty());
    }

    void everyTruncationRejected()
    {
        for (const auto &[name, bytes] : clientSamples()) {
            const qsizetype end = openEndedPrefix(name) >= 0 ? openEndedPrefix(name) : bytes.size();
            for (qsizetype length = 0; length < end; ++length) {
                const auto decoded = decodeClientMessage(bytes.left(length));
                QVERIFY2(!decoded, qPrintable(QStringLiteral("%1 cut to %2").arg(QLatin1String(name)).arg(length)));
                QCOMPARE(decoded.code, CloseCode::Malformed);
                QVERIFY(!decoded.error.isEmpty());
            }
        }
        for (const auto &[name, bytes] : serverSamples()) {
            const qsizetype end = openEndedPrefix(name) >= 0 ? openEndedPrefix(name) : bytes.size();
            for (qsizetype length = 0; length < end; ++length) {
                const auto decoded = decodeServerMessage(bytes.left(length));
                QVERIFY2(!decoded, qPrintable(QStringLiteral("%1 cut to %2").arg(QLatin1String(name)).arg(length)));
                QCOMPARE(decoded.code, CloseCode::Malformed);
                QVERIFY(!decoded.error.isEmpty());
            }
        }
    }

    void extraBytesRejected()
    {
        for (const auto &[name, bytes] : clientSamples()) {
            if (openEndedPrefix(name) >= 0)
                continue;
            const auto decoded = decodeClientMessage(QByteArray(bytes + '\0'));
            QVERIFY2(!decoded, name);
            QCOMPARE(decoded.code, CloseCode::Malformed);
        }
        for (const auto &[name, bytes] : serverSamples()) {
            if (openEndedPrefix(name) >= 0)
                continue;
            const auto decoded = decodeServerMessage(QByteArray(bytes + '\0'));
            QVERIFY2(!decoded, name);
            QCOMPARE(decoded.code, CloseCode::Malformed);
        }
    }

    void wrongLengthNamesBoth()
    {
        const auto decoded = decodeClientMessage(hex("01010000"));
        QVERIFY(!decoded);
        QVERIFY2(decoded.error.contains(u"HELLO"), qPrintable(decoded.error));
        QVERIFY2(decoded.error.contains(u'3') && decoded.error.contains(u'4'), qPrintable(decoded.error));
    }

    void oversized()
    {
        QByteArray bytes(MaxClientMessageSize + 1, '\0');
        bytes[0] = 0x01;
        auto decoded = decodeClientMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::TooLarge);
        QVERIFY(!decoded.error.isEmpty());
        QCOMPARE(decodeClientMessage(QByteArray(100000, '\x03')).code, CloseCode::TooLarge);
        // At the limit it is only the wrong length for its type.
        bytes.chop(1);
        decoded = decodeClientMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
    }

    void unknownType()
    {
        auto decoded = decodeClientMessage(hex("05"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY2(decoded.error.contains(u"0x05"), qPrintable(decoded.error));
        // Server messages are not client messages, and the other way round.
        decoded = decodeClientMessage(encode(Pong{}));
        QVERIFY(!decoded);
        QVERIFY2(decoded.error.contains(u"0x83"), qPrintable(decoded.error));
        QVERIFY(!decodeClientMessage(hex("00")));
        QVERIFY(!decodeClientMessage(hex("7f")));
        auto server = decodeServerMessage(encode(Hello{}));
        QVERIFY(!server);
        QCOMPARE(server.code, CloseCode::Malformed);
        QVERIFY2(server.error.contains(u"0x01"), qPrintable(server.error));
        server = decodeServerMessage(hex("ff"));
        QVERIFY(!server);
        QVERIFY2(server.error.contains(u"0xff"), qPrintable(server.error));
    }

    void malformedFrames_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray jpeg(4, 'j');
        QTest::newRow("zero rects") << rawFrame(64, 32, 0, {});
        QTest::newRow("too many rects") << rawFrame(64, 32, MaxRects + 1, {{0, 0, 1, 1, 0, {}}});
        QTest::newRow("count above rects") << rawFrame(64, 32, 2, {{0, 0, 1, 1, 4, jpeg}});
        QTest::newRow("rect header cut") << rawFrame(64, 32, 1, {{0, 0, 1, 1, 4, jpeg}}).left(20 + 11);
        QTest::newRow("length overruns message") << rawFrame(64, 32, 1, {{0, 0, 1, 1, 5, jpeg}});
        QTest::newRow("huge length") << rawFrame(64, 32, 1, {{0, 0, 1, 1, 0xffffffff, jpeg}});
        QTest::newRow("x outside") << rawFrame(64, 32, 1, {{60, 0, 5, 1, 4, jpeg}});
        QTest::newRow("y outside") << rawFrame(64, 32, 1, {{0, 30, 1, 3, 4, jpeg}});
        QTest::newRow("x far outside") << rawFrame(64, 32, 1, {{65535, 0, 65535, 1, 4, jpeg}});
        QTest::newRow("zero-size frame") << rawFrame(0, 0, 1, {{0, 0, 1, 1, 4, jpeg}});
        QTest::newRow("zero width rect") << rawFrame(64, 32, 1, {{0, 0, 0, 1, 4, jpeg}});
        QTest::newRow("zero height rect") << rawFrame(64, 32, 1, {{0, 0, 1, 0, 4, jpeg}});
        QTest::newRow("trailing bytes") << rawFrame(64, 32, 1, {{0, 0, 1, 1, 3, jpeg}});
        QTest::newRow("second rect outside") << rawFrame(64, 32, 2, {{0, 0, 64, 32, 4, jpeg}, {0, 0, 65, 1, 4, jpeg}});
    }

    void malformedFrames()
    {
        QFETCH(QByteArray, bytes);
        const auto decoded = decodeServerMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY(!decoded.error.isEmpty());
    }

    void rawFrameHelperAgreesWithEncoder()
    {
        // So that malformedFrames tests what it means to: the same helper makes a valid frame.
        const QByteArray valid = rawFrame(64, 32, 1, {{60, 28, 4, 4, 4, QByteArray(4, 'j')}});
        const auto decoded = decodeServerMessage(valid);
        QVERIFY2(decoded, qPrintable(decoded.error));
        QCOMPARE(encode(as<Frame>(decoded)), valid);
    }

    void inputBytes()
    {
        // Written by hand from docs/protocol.md.
        QCOMPARE(encode(Pointer{0x0102, 0x0304, 0x0506, 0x0708, 0x05}), hex("1002010403060508070" "5"));
        QCOMPARE(encode(Wheel{-120, 1}), hex("1188ff0100"));
        QCOMPARE(encode(Key{true, true, QStringLiteral("\u00e9"), QStringLiteral("Digit2")}),
                 hex("120302c3a906" "446967697432"));
        QCOMPARE(encode(ReleaseAll{}), hex("13"));
        QCOMPARE(encode(SetClipboard{QStringLiteral("hi")}), hex("146869"));
        QCOMPARE(encode(Control{true, QString()}), hex("8501"));
        QCOMPARE(encode(HostClipboard{QStringLiteral("\u20ac")}), hex("86e282ac"));
        for (const auto &[name, bytes] : clientSamples()) {
            const auto decoded = decodeClientMessage(bytes);
            QVERIFY2(decoded, qPrintable(QLatin1String(name) + u": " + decoded.error));
            QCOMPARE(encode(*decoded.message), bytes);
        }
    }

    void malformedInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("pointer x outside") << encode(Pointer{960, 0, 960, 540, 0}) << QStringLiteral("outside");
        QTest::newRow("pointer y outside") << encode(Pointer{0, 540, 960, 540, 0}) << QStringLiteral("outside");
        QTest::newRow("pointer empty frame") << encode(Pointer{0, 0, 0, 0, 0}) << QStringLiteral("outside");
        QTest::newRow("pointer button bits") << encode(Pointer{0, 0, 1, 1, 0x20}) << QStringLiteral("button");
        QTest::newRow("key flags") << hex("1204016100") << QStringLiteral("flags");
        QTest::newRow("key empty") << hex("12010000") << QStringLiteral("key length");
        QTest::newRow("key too long") << (hex("120121") + QByteArray(33, 'a') + hex("00")) << QStringLiteral("key length");
        QTest::newRow("key bad utf-8") << hex("120102c3280000") << QStringLiteral("UTF-8");
        QTest::newRow("code not alphanumeric") << hex("1201016102" "2f2f") << QStringLiteral("ASCII");
        QTest::newRow("code too long") << (hex("1201016121") + QByteArray(33, 'a')) << QStringLiteral("code length");
        QTest::newRow("code shorter than said") << hex("12010161034b") << QStringLiteral("code length");
        QTest::newRow("clipboard bad utf-8") << hex("14ff") << QStringLiteral("UTF-8");
        QTest::newRow("wheel short") << hex("110000") << QStringLiteral("WHEEL");
    }

    void malformedInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mentions);
        const auto decoded = decodeClientMessage(bytes);
        QVERIFY(!decoded);
        QCOMPARE(decoded.code, CloseCode::Malformed);
        QVERIFY2(decoded.error.contains(mentions), qPrintable(decoded.error));
    }

    void leadingByteOrderMarkIsKept()
    {
        // Found by tests/fuzz/fuzz_client_message: the UTF-8 decoder dropped a leading U+FEFF, so a KEY of just that
        // character decoded to an empty key (which the decoder otherwise refuses) and a clipboard lost it.
        const auto key = decodeClientMessage(hex("1201" "03efbbbf" "00"));
        QVERIFY2(key, qPrintable(key.error));
        QCOMPARE(as<Key>(key).key, QString(QChar(0xfeff)));
        QCOMPARE(encode(*key.message), hex("1201" "03efbbbf" "00"));
        const auto clipboard = decodeClientMessage(hex("14" "efbbbf" "6869"));
        QVERIFY2(clipboard, qPrintable(clipboard.error));
        QCOMPARE(as<SetClipboard>(clipboard).text, QString(QChar(0xfeff)) + u"hi");
        const auto control = decodeServerMessage(hex("8500" "efbbbf"));
        QVERIFY2(control, qPrintable(control.error));
        QCOMPARE(std::get<Control>(*control.message).reason, QString(QChar(0xfeff)));
    }

    void clipboardLimits()
    {
        QByteArray atLimit(1 + MaxClipboardBytes, 'x');
        atLimit[0] = 0x14;
        const auto decoded = decodeClientMessage(atLimit);
        QVERIFY2(decoded, qPrintable(decoded.error));
        QCOMPARE(as<SetClipboard>(decoded).text.size(), MaxClipboardBytes);
        const auto tooLarge = decodeClientMessage(QByteArray(atLimit + 'x'));
        QVERIFY(!tooLarge);
        QCOMPARE(tooLarge.code, CloseCode::TooLarge);
        // Other types keep the small limit even with the clipboard's type byte elsewhere.
        QByteArray bigKey(MaxClientMessageSize + 1, 'a');
        bigKey[0] = 0x12;
        QCOMPARE(decodeClientMessage(bigKey).code, CloseCode::TooLarge);
        // Encoders cut long text at a character boundary rather than producing a message the peer refuses.
        const QByteArray encoded = encode(SetClipboard{QString(MaxClipboardBytes, QChar(0x20ac))});
        QVERIFY(encoded.size() <= 1 + MaxClipboardBytes);
        QVERIFY(decodeClientMessage(encoded));
    }

    void fuzz()
    {
        QRandomGenerator random(20240601);
        const QList<std::pair<const char *, QByteArray>> seeds = clientSamples() + serverSamples();
        int decodedCount = 0;
        for (int i = 0; i < 20000; ++i) {
            QByteArray bytes;
            if (i % 2 == 0) {
                // Random bytes, often starting with a valid type so the decoders get past the first check.
                bytes.resize(random.bounded(0, 80));
                for (char &c : bytes)
                    c = char(random.bounded(256));
                if (!bytes.isEmpty() && random.bounded(2))
                    bytes[0] = char(QList<int>{0x01, 0x02, 0x03, 0x04, 0x10, 0x11, 0x12, 0x13, 0x14, 0x81, 0x82, 0x83,
                                               0x84, 0x85, 0x86, 0x87, 0x88}[random.bounded(17)]);
            } else {
                // A valid message with a few bytes changed, cut or added.
                bytes = seeds[random.bounded(qsizetype(seeds.size()))].second;
                const int edits = random.bounded(1, 4);
                for (int e = 0; e < edits && !bytes.isEmpty(); ++e)
                    bytes[random.bounded(bytes.size())] = char(random.bounded(256));
                switch (random.bounded(3)) {
                case 0:
                    bytes.truncate(random.bounded(bytes.size() + 1));
                    break;
                case 1:
                    bytes.append(QByteArray(random.bounded(1, 8), char(random.bounded(256))));
                    break;
                default:
                    break;
                }
            }
            const auto client = decodeClientMessage(bytes);
            if (client) {
                ++decodedCount;
                QCOMPARE(encode(*client.message), bytes);
            } else {
                QVERIFY(!client.error.isEmpty());
                QVERIFY(client.code != CloseCode::Normal);
            }
            const auto server = decodeServerMessage(bytes);
            if (server) {
                ++decodedCount;
                if (!std::holds_alternative<Error>(*server.message)) {
                    const QByteArray again = std::visit([](const auto &m) { return encode(m); }, *server.message);
                    QCOMPARE(again, bytes);
                }
            } else {
                QVERIFY(!server.error.isEmpty());
                QVERIFY(server.code != CloseCode::Normal);
            }
        }
        QVERIFY(decodedCount > 0);
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
