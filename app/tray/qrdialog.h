#pragma once

#include <QDialog>
#include <QImage>
#include <QStringList>

class QComboBox;
class QLabel;
class QPushButton;

namespace deskport {

class QrCode;

// The QR code as an image: black modules on white, with the 4-module quiet zone readers need.
QImage qrImage(const QrCode &code, int moduleSize);

// Shows a portal link as a QR code, for a phone's camera; the link itself is shown under it, selectable.
class QrDialog : public QDialog
{
    Q_OBJECT
public:
    explicit QrDialog(QWidget *parent = nullptr);

    // The links to choose from, best first. An empty list shows a message instead of a code.
    void setLinks(const QStringList &links);
    QString currentLink() const;
    QImage currentImage() const { return m_image; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showLink();

    QComboBox *m_links;
    QLabel *m_code;
    QLabel *m_text;
    QLabel *m_choose;
    QPushButton *m_close;
    QImage m_image;
};

} // namespace deskport
