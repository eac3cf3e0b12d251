#pragma once

#include <QList>
#include <QtGlobal>

#include <deque>
#include <optional>

namespace deskport {

// How fast and how well one viewer is sent frames, following its acks. The ack delay (from sending a frame to its
// ack) has a base, the least seen over the last BaseWindowMs (the path's own round trip plus decoding), and a
// current, smoothed value. When current rises well above the base the viewer is falling behind (bandwidth or
// decode time): frames queue somewhere, and sending more would only add latency. Then only one frame may be in
// flight, and the pacer steps down, first in frame rate, then in quality; once the delay is back near the base it
// steps up again, slowly. Without congestion, enough frames may be in flight to cover the round trip.
//
// Never faster or better than the viewer's caps (its own fps and quality, held to the server's), never below
// minQuality unless the viewer asked for less. Times are plain milliseconds of any monotonic clock, passed in, so
// the rules can be tested without waiting.
class ViewerPacer
{
public:
    struct Limits
    {
        int minQuality = 30;
        int initialInFlight = 2; // before any ack has been measured
        int maxInFlight = 4;
    };

    static constexpr qint64 BaseWindowMs = 15000;
    static constexpr qint64 StepUpMs = 400;      // at most one step back up this often
    static constexpr qint64 MinStepDownMs = 100; // and one step down at most once a round trip, at least this apart
    static constexpr int CongestedMarginMs = 50; // congested: current - base > max(this, base)
    static constexpr int RecoveredMarginMs = 15; // recovered: current - base <= max(this, base / 4)
    static constexpr int TimerSlackMs = 2;
    // Nothing in flight and nothing sent or acked for this long (or two frame intervals, if longer): nothing can be
    // queued anywhere, so the last delays say nothing about now; the viewer starts again at its caps.
    static constexpr qint64 IdleResetMs = 1000;
    // Steps down: frame interval multiplied (in quarters) by IntervalQuarters[step], quality lowered by
    // QualityDrop[step]. Step 0 is the viewer's own caps.
    static constexpr int MaxStep = 7;
    static constexpr int IntervalQuarters[MaxStep + 1] = {4, 6, 8, 12, 16, 16, 16, 16};
    static constexpr int QualityDrop[MaxStep + 1] = {0, 0, 0, 0, 0, 15, 30, 45};

    ViewerPacer() = default;
    ViewerPacer(int capIntervalMs, int capQuality, const Limits &limits);

    // New caps (the viewer's request or the server's options changed); the step and the measurements stay.
    void setCaps(int capIntervalMs, int capQuality);
    void setLimits(const Limits &limits);

    void sent(quint32 frameId, qint64 nowMs);
    // False, and nothing changes, for a frame that is not in flight (never sent, or acked already).
    bool acknowledge(quint32 frameId, qint64 nowMs);
    // Looks at the delays and steps down or up if due. acknowledge() calls it; calling it at other times lets a
    // recovered viewer step up while it has nothing in flight.
    void update(qint64 nowMs);
    // Forgets frames in flight (their acks will not come: the viewer starts again), keeps the measurements.
    void forgetInFlight();

    // Room in the window and the frame interval passed since the last frame.
    bool canSend(qint64 nowMs) const;

    int capIntervalMs() const { return m_capIntervalMs; }
    int capQuality() const { return m_capQuality; }
    int intervalMs() const;
    int quality() const;
    int window() const;
    int step() const { return m_step; }
    int inFlight() const { return int(m_inFlight.size()); }
    bool isCongested() const;
    std::optional<qint64> baseDelayMs() const;
    // The smoothed ack delay (each ack moves it a quarter of the way to its own delay).
    std::optional<double> currentDelayMs() const;

private:
    struct InFlight
    {
        quint32 frameId;
        qint64 sentMs;
    };
    struct Sample
    {
        qint64 atMs;
        qint64 delayMs;
    };
    bool isRecovered() const;

    int m_capIntervalMs = 33;
    int m_capQuality = 80;
    Limits m_limits;
    int m_step = 0;
    qint64 m_lastStepMs = -1000000000; // long ago: the first step is never held back
    qint64 m_lastSentMs = 0;
    qint64 m_lastActivityMs = 0; // the last send or ack
    bool m_anySent = false;
    QList<InFlight> m_inFlight;
    std::deque<Sample> m_minimum; // increasing delays: front is the least of the last BaseWindowMs
    std::optional<double> m_smoothed;
};

} // namespace deskport
