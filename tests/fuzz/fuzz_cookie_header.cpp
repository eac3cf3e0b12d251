// Auth::tokenFromCookieHeader (app/server/auth.cpp): the Cookie header of every HTTP request and WebSocket upgrade.
// Asserts: the token found is empty or 1..128 base64url characters that occur in the header, and reading it back
// from a header holding only that cookie gives the same token.
#include "fuzzcheck.h"
#include "server/auth.h"

using deskport::Auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray header(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArray token = Auth::tokenFromCookieHeader(header);
    if (token.isEmpty())
        return 0;
    FUZZ_CHECK(token.size() <= 128);
    for (const char c : token) {
        FUZZ_CHECK((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                   || c == '_');
    }
    FUZZ_CHECK(header.contains(token));
    FUZZ_CHECK(Auth::tokenFromCookieHeader(QByteArray(Auth::CookieName) + '=' + token) == token);
    return 0;
}
