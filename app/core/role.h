#pragma once

#include <QString>

namespace deskport {

// What a viewer may do. The numeric values are the ones on the wire (docs/protocol.md, HELLO 0x81).
enum class Role : quint8 {
    None = 0,
    View = 1,
    Control = 2,
};

inline QString roleName(Role role)
{
    switch (role) {
    case Role::View:
        return QStringLiteral("view");
    case Role::Control:
        return QStringLiteral("control");
    case Role::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace deskport
