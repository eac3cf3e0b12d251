#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <optional>

namespace deskport {

// The certificate and private key the portal serves HTTPS/WSS with (issue 7). Either Deskport's own self-signed
// identity, made once with OpenSSL's libcrypto and kept in a directory, or a certificate and key the user provides.
// Viewers cannot check a self-signed certificate against a CA, so the host shows sha256Fingerprint() for a
// colleague to compare with what the browser shows.
class TlsIdentity
{
public:
    // In `directory` (created 0700 if missing) keeps certificate.pem and key.pem (0600, written atomically).
    // Missing files are generated (EC P-256, self-signed, 825 days). A file that exists but is corrupt, does not
    // match the other or has expired is never overwritten: nullopt, with an error naming the file. The one
    // exception is Deskport's own expired certificate, which is renewed with the same key.
    static std::optional<TlsIdentity> loadOrCreate(const QString &directory, QString *error);
    // Same, with `now` standing for the current time (tests make expired certificates with it).
    static std::optional<TlsIdentity> loadOrCreate(const QString &directory, QString *error, const QDateTime &now);

    // A PEM certificate (a chain is allowed: the first one is the leaf) and an unencrypted PEM private key (RSA or
    // EC) that matches it. Refused, with an error saying why, when unreadable, mismatched or not valid now.
    static std::optional<TlsIdentity> loadUserProvided(const QString &certificatePath, const QString &keyPath,
                                                       QString *error);

    QSslCertificate certificate() const;
    QList<QSslCertificate> chain() const;
    QSslKey key() const;
    // SHA-256 of the DER certificate as browsers show it: "AB:CD:...", 32 uppercase hex pairs.
    QByteArray sha256Fingerprint() const { return fingerprintOf(certificate()); }
    // The same for any certificate (empty for a null one).
    static QByteArray fingerprintOf(const QSslCertificate &certificate);
    // TLS 1.2 or later with this identity, ready for QAbstractHttpServer::sslSetup().
    QSslConfiguration serverConfiguration() const;
    // True for Deskport's own self-signed identity, false for a user-provided one.
    bool isSelfMade() const;

private:
    TlsIdentity(QList<QSslCertificate> chain, QSslKey key, bool selfMade);

    QList<QSslCertificate> m_chain;
    QSslKey m_key;
    bool m_selfMade = false;
};

} // namespace deskport
