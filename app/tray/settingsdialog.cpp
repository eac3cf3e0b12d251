#include "tray/settingsdialog.h"

#include "core/passwordhash.h"
#include "core/sharingcontroller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkInterface>
#include <QPushButton>
#include <QScreen>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace deskport {

namespace {

// Sliders apply after the hand pauses this long, so dragging does not re-plan the stream at every pixel.
constexpr int SliderDelayMs = 150;

const QList<QSize> CommonSizes{{3840, 2160}, {2560, 1440}, {1920, 1080}, {1600, 900}, {1366, 768}, {1280, 720}};

QString sizeText(QSize size)
{
    return QStringLiteral("%1 × %2").arg(size.width()).arg(size.height());
}

QLabel *labelFor(QFormLayout *form, QWidget *field)
{
    return qobject_cast<QLabel *>(form->labelForField(field));
}

void selectData(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    if (index >= 0) {
        box->setCurrentIndex(index);
    }
}

QWidget *row(QWidget *parent, std::initializer_list<QWidget *> widgets, int stretchIndex = 0)
{
    auto *container = new QWidget(parent);
    auto *layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    int index = 0;
    for (QWidget *widget : widgets) {
        layout->addWidget(widget, index++ == stretchIndex ? 1 : 0);
    }
    return container;
}

} // namespace

