#include "capture/virtualdisplay.h"

#include "capture/capturelog.h"

#include <QStandardPaths>

namespace deskport {

VirtualDisplay::~VirtualDisplay()
{
    if (m_xvfb.state() != QProcess::NotRunning) {
        m_xvfb.terminate();
        if (!m_xvfb.waitForFinished(3000)) {
            m_xvfb.kill();
            m_xvfb.waitForFinished(1000);
        }
    }
}

bool VirtualDisplay::start(QSize size, QString *error)
{
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    if (xvfb.isEmpty()) {
        *error = QStringLiteral("Xvfb is not installed (Debian: apt-get install xvfb)");
        return false;
    }
    // -displayfd makes Xvfb pick a free display itself and print its number once it accepts connections:
    // no guessing, no race with other X servers.
    m_xvfb.setProgram(xvfb);
    m_xvfb.setArguments({QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                         QStringLiteral("0"), QStringLiteral("%1x%2x24").arg(size.width()).arg(size.height()),
                         QStringLiteral("-nolisten"), QStringLiteral("tcp"), QStringLiteral("-noreset")});
    m_xvfb.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_xvfb.start();
    if (!m_xvfb.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start Xvfb: %1").arg(m_xvfb.errorString());
        return false;
    }
    QByteArray number;
    while (!number.contains('\n')) {
        if (!m_xvfb.waitForReadyRead(10000)) {
            *error = QStringLiteral("Xvfb did not report a display number");
            return false;
        }
        number += m_xvfb.readAllStandardOutput();
    }
    bool ok = false;
    const int display = number.trimmed().toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("Xvfb reported an odd display number");
        return false;
    }
    m_name = u':' + QString::number(display);
    qCInfo(lcCapture).noquote() << "virtual display" << m_name << "started," << size.width() << "x" << size.height();
    return true;
}

} // namespace deskport
