// decodeClientMessage (app/protocol/messages.cpp): every message a browser sends on the viewer socket.
// Asserts: a refusal has a reason and a close code meant for it; an accepted message encodes back to exactly the
// bytes received (the decoder accepts only the canonical form, so nothing is lost or reinterpreted).
#include "fuzzcheck.h"
#include "protocol/messages.h"

using namespace deskport::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Decoded<ClientMessage> decoded = decodeClientMessage(bytes);
    if (!decoded) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        FUZZ_CHECK(decoded.code == CloseCode::Malformed || decoded.code == CloseCode::TooLarge);
        return 0;
    }
    FUZZ_CHECK(encode(*decoded.message) == bytes);
    if (const auto *key = std::get_if<Key>(&*decoded.message)) {
        FUZZ_CHECK(!key->key.isEmpty() && key->key.toUtf8().size() <= MaxKeyFieldBytes);
        FUZZ_CHECK(key->code.size() <= MaxKeyFieldBytes);
    }
    if (const auto *pointer = std::get_if<Pointer>(&*decoded.message)) {
        FUZZ_CHECK(pointer->x < pointer->frameWidth && pointer->y < pointer->frameHeight);
        FUZZ_CHECK((pointer->buttons & ~PointerButton::All) == 0);
    }
    return 0;
}
