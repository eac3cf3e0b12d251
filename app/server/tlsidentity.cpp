#include "server/tlsidentity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSslSocket>
#include <QStringList>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace deskport {

namespace {

constexpr int ValidityDays = 825;      // the longest validity Apple's and Chrome's rules accepted for TLS server certs
constexpr long BackdateSeconds = 3600; // a viewer whose clock is a little behind must not see "not yet valid"
constexpr qint64 MaxPemFileBytes = 1 << 20;
constexpr int CommonNameMaxCharacters = 64; // ub-common-name in RFC 5280
constexpr int SerialBytes = 16;
const char SelfMadePrefix[] = "Deskport on ";

template <auto Free> struct OpenSslDeleter
{
    template <typename T> void operator()(T *pointer) const { Free(pointer); }
};
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

// Drains OpenSSL's per-thread error queue, so that a later failure does not report this one's causes.
QString takeOpenSslErrors()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> buffer{};
        ERR_error_string_n(code, buffer.data(), buffer.size());
        messages << QString::fromLatin1(buffer.data());
    }
    return messages.join(QStringLiteral("; "));
}

QString withOpenSslDetail(const QString &message)
{
    const QString detail = takeOpenSslErrors();
    return detail.isEmpty() ? message : message + QStringLiteral(" (OpenSSL: ") + detail + QLatin1Char(')');
}

// OpenSSL's default passphrase callback would prompt on the terminal; Deskport only takes unencrypted keys.
int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

QByteArray memoryBioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(size));
}

std::optional<QByteArray> readPemFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(error, QStringLiteral("Cannot read the %1 %2: %3").arg(what, path, file.errorString()));
        return std::nullopt;
    }
    if (file.size() > MaxPemFileBytes) {
        setError(error, QStringLiteral("The %1 %2 is too large to be a PEM file").arg(what, path));
        return std::nullopt;
    }
    return file.readAll();
}

// Every PEM certificate in `pem`, in order. Empty when there is none or any of them is damaged.
std::vector<X509Ptr> parseCertificates(const QByteArray &pem)
{
    ERR_clear_error();
    const BioPtr bio = memoryBio(pem);
    std::vector<X509Ptr> chain;
    while (X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr))
        chain.emplace_back(certificate);
    // Reading always ends in an error; "no start line" just means no further certificate.
    const unsigned long last = ERR_peek_last_error();
    const bool cleanEnd = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    if (last != 0 && !cleanEnd)
        chain.clear();
    else
        ERR_clear_error();
    return chain;
}

PkeyPtr parsePrivateKey(const QByteArray &pem, const QString &path, QString *error)
{
    ERR_clear_error();
    const BioPtr bio = memoryBio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!key) {
        if (pem.contains("ENCRYPTED")) {
            takeOpenSslErrors();
            setError(error, QStringLiteral("The private key %1 is protected by a passphrase; Deskport needs an "
                                           "unencrypted key (e.g. openssl pkey -in key -out plain.pem)")
                                .arg(path));
        } else {
            setError(error, withOpenSslDetail(
                                QStringLiteral("The private key %1 is damaged or not a PEM private key").arg(path)));
        }
        return {};
    }
    const int type = EVP_PKEY_get_base_id(key.get());
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
        setError(error, QStringLiteral("The private key %1 is neither RSA nor EC (it is %2); Deskport serves RSA and "
                                       "EC keys")
                            .arg(path, QString::fromLatin1(OBJ_nid2sn(type))));
        return {};
    }
    return key;
}

QSslCertificate toQt(X509 *certificate)
{
    const int length = i2d_X509(certificate, nullptr);
    if (length <= 0)
        return QSslCertificate();
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_X509(certificate, &out) != length)
        return QSslCertificate();
    return QSslCertificate(der, QSsl::Der);
}

QByteArray certificatePem(X509 *certificate)
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    return memoryBioContents(bio.get());
}

// PKCS#8, unencrypted: the form `openssl genpkey` writes and Qt's OpenSSL backend reads for RSA and EC alike.
QByteArray privateKeyPem(EVP_PKEY *key)
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return memoryBioContents(bio.get());
}

