#include "tray/qrdialog.h"

#include "core/qrcode.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

namespace deskport {

namespace {
constexpr int QuietZone = 4;
constexpr int ModuleSize = 8;
} // namespace

QImage qrImage(const QrCode &code, int moduleSize)
{
    if (code.isEmpty()) {
        return {};
    }
    const int side = (code.size() + 2 * QuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            if (code.isDark(x, y)) {
                painter.drawRect((x + QuietZone) * moduleSize, (y + QuietZone) * moduleSize, moduleSize, moduleSize);
            }
        }
    }
    return image;
}

QrDialog::QrDialog(QWidget *parent)
    : QDialog(parent)
    , m_links(new QComboBox(this))
    , m_code(new QLabel(this))
    , m_text(new QLabel(this))
    , m_choose(new QLabel(this))
    , m_close(new QPushButton(this))
{
    m_code->setAlignment(Qt::AlignCenter);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_choose->setBuddy(m_links);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_choose);
    layout->addWidget(m_links);
    layout->addWidget(m_code);
    layout->addWidget(m_text);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    layout->addWidget(buttons);

    connect(m_links, &QComboBox::currentIndexChanged, this, &QrDialog::showLink);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
}

void QrDialog::setLinks(const QStringList &links)
{
    const QString previous = currentLink();
    m_links->clear();
    m_links->addItems(links);
    // Keep the user's choice if it is still there; otherwise the best link.
    m_links->setCurrentIndex(std::max<int>(0, int(links.indexOf(previous))));
    m_links->setVisible(links.size() > 1);
    m_choose->setVisible(links.size() > 1);
    showLink();
}

QString QrDialog::currentLink() const
{
    return m_links->currentText();
}

void QrDialog::showLink()
{
    const QString link = currentLink();
    m_image = link.isEmpty() ? QImage() : qrImage(QrCode::encode(link), ModuleSize);
    if (m_image.isNull()) {
        m_code->setPixmap({});
        m_code->setText(link.isEmpty() ? tr("Turn on sharing to get a link.") : tr("This link is too long for a QR code."));
    } else {
        m_code->setPixmap(QPixmap::fromImage(m_image));
    }
    m_text->setText(link);
}

void QrDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QDialog::changeEvent(event);
}

void QrDialog::retranslate()
{
    setWindowTitle(tr("Deskport link as a QR code"));
    m_choose->setText(tr("&Address:"));
    m_close->setText(tr("Close"));
    showLink();
}

} // namespace deskport
