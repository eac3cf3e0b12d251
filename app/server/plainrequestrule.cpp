#include "server/plainrequestrule.h"

#include <QHttpServerRequest>

namespace deskport {

bool PlainRequestRule::matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const
{
    return request.value("Upgrade").isEmpty() && QHttpServerRouterRule::matches(request, match);
}

} // namespace deskport