enum class Validity { Valid, Expired, NotYetValid, Unreadable };

Validity validityAt(X509 *certificate, std::time_t now)
{
    // X509_cmp_time: -1 when the certificate's time is at or before `now`, 1 after it, 0 when it cannot be read.
    const int notBefore = X509_cmp_time(X509_get0_notBefore(certificate), &now);
    const int notAfter = X509_cmp_time(X509_get0_notAfter(certificate), &now);
    if (notBefore == 0 || notAfter == 0)
        return Validity::Unreadable;
    if (notAfter < 0)
        return Validity::Expired;
    if (notBefore > 0)
        return Validity::NotYetValid;
    return Validity::Valid;
}

QString validityProblem(X509 *certificate, Validity validity, const QString &path)
{
    const QSslCertificate qtCertificate = toQt(certificate);
    switch (validity) {
    case Validity::Expired:
        return QStringLiteral("The certificate %1 expired on %2")
            .arg(path, qtCertificate.expiryDate().toUTC().toString(Qt::ISODate));
    case Validity::NotYetValid:
        return QStringLiteral("The certificate %1 is not valid before %2 (is the clock right?)")
            .arg(path, qtCertificate.effectiveDate().toUTC().toString(Qt::ISODate));
    case Validity::Unreadable:
        return QStringLiteral("The certificate %1 has unreadable validity dates").arg(path);
    case Validity::Valid:
        break;
    }
    return {};
}

// Deskport's own certificate: self-issued with the common name it gives itself. Only that one may be replaced or
// renewed without asking; anything else in the directory was put there by someone.
bool isDeskportSelfSigned(X509 *certificate)
{
    X509_NAME *subject = X509_get_subject_name(certificate);
    if (!subject || X509_NAME_cmp(subject, X509_get_issuer_name(certificate)) != 0)
        return false;
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return false;
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (length < 0)
        return false;
    const QString commonName = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return commonName.startsWith(QLatin1String(SelfMadePrefix));
}

bool isDnsName(const QString &name)
{
    static const QRegularExpression label(
        QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"));
    return name.size() <= 253 && label.match(name).hasMatch();
}

// The names a viewer may type to reach this machine: the host name, localhost and every address it has, so a
// browser that accepted the certificate once does not also complain about the name.
QString subjectAltNames(const QString &hostName)
{
    QStringList entries;
    // Config-string syntax: a host name with a comma or colon would inject entries, so only DNS-shaped ones go in.
    if (isDnsName(hostName) && hostName.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) != 0)
        entries << QStringLiteral("DNS:") + hostName;
    entries << QStringLiteral("DNS:localhost") << QStringLiteral("IP:127.0.0.1") << QStringLiteral("IP:::1");
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (QHostAddress address : addresses) {
        if (address.isLoopback())
            continue;
        if (address.protocol() != QAbstractSocket::IPv4Protocol && address.protocol() != QAbstractSocket::IPv6Protocol)
            continue;
        address.setScopeId(QString()); // "fe80::1%eth0": the zone is not part of an IP address entry
        const QString entry = QStringLiteral("IP:") + address.toString();
        if (!entries.contains(entry))
            entries << entry;
    }
    return entries.join(QLatin1Char(','));
}

bool addExtension(X509 *certificate, X509V3_CTX *context, int nid, const QString &value, QString *error)
{
    const QByteArray text = value.toLatin1();
    const ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, text.constData()));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
        setError(
            error,
            withOpenSslDetail(
                QStringLiteral("Cannot add the %1 extension (%2)").arg(QString::fromLatin1(OBJ_nid2ln(nid)), value)));
        return false;
    }
    return true;
}

PkeyPtr generateKey(QString *error)
{
    ERR_clear_error();
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        setError(error, withOpenSslDetail(QStringLiteral("Cannot generate an EC P-256 key")));
    return key;
}

