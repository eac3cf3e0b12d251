#pragma once

#include <QHttpServerRouterRule>

namespace deskport {

// A route rule that never matches a WebSocket upgrade. Qt 6.4 hands the socket of any upgrade request that some
// route handled to its WebSocket server, even when the handler answered with an error page; so every route but
// the authenticated /ws one must refuse upgrades, leaving them unmatched and the connection closed.
class PlainRequestRule : public QHttpServerRouterRule
{
public:
    using QHttpServerRouterRule::QHttpServerRouterRule;

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override;
};

} // namespace deskport
