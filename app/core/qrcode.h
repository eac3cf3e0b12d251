#pragma once

#include <QList>
#include <QString>

namespace deskport {

// A QR code symbol made by libqrencode (8-bit mode, error correction level M, smallest version that fits), as a
// square of modules. Front ends draw it; they add the quiet zone (4 modules) around it.
class QrCode
{
public:
    // An empty code (size() == 0) if text does not fit in a QR code or libqrencode fails.
    static QrCode encode(const QString &text);

    int size() const { return m_size; } // modules per side; 0 for an empty code
    bool isEmpty() const { return m_size == 0; }
    bool isDark(int x, int y) const;    // false outside the symbol

private:
    int m_size = 0;
    QList<bool> m_dark; // row-major, m_size * m_size
};

} // namespace deskport