X509Ptr makeSelfSignedCertificate(EVP_PKEY *key, std::time_t now, QString *error)
{
    ERR_clear_error();
    X509Ptr certificate(X509_new());
    const auto fail = [error](const QString &step) {
        setError(error, withOpenSslDetail(QStringLiteral("Cannot make the certificate: ") + step));
        return X509Ptr();
    };
    if (!certificate)
        return fail(QStringLiteral("out of memory"));
    if (X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return fail(QStringLiteral("version"));

    std::array<unsigned char, SerialBytes> serial{};
    if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1)
        return fail(QStringLiteral("no random serial number"));
    serial[SerialBytes - 1] |= 1; // RFC 5280 serials are positive: never all zero
    const BignumPtr serialNumber(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
    if (!serialNumber || !BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(certificate.get())))
        return fail(QStringLiteral("serial number"));

    if (!ASN1_TIME_set(X509_getm_notBefore(certificate.get()), now - BackdateSeconds) ||
        !ASN1_TIME_adj(X509_getm_notAfter(certificate.get()), now, ValidityDays, 0))
        return fail(QStringLiteral("validity"));

    const QString hostName = QHostInfo::localHostName();
    const QByteArray commonName =
        QString(QLatin1String(SelfMadePrefix) + hostName).left(CommonNameMaxCharacters).toUtf8();
    X509_NAME *name = X509_get_subject_name(certificate.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(commonName.constData()),
                                   static_cast<int>(commonName.size()), -1, 0) != 1 ||
        X509_set_issuer_name(certificate.get(), name) != 1)
        return fail(QStringLiteral("name"));
    if (X509_set_pubkey(certificate.get(), key) != 1)
        return fail(QStringLiteral("public key"));

    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    if (!addExtension(certificate.get(), &context, NID_basic_constraints, QStringLiteral("critical,CA:FALSE"), error) ||
        !addExtension(certificate.get(), &context, NID_key_usage, QStringLiteral("critical,digitalSignature"), error) ||
        !addExtension(certificate.get(), &context, NID_ext_key_usage, QStringLiteral("serverAuth"), error) ||
        !addExtension(certificate.get(), &context, NID_subject_key_identifier, QStringLiteral("hash"), error) ||
        !addExtension(certificate.get(), &context, NID_subject_alt_name, subjectAltNames(hostName), error))
        return X509Ptr();

    if (X509_sign(certificate.get(), key, EVP_sha256()) <= 0)
        return fail(QStringLiteral("signature"));
    return certificate;
}

bool ensurePrivateDirectory(const QString &directory, QString *error)
{
    const QFileInfo info(directory);
    if (info.isDir())
        return true;
    if (info.exists() || info.isSymLink()) {
        setError(error, QStringLiteral("%1 exists and is not a directory").arg(directory));
        return false;
    }
    if (!QDir().mkpath(info.absolutePath())) {
        setError(error, QStringLiteral("Cannot create the directory %1").arg(info.absolutePath()));
        return false;
    }
    const QByteArray path = QFile::encodeName(info.absoluteFilePath());
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST) {
        setError(error, QStringLiteral("Cannot create the directory %1: %2")
                            .arg(directory, QString::fromLocal8Bit(std::strerror(errno))));
        return false;
    }
    // The umask may only have taken bits away; say exactly what is meant.
    ::chmod(path.constData(), 0700);
    return true;
}

// Temporary file + rename, so a crash never leaves half a key; the temporary file is created with `mode` (mkstemp
// makes it 0600 and it is only widened, never narrowed, afterwards), so the key is never readable by others.
bool writeFileAtomically(const QString &path, const QByteArray &data, mode_t mode, QString *error)
{
    QByteArray temporaryPath = QFile::encodeName(path) + ".XXXXXX";
    int fd = ::mkostemp(temporaryPath.data(), O_CLOEXEC);
    const bool created = fd >= 0;
    const auto fail = [&](const QString &step) {
        const int savedErrno = errno;
        if (fd >= 0)
            ::close(fd);
        if (created)
            ::unlink(temporaryPath.constData());
        setError(error, QStringLiteral("Cannot write %1: %2 (%3)")
                            .arg(path, step, QString::fromLocal8Bit(std::strerror(savedErrno))));
        return false;
    };
    if (!created)
        return fail(QStringLiteral("create"));
    if (::fchmod(fd, mode) != 0)
        return fail(QStringLiteral("chmod"));
    qsizetype written = 0;
    while (written < data.size()) {
        const ssize_t result = ::write(fd, data.constData() + written, static_cast<size_t>(data.size() - written));
        if (result < 0 && errno == EINTR)
            continue;
        if (result <= 0)
            return fail(QStringLiteral("write"));
        written += result;
    }
    if (::fsync(fd) != 0)
        return fail(QStringLiteral("sync"));
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0)
        return fail(QStringLiteral("close"));
    if (::rename(temporaryPath.constData(), QFile::encodeName(path).constData()) != 0)
        return fail(QStringLiteral("rename"));
    return true;
}

