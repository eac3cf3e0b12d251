#pragma once

#include "core/role.h"
#include "protocol/messages.h"
#include "server/viewerinput.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QWebSocket;

namespace deskport {

class FramePipeline;

// One browser connection: speaks the protocol of docs/protocol.md, holds the viewer's role, and forwards what the
// browser asks for to the pipeline. A malformed message closes this connection only, with a reason and a log line.
class ViewerSession : public QObject
{
    Q_OBJECT
public:
    ViewerSession(quint64 id, std::unique_ptr<QWebSocket> socket, Role role, QByteArray sessionToken,
                  FramePipeline *pipeline, const InputContext &input, QObject *parent = nullptr);
    ~ViewerSession() override;

    quint64 id() const { return m_id; }
    Role role() const { return m_role; }
    QByteArray sessionToken() const { return m_sessionToken; }
    QString peer() const { return m_peer; }

    void sendFrame(const QByteArray &message);
    // Sends the host's clipboard text, if this viewer has been greeted and may control the desktop.
    void sendHostClipboard(const QString &text);
    // Sends an encoded CURSOR_SHAPE or CURSOR_POSITION, if this viewer has been greeted (the server keeps the
    // latest of each and sends them on greeted()).
    void sendCursorMessage(const QByteArray &message);
    // Sends ERROR (for codes other than Normal and GoingAway) and closes the connection.
    void close(protocol::CloseCode code, const QString &reason);

Q_SIGNALS:
    // The connection is gone; the session may be deleted.
    void finished(quint64 id);
    // HELLO was answered (SERVER_HELLO, CONTROL, the host's clipboard): the viewer may be sent the pointer now.
    void greeted(quint64 id);

private:
    void onBinaryMessage(const QByteArray &message);
    void handle(const protocol::Hello &hello);
    void handle(const protocol::ViewSettings &settings);
    void handle(const protocol::Ack &ack);
    void handle(const protocol::Ping &ping);
    template<typename InputMessage>
    void handle(const InputMessage &message);

    quint64 m_id;
    std::unique_ptr<QWebSocket> m_socket;
    Role m_role;
    QByteArray m_sessionToken;
    FramePipeline *m_pipeline;
    QString m_peer;
    ViewerInput m_input;
    bool m_greeted = false;
    bool m_closing = false;
};

} // namespace deskport
