#include "server/tlsidentity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>

#include <sys/stat.h>

using deskport::TlsIdentity;

namespace {

constexpr qint64 SecondsPerDay = 24 * 60 * 60;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

// Permission bits as the file system holds them (QFileDevice::Permissions mixes in owner/user distinctions).
int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

// Someone else's certificate (not Deskport's "Deskport on ..." name) that ran out in February 2020, with its key:
// made with libcrypto here, since the openssl tool refuses to make certificates valid only in the past.
bool writeExpiredForeignPair(const QString &certificatePath, const QString &keyPath)
{
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"),
                                                                  &EVP_PKEY_free);
    const std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), &X509_free);
    if (!key || !certificate)
        return false;
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const unsigned char commonName[] = "someone.example";
    const bool built = X509_set_version(certificate.get(), X509_VERSION_3) == 1 &&
                       ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 42) == 1 &&
                       ASN1_TIME_set_string(X509_getm_notBefore(certificate.get()), "20200101000000Z") == 1 &&
                       ASN1_TIME_set_string(X509_getm_notAfter(certificate.get()), "20200201000000Z") == 1 &&
                       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1 &&
                       X509_set_issuer_name(certificate.get(), name) == 1 &&
                       X509_set_pubkey(certificate.get(), key.get()) == 1 &&
                       X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
    if (!built)
        return false;
    const QByteArray certificateFile = QFile::encodeName(certificatePath);
    const QByteArray keyFile = QFile::encodeName(keyPath);
    FILE *certificateOut = std::fopen(certificateFile.constData(), "w");
    FILE *keyOut = std::fopen(keyFile.constData(), "w");
    const bool written = certificateOut && keyOut && PEM_write_X509(certificateOut, certificate.get()) == 1 &&
                         PEM_write_PrivateKey(keyOut, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (certificateOut)
        std::fclose(certificateOut);
    if (keyOut)
        std::fclose(keyOut);
    return written;
}

} // namespace

class TestTlsIdentity : public QObject
{
    Q_OBJECT

private:
    QString m_openssl; // the openssl command-line tool; empty when missing (its checks are then skipped)

    struct Result
    {
        int exitCode = -1;
        QByteArray output;
    };

