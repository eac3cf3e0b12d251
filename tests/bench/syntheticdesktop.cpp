#include "syntheticdesktop.h"

#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>

namespace deskport {

// Windows with title bars, flat panels, a gradient wallpaper and rows of "text": thin dark strokes of varying
// length, which is what makes real desktops expensive to encode.
QImage makeDesktop(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient wallpaper(0, 0, size.width(), size.height());
    wallpaper.setColorAt(0, QColor(30, 60, 110));
    wallpaper.setColorAt(1, QColor(120, 40, 90));
    p.fillRect(image.rect(), wallpaper);

    p.fillRect(0, size.height() - 40, size.width(), 40, QColor(40, 40, 45)); // panel
    QRandomGenerator rng(42);
    // Laid out for 1920x1080 and scaled with the width, so larger screens hold the same windows, larger.
    const double k = size.width() / 1920.0;
    const auto scaled = [k](int x, int y, int w, int h) {
        return QRect(int(x * k), int(y * k), int(w * k), int(h * k));
    };
    const QRect windows[] = {scaled(60, 50, 900, 620), scaled(700, 200, 1000, 700), scaled(150, 600, 600, 380)};
    for (const QRect &w : windows) {
        p.fillRect(w, QColor(250, 250, 250));
        p.fillRect(w.x(), w.y(), w.width(), 30, QColor(220, 222, 228));
        p.setPen(QColor(180, 180, 185));
        p.drawRect(w.adjusted(0, 0, -1, -1));
        // Lines of text: glyph-sized strokes, 16 px line height, ragged right margin.
        for (int y = w.y() + 44; y < w.bottom() - 16; y += 16) {
            int x = w.x() + 12;
            const int end = w.right() - 12 - int(rng.bounded(w.width() / 3));
            while (x < end) {
                const int word = 3 + int(rng.bounded(8));
                for (int c = 0; c < word && x < end; ++c, x += 7) {
                    p.setPen(rng.bounded(20) == 0 ? QColor(20, 80, 200) : QColor(30, 30, 30));
                    const int h = 6 + int(rng.bounded(5));
                    p.drawLine(x, y + 10 - h, x, y + 10);
                    p.drawLine(x, y + 10 - h / 2, x + 4, y + 10 - h / 2 + int(rng.bounded(3)));
                    if (rng.bounded(3) == 0)
                        p.drawLine(x + 4, y + 10 - h, x + 4, y + 10);
                }
                x += 6;
            }
        }
    }
    return image;
}

} // namespace deskport
