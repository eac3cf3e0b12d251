#include "support/textpage.h"

#include <QColor>
#include <QPainter>
#include <QRandomGenerator>

namespace deskport::testsupport {

QImage makeTextPage(QSize size, quint32 seed)
{
    QImage page(size, QImage::Format_RGB32);
    page.fill(Qt::white);
    QPainter p(&page);
    QRandomGenerator rng(seed);
    for (int y = 4; y < size.height() - 12; y += 16) {
        int x = 8;
        const int end = size.width() - 8 - int(rng.bounded(size.width() / 3 + 1));
        while (x < end) {
            const int word = 2 + int(rng.bounded(8));
            for (int c = 0; c < word && x < end; ++c, x += 7) {
                const int grey = 20 + int(rng.bounded(90));
                p.setPen(rng.bounded(12) == 0 ? QColor(20, 80, 200) : QColor(grey, grey, grey));
                const int h = 5 + int(rng.bounded(6));
                p.drawLine(x, y + 10 - h, x, y + 10);
                p.drawLine(x, y + 10 - h / 2, x + 4, y + 10 - h / 2 + int(rng.bounded(3)));
            }
            x += 5;
        }
    }
    return page;
}

} // namespace deskport::testsupport
