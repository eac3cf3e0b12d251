#include "tray/controlwindow.h"

#include "tray/traycontroller.h"

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace deskport {

namespace {

QToolButton *buttonFor(QWidget *parent, QAction *action)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    if (action->menu()) {
        button->setPopupMode(QToolButton::InstantPopup);
    }
    return button;
}

} // namespace

ControlWindow::ControlWindow(TrayController *tray)
    : m_tray(tray)
    , m_icon(new QLabel(this))
    , m_state(new QLabel(this))
    , m_message(new QLabel(this))
{
    m_message->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(m_icon);
    header->addWidget(m_state, 1);
    layout->addLayout(header);
    // The same QActions as the tray menu: one set of behaviour, texts and enabled states.
    for (QAction *action : {tray->shareAction(), tray->linksMenu()->menuAction(), tray->qrAction(),
                            tray->viewersMenu()->menuAction(), tray->settingsAction(), tray->quitAction()}) {
        layout->addWidget(buttonFor(this, action));
    }
    layout->addWidget(m_message);
    setMinimumWidth(320);
}

void ControlWindow::setState(const QIcon &icon, const QString &text)
{
    setWindowIcon(icon);
    m_icon->setPixmap(icon.pixmap(48, 48));
    m_state->setText(text);
}

void ControlWindow::showMessage(const QString &title, const QString &message)
{
    m_message->setText(title + QStringLiteral(": ") + message);
}

QString ControlWindow::stateText() const
{
    return m_state->text();
}

void ControlWindow::closeEvent(QCloseEvent *event)
{
    event->accept();
    m_tray->quitAction()->trigger();
}

} // namespace deskport
