#include "core/passwordhash.h"
#include "core/passwordstore.h"

#include <QFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace deskport;

namespace {

constexpr int FastIterations = 1000;

QByteArray withPart(const QByteArray &hash, int index, const QByteArray &part)
{
    QList<QByteArray> parts = hash.split('$');
    parts[index] = part;
    return parts.join('$');
}

} // namespace

class TestPasswordHash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format()
    {
        const QByteArray hash = PasswordHash::create(QStringLiteral("secret"), FastIterations);
        const QList<QByteArray> parts = hash.split('$');
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts.at(0), QByteArray("pbkdf2-sha256"));
        QCOMPARE(parts.at(1), QByteArray("1000"));
        QCOMPARE(QByteArray::fromBase64(parts.at(2)).size(), 16);
        QCOMPARE(QByteArray::fromBase64(parts.at(3)).size(), 32);
    }

    void verifyMatches()
    {
        const QByteArray hash = PasswordHash::create(QStringLiteral("correct horse"), FastIterations);
        QVERIFY(PasswordHash::verify(QStringLiteral("correct horse"), hash));
        QVERIFY(!PasswordHash::verify(QStringLiteral("correct horsE"), hash));
        QVERIFY(!PasswordHash::verify(QStringLiteral("correct horse "), hash));
        QVERIFY(!PasswordHash::verify(QString(), hash));
    }

    void unicodePassword()
    {
        const QString password = QStringLiteral("Gr\u00fc\u00dfe \u20ac \U0001F511");
        const QByteArray hash = PasswordHash::create(password, FastIterations);
        QVERIFY(PasswordHash::verify(password, hash));
        QVERIFY(!PasswordHash::verify(QStringLiteral("Grusse"), hash));
    }

    void knownAnswer()
    {
        // RFC 7914 / common PBKDF2-HMAC-SHA256 test vector: P = "password", S = "salt", c = 1, dkLen = 32.
        const QByteArray key = QByteArray::fromHex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
        const QByteArray stored = "pbkdf2-sha256$1$" + QByteArray("salt").toBase64() + '$' + key.toBase64();
        QVERIFY(PasswordHash::verify(QStringLiteral("password"), stored));
        QVERIFY(!PasswordHash::verify(QStringLiteral("passwore"), stored));
    }

    void saltsDiffer()
    {
        const QByteArray a = PasswordHash::create(QStringLiteral("same"), FastIterations);
        const QByteArray b = PasswordHash::create(QStringLiteral("same"), FastIterations);
        QVERIFY(a != b);
        QVERIFY(a.split('$').at(2) != b.split('$').at(2));
        QVERIFY(a.split('$').at(3) != b.split('$').at(3));
        QVERIFY(PasswordHash::verify(QStringLiteral("same"), a));
        QVERIFY(PasswordHash::verify(QStringLiteral("same"), b));
    }

    void tampered()
    {
        const QString password = QStringLiteral("secret");
        const QByteArray hash = PasswordHash::create(password, FastIterations);
        QVERIFY(PasswordHash::verify(password, hash));

        // Another key of the right length.
        QByteArray key = QByteArray::fromBase64(hash.split('$').at(3));
        key[5] = char(key[5] ^ 0x01);
        QVERIFY(!PasswordHash::verify(password, withPart(hash, 3, key.toBase64())));
        // Another salt.
        QByteArray salt = QByteArray::fromBase64(hash.split('$').at(2));
        salt[0] = char(salt[0] ^ 0x80);
        QVERIFY(!PasswordHash::verify(password, withPart(hash, 2, salt.toBase64())));
        // Another cost.
        QVERIFY(!PasswordHash::verify(password, withPart(hash, 1, "1001")));
        QVERIFY(!PasswordHash::verify(password, withPart(hash, 1, "999")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("stored");
        const QByteArray salt = QByteArray(16, 's').toBase64();
        const QByteArray key = QByteArray(32, 'k').toBase64();
        const QByteArray good = "pbkdf2-sha256$1000$" + salt + '$' + key;
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("not a hash");
        QTest::newRow("plain text") << QByteArray("secret");
        QTest::newRow("three parts") << QByteArray("pbkdf2-sha256$1000$" + salt);
        QTest::newRow("five parts") << QByteArray(good + "$x");
        QTest::newRow("other scheme") << withPart(good, 0, "pbkdf2-sha1");
        QTest::newRow("scheme case") << withPart(good, 0, "PBKDF2-SHA256");
        QTest::newRow("iterations 0") << withPart(good, 1, "0");
        QTest::newRow("iterations negative") << withPart(good, 1, "-1000");
        QTest::newRow("iterations plus") << withPart(good, 1, "+1000");
        QTest::newRow("iterations space") << withPart(good, 1, " 1000");
        QTest::newRow("iterations leading zero") << withPart(good, 1, "01000");
        QTest::newRow("iterations too many") << withPart(good, 1, "10000001");
        QTest::newRow("iterations huge") << withPart(good, 1, "99999999999999999999");
        QTest::newRow("iterations text") << withPart(good, 1, "many");
        QTest::newRow("iterations exponent") << withPart(good, 1, "1e3");
        QTest::newRow("iterations empty") << withPart(good, 1, "");
        QTest::newRow("salt empty") << withPart(good, 2, "");
        QTest::newRow("salt bad base64") << withPart(good, 2, "!!!!****");
        QTest::newRow("key empty") << withPart(good, 3, "");
        QTest::newRow("key bad base64") << withPart(good, 3, "@@@@");
        QTest::newRow("key too short") << withPart(good, 3, QByteArray(31, 'k').toBase64());
        QTest::newRow("key too long") << withPart(good, 3, QByteArray(33, 'k').toBase64());
    }

    void malformed()
    {
        QFETCH(QByteArray, stored);
        QVERIFY(!PasswordHash::verify(QStringLiteral("secret"), stored));
        QVERIFY(!PasswordHash::verify(QString(), stored));
    }

    void defaultIterations()
    {
        const QByteArray hash = PasswordHash::create(QStringLiteral("slow but sure"));
        QCOMPARE(hash.split('$').at(1), QByteArray::number(PasswordHash::DefaultIterations));
        QVERIFY(PasswordHash::DefaultIterations >= 100000);
        QVERIFY(PasswordHash::verify(QStringLiteral("slow but sure"), hash));
    }

    void generate()
    {
        const QString alphabet = QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
        QSet<QString> seen;
        QSet<QChar> used;
        for (int i = 0; i < 500; ++i) {
            const QString password = PasswordHash::generate();
            QCOMPARE(password.size(), 20);
            for (const QChar c : password) {
                QVERIFY2(alphabet.contains(c), qPrintable(password));
                used.insert(c);
            }
            for (const QChar lookAlike : {u'0', u'O', u'1', u'l', u'I'})
                QVERIFY(!password.contains(lookAlike));
            seen.insert(password);
        }
        QCOMPARE(seen.size(), 500);
        // 10000 draws from 57 characters: every one shows up.
        QCOMPARE(used.size(), alphabet.size());
    }

    void storeRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("deskport.ini"));
        {
            QSettings settings(path, QSettings::IniFormat);
            PasswordStore store(settings);
            QVERIFY(!store.hasControlPassword());
            QVERIFY(store.controlHash().isEmpty());
            QVERIFY(store.viewHash().isEmpty());
            store.setPasswords(QStringLiteral("control pw"), QStringLiteral("view pw"), FastIterations);
            QVERIFY(store.hasControlPassword());
            QVERIFY(PasswordHash::verify(QStringLiteral("control pw"), store.controlHash()));
            QVERIFY(PasswordHash::verify(QStringLiteral("view pw"), store.viewHash()));
        }
        // Synced: another QSettings on the same file sees the hashes.
        QSettings reopened(path, QSettings::IniFormat);
        PasswordStore store(reopened);
        QVERIFY(PasswordHash::verify(QStringLiteral("control pw"), store.controlHash()));
        QVERIFY(PasswordHash::verify(QStringLiteral("view pw"), store.viewHash()));
        QVERIFY(reopened.contains(QStringLiteral("auth/control")));
        QVERIFY(reopened.contains(QStringLiteral("auth/view")));

        // Only hashes on disk.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray contents = file.readAll();
        QVERIFY(contents.contains("pbkdf2-sha256$"));
        QVERIFY(!contents.contains("control pw"));
        QVERIFY(!contents.contains("view pw"));
    }

    void storeRemovesViewPassword()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deskport.ini"));
        QSettings settings(path, QSettings::IniFormat);
        PasswordStore store(settings);
        store.setPasswords(QStringLiteral("one"), QStringLiteral("two"), FastIterations);
        QVERIFY(!store.viewHash().isEmpty());
        const QByteArray oldControl = store.controlHash();
        store.setPasswords(QStringLiteral("three"), QString(), FastIterations);
        QVERIFY(store.viewHash().isEmpty());
        QVERIFY(!settings.contains(QStringLiteral("auth/view")));
        QVERIFY(store.controlHash() != oldControl);
        QVERIFY(PasswordHash::verify(QStringLiteral("three"), store.controlHash()));
        QVERIFY(!PasswordHash::verify(QStringLiteral("one"), store.controlHash()));
        QSettings reopened(path, QSettings::IniFormat);
        QVERIFY(!reopened.contains(QStringLiteral("auth/view")));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_passwordhash.moc"