SettingsDialog::SettingsDialog(SharingController *controller, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_networkGroup(new QGroupBox(this))
    , m_passwordGroup(new QGroupBox(this))
    , m_streamGroup(new QGroupBox(this))
    , m_generalGroup(new QGroupBox(this))
    , m_hostGroup(new QGroupBox(this))
    , m_securityGroup(new QGroupBox(this))
    , m_securityForm(new QFormLayout(m_securityGroup))
    , m_networkForm(new QFormLayout(m_networkGroup))
    , m_passwordForm(new QFormLayout(m_passwordGroup))
    , m_streamForm(new QFormLayout(m_streamGroup))
    , m_generalForm(new QFormLayout(m_generalGroup))
    , m_hostForm(new QFormLayout(m_hostGroup))
    , m_port(new QSpinBox(this))
    , m_bind(new QComboBox(this))
    , m_controlPassword(new QLineEdit(this))
    , m_generateControl(new QPushButton(this))
    , m_viewAccess(new QCheckBox(this))
    , m_viewPassword(new QLineEdit(this))
    , m_generateView(new QPushButton(this))
    , m_showPasswords(new QCheckBox(this))
    , m_fps(new QSlider(Qt::Horizontal, this))
    , m_fpsValue(new QLabel(this))
    , m_quality(new QSlider(Qt::Horizontal, this))
    , m_qualityValue(new QLabel(this))
    , m_maxSize(new QComboBox(this))
    , m_screen(new QComboBox(this))
    , m_startAtLogin(new QCheckBox(this))
    , m_language(new QComboBox(this))
    , m_clipboard(new QCheckBox(this))
    , m_fileAccess(new QCheckBox(this))
    , m_terminal(new QCheckBox(this))
    , m_systemForView(new QCheckBox(this))
    , m_fileRootsLabel(new QLabel(this))
    , m_fileRoots(new QListWidget(this))
    , m_addFileRoot(new QPushButton(this))
    , m_removeFileRoot(new QPushButton(this))
    , m_fileRootsHint(new QLabel(this))
    , m_tls(new QCheckBox(this))
    , m_certificate(new QLineEdit(this))
    , m_chooseCertificate(new QPushButton(this))
    , m_key(new QLineEdit(this))
    , m_chooseKey(new QPushButton(this))
    , m_askBeforeAccepting(new QCheckBox(this))
    , m_allowControl(new QCheckBox(this))
    , m_notice(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
    , m_ok(new QPushButton(this))
    , m_apply(new QPushButton(this))
    , m_cancel(new QPushButton(this))
{
    // Our own buttons, not standard ones: the button box would put Qt's own (untranslated) texts back on every
    // language change.
    m_buttons->addButton(m_ok, QDialogButtonBox::AcceptRole);
    m_buttons->addButton(m_apply, QDialogButtonBox::ApplyRole);
    m_buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    m_ok->setDefault(true);
    m_port->setRange(1, 65535);
    m_bind->setEditable(true);
    m_bind->setInsertPolicy(QComboBox::NoInsert);
    for (QLineEdit *edit : {m_controlPassword, m_viewPassword}) {
        edit->setEchoMode(QLineEdit::Password);
        edit->setMaxLength(256);
    }
    m_fps->setRange(Settings::MinFps, Settings::MaxFps);
    m_quality->setRange(Settings::MinQuality, Settings::MaxQuality);
    m_fpsValue->setMinimumWidth(m_fpsValue->fontMetrics().horizontalAdvance(QStringLiteral("000 fps")));
    m_qualityValue->setMinimumWidth(m_fpsValue->minimumWidth());
    // Language names in their own language: someone who cannot read the current one still finds theirs.
    m_language->addItem(QString(), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Русский"), QStringLiteral("ru"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    // A few rows are enough to see what is shared; more scroll.
    m_fileRoots->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_fileRoots->setMaximumHeight(m_fileRoots->fontMetrics().height() * 5);
    m_fileRoots->setMinimumWidth(m_fileRoots->fontMetrics().averageCharWidth() * 36);
    m_fileRootsLabel->setBuddy(m_fileRoots);
    m_fileRootsHint->setWordWrap(true);

    // Labels get their text in retranslate(); a form row made with an empty text would have no label at all.
    const QString label = QStringLiteral("-");
    m_networkForm->addRow(label, m_port);
    m_networkForm->addRow(label, m_bind);
    m_passwordForm->addRow(label, row(this, {m_controlPassword, m_generateControl}));
    m_passwordForm->addRow(m_viewAccess);
    m_passwordForm->addRow(label, row(this, {m_viewPassword, m_generateView}));
    m_passwordForm->addRow(m_showPasswords);
    m_streamForm->addRow(label, row(this, {m_fps, m_fpsValue}));
    m_streamForm->addRow(label, row(this, {m_quality, m_qualityValue}));
    m_streamForm->addRow(label, m_maxSize);
    m_streamForm->addRow(label, m_screen);
    m_generalForm->addRow(m_startAtLogin);
    m_generalForm->addRow(label, m_language);
    m_hostForm->addRow(m_clipboard);
    m_hostForm->addRow(m_fileAccess);
    m_hostForm->addRow(m_terminal);
    m_hostForm->addRow(m_systemForView);
    m_hostForm->addRow(m_fileRootsLabel);
    {
        auto *folders = new QWidget(this);
        auto *foldersLayout = new QHBoxLayout(folders);
        foldersLayout->setContentsMargins(0, 0, 0, 0);
        foldersLayout->addWidget(m_fileRoots, 1);
        auto *buttons = new QVBoxLayout;
        buttons->addWidget(m_addFileRoot);
        buttons->addWidget(m_removeFileRoot);
        buttons->addStretch(1);
        foldersLayout->addLayout(buttons);
        m_hostForm->addRow(folders);
    }
    m_hostForm->addRow(m_fileRootsHint);
    m_securityForm->addRow(m_tls);
    m_securityForm->addRow(label, row(this, {m_certificate, m_chooseCertificate}));
    m_securityForm->addRow(label, row(this, {m_key, m_chooseKey}));
    m_securityForm->addRow(m_askBeforeAccepting);
    m_securityForm->addRow(m_allowControl);

    // Two columns: six groups one above the other would not fit a 768- or 800-pixel-high screen.
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_notice);
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    for (QWidget *widget : {static_cast<QWidget *>(m_networkGroup), static_cast<QWidget *>(m_passwordGroup),
                            static_cast<QWidget *>(m_streamGroup), static_cast<QWidget *>(m_generalGroup)}) {
        left->addWidget(widget);
    }
    for (QWidget *widget : {static_cast<QWidget *>(m_hostGroup), static_cast<QWidget *>(m_securityGroup)}) {
        right->addWidget(widget);
    }
    left->addStretch(1);
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    layout->addLayout(columns);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    m_sliderTimer.setSingleShot(true);
    m_sliderTimer.setInterval(SliderDelayMs);
    connect(&m_sliderTimer, &QTimer::timeout, this, &SettingsDialog::applySliders);
    for (QSlider *slider : {m_fps, m_quality}) {
        connect(slider, &QSlider::valueChanged, this, [this] {
            showSliderValues();
            m_sliderTimer.start();
        });
    }
    connect(m_generateControl, &QPushButton::clicked, this, [this] {
        m_controlPassword->setText(PasswordHash::generate());
        m_showPasswords->setChecked(true); // a generated password is no use unless the user can read it
    });
    connect(m_generateView, &QPushButton::clicked, this, [this] {
        m_viewAccess->setChecked(true);
        m_viewPassword->setText(PasswordHash::generate());
        m_showPasswords->setChecked(true);
    });
    connect(m_showPasswords, &QCheckBox::toggled, this, [this](bool show) {
        for (QLineEdit *edit : {m_controlPassword, m_viewPassword}) {
            edit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        }
    });
    connect(m_viewAccess, &QCheckBox::toggled, this, [this](bool on) {
        m_viewPassword->setEnabled(on);
        m_generateView->setEnabled(on);
    });
    connect(m_fileAccess, &QCheckBox::toggled, this, &SettingsDialog::updateFileRootButtons);
    connect(m_fileRoots, &QListWidget::itemSelectionChanged, this, &SettingsDialog::updateFileRootButtons);
    connect(m_addFileRoot, &QPushButton::clicked, this, &SettingsDialog::chooseFileRoot);
    connect(m_removeFileRoot, &QPushButton::clicked, this, [this] {
        const QList<QListWidgetItem *> selected = m_fileRoots->selectedItems();
        for (QListWidgetItem *item : selected) {
            delete item;
        }
        updateFileRootButtons();
    });
    connect(m_tls, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget *widget : {static_cast<QWidget *>(m_certificate), static_cast<QWidget *>(m_chooseCertificate),
                                static_cast<QWidget *>(m_key), static_cast<QWidget *>(m_chooseKey)}) {
            widget->setEnabled(on);
        }
    });
    connect(m_chooseCertificate, &QPushButton::clicked, this,
            [this] { chooseFile(m_certificate, tr("Choose a PEM certificate")); });
    connect(m_chooseKey, &QPushButton::clicked, this, [this] { chooseFile(m_key, tr("Choose its private key")); });
    connect(m_apply, &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    retranslate();
    reload();
}

void SettingsDialog::reload()
{
    const Settings &settings = m_controller->settings();
    m_opened = settings;
    m_port->setValue(settings.port);

    m_bind->clear();
    m_bind->addItem(tr("All addresses"), QString());
    m_bind->addItem(tr("This computer only (127.0.0.1)"), QStringLiteral("127.0.0.1"));
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            m_bind->addItem(address.toString(), address.toString());
        }
    }
    const bool any = settings.bindAddress == QHostAddress::Any;
    const QString bindText = any ? QString() : settings.bindAddress.toString();
    if (m_bind->findData(bindText) < 0) {
        m_bind->addItem(bindText, bindText);
    }
    selectData(m_bind, bindText);

    m_controlPassword->clear();
    m_viewPassword->clear();
    m_showPasswords->setChecked(false);
    m_viewAccess->setChecked(m_controller->hasViewPassword());
    m_viewPassword->setEnabled(m_viewAccess->isChecked());
    m_generateView->setEnabled(m_viewAccess->isChecked());

    {
        const QSignalBlocker fpsBlocker(m_fps);
        const QSignalBlocker qualityBlocker(m_quality);
        m_fps->setValue(settings.fps);
        m_quality->setValue(settings.quality);
    }
    showSliderValues();

    m_maxSize->clear();
    m_maxSize->addItem(tr("Full size"), QSize());
    for (const QSize size : CommonSizes) {
        m_maxSize->addItem(sizeText(size), size);
    }
    if (settings.maxSize.isValid() && m_maxSize->findData(settings.maxSize) < 0) {
        m_maxSize->addItem(sizeText(settings.maxSize), settings.maxSize);
    }
    selectData(m_maxSize, settings.maxSize);

    fillScreens();
    selectData(m_screen, settings.screen);
    m_startAtLogin->setChecked(settings.startAtLogin);
    selectData(m_language, settings.language);
    m_clipboard->setChecked(settings.clipboard);
    m_fileAccess->setChecked(settings.fileAccess);
    m_terminal->setChecked(settings.terminal);
    m_systemForView->setChecked(settings.systemForViewOnly);
    m_fileRoots->clear();
    for (const QString &root : settings.fileRoots) {
        auto *item = new QListWidgetItem(QDir::toNativeSeparators(root), m_fileRoots);
        item->setData(Qt::UserRole, root);
        item->setToolTip(item->text());
    }
    updateFileRootButtons();
    m_tls->setChecked(settings.tls);
    m_certificate->setText(QDir::toNativeSeparators(settings.tlsCertificate));
    m_key->setText(QDir::toNativeSeparators(settings.tlsKey));
    for (QWidget *widget : {static_cast<QWidget *>(m_certificate), static_cast<QWidget *>(m_chooseCertificate),
                            static_cast<QWidget *>(m_key), static_cast<QWidget *>(m_chooseKey)}) {
        widget->setEnabled(settings.tls);
    }
    m_askBeforeAccepting->setChecked(settings.askBeforeAccepting);
    m_allowControl->setChecked(settings.allowControl);
    m_notice->hide();
    m_error->hide();
}

