#include "capture/cursortracker.h"

#include "capture/cursorsource.h"

namespace deskport {

CursorTracker::CursorTracker(std::unique_ptr<CursorSource> source, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
{
    Q_ASSERT(m_source);
    m_timer.setInterval(DefaultIntervalMs);
    // Precise: a 16 ms coarse timer may fire at 15 or 17 ms, which shows as an uneven pointer.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CursorTracker::poll);
}

CursorTracker::~CursorTracker() = default;

void CursorTracker::setInterval(int ms)
{
    m_timer.setInterval(std::max(1, ms));
}

void CursorTracker::start()
{
    if (isRunning()) {
        return;
    }
    m_source->resume();
    // Whoever listens may have forgotten what it saw before the stop: say everything again.
    m_havePosition = false;
    m_timer.start();
    poll();
}

void CursorTracker::stop()
{
    if (!isRunning()) {
        return;
    }
    m_timer.stop();
    m_source->pause();
}

void CursorTracker::poll()
{
    if (std::optional<CursorImage> image = m_source->changedImage()) {
        Q_EMIT shapeChanged(image->croppedAroundHotspot(MaxShapeSize));
    }
    const std::optional<QPoint> position = m_source->position();
    const bool visible = position.has_value();
    const QPoint at = position.value_or(QPoint());
    if (m_havePosition && visible == m_visible && at == m_position) {
        return;
    }
    m_havePosition = true;
    m_visible = visible;
    m_position = at;
    Q_EMIT positionChanged(at, visible);
}

} // namespace deskport
