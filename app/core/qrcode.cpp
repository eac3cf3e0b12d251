#include "core/qrcode.h"

#include "core/corelog.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace deskport {

QrCode QrCode::encode(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    // encodeData rather than encodeString: the length is explicit, so an embedded NUL cannot cut the text short.
    // Version 0 lets libqrencode pick the smallest symbol that fits.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> symbol(
        QRcode_encodeData(int(utf8.size()), reinterpret_cast<const unsigned char *>(utf8.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    QrCode code;
    if (!symbol) {
        // ERANGE: too long for the largest version; anything else is libqrencode running out of memory.
        qCWarning(lcCore) << "Could not make a QR code of" << utf8.size() << "bytes:" << qt_error_string(errno);
        return code;
    }
    code.m_size = symbol->width;
    code.m_dark.resize(qsizetype(symbol->width) * symbol->width);
    for (qsizetype i = 0; i < code.m_dark.size(); ++i)
        code.m_dark[i] = (symbol->data[i] & 1) != 0; // the other bits say what the module is for, not its colour
    return code;
}

bool QrCode::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false;
    return m_dark.at(qsizetype(y) * m_size + x);
}

} // namespace deskport
