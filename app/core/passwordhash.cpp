#include "core/passwordhash.h"

#include <QCryptographicHash>
#include <QList>
#include <QPasswordDigestor>
#include <QRandomGenerator>

#include <optional>

namespace deskport::PasswordHash {

namespace {

constexpr char Scheme[] = "pbkdf2-sha256";
constexpr int SaltBytes = 16;
constexpr int KeyBytes = 32;
constexpr int MaxIterations = 10000000;

QByteArray deriveKey(const QString &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, iterations,
                                              KeyBytes);
}

// Strict: ASCII digits only, no sign, no leading zero, within 1..MaxIterations.
int parseIterations(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 8 || text.front() == '0')
        return 0;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return 0;
        value = value * 10 + (c - '0');
    }
    return value <= MaxIterations ? value : 0;
}

std::optional<QByteArray> decodeBase64(const QByteArray &text)
{
    const auto result = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.isEmpty())
        return std::nullopt;
    return result.decoded;
}

// Time depends on the length only, not on where the first difference is.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace

QByteArray create(const QString &password, int iterations)
{
    Q_ASSERT(iterations >= 1 && iterations <= MaxIterations);
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    QList<quint32> words(SaltBytes / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    for (int i = 0; i < SaltBytes; ++i)
        salt[i] = static_cast<char>(words.at(i / 4) >> (8 * (i % 4)));
    const QByteArray key = deriveKey(password, salt, iterations);
    return QByteArray(Scheme) + '$' + QByteArray::number(iterations) + '$' + salt.toBase64() + '$' + key.toBase64();
}

bool verify(const QString &password, const QByteArray &stored)
{
    const QList<QByteArray> parts = stored.split('$');
    if (parts.size() != 4 || parts.at(0) != Scheme)
        return false;
    const int iterations = parseIterations(parts.at(1));
    const std::optional<QByteArray> salt = decodeBase64(parts.at(2));
    const std::optional<QByteArray> key = decodeBase64(parts.at(3));
    if (iterations < 1 || !salt || !key || key->size() != KeyBytes)
        return false;
    return constantTimeEquals(deriveKey(password, *salt, iterations), *key);
}

QString generate()
{
    // No 0/O and no 1/l/I: people read these passwords off a screen and type them on a phone.
    static constexpr char16_t Alphabet[] = u"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    constexpr quint32 AlphabetSize = sizeof(Alphabet) / sizeof(Alphabet[0]) - 1;
    constexpr int Length = 20;
    QString password;
    password.reserve(Length);
    for (int i = 0; i < Length; ++i)
        password.append(QChar(Alphabet[QRandomGenerator::system()->bounded(AlphabetSize)]));
    return password;
}

} // namespace deskport::PasswordHash
