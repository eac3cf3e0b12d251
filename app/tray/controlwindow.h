#pragma once

#include <QWidget>

class QLabel;
class QMenu;
class QToolButton;

namespace deskport {

class TrayController;

// The tray menu as a small window, for desktops without a system tray. Closing it quits Deskport: sharing must
// never go on with no visible sign of it.
class ControlWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ControlWindow(TrayController *tray);

    // The icon and a sentence for the current state ("Sharing — 2 viewers").
    void setState(const QIcon &icon, const QString &text);
    // The last notification, shown in the window (there is no tray to show it).
    void showMessage(const QString &title, const QString &message);
    QString stateText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    TrayController *m_tray;
    QLabel *m_icon;
    QLabel *m_state;
    QLabel *m_message;
};

} // namespace deskport
