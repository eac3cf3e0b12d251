#pragma once

#include <QObject>
#include <QString>

namespace deskport {

// The host's clipboard (the CLIPBOARD selection on X11) as plain text, for control viewers. Its contents are
// never logged. When switched off (--no-clipboard) it neither reads nor writes anything.
class HostClipboard : public QObject
{
    Q_OBJECT
public:
    explicit HostClipboard(bool enabled, QObject *parent = nullptr);

    bool isEnabled() const { return m_enabled; }
    // The current text, or empty when disabled or the clipboard holds no text.
    QString text() const;
    void setText(const QString &text);

Q_SIGNALS:
    // The host clipboard now holds this text (also after setText).
    void textChanged(const QString &text);

private:
    bool m_enabled;
    QString m_last;
};

} // namespace deskport
