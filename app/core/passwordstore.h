#pragma once

#include "core/role.h"

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace deskport {

// Keeps the two password hashes in QSettings (group "auth"). Only hashes are ever written.
class PasswordStore
{
public:
    // settings must outlive the store.
    explicit PasswordStore(QSettings &settings);

    QByteArray controlHash() const;
    QByteArray viewHash() const;   // empty: there is no view-only password
    bool hasControlPassword() const { return !controlHash().isEmpty(); }

    // Replaces both: passwords given together on the command line are one set. An empty view password removes it.
    void setPasswords(const QString &control, const QString &view, int iterations);
    // Replaces one (role Control or View); an empty view password removes it. The control password must not be
    // empty.
    void setPassword(Role role, const QString &password, int iterations);

private:
    QSettings &m_settings;
};

} // namespace deskport
