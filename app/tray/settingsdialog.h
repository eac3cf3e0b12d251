#pragma once

#include "core/settings.h"

#include <QDialog>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSlider;
class QSpinBox;

namespace deskport {

class SharingController;

// The settings, applied live through SharingController. The framerate and quality sliders take effect as they
// move (viewers see the change within a second); the rest on Apply or OK. A value the controller refuses (port in
// use, empty password) is shown with its reason and nothing changes; Cancel puts the sliders back.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(SharingController *controller, QWidget *parent = nullptr);

    // Fills every field from the controller's current settings (the tray calls it before showing the dialog).
    void reload();
    // Applies every field; false with the reason shown in the dialog (and in errorText()) if anything is refused.
    bool apply();
    // Shows a password Deskport made up (already stored) in the control password field, readable, with a note.
    void showGeneratedPassword(const QString &password);
    QString errorText() const;
    // Adds a folder to the file roots list (what "Add folder…" does with the folder the user picked); false with
    // the reason shown if it is not an existing folder. A folder already listed is selected, not added twice.
    bool addFileRoot(const QString &directory);

    // For tests and screenshots.
    QSpinBox *portBox() const { return m_port; }
    QComboBox *bindBox() const { return m_bind; }
    QSlider *fpsSlider() const { return m_fps; }
    QSlider *qualitySlider() const { return m_quality; }
    QLineEdit *controlPasswordEdit() const { return m_controlPassword; }
    QLineEdit *viewPasswordEdit() const { return m_viewPassword; }
    QCheckBox *viewAccessBox() const { return m_viewAccess; }
    QComboBox *languageBox() const { return m_language; }
    QCheckBox *clipboardBox() const { return m_clipboard; }
    QCheckBox *fileAccessBox() const { return m_fileAccess; }
    QCheckBox *terminalBox() const { return m_terminal; }
    QCheckBox *systemForViewBox() const { return m_systemForView; }
    QListWidget *fileRootList() const { return m_fileRoots; }
    QPushButton *addFileRootButton() const { return m_addFileRoot; }
    QPushButton *removeFileRootButton() const { return m_removeFileRoot; }
    QStringList fileRootsShown() const; // the folders in the list, in order
    QCheckBox *tlsBox() const { return m_tls; }
    QLineEdit *certificateEdit() const { return m_certificate; }
    QLineEdit *keyEdit() const { return m_key; }
    QCheckBox *askBeforeAcceptingBox() const { return m_askBeforeAccepting; }
    QCheckBox *allowControlBox() const { return m_allowControl; }

    void accept() override;
    void reject() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillScreens();
    void applySliders();
    void showSliderValues();
    void showError(const QString &message);
    void chooseFileRoot();
    void updateFileRootButtons();
    void chooseFile(QLineEdit *edit, const QString &title);
    std::optional<Settings> settingsFromFields();

    SharingController *m_controller;
    Settings m_opened; // as the dialog was opened: Cancel returns the live sliders to it
    QTimer m_sliderTimer;

    QGroupBox *m_networkGroup;
    QGroupBox *m_passwordGroup;
    QGroupBox *m_streamGroup;
    QGroupBox *m_generalGroup;
    QGroupBox *m_hostGroup;
    QGroupBox *m_securityGroup;
    QFormLayout *m_securityForm;
    QFormLayout *m_networkForm;
    QFormLayout *m_passwordForm;
    QFormLayout *m_streamForm;
    QFormLayout *m_generalForm;
    QFormLayout *m_hostForm;
    QSpinBox *m_port;
    QComboBox *m_bind;
    QLineEdit *m_controlPassword;
    QPushButton *m_generateControl;
    QCheckBox *m_viewAccess;
    QLineEdit *m_viewPassword;
    QPushButton *m_generateView;
    QCheckBox *m_showPasswords;
    QSlider *m_fps;
    QLabel *m_fpsValue;
    QSlider *m_quality;
    QLabel *m_qualityValue;
    QComboBox *m_maxSize;
    QComboBox *m_screen;
    QCheckBox *m_startAtLogin;
    QComboBox *m_language;
    QCheckBox *m_clipboard;
    QCheckBox *m_fileAccess;
    QCheckBox *m_terminal;
    QCheckBox *m_systemForView;
    QLabel *m_fileRootsLabel;
    QListWidget *m_fileRoots;
    QPushButton *m_addFileRoot;
    QPushButton *m_removeFileRoot;
    QLabel *m_fileRootsHint;
    QCheckBox *m_tls;
    QLineEdit *m_certificate;
    QPushButton *m_chooseCertificate;
    QLineEdit *m_key;
    QPushButton *m_chooseKey;
    QCheckBox *m_askBeforeAccepting;
    QCheckBox *m_allowControl;
    QLabel *m_notice;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_ok;
    QPushButton *m_apply;
    QPushButton *m_cancel;
};

} // namespace deskport