void SettingsDialog::fillScreens()
{
    m_screen->clear();
    m_screen->addItem(tr("All screens"), Settings::AllScreens);
    const QList<QScreen *> screens = QGuiApplication::screens();
    for (int i = 0; i < screens.size(); ++i) {
        const QSize size = screens[i]->geometry().size();
        m_screen->addItem(tr("Screen %1: %2 (%3)").arg(i + 1).arg(screens[i]->name(), sizeText(size)), i);
    }
}

std::optional<Settings> SettingsDialog::settingsFromFields()
{
    Settings next = m_controller->settings();
    next.port = quint16(m_port->value());
    // The list shows names ("All addresses"); a typed address is taken as typed.
    const int index = m_bind->findText(m_bind->currentText());
    const QString bindText = index >= 0 ? m_bind->itemData(index).toString() : m_bind->currentText().trimmed();
    QString why;
    const std::optional<QHostAddress> address =
        bindText.isEmpty() ? QHostAddress(QHostAddress::Any) : Settings::parseBindAddress(bindText, &why);
    if (!address) {
        showError(tr("Bind address: %1").arg(why));
        return std::nullopt;
    }
    next.bindAddress = *address;
    next.fps = m_fps->value();
    next.quality = m_quality->value();
    next.maxSize = m_maxSize->currentData().toSize();
    next.screen = m_screen->currentData().toInt();
    next.startAtLogin = m_startAtLogin->isChecked();
    next.language = m_language->currentData().toString();
    next.clipboard = m_clipboard->isChecked();
    next.fileAccess = m_fileAccess->isChecked();
    next.terminal = m_terminal->isChecked();
    next.systemForViewOnly = m_systemForView->isChecked();
    next.fileRoots = fileRootsShown();
    next.tls = m_tls->isChecked();
    const QString certificate = QDir::fromNativeSeparators(m_certificate->text().trimmed());
    const QString key = QDir::fromNativeSeparators(m_key->text().trimmed());
    if (certificate.isEmpty() != key.isEmpty()) {
        showError(tr("Certificate: give both the certificate and its key, or neither (Deskport's own)."));
        return std::nullopt;
    }
    next.tlsCertificate.clear();
    next.tlsKey.clear();
    if (!certificate.isEmpty()) {
        const std::optional<QString> certificateFile = Settings::parseReadableFile(certificate, &why);
        if (!certificateFile) {
            showError(tr("Certificate: %1").arg(why));
            return std::nullopt;
        }
        const std::optional<QString> keyFile = Settings::parseReadableFile(key, &why);
        if (!keyFile) {
            showError(tr("Key: %1").arg(why));
            return std::nullopt;
        }
        next.tlsCertificate = *certificateFile;
        next.tlsKey = *keyFile;
    }
    next.askBeforeAccepting = m_askBeforeAccepting->isChecked();
    next.allowControl = m_allowControl->isChecked();
    return next;
}

