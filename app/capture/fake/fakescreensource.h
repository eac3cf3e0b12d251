#pragma once

#include "capture/screensource.h"

#include <QColor>
#include <QMutex>

namespace deskport {

// A FAKE screen: an image in memory that tests (or a demo) paint on from any thread. Used where no real display
// can run, and by unit tests that need exact, known pixels.
class FakeScreenSource final : public ScreenSource
{
public:
    explicit FakeScreenSource(QSize size, QColor background = Qt::black);

    QString name() const override;
    QRect geometry() const override { return QRect(QPoint(0, 0), m_size); }
    QImage grab() override;

    void fill(const QRect &rect, QColor color);
    void setImage(const QImage &image); // must be of geometry().size()
    int grabCount() const;

private:
    const QSize m_size;
    mutable QMutex m_mutex;
    QImage m_image;
    int m_grabs = 0;
};

} // namespace deskport
