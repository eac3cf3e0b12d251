#include "server/terminalmessages.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace deskport {

namespace {

bool inRange(int value)
{
    return value >= TerminalSize::Min && value <= TerminalSize::Max;
}

int sizeFrom(const QUrlQuery &query, const QString &key, int fallback)
{
    bool ok = false;
    const int value = query.queryItemValue(key).toInt(&ok);
    return ok && inRange(value) ? value : fallback;
}

} // namespace

TerminalSize terminalSizeFromQuery(const QString &query)
{
    const QUrlQuery items(query);
    return TerminalSize{sizeFrom(items, QStringLiteral("cols"), TerminalSize::DefaultColumns),
                        sizeFrom(items, QStringLiteral("rows"), TerminalSize::DefaultRows)};
}

std::optional<TerminalSize> parseTerminalResize(const QByteArray &utf8)
{
    const QJsonDocument json = QJsonDocument::fromJson(utf8);
    if (!json.isObject()) {
        return std::nullopt;
    }
    const QJsonObject message = json.object();
    const QJsonValue columns = message.value(QStringLiteral("cols"));
    const QJsonValue rows = message.value(QStringLiteral("rows"));
    // toInt(-1) takes only whole numbers; 80.5 or "80" is no size.
    const TerminalSize size{columns.toInt(-1), rows.toInt(-1)};
    if (message.value(QStringLiteral("type")).toString() != QLatin1String("resize") || !inRange(size.columns)
        || !inRange(size.rows)) {
        return std::nullopt;
    }
    return size;
}

} // namespace deskport