struct ParsedIdentity
{
    QList<QSslCertificate> chain;
    QSslKey key;
};

// OpenSSL objects to Qt's. The key goes through PEM, the only way into QSslKey.
std::optional<ParsedIdentity> toQtIdentity(const std::vector<X509Ptr> &chain, EVP_PKEY *key, const QString &keyPath,
                                           QString *error)
{
    ParsedIdentity identity;
    for (const X509Ptr &certificate : chain) {
        const QSslCertificate qtCertificate = toQt(certificate.get());
        if (qtCertificate.isNull()) {
            setError(error, QStringLiteral("Qt cannot read a certificate that OpenSSL read"));
            return std::nullopt;
        }
        identity.chain << qtCertificate;
    }
    const QSsl::KeyAlgorithm algorithm = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA ? QSsl::Rsa : QSsl::Ec;
    identity.key = QSslKey(privateKeyPem(key), algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (identity.key.isNull()) {
        setError(error, QStringLiteral("Qt's TLS backend cannot use the private key %1").arg(keyPath));
        return std::nullopt;
    }
    return identity;
}

} // namespace

TlsIdentity::TlsIdentity(QList<QSslCertificate> chain, QSslKey key, bool selfMade)
    : m_chain(std::move(chain)), m_key(std::move(key)), m_selfMade(selfMade)
{
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &directory, QString *error)
{
    return loadOrCreate(directory, error, QDateTime::currentDateTimeUtc());
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &directory, QString *error, const QDateTime &now)
{
    if (!ensurePrivateDirectory(directory, error))
        return std::nullopt;
    const QDir dir(directory);
    const QString certificatePath = dir.absoluteFilePath(QStringLiteral("certificate.pem"));
    const QString keyPath = dir.absoluteFilePath(QStringLiteral("key.pem"));
    const std::time_t nowSeconds = static_cast<std::time_t>(now.toSecsSinceEpoch());
    const bool haveCertificate = QFileInfo::exists(certificatePath);
    const bool haveKey = QFileInfo::exists(keyPath);

    PkeyPtr key;
    if (haveKey) {
        const std::optional<QByteArray> pem = readPemFile(keyPath, QStringLiteral("private key"), error);
        if (!pem)
            return std::nullopt;
        key = parsePrivateKey(*pem, keyPath, error);
        if (!key)
            return std::nullopt;
    }
    std::vector<X509Ptr> chain;
    if (haveCertificate) {
        const std::optional<QByteArray> pem = readPemFile(certificatePath, QStringLiteral("certificate"), error);
        if (!pem)
            return std::nullopt;
        chain = parseCertificates(*pem);
        if (chain.empty()) {
            setError(
                error,
                withOpenSslDetail(
                    QStringLiteral("The certificate %1 is damaged or not a PEM certificate").arg(certificatePath)));
            return std::nullopt;
        }
    }

    if (haveCertificate && haveKey) {
        X509 *leaf = chain.front().get();
        if (X509_check_private_key(leaf, key.get()) != 1) {
            takeOpenSslErrors();
            setError(error, QStringLiteral("The private key %1 does not belong to the certificate %2")
                                .arg(keyPath, certificatePath));
            return std::nullopt;
        }
        const bool selfMade = isDeskportSelfSigned(leaf);
        const Validity validity = validityAt(leaf, nowSeconds);
        if (validity == Validity::Valid) {
            const std::optional<ParsedIdentity> identity = toQtIdentity(chain, key.get(), keyPath, error);
            if (!identity)
                return std::nullopt;
            return TlsIdentity(identity->chain, identity->key, selfMade);
        }
        if (!selfMade) {
            setError(error, validityProblem(leaf, validity, certificatePath));
            return std::nullopt;
        }
        // Deskport's own certificate ran out (or the clock went back): renew it below, with the same key, so
        // nothing the user set up around the key changes; only the fingerprint does.
    } else if (haveCertificate && !isDeskportSelfSigned(chain.front().get())) {
        setError(error,
                 QStringLiteral("The certificate %1 has no private key %2 next to it").arg(certificatePath, keyPath));
        return std::nullopt;
    }

    if (!key) {
        key = generateKey(error);
        if (!key)
            return std::nullopt;
        const QByteArray keyPem = privateKeyPem(key.get());
        if (keyPem.isEmpty()) {
            setError(error, withOpenSslDetail(QStringLiteral("Cannot encode the new private key")));
            return std::nullopt;
        }
        // The key first: if Deskport stops before the certificate is written, the next start makes one for it.
        if (!writeFileAtomically(keyPath, keyPem, 0600, error))
            return std::nullopt;
    }
    X509Ptr certificate = makeSelfSignedCertificate(key.get(), nowSeconds, error);
    if (!certificate)
        return std::nullopt;
    const QByteArray pem = certificatePem(certificate.get());
    if (pem.isEmpty()) {
        setError(error, withOpenSslDetail(QStringLiteral("Cannot encode the new certificate")));
        return std::nullopt;
    }
    if (!writeFileAtomically(certificatePath, pem, 0644, error))
        return std::nullopt;
    std::vector<X509Ptr> newChain;
    newChain.push_back(std::move(certificate));
    const std::optional<ParsedIdentity> identity = toQtIdentity(newChain, key.get(), keyPath, error);
    if (!identity)
        return std::nullopt;
    return TlsIdentity(identity->chain, identity->key, true);
}

