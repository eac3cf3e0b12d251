// Auth::passwordFromLoginBody (app/server/auth.cpp): the JSON body of POST /api/login, the one request anybody can
// send before logging in (PortalServer::login caps it at MaxLoginBody first).
// Asserts: a password found survives a round trip through the JSON the portal sends ({"password": "..."}).
#include "fuzzcheck.h"
#include "server/auth.h"

#include <QJsonDocument>
#include <QJsonObject>

using deskport::Auth;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<QString> password = Auth::passwordFromLoginBody(body);
    if (!password)
        return 0;
    const QByteArray canonical =
        QJsonDocument(QJsonObject{{QStringLiteral("password"), *password}}).toJson(QJsonDocument::Compact);
    const std::optional<QString> again = Auth::passwordFromLoginBody(canonical);
    FUZZ_CHECK(again && *again == *password);
    return 0;
}
