#include "tray/trayicons.h"

#include "core/sharingcontroller.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace deskport {

TrayState trayStateOf(const SharingController &controller)
{
    if (!controller.isSharing()) {
        return TrayState::Idle;
    }
    if (controller.hasControllingViewer()) {
        return TrayState::Controlled;
    }
    return controller.viewerCount() > 0 ? TrayState::Watched : TrayState::Sharing;
}

namespace {

QPixmap paintIcon(TrayState state, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(size / 64.0, size / 64.0);

    QColor screen;
    QColor badge;
    switch (state) {
    case TrayState::Idle:
        screen = QColor(0x9e, 0x9e, 0x9e);
        break;
    case TrayState::Sharing:
        screen = QColor(0x1e, 0x88, 0xe5);
        break;
    case TrayState::Watched:
        screen = QColor(0x1e, 0x88, 0xe5);
        badge = QColor(0x2e, 0xb8, 0x4b);
        break;
    case TrayState::Controlled:
        screen = QColor(0xfb, 0x8c, 0x00);
        badge = QColor(0xe5, 0x39, 0x35);
        break;
    }
    const QColor frame(0x37, 0x47, 0x4f);

    // A monitor: frame, screen, stand.
    painter.setPen(Qt::NoPen);
    painter.setBrush(frame);
    painter.drawRoundedRect(QRectF(2, 6, 60, 42), 5, 5);
    painter.drawRect(QRectF(27, 48, 10, 6));
    painter.drawRoundedRect(QRectF(17, 53, 30, 6), 3, 3);
    painter.setBrush(screen);
    painter.drawRoundedRect(QRectF(6, 10, 52, 34), 2, 2);

    if (state != TrayState::Idle) {
        // Waves going out of the screen: "shared".
        QPen wave(Qt::white, 4, Qt::SolidLine, Qt::RoundCap);
        painter.setPen(wave);
        painter.setBrush(Qt::NoBrush);
        painter.drawArc(QRectF(14, 18, 20, 20), 30 * 16, 120 * 16);
        painter.drawArc(QRectF(8, 12, 32, 32), 30 * 16, 120 * 16);
    }
    if (badge.isValid()) {
        painter.setPen(QPen(Qt::white, 3));
        painter.setBrush(badge);
        painter.drawEllipse(QRectF(38, 30, 24, 24));
        if (state == TrayState::Controlled) {
            // A pointer: someone else's hand is on the mouse.
            QPainterPath arrow;
            arrow.moveTo(45, 35);
            arrow.lineTo(45, 50);
            arrow.lineTo(49, 46);
            arrow.lineTo(53, 52);
            arrow.lineTo(55, 51);
            arrow.lineTo(52, 45);
            arrow.lineTo(57, 45);
            arrow.closeSubpath();
            painter.setPen(Qt::NoPen);
            painter.setBrush(Qt::white);
            painter.drawPath(arrow);
        }
    }
    return pixmap;
}

} // namespace

QIcon trayIcon(TrayState state)
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64, 128}) {
        icon.addPixmap(paintIcon(state, size));
    }
    return icon;
}

} // namespace deskport