QStringList SettingsDialog::fileRootsShown() const
{
    QStringList roots;
    for (int i = 0; i < m_fileRoots->count(); ++i) {
        roots.append(m_fileRoots->item(i)->data(Qt::UserRole).toString());
    }
    return roots;
}

bool SettingsDialog::addFileRoot(const QString &directory)
{
    QString why;
    const std::optional<QString> root = Settings::parseFileRoot(directory, &why);
    if (!root) {
        showError(tr("Folder: %1").arg(why));
        return false;
    }
    m_error->hide();
    for (int i = 0; i < m_fileRoots->count(); ++i) {
        if (m_fileRoots->item(i)->data(Qt::UserRole).toString() == *root) {
            m_fileRoots->setCurrentRow(i);
            return true;
        }
    }
    auto *item = new QListWidgetItem(QDir::toNativeSeparators(*root), m_fileRoots);
    item->setData(Qt::UserRole, *root);
    item->setToolTip(item->text());
    m_fileRoots->setCurrentItem(item);
    updateFileRootButtons();
    return true;
}

void SettingsDialog::chooseFileRoot()
{
    const QListWidgetItem *current = m_fileRoots->currentItem();
    const QString start = current ? current->data(Qt::UserRole).toString() : QDir::homePath();
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Choose a folder for the file panel"), start);
    if (!directory.isEmpty()) {
        addFileRoot(directory);
    }
}

