#include "core/passwordstore.h"

#include "core/corelog.h"
#include "core/passwordhash.h"

namespace deskport {

namespace {
const QString ControlKey = QStringLiteral("auth/control");
const QString ViewKey = QStringLiteral("auth/view");
} // namespace

PasswordStore::PasswordStore(QSettings &settings) : m_settings(settings) {}

QByteArray PasswordStore::controlHash() const
{
    return m_settings.value(ControlKey).toString().toLatin1();
}

QByteArray PasswordStore::viewHash() const
{
    return m_settings.value(ViewKey).toString().toLatin1();
}

void PasswordStore::setPasswords(const QString &control, const QString &view, int iterations)
{
    setPassword(Role::Control, control, iterations);
    setPassword(Role::View, view, iterations);
}

void PasswordStore::setPassword(Role role, const QString &password, int iterations)
{
    Q_ASSERT(role == Role::View || !password.isEmpty());
    const QString &key = role == Role::Control ? ControlKey : ViewKey;
    // Stored as text: hashes are ASCII, and the file stays readable ("@ByteArray(...)" otherwise).
    if (password.isEmpty())
        m_settings.remove(key);
    else
        m_settings.setValue(key, QString::fromLatin1(PasswordHash::create(password, iterations)));
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        qCWarning(lcCore) << "Could not save the password hashes to" << m_settings.fileName();
}

} // namespace deskport
