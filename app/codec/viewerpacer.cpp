#include "codec/viewerpacer.h"

#include <algorithm>
#include <cmath>

namespace deskport {

ViewerPacer::ViewerPacer(int capIntervalMs, int capQuality, const Limits &limits)
{
    setLimits(limits);
    setCaps(capIntervalMs, capQuality);
}

void ViewerPacer::setCaps(int capIntervalMs, int capQuality)
{
    m_capIntervalMs = std::max(1, capIntervalMs);
    m_capQuality = std::clamp(capQuality, 1, 100);
}

void ViewerPacer::setLimits(const Limits &limits)
{
    m_limits.maxInFlight = std::max(1, limits.maxInFlight);
    m_limits.initialInFlight = std::clamp(limits.initialInFlight, 1, m_limits.maxInFlight);
    m_limits.minQuality = std::clamp(limits.minQuality, 1, 100);
}

int ViewerPacer::intervalMs() const
{
    return (m_capIntervalMs * IntervalQuarters[m_step] + 3) / 4;
}

int ViewerPacer::quality() const
{
    // A viewer that asked for less than minQuality keeps what it asked for; nobody is pushed below minQuality.
    if (m_capQuality <= m_limits.minQuality) {
        return m_capQuality;
    }
    return std::max(m_limits.minQuality, m_capQuality - QualityDrop[m_step]);
}

std::optional<qint64> ViewerPacer::baseDelayMs() const
{
    if (m_minimum.empty()) {
        return std::nullopt;
    }
    return m_minimum.front().delayMs;
}

std::optional<double> ViewerPacer::currentDelayMs() const
{
    return m_smoothed;
}

bool ViewerPacer::isCongested() const
{
    const std::optional<qint64> base = baseDelayMs();
    const std::optional<double> current = currentDelayMs();
    if (!base || !current) {
        return false; // nothing measured yet
    }
    return *current - double(*base) > double(std::max<qint64>(CongestedMarginMs, *base));
}

bool ViewerPacer::isRecovered() const
{
    const std::optional<qint64> base = baseDelayMs();
    const std::optional<double> current = currentDelayMs();
    if (!base || !current) {
        return true;
    }
    return *current - double(*base) <= double(std::max<qint64>(RecoveredMarginMs, *base / 4));
}

int ViewerPacer::window() const
{
    const std::optional<qint64> base = baseDelayMs();
    if (!base) {
        return m_limits.initialInFlight;
    }
    if (isCongested()) {
        return 1;
    }
    // Enough frames to keep sending at the current rate while the first of them makes its round trip, plus one.
    const qint64 cover = (*base + intervalMs() - 1) / intervalMs();
    return int(std::clamp<qint64>(cover + 1, 1, m_limits.maxInFlight));
}

bool ViewerPacer::canSend(qint64 nowMs) const
{
    if (inFlight() >= window()) {
        return false;
    }
    // The tick timer runs at the cap's interval and the clock counts whole milliseconds, so a tick can land a
    // millisecond "early"; without slack that tick is skipped and the viewer waits a whole extra interval.
    return !m_anySent || nowMs + TimerSlackMs >= m_lastSentMs + intervalMs();
}

void ViewerPacer::sent(quint32 frameId, qint64 nowMs)
{
    m_inFlight.append({frameId, nowMs});
    m_lastSentMs = nowMs;
    m_lastActivityMs = nowMs;
    m_anySent = true;
}

bool ViewerPacer::acknowledge(quint32 frameId, qint64 nowMs)
{
    const auto it = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                                 [frameId](const InFlight &frame) { return frame.frameId == frameId; });
    if (it == m_inFlight.end()) {
        return false;
    }
    const qint64 delay = std::max<qint64>(0, nowMs - it->sentMs);
    m_inFlight.erase(it);
    m_lastActivityMs = std::max(m_lastActivityMs, nowMs);

    while (!m_minimum.empty() && m_minimum.back().delayMs >= delay) {
        m_minimum.pop_back();
    }
    m_minimum.push_back({nowMs, delay});
    while (m_minimum.front().atMs < nowMs - BaseWindowMs) {
        m_minimum.pop_front(); // never the sample just added
    }
    m_smoothed = m_smoothed ? *m_smoothed + (double(delay) - *m_smoothed) / 4.0 : double(delay);
    update(nowMs);
    return true;
}

void ViewerPacer::update(qint64 nowMs)
{
    // Without this, a screen that goes still while the viewer was behind would keep the last (high) delay for
    // ever, and the next change (a click) would go out slowly and blurred.
    if (m_anySent && m_inFlight.isEmpty()
        && nowMs - m_lastActivityMs >= std::max<qint64>(IdleResetMs, 2 * qint64(m_capIntervalMs))) {
        m_smoothed.reset();
        m_step = 0;
        return;
    }
    if (isCongested()) {
        // One step per round trip: the effect of the last step shows only in the acks of frames sent after it.
        const qint64 roundTrip = qint64(std::ceil(*currentDelayMs()));
        if (m_step < MaxStep && nowMs - m_lastStepMs >= std::max(MinStepDownMs, roundTrip)) {
            ++m_step;
            m_lastStepMs = nowMs;
        }
    } else if (m_step > 0 && isRecovered() && nowMs - m_lastStepMs >= StepUpMs) {
        --m_step;
        m_lastStepMs = nowMs;
    }
}

void ViewerPacer::forgetInFlight()
{
    m_inFlight.clear();
}

} // namespace deskport
