// decodeServerMessage (app/protocol/messages.cpp): the server-to-browser messages, decoded by tests and tools (and
// specified for the browser's own decoder, web/js/protocol.js). FRAME, with its copies and rectangles, is the
// richest format of the protocol.
// Asserts: an accepted message passes the encoder's own asserts (rectangles and copies inside the frame, cursor
// pixels matching its size), and encode -> decode gives the same message back; except ERROR (whose reason is read
// leniently), the encoding is exactly the input.
#include "fuzzcheck.h"
#include "protocol/messages.h"

using namespace deskport::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Decoded<ServerMessage> decoded = decodeServerMessage(bytes);
    if (!decoded) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        return 0;
    }
    const QByteArray encoded = std::visit([](const auto &message) { return encode(message); }, *decoded.message);
    const Decoded<ServerMessage> again = decodeServerMessage(encoded);
    FUZZ_CHECK(again);
    if (std::holds_alternative<Error>(*decoded.message)) {
        // Invalid UTF-8 in the reason became U+FFFD, which may need more bytes and be cut at 120 on encoding.
        FUZZ_CHECK(std::get<Error>(*again.message).code == std::get<Error>(*decoded.message).code);
        return 0;
    }
    FUZZ_CHECK(*again.message == *decoded.message);
    FUZZ_CHECK(encoded == bytes);
    if (const auto *frame = std::get_if<Frame>(&*decoded.message)) {
        const QRect whole(0, 0, frame->width, frame->height);
        for (const FrameRect &rect : frame->rects)
            FUZZ_CHECK(!rect.rect.isEmpty() && whole.contains(rect.rect));
        for (const FrameCopy &copy : frame->copies)
            FUZZ_CHECK(whole.contains(copy.source) && whole.contains(copy.destinationRect()));
    }
    return 0;
}
