#include "host/hostclipboard.h"

#include "host/hostlog.h"

#include <QClipboard>
#include <QGuiApplication>

namespace deskport {

HostClipboard::HostClipboard(bool enabled, QObject *parent)
    : QObject(parent)
    , m_enabled(enabled)
{
    if (!m_enabled) {
        qCInfo(lcHost) << "clipboard sharing is off";
        return;
    }
    QClipboard *clipboard = QGuiApplication::clipboard();
    m_last = clipboard->text(QClipboard::Clipboard);
    connect(clipboard, &QClipboard::changed, this, [this](QClipboard::Mode mode) {
        if (mode != QClipboard::Clipboard) {
            return;
        }
        // Owners change without the text changing (and Qt reports our own setText): tell viewers only news.
        const QString current = text();
        if (current != m_last) {
            m_last = current;
            Q_EMIT textChanged(current);
        }
    });
}

QString HostClipboard::text() const
{
    return m_enabled ? QGuiApplication::clipboard()->text(QClipboard::Clipboard) : QString();
}

void HostClipboard::setText(const QString &text)
{
    if (!m_enabled) {
        return;
    }
    QGuiApplication::clipboard()->setText(text, QClipboard::Clipboard);
}

} // namespace deskport