    Result runOpenssl(const QStringList &arguments) const
    {
        QProcess process;
        process.start(m_openssl, arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
            return {};
        // Key generation prints progress dots on stderr: only shown when something went wrong.
        if (process.exitCode() != 0)
            qWarning("openssl %s: %s", qPrintable(arguments.join(u' ')), process.readAllStandardError().constData());
        return {process.exitCode(), process.readAllStandardOutput()};
    }

    // "sha256 Fingerprint=AB:CD:..." -> "AB:CD:..."
    QByteArray cliFingerprint(const QString &certificatePath) const
    {
        const Result result =
            runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                        QStringLiteral("-sha256"), QStringLiteral("-in"), certificatePath});
        if (result.exitCode != 0)
            return {};
        const QByteArray line = result.output.trimmed();
        return line.mid(line.indexOf('=') + 1).toUpper();
    }

    // A self-signed pair made by the openssl tool, as a user would bring it: "rsa" or "ec".
    bool makeUserPair(const QString &kind, const QString &certificatePath, const QString &keyPath) const
    {
        QStringList arguments{QStringLiteral("req"),
                              QStringLiteral("-x509"),
                              QStringLiteral("-nodes"),
                              QStringLiteral("-days"),
                              QStringLiteral("30"),
                              QStringLiteral("-subj"),
                              QStringLiteral("/CN=user.example"),
                              QStringLiteral("-keyout"),
                              keyPath,
                              QStringLiteral("-out"),
                              certificatePath,
                              QStringLiteral("-newkey")};
        if (kind == u"rsa")
            arguments << QStringLiteral("rsa:2048");
        else
            arguments << QStringLiteral("ec") << QStringLiteral("-pkeyopt")
                      << QStringLiteral("ec_paramgen_curve:prime256v1");
        return runOpenssl(arguments).exitCode == 0;
    }

    static QString certificatePath(const QString &directory) { return directory + QStringLiteral("/certificate.pem"); }
    static QString keyPath(const QString &directory) { return directory + QStringLiteral("/key.pem"); }

    // A TLS client that trusts the server only if it shows exactly `pinned`: the self-signed error for that one
    // certificate (plus `alsoExpected` for it) is all it ignores. Returns what the server echoed, empty if the
    // handshake failed.
    static QByteArray exchangeOverTls(const TlsIdentity &server, const QSslCertificate &pinned, const QString &host,
                                      QSsl::SslProtocol *negotiated = nullptr,
                                      const QList<QSslError::SslError> &alsoExpected = {})
    {
        QSslServer listener;
        listener.setSslConfiguration(server.serverConfiguration());
        if (!listener.listen(QHostAddress::Any, 0))
            return {};
        QList<QSslSocket *> accepted;
        QObject::connect(&listener, &QTcpServer::pendingConnectionAvailable, &listener, [&] {
            while (auto *socket = qobject_cast<QSslSocket *>(listener.nextPendingConnection())) {
                accepted << socket;
                QObject::connect(socket, &QIODevice::readyRead, socket,
                                 [socket] { socket->write("echo:" + socket->readAll()); });
                // Bytes may already have arrived with the end of the handshake.
                if (socket->bytesAvailable() > 0)
                    socket->write("echo:" + socket->readAll());
            }
        });

        QSslSocket client;
        QList<QSslError> expectedErrors{QSslError(QSslError::SelfSignedCertificate, pinned)};
        for (const QSslError::SslError error : alsoExpected)
            expectedErrors << QSslError(error, pinned);
        client.ignoreSslErrors(expectedErrors);
        QByteArray received;
        bool failed = false;
        QObject::connect(&client, &QSslSocket::encrypted, &client, [&] { client.write("hello"); });
        QObject::connect(&client, &QIODevice::readyRead, &client, [&] { received += client.readAll(); });
        QObject::connect(&client, &QAbstractSocket::errorOccurred, &client, [&] { failed = true; });
        client.connectToHostEncrypted(host, listener.serverPort());
        const QByteArray expected = "echo:hello";
        if (!QTest::qWaitFor([&] { return failed || received.size() >= expected.size(); }, 30000))
            return {};
        if (negotiated)
            *negotiated = client.sessionProtocol();
        const bool pinnedCertificateSeen = client.peerCertificate() == pinned;
        client.abort();
        qDeleteAll(accepted);
        return pinnedCertificateSeen ? received : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Qt Network needs its TLS backend plugin (OpenSSL on Debian) at run time.
        QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (m_openssl.isEmpty())
            qWarning("No openssl command-line tool: its cross-checks are skipped");
    }

    void createsFilesWithPrivateModes()
    {
        QTemporaryDir base;
        QVERIFY(base.isValid());
        const QString directory = base.filePath(QStringLiteral("config/tls"));
        QString error;
        const std::optional<TlsIdentity> identity = TlsIdentity::loadOrCreate(directory, &error);
        QVERIFY2(identity, qPrintable(error));
        QVERIFY(identity->isSelfMade());
        QCOMPARE(modeOf(directory), 0700);
        QCOMPARE(modeOf(keyPath(directory)), 0600);
        QCOMPARE(modeOf(certificatePath(directory)), 0644);
        QVERIFY(readAll(keyPath(directory)).startsWith("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(readAll(certificatePath(directory)).startsWith("-----BEGIN CERTIFICATE-----"));
        // No temporary files left behind.
        QCOMPARE(QDir(directory).entryList(QDir::Files | QDir::Hidden | QDir::System),
                 (QStringList{QStringLiteral("certificate.pem"), QStringLiteral("key.pem")}));
        QVERIFY(!identity->key().isNull());
        QCOMPARE(identity->key().algorithm(), QSsl::Ec);
        QCOMPARE(identity->key().type(), QSsl::PrivateKey);
        QCOMPARE(identity->key().length(), 256);
    }

    void secondLoadKeepsIdentity()
    {
        QTemporaryDir directory;
        QString error;
        const std::optional<TlsIdentity> first = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(first, qPrintable(error));
        const QByteArray keyBytes = readAll(keyPath(directory.path()));
        const QByteArray certificateBytes = readAll(certificatePath(directory.path()));
        const std::optional<TlsIdentity> second = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->sha256Fingerprint(), first->sha256Fingerprint());
        QCOMPARE(second->key().toPem(), first->key().toPem());
        QVERIFY(second->isSelfMade());
        QCOMPARE(readAll(keyPath(directory.path())), keyBytes);
        QCOMPARE(readAll(certificatePath(directory.path())), certificateBytes);
    }

    void certificateContents()
    {
        QTemporaryDir directory;
        QString error;
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const std::optional<TlsIdentity> identity = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(identity, qPrintable(error));
        const QSslCertificate certificate = identity->certificate();
        QVERIFY(!certificate.isNull());
        QCOMPARE(identity->chain(), QList<QSslCertificate>{certificate});
        // Parsed afresh from the file, as a browser would see it.
        const QList<QSslCertificate> fromFile = QSslCertificate::fromPath(certificatePath(directory.path()));
        QCOMPARE(fromFile, QList<QSslCertificate>{certificate});

        const QString expectedName = QString(QStringLiteral("Deskport on ") + QHostInfo::localHostName()).left(64);
        QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList{expectedName});
        QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), QStringList{expectedName});
        // Issued by itself (QSslCertificate::isSelfSigned() would also want keyCertSign, which a server certificate
        // that is no CA does not have; the handshake test shows clients see it as self-signed).
        QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName),
                 certificate.subjectInfo(QSslCertificate::CommonName));
        QCOMPARE(certificate.version(), QByteArray("3"));
        QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
        // 128 random bits: 16 bytes, shown as 16 colon-separated pairs.
        QCOMPARE(certificate.serialNumber().split(':').size(), 16);

        const qint64 lifetime = certificate.effectiveDate().secsTo(certificate.expiryDate());
        QCOMPARE(lifetime, 825 * SecondsPerDay + 3600);
        const qint64 backdated = certificate.effectiveDate().secsTo(before);
        QVERIFY2(backdated >= 3600 - 5 && backdated <= 3600 + 5, qPrintable(QString::number(backdated)));

        const auto names = certificate.subjectAlternativeNames();
        const QStringList dnsNames = names.values(QSsl::DnsEntry);
        QVERIFY2(dnsNames.contains(QStringLiteral("localhost")), qPrintable(dnsNames.join(u' ')));
        QList<QHostAddress> addresses;
        for (const QString &text : names.values(QSsl::IpAddressEntry))
            addresses << QHostAddress(text);
        QVERIFY(addresses.contains(QHostAddress(QHostAddress::LocalHost)));
        QVERIFY(addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6)));
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (address.isLoopback())
                continue;
            QHostAddress plain = address;
            plain.setScopeId(QString());
            QVERIFY2(addresses.contains(plain), qPrintable(plain.toString()));
        }

        const QByteArray fingerprint = identity->sha256Fingerprint();
        QVERIFY2(QRegularExpression(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"))
                     .match(QString::fromLatin1(fingerprint))
                     .hasMatch(),
                 fingerprint.constData());
        QCOMPARE(fingerprint, certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());

        if (m_openssl.isEmpty())
            QSKIP("no openssl command-line tool");
        const Result text = runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                                        QStringLiteral("-in"), certificatePath(directory.path())});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.output.contains("ecdsa-with-SHA256"));
        QVERIFY(text.output.contains("NIST CURVE: P-256") || text.output.contains("prime256v1"));
        QVERIFY(text.output.contains("CA:FALSE"));
        QVERIFY(text.output.contains("Digital Signature"));
        QVERIFY(text.output.contains("TLS Web Server Authentication"));
    }

    void fingerprintAndKeyMatchOpensslTool()
    {
        if (m_openssl.isEmpty())
            QSKIP("no openssl command-line tool");
        QTemporaryDir directory;
        QString error;
        const std::optional<TlsIdentity> identity = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(identity, qPrintable(error));
        QCOMPARE(cliFingerprint(certificatePath(directory.path())), identity->sha256Fingerprint());

        const Result fromCertificate =
            runOpenssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"),
                        QStringLiteral("-in"), certificatePath(directory.path())});
        const Result fromKey = runOpenssl(
            {QStringLiteral("pkey"), QStringLiteral("-pubout"), QStringLiteral("-in"), keyPath(directory.path())});
        QCOMPARE(fromCertificate.exitCode, 0);
        QCOMPARE(fromKey.exitCode, 0);
        QVERIFY(fromKey.output.startsWith("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(fromKey.output, fromCertificate.output);
        // The signature verifies with the certificate's own key.
        const Result verify = runOpenssl({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                          certificatePath(directory.path()), certificatePath(directory.path())});
        QCOMPARE(verify.exitCode, 0);
    }

    void missingCertificateIsMadeForTheKeptKey()
    {
        QTemporaryDir directory;
        QString error;
        const std::optional<TlsIdentity> first = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(first, qPrintable(error));
        const QByteArray keyBytes = readAll(keyPath(directory.path()));
        QVERIFY(QFile::remove(certificatePath(directory.path())));
        const std::optional<TlsIdentity> second = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(readAll(keyPath(directory.path())), keyBytes);
        QCOMPARE(second->certificate().publicKey(), first->certificate().publicKey());
        QVERIFY(second->sha256Fingerprint() != first->sha256Fingerprint());
    }

    void corruptKeyIsRefusedAndKept()
    {
        QTemporaryDir directory;
        QString error;
        QVERIFY2(TlsIdentity::loadOrCreate(directory.path(), &error), qPrintable(error));
        const QByteArray certificateBytes = readAll(certificatePath(directory.path()));
        const QByteArray garbage = "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n";
        QVERIFY(writeAll(keyPath(directory.path()), garbage));

        error.clear();
        QVERIFY(!TlsIdentity::loadOrCreate(directory.path(), &error));
        QVERIFY2(error.contains(QFileInfo(keyPath(directory.path())).absoluteFilePath()), qPrintable(error));
        QCOMPARE(readAll(keyPath(directory.path())), garbage);
        QCOMPARE(readAll(certificatePath(directory.path())), certificateBytes);

        // An empty file too.
        QVERIFY(writeAll(keyPath(directory.path()), QByteArray()));
        error.clear();
        QVERIFY(!TlsIdentity::loadOrCreate(directory.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("key.pem")), qPrintable(error));
        QCOMPARE(readAll(keyPath(directory.path())), QByteArray());
    }

    void corruptCertificateIsRefusedAndKept()
    {
        QTemporaryDir directory;
        QString error;
        QVERIFY2(TlsIdentity::loadOrCreate(directory.path(), &error), qPrintable(error));
        const QByteArray keyBytes = readAll(keyPath(directory.path()));
        QByteArray damaged = readAll(certificatePath(directory.path()));
        damaged[40] = '!'; // inside the base64 body
        QVERIFY(writeAll(certificatePath(directory.path()), damaged));

        error.clear();
        QVERIFY(!TlsIdentity::loadOrCreate(directory.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("certificate.pem")), qPrintable(error));
        QCOMPARE(readAll(certificatePath(directory.path())), damaged);
        QCOMPARE(readAll(keyPath(directory.path())), keyBytes);
    }

    void mismatchedPairIsRefusedAndKept()
    {
        QTemporaryDir first;
        QTemporaryDir second;
        QString error;
        QVERIFY2(TlsIdentity::loadOrCreate(first.path(), &error), qPrintable(error));
        QVERIFY2(TlsIdentity::loadOrCreate(second.path(), &error), qPrintable(error));
        const QByteArray otherKey = readAll(keyPath(second.path()));
        const QByteArray certificateBytes = readAll(certificatePath(first.path()));
        QVERIFY(writeAll(keyPath(first.path()), otherKey));

        error.clear();
        QVERIFY(!TlsIdentity::loadOrCreate(first.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("does not belong")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("key.pem")) && error.contains(QStringLiteral("certificate.pem")),
                 qPrintable(error));
        QCOMPARE(readAll(keyPath(first.path())), otherKey);
        QCOMPARE(readAll(certificatePath(first.path())), certificateBytes);
    }

    void userProvidedPairLoads_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");
        QTest::newRow("rsa-2048") << QStringLiteral("rsa") << QSsl::Rsa;
        QTest::newRow("ec-p256") << QStringLiteral("ec") << QSsl::Ec;
    }

    void userProvidedPairLoads()
    {
        QFETCH(QString, kind);
        QFETCH(QSsl::KeyAlgorithm, algorithm);
        if (m_openssl.isEmpty())
            QSKIP("no openssl command-line tool");
        QTemporaryDir directory;
        const QString certificateFile = directory.filePath(QStringLiteral("user-cert.pem"));
        const QString keyFile = directory.filePath(QStringLiteral("user-key.pem"));
        QVERIFY(makeUserPair(kind, certificateFile, keyFile));

        QString error;
        const std::optional<TlsIdentity> identity = TlsIdentity::loadUserProvided(certificateFile, keyFile, &error);
        QVERIFY2(identity, qPrintable(error));
        QVERIFY(!identity->isSelfMade());
        QCOMPARE(identity->key().algorithm(), algorithm);
        QCOMPARE(identity->certificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("user.example")});
        QCOMPARE(identity->sha256Fingerprint(), cliFingerprint(certificateFile));
        // This certificate names only user.example, so the client also accepts the name mismatch for it.
        QCOMPARE(exchangeOverTls(*identity, identity->certificate(), QStringLiteral("127.0.0.1"), nullptr,
                                 {QSslError::HostNameMismatch}),
                 QByteArray("echo:hello"));
    }

    void userProvidedChainKeepsLeafFirst()
    {
        if (m_openssl.isEmpty())
            QSKIP("no openssl command-line tool");
        QTemporaryDir directory;
        const QString leafFile = directory.filePath(QStringLiteral("leaf.pem"));
        const QString keyFile = directory.filePath(QStringLiteral("leaf-key.pem"));
        const QString otherFile = directory.filePath(QStringLiteral("other.pem"));
        const QString otherKeyFile = directory.filePath(QStringLiteral("other-key.pem"));
        QVERIFY(makeUserPair(QStringLiteral("ec"), leafFile, keyFile));
        QVERIFY(makeUserPair(QStringLiteral("rsa"), otherFile, otherKeyFile));
        const QString chainFile = directory.filePath(QStringLiteral("chain.pem"));
        QVERIFY(writeAll(chainFile, readAll(leafFile) + readAll(otherFile)));

        QString error;
        const std::optional<TlsIdentity> identity = TlsIdentity::loadUserProvided(chainFile, keyFile, &error);
        QVERIFY2(identity, qPrintable(error));
        QCOMPARE(identity->chain().size(), 2);
        QCOMPARE(identity->certificate(), QSslCertificate::fromPath(leafFile).constFirst());
        QCOMPARE(identity->chain().at(1), QSslCertificate::fromPath(otherFile).constFirst());
        QCOMPARE(identity->serverConfiguration().localCertificateChain(), identity->chain());

        // The other order: the key belongs to the second certificate, which is not the leaf.
        QVERIFY(writeAll(chainFile, readAll(otherFile) + readAll(leafFile)));
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(chainFile, keyFile, &error));
        QVERIFY2(error.contains(QStringLiteral("does not belong")), qPrintable(error));
    }

    void userProvidedProblemsAreRefused()
    {
        if (m_openssl.isEmpty())
            QSKIP("no openssl command-line tool");
        QTemporaryDir directory;
        const QString rsaCertificate = directory.filePath(QStringLiteral("rsa-cert.pem"));
        const QString rsaKey = directory.filePath(QStringLiteral("rsa-key.pem"));
        const QString ecCertificate = directory.filePath(QStringLiteral("ec-cert.pem"));
        const QString ecKey = directory.filePath(QStringLiteral("ec-key.pem"));
        QVERIFY(makeUserPair(QStringLiteral("rsa"), rsaCertificate, rsaKey));
        QVERIFY(makeUserPair(QStringLiteral("ec"), ecCertificate, ecKey));

        QString error;
        QVERIFY(!TlsIdentity::loadUserProvided(rsaCertificate, ecKey, &error));
        QVERIFY2(error.contains(QStringLiteral("does not belong")) && error.contains(ecKey) &&
                     error.contains(rsaCertificate),
                 qPrintable(error));

        // A passphrase-protected key: refused with a word about it, and never a prompt on the terminal.
        const QString encryptedKey = directory.filePath(QStringLiteral("encrypted-key.pem"));
        QCOMPARE(runOpenssl({QStringLiteral("pkey"), QStringLiteral("-in"), ecKey, QStringLiteral("-aes256"),
                             QStringLiteral("-passout"), QStringLiteral("pass:secret"), QStringLiteral("-out"),
                             encryptedKey})
                     .exitCode,
                 0);
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(ecCertificate, encryptedKey, &error));
        QVERIFY2(error.contains(QStringLiteral("passphrase")) && error.contains(encryptedKey), qPrintable(error));

        const QString missing = directory.filePath(QStringLiteral("missing.pem"));
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(missing, ecKey, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(ecCertificate, missing, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));

        // A key where the certificate should be, and the other way round.
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(ecKey, ecKey, &error));
        QVERIFY2(error.contains(QStringLiteral("not a PEM certificate")), qPrintable(error));
        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(ecCertificate, ecCertificate, &error));
        QVERIFY2(error.contains(QStringLiteral("not a PEM private key")), qPrintable(error));
    }

    void expiredSelfMadeCertificateIsRenewedWithSameKey()
    {
        QTemporaryDir directory;
        QString error;
        // Made 900 days ago with the test clock: it ran out 75 days ago.
        const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-900);
        const std::optional<TlsIdentity> old = TlsIdentity::loadOrCreate(directory.path(), &error, longAgo);
        QVERIFY2(old, qPrintable(error));
        QVERIFY(old->certificate().expiryDate() < QDateTime::currentDateTimeUtc());
        const QByteArray keyBytes = readAll(keyPath(directory.path()));

        // Brought as a user's own pair, the expired certificate is refused, with the date.
        QTemporaryDir copies;
        const QString copiedCertificate = copies.filePath(QStringLiteral("expired.pem"));
        QVERIFY(QFile::copy(certificatePath(directory.path()), copiedCertificate));
        QVERIFY(!TlsIdentity::loadUserProvided(copiedCertificate, keyPath(directory.path()), &error));
        QVERIFY2(error.contains(QStringLiteral("expired")) && error.contains(copiedCertificate), qPrintable(error));

        error.clear();
        const std::optional<TlsIdentity> renewed = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(renewed, qPrintable(error));
        QVERIFY(renewed->isSelfMade());
        QVERIFY(renewed->sha256Fingerprint() != old->sha256Fingerprint());
        QCOMPARE(readAll(keyPath(directory.path())), keyBytes);
        QCOMPARE(renewed->key().toPem(), old->key().toPem());
        QCOMPARE(renewed->certificate().publicKey(), old->certificate().publicKey());
        const qint64 daysLeft = QDateTime::currentDateTimeUtc().daysTo(renewed->certificate().expiryDate());
        QVERIFY2(daysLeft >= 824 && daysLeft <= 825, qPrintable(QString::number(daysLeft)));
        QCOMPARE(modeOf(keyPath(directory.path())), 0600);
        QCOMPARE(cliFingerprintOrSkip(certificatePath(directory.path()), renewed->sha256Fingerprint()),
                 renewed->sha256Fingerprint());
    }

    void expiredForeignCertificateIsRefusedAndKept()
    {
        QTemporaryDir directory;
        QVERIFY(writeExpiredForeignPair(certificatePath(directory.path()), keyPath(directory.path())));
        const QByteArray certificateBytes = readAll(certificatePath(directory.path()));
        const QByteArray keyBytes = readAll(keyPath(directory.path()));

        QString error;
        QVERIFY(!TlsIdentity::loadOrCreate(directory.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("expired on 2020-02-01")) &&
                     error.contains(QStringLiteral("certificate.pem")),
                 qPrintable(error));
        QCOMPARE(readAll(certificatePath(directory.path())), certificateBytes);
        QCOMPARE(readAll(keyPath(directory.path())), keyBytes);

        error.clear();
        QVERIFY(!TlsIdentity::loadUserProvided(certificatePath(directory.path()), keyPath(directory.path()), &error));
        QVERIFY2(error.contains(QStringLiteral("expired on 2020-02-01")), qPrintable(error));
    }

    void handshakeWithPinnedCertificate_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("ipv4") << QStringLiteral("127.0.0.1");
        QTest::newRow("localhost") << QStringLiteral("localhost");
    }

    void handshakeWithPinnedCertificate()
    {
        QFETCH(QString, host);
        QTemporaryDir directory;
        QString error;
        const std::optional<TlsIdentity> identity = TlsIdentity::loadOrCreate(directory.path(), &error);
        QVERIFY2(identity, qPrintable(error));
        const QSslConfiguration configuration = identity->serverConfiguration();
        QCOMPARE(configuration.protocol(), QSsl::TlsV1_2OrLater);
        QCOMPARE(configuration.localCertificate(), identity->certificate());
        QCOMPARE(configuration.privateKey(), identity->key());

        // The host name matches the certificate's names, so the self-signed error is the only one to accept.
        QSsl::SslProtocol negotiated = QSsl::UnknownProtocol;
        QCOMPARE(exchangeOverTls(*identity, identity->certificate(), host, &negotiated), QByteArray("echo:hello"));
        QVERIFY(negotiated == QSsl::TlsV1_2 || negotiated == QSsl::TlsV1_3);

        // A client expecting another certificate (another fingerprint) refuses the handshake.
        QTemporaryDir otherDirectory;
        const std::optional<TlsIdentity> other = TlsIdentity::loadOrCreate(otherDirectory.path(), &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(exchangeOverTls(*identity, other->certificate(), host), QByteArray());
    }

    void directoryThatIsAFileIsRefused()
    {
        QTemporaryDir base;
        const QString path = base.filePath(QStringLiteral("not-a-directory"));
        QVERIFY(writeAll(path, "x"));
        QString error;
        QVERIFY(!TlsIdentity::loadOrCreate(path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("x"));
    }

private:
    // The openssl tool's fingerprint, or `fallback` when the tool is missing (the check then proves nothing).
    QByteArray cliFingerprintOrSkip(const QString &certificatePath, const QByteArray &fallback) const
    {
        return m_openssl.isEmpty() ? fallback : cliFingerprint(certificatePath);
    }
};

QTEST_GUILESS_MAIN(TestTlsIdentity)
#include "tst_tlsidentity.moc"
