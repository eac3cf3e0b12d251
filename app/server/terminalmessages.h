#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace deskport {

// The terminal socket's own small grammar (docs/protocol.md, "Terminal"): the size asked for in the upgrade's query
// and the resize text message. Apart from TerminalSession so that the parsing can be tested and fuzzed without a
// shell.
struct TerminalSize
{
    static constexpr int Min = 2;
    static constexpr int Max = 1000;
    static constexpr int DefaultColumns = 80;
    static constexpr int DefaultRows = 24;

    int columns = DefaultColumns;
    int rows = DefaultRows;

    friend bool operator==(const TerminalSize &, const TerminalSize &) = default;
};

// "cols=120&rows=40" (the upgrade URL's query): each value within Min..Max, else its default.
TerminalSize terminalSizeFromQuery(const QString &query);
// {"type":"resize","cols":C,"rows":R} with both within Min..Max; nothing for anything else.
std::optional<TerminalSize> parseTerminalResize(const QByteArray &utf8);

} // namespace deskport