void SettingsDialog::chooseFile(QLineEdit *edit, const QString &title)
{
    const QString current = QDir::fromNativeSeparators(edit->text().trimmed());
    const QString file = QFileDialog::getOpenFileName(this, title, current.isEmpty() ? QDir::homePath() : current,
                                                      tr("PEM files (*.pem *.crt *.key);;All files (*)"));
    if (!file.isEmpty()) {
        edit->setText(QDir::toNativeSeparators(file));
    }
}

void SettingsDialog::updateFileRootButtons()
{
    // The folders only matter with file access on; greyed out they still show what would be shared.
    const bool files = m_fileAccess->isChecked();
    m_fileRootsLabel->setEnabled(files);
    m_fileRoots->setEnabled(files);
    m_addFileRoot->setEnabled(files);
    m_removeFileRoot->setEnabled(files && !m_fileRoots->selectedItems().isEmpty());
    m_fileRootsHint->setEnabled(files);
}

bool SettingsDialog::apply()
{
    m_sliderTimer.stop();
    m_error->hide();
    const std::optional<Settings> next = settingsFromFields();
    if (!next) {
        return false;
    }
    // Passwords are checked before anything is applied, so a refusal changes nothing.
    const QString control = m_controlPassword->text();
    const QString view = m_viewPassword->text();
    QString why;
    if (!control.isEmpty() && !SharingController::isAcceptablePassword(Role::Control, control, &why)) {
        showError(tr("Control password: %1").arg(why));
        return false;
    }
    const bool wantsView = m_viewAccess->isChecked();
    if (wantsView && view.isEmpty() && !m_controller->hasViewPassword()) {
        showError(tr("Enter a view-only password, or turn view-only access off."));
        return false;
    }
    if (wantsView && !view.isEmpty() && !SharingController::isAcceptablePassword(Role::View, view, &why)) {
        showError(tr("View-only password: %1").arg(why));
        return false;
    }
    if (wantsView && !view.isEmpty() && view == control) {
        showError(tr("The control and view-only passwords must differ."));
        return false;
    }

    if (!m_controller->applySettings(*next, &why)) {
        showError(why);
        return false;
    }
    m_opened = m_controller->settings();
    if (!control.isEmpty()) {
        if (!m_controller->setPassword(Role::Control, control, &why)) {
            showError(tr("Control password: %1").arg(why));
            return false;
        }
        m_controlPassword->clear();
        m_notice->hide();
    }
    if (!wantsView && m_controller->hasViewPassword()) {
        m_controller->setPassword(Role::View, QString(), &why);
    } else if (wantsView && !view.isEmpty()) {
        if (!m_controller->setPassword(Role::View, view, &why)) {
            showError(tr("View-only password: %1").arg(why));
            return false;
        }
        m_viewPassword->clear();
    }
    return true;
}

void SettingsDialog::showGeneratedPassword(const QString &password)
{
    m_controlPassword->setText(password);
    m_showPasswords->setChecked(true);
    m_notice->setText(tr("Deskport made this control password for you. Give it only to people who may use this "
                         "computer; you can also type your own. It is stored hashed and shown only now."));
    m_notice->show();
}

void SettingsDialog::applySliders()
{
    Settings next = m_controller->settings();
    next.fps = m_fps->value();
    next.quality = m_quality->value();
    QString why;
    if (!m_controller->applySettings(next, &why)) {
        showError(why);
    }
}

void SettingsDialog::accept()
{
    if (apply()) {
        QDialog::accept();
    }
}

void SettingsDialog::reject()
{
    m_sliderTimer.stop();
    // The sliders were live: Cancel takes back what they changed since the dialog opened (or the last Apply).
    Settings restored = m_controller->settings();
    restored.fps = m_opened.fps;
    restored.quality = m_opened.quality;
    QString ignored;
    m_controller->applySettings(restored, &ignored);
    QDialog::reject();
}

QString SettingsDialog::errorText() const
{
    return m_error->isVisible() || !m_error->isHidden() ? m_error->text() : QString();
}

