#pragma once

#include "core/consentrequests.h"

#include <QDialog>
#include <QTimer>

class QLabel;
class QPushButton;

namespace deskport {

// "Ask before accepting": who wants in, from where and with which role, with Allow and Deny, and how long until no
// answer counts as Deny. One dialog per request; it answers through ConsentRequests and closes itself when the
// request is decided elsewhere (timeout, sharing stopped).
class ConsentDialog : public QDialog
{
    Q_OBJECT
public:
    ConsentDialog(ConsentRequests *requests, const ConsentRequests::Request &request, QWidget *parent = nullptr);

    quint64 requestId() const { return m_request.id; }
    QPushButton *allowButton() const { return m_allow; }
    QPushButton *denyButton() const { return m_deny; }
    QString question() const;

    // Closing the window (Escape, the title bar's ✕) is a Deny.
    void reject() override;

private:
    void updateCountdown();

    ConsentRequests *m_requests;
    ConsentRequests::Request m_request;
    QLabel *m_question;
    QLabel *m_countdown;
    QPushButton *m_allow;
    QPushButton *m_deny;
    QTimer m_tick;
};

} // namespace deskport