std::optional<TlsIdentity> TlsIdentity::loadUserProvided(const QString &certificatePath, const QString &keyPath,
                                                         QString *error)
{
    const std::optional<QByteArray> certificatePemData =
        readPemFile(certificatePath, QStringLiteral("certificate"), error);
    if (!certificatePemData)
        return std::nullopt;
    const std::vector<X509Ptr> chain = parseCertificates(*certificatePemData);
    if (chain.empty()) {
        setError(error,
                 withOpenSslDetail(
                     QStringLiteral("The certificate %1 is damaged or not a PEM certificate").arg(certificatePath)));
        return std::nullopt;
    }
    const std::optional<QByteArray> keyPem = readPemFile(keyPath, QStringLiteral("private key"), error);
    if (!keyPem)
        return std::nullopt;
    const PkeyPtr key = parsePrivateKey(*keyPem, keyPath, error);
    if (!key)
        return std::nullopt;
    X509 *leaf = chain.front().get();
    if (X509_check_private_key(leaf, key.get()) != 1) {
        takeOpenSslErrors();
        setError(error, QStringLiteral("The private key %1 does not belong to the certificate %2 (the first "
                                       "certificate in the file must be the server's own)")
                            .arg(keyPath, certificatePath));
        return std::nullopt;
    }
    const Validity validity = validityAt(leaf, static_cast<std::time_t>(QDateTime::currentSecsSinceEpoch()));
    if (validity != Validity::Valid) {
        setError(error, validityProblem(leaf, validity, certificatePath));
        return std::nullopt;
    }
    const std::optional<ParsedIdentity> identity = toQtIdentity(chain, key.get(), keyPath, error);
    if (!identity)
        return std::nullopt;
    return TlsIdentity(identity->chain, identity->key, false);
}

QSslCertificate TlsIdentity::certificate() const
{
    return m_chain.isEmpty() ? QSslCertificate() : m_chain.constFirst();
}

QList<QSslCertificate> TlsIdentity::chain() const
{
    return m_chain;
}

QSslKey TlsIdentity::key() const
{
    return m_key;
}

QByteArray TlsIdentity::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256).toHex(':').toUpper();
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    // Browsers bring no client certificate; viewers prove themselves with the password instead.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

bool TlsIdentity::isSelfMade() const
{
    return m_selfMade;
}

} // namespace deskport
