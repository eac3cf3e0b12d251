#pragma once

#include <QProcess>
#include <QSize>
#include <QString>

namespace deskport {

// A private X display (Xvfb) for machines without one, so anyone can try the portal: --virtual. The display
// lives as long as this object; nothing is left running after it.
class VirtualDisplay
{
public:
    VirtualDisplay() = default;
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay &) = delete;
    VirtualDisplay &operator=(const VirtualDisplay &) = delete;

    // Starts Xvfb on a free display number; returns false with *error set if Xvfb is missing or fails.
    bool start(QSize size, QString *error);
    // ":N", valid after start() succeeded.
    QString name() const { return m_name; }

private:
    QProcess m_xvfb;
    QString m_name;
};

} // namespace deskport