void SettingsDialog::showSliderValues()
{
    m_fpsValue->setText(tr("%1 fps").arg(m_fps->value()));
    m_qualityValue->setText(QString::number(m_quality->value()));
}

void SettingsDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Deskport Settings"));
    m_networkGroup->setTitle(tr("Network"));
    m_passwordGroup->setTitle(tr("Passwords"));
    m_streamGroup->setTitle(tr("Picture"));
    m_generalGroup->setTitle(tr("General"));
    m_hostGroup->setTitle(tr("Host tools"));
    m_securityGroup->setTitle(tr("Security"));
    labelFor(m_securityForm, m_certificate->parentWidget())->setText(tr("Cer&tificate:"));
    labelFor(m_securityForm, m_key->parentWidget())->setText(tr("&Key:"));
    m_tls->setText(tr("Encrypt connections (HTTPS)"));
    m_tls->setToolTip(tr("Off: the screen, keystrokes and passwords cross the network unencrypted"));
    m_certificate->setPlaceholderText(tr("Deskport's own (self-signed)"));
    m_key->setPlaceholderText(tr("Deskport's own (self-signed)"));
    m_chooseCertificate->setText(tr("Choose…"));
    m_chooseKey->setText(tr("Choose…"));
    m_askBeforeAccepting->setText(tr("Ask before accepting a viewer"));
    m_askBeforeAccepting->setToolTip(tr("A viewer with the right password still waits until you allow it; "
                                        "no answer in 30 seconds denies it"));
    m_allowControl->setText(tr("Allow control (off: every viewer can only watch)"));
    labelFor(m_networkForm, m_port)->setText(tr("&Port:"));
    labelFor(m_networkForm, m_bind)->setText(tr("&Listen on:"));
    labelFor(m_passwordForm, m_controlPassword->parentWidget())->setText(tr("&Control password:"));
    labelFor(m_passwordForm, m_viewPassword->parentWidget())->setText(tr("&View-only password:"));
    labelFor(m_streamForm, m_fps->parentWidget())->setText(tr("&Framerate:"));
    labelFor(m_streamForm, m_quality->parentWidget())->setText(tr("&Quality:"));
    labelFor(m_streamForm, m_maxSize)->setText(tr("&Maximum resolution:"));
    labelFor(m_streamForm, m_screen)->setText(tr("&Screen:"));
    labelFor(m_generalForm, m_language)->setText(tr("L&anguage:"));
    m_controlPassword->setPlaceholderText(tr("unchanged"));
    m_viewPassword->setPlaceholderText(tr("unchanged"));
    m_generateControl->setText(tr("Generate"));
    m_generateView->setText(tr("Generate"));
    m_viewAccess->setText(tr("Allow view-only viewers"));
    m_showPasswords->setText(tr("Show passwords"));
    m_startAtLogin->setText(tr("Start sharing when I log in"));
    m_clipboard->setText(tr("Share the clipboard with control viewers"));
    m_fileAccess->setText(tr("File access for control viewers"));
    m_terminal->setText(tr("Terminal for control viewers"));
    m_systemForView->setText(tr("System panel for view-only viewers"));
    m_systemForView->setToolTip(tr("Control viewers always see the system panel"));
    m_fileRootsLabel->setText(tr("F&olders for the file panel:"));
    m_addFileRoot->setText(tr("Add folder…"));
    m_removeFileRoot->setText(tr("Remove"));
    m_fileRootsHint->setText(tr("With no folder listed, the file panel offers your home folder (%1).")
                                 .arg(QDir::toNativeSeparators(QDir::homePath())));
    m_language->setItemText(0, tr("System language"));
    m_fps->setToolTip(tr("The most frames per second any viewer gets"));
    m_quality->setToolTip(tr("JPEG quality: higher looks better and needs more bandwidth"));
    showSliderValues();
    m_ok->setText(tr("OK"));
    m_apply->setText(tr("Apply"));
    m_cancel->setText(tr("Cancel"));
    if (m_bind->count() > 0) {
        m_bind->setItemText(0, tr("All addresses"));
        m_bind->setItemText(1, tr("This computer only (127.0.0.1)"));
    }
    if (m_maxSize->count() > 0) {
        m_maxSize->setItemText(0, tr("Full size"));
    }
    if (m_screen->count() > 0) {
        const int current = m_screen->currentIndex();
        fillScreens();
        m_screen->setCurrentIndex(current);
    }
}

} // namespace deskport
