#include "tray/consentdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace deskport {

ConsentDialog::ConsentDialog(ConsentRequests *requests, const ConsentRequests::Request &request, QWidget *parent)
    : QDialog(parent)
    , m_requests(requests)
    , m_request(request)
    , m_question(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_allow(new QPushButton(this))
    , m_deny(new QPushButton(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    // Over other windows: someone is waiting at the other end, and the answer should not hide behind an editor.
    setWindowFlag(Qt::WindowStaysOnTopHint);
    setWindowTitle(tr("Deskport: someone wants to connect"));
    m_question->setText(question());
    m_question->setWordWrap(true);
    m_allow->setText(tr("&Allow"));
    m_deny->setText(tr("&Deny"));
    // Deny is the default: a stray Enter must not let someone in.
    m_deny->setDefault(true);
    m_deny->setAutoDefault(true);
    m_allow->setAutoDefault(false);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_allow, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_deny, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_question);
    layout->addWidget(m_countdown);
    layout->addWidget(buttons);

    connect(m_allow, &QPushButton::clicked, this, [this] {
        m_requests->answer(m_request.id, true);
        accept();
    });
    connect(m_deny, &QPushButton::clicked, this, &ConsentDialog::reject);
    // Decided here or elsewhere (the timeout, sharing stopped): the dialog has nothing left to ask.
    connect(m_requests, &ConsentRequests::decided, this, [this](quint64 id, ConsentRequests::Decision decision) {
        if (id == m_request.id && isVisible()) {
            done(decision == ConsentRequests::Decision::Allowed ? QDialog::Accepted : QDialog::Rejected);
        }
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ConsentDialog::updateCountdown);
    m_tick.start();
    updateCountdown();
}

QString ConsentDialog::question() const
{
    return m_request.role == Role::Control
        ? tr("%1 logged in with the control password and wants to see this screen and use its mouse and keyboard.")
              .arg(m_request.address)
        : tr("%1 logged in with the view-only password and wants to watch this screen.").arg(m_request.address);
}

void ConsentDialog::reject()
{
    m_requests->answer(m_request.id, false);
    QDialog::reject();
}

void ConsentDialog::updateCountdown()
{
    const qint64 seconds = std::max<qint64>(0, (QDateTime::currentDateTime().msecsTo(m_request.deadline) + 999) / 1000);
    m_countdown->setText(tr("Without an answer it is denied in %n second(s).", nullptr, int(seconds)));
}

} // namespace deskport
