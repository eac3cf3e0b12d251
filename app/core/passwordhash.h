#pragma once

#include <QByteArray>
#include <QString>

namespace deskport {

// Salted PBKDF2-HMAC-SHA256 password hashes (QPasswordDigestor), stored as
// "pbkdf2-sha256$<iterations>$<base64 salt>$<base64 key>" so the cost can be raised later without breaking
// stored hashes.
namespace PasswordHash {

constexpr int DefaultIterations = 120000;

// A new hash with a fresh 16-byte salt from the system CSPRNG.
QByteArray create(const QString &password, int iterations = DefaultIterations);

// True if password matches. Compares in constant time; a malformed stored hash never matches.
bool verify(const QString &password, const QByteArray &stored);

// A strong random password for people to type: 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
QString generate();

} // namespace PasswordHash
} // namespace deskport
