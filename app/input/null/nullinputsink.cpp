#include "input/null/nullinputsink.h"

namespace deskport {

NullInputSink::NullInputSink(QString reason)
    : m_reason(std::move(reason))
{
}

QString NullInputSink::name() const
{
    return QStringLiteral("null");
}

} // namespace deskport
