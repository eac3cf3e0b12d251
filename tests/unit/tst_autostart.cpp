#include "core/autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using deskport::Autostart;

class TestAutostart : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;

    QString autostartDir() const { return m_config.filePath(QStringLiteral("autostart")); }

    static QStringList entryLines()
    {
        QFile file(Autostart::entryPath());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }

    static QString execValue()
    {
        const QStringList lines = entryLines();
        for (const QString &line : lines) {
            if (line.startsWith(u"Exec="))
                return line.mid(5);
        }
        return QString();
    }

    static bool writeEntry(const QByteArray &contents)
    {
        QFile file(Autostart::entryPath());
        return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
    }

    // Root ignores permission bits, so a read-only directory proves nothing there.
    static bool canCreateFileIn(const QString &directory)
    {
        QFile probe(QDir(directory).filePath(QStringLiteral("probe")));
        if (!probe.open(QIODevice::WriteOnly))
            return false;
        probe.remove();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        // Before any QStandardPaths call: the entry must land here, not in the real ~/.config/autostart.
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCOMPARE(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation), m_config.path());
    }

    void cleanup()
    {
        // Leave the folder writable and empty for the next test (and for QTemporaryDir's clean-up).
        QFile::setPermissions(m_config.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(autostartDir(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFileInfo info(autostartDir());
        if (info.isDir())
            QDir(autostartDir()).removeRecursively();
        else if (info.exists())
            QFile::remove(autostartDir());
    }

    void entryPath()
    {
        QCOMPARE(Autostart::entryPath(), m_config.path() + QStringLiteral("/autostart/deskport.desktop"));
    }

    void enableAndDisable()
    {
        QVERIFY(!Autostart::isEnabled());
        QVERIFY(!QFileInfo::exists(autostartDir()));

        QString error;
        QVERIFY2(Autostart::setEnabled(true, QStringLiteral("/opt/Desk Port/bin/deskport"), {QStringLiteral("--share")},
                                       &error),
                 qPrintable(error));
        QVERIFY(error.isEmpty());
        QVERIFY(QFileInfo(Autostart::entryPath()).isFile());
        QVERIFY(Autostart::isEnabled());

        const QStringList expected = {
            QStringLiteral("[Desktop Entry]"),
            QStringLiteral("Type=Application"),
            QStringLiteral("Name=Deskport"),
            QStringLiteral("Comment=Share this screen with any web browser"),
            QStringLiteral("Exec=\"/opt/Desk Port/bin/deskport\" --share"),
            QStringLiteral("Icon=deskport"),
            QStringLiteral("X-GNOME-Autostart-enabled=true"),
            QStringLiteral("Terminal=false"),
        };
        QCOMPARE(entryLines(), expected);
        // Nothing but the entry: QSaveFile's temporary file is gone.
        QCOMPARE(QDir(autostartDir()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("deskport.desktop")});

        // Again, with other arguments: replaced, not appended.
        QVERIFY(Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, &error));
        QCOMPARE(execValue(), QStringLiteral("/usr/bin/deskport"));
        QCOMPARE(entryLines().size(), expected.size());

        QVERIFY2(Autostart::setEnabled(false, QString(), {}, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(Autostart::entryPath()));
        QVERIFY(!Autostart::isEnabled());
        // Already off: nothing to do, not an error.
        QVERIFY(Autostart::setEnabled(false, QString(), {}, &error));
        QVERIFY(Autostart::setEnabled(false, QString(), {}, nullptr));
    }

    void execQuoting_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("exec");

        QTest::newRow("plain") << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("--share")}
                               << QStringLiteral("/usr/bin/deskport --share");
        QTest::newRow("space") << QStringLiteral("/home/me/My Apps/deskport")
                               << QStringList{QStringLiteral("--share"), QStringLiteral("--port"),
                                              QStringLiteral("8080")}
                               << QStringLiteral("\"/home/me/My Apps/deskport\" --share --port 8080");
        QTest::newRow("empty argument") << QStringLiteral("/usr/bin/deskport") << QStringList{QString()}
                                        << QStringLiteral("/usr/bin/deskport \"\"");
        // Inside double quotes ", `, $ and \ get a backslash; then the string escapes double every backslash.
        QTest::newRow("double quote") << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("a\"b")}
                                      << QStringLiteral("/usr/bin/deskport \"a\\\\\"b\"");
        QTest::newRow("dollar") << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("$HOME")}
                                << QStringLiteral("/usr/bin/deskport \"\\\\$HOME\"");
        QTest::newRow("backtick") << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("`id`")}
                                  << QStringLiteral("/usr/bin/deskport \"\\\\`id\\\\`\"");
        QTest::newRow("backslash") << QStringLiteral("C:\\deskport") << QStringList{}
                                   << QStringLiteral("\"C:\\\\\\\\deskport\"");
        QTest::newRow("single quote") << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("it's")}
                                      << QStringLiteral("/usr/bin/deskport \"it's\"");
        QTest::newRow("shell characters")
            << QStringLiteral("/usr/bin/deskport")
            << QStringList{QStringLiteral("a;b"), QStringLiteral("a|b"), QStringLiteral("a&b"),
                           QStringLiteral("<a>"), QStringLiteral("~"),   QStringLiteral("*"),
                           QStringLiteral("?"),   QStringLiteral("#"),   QStringLiteral("(a)")}
            << QStringLiteral("/usr/bin/deskport \"a;b\" \"a|b\" \"a&b\" \"<a>\" \"~\" \"*\" \"?\" \"#\" \"(a)\"");
        // % starts a field code (%f, %u...), so a literal one is doubled.
        QTest::newRow("percent") << QStringLiteral("/usr/bin/deskport")
                                 << QStringList{QStringLiteral("100%"), QStringLiteral("50% off")}
                                 << QStringLiteral("/usr/bin/deskport 100%% \"50%% off\"");
        // A newline would end the Exec line: it becomes the \n escape inside a quoted argument.
        QTest::newRow("newline and tab") << QStringLiteral("/usr/bin/deskport")
                                         << QStringList{QStringLiteral("a\nb"), QStringLiteral("c\td")}
                                         << QStringLiteral("/usr/bin/deskport \"a\\nb\" \"c\\td\"");
        QTest::newRow("unicode") << QStringLiteral("/opt/Präsentation/deskport") << QStringList{QStringLiteral("ёж")}
                                 << QStringLiteral("/opt/Präsentation/deskport ёж");
        QTest::newRow("equals is not reserved")
            << QStringLiteral("/usr/bin/deskport") << QStringList{QStringLiteral("--bind=::1")}
            << QStringLiteral("/usr/bin/deskport --bind=::1");
    }

    void execQuoting()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        QFETCH(QString, exec);
        QString error;
        QVERIFY2(Autostart::setEnabled(true, program, arguments, &error), qPrintable(error));
        QCOMPARE(execValue(), exec);
        QCOMPARE(entryLines().size(), 8);
    }

    void disabledByTheDesktop_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<bool>("enabled");
        const QByteArray head = "[Desktop Entry]\nType=Application\nName=Deskport\nExec=/usr/bin/deskport\n";
        QTest::newRow("ours") << head + "X-GNOME-Autostart-enabled=true\n" << true;
        QTest::newRow("Hidden=true") << head + "Hidden=true\n" << false;
        QTest::newRow("Hidden=false") << head + "Hidden=false\n" << true;
        QTest::newRow("GNOME switch off") << head + "X-GNOME-Autostart-enabled=false\n" << false;
        QTest::newRow("spaces around =") << head + "Hidden = true\n" << false;
        QTest::newRow("other group") << head + "[Desktop Action share]\nHidden=true\n" << true;
    }

    void disabledByTheDesktop()
    {
        QFETCH(QByteArray, contents);
        QFETCH(bool, enabled);
        QVERIFY(QDir().mkpath(autostartDir()));
        QVERIFY(writeEntry(contents));
        QCOMPARE(Autostart::isEnabled(), enabled);
    }

    void readOnlyDirectory()
    {
        QVERIFY(QDir().mkpath(autostartDir()));
        QVERIFY(QFile::setPermissions(autostartDir(), QFile::ReadOwner | QFile::ExeOwner)); // 0500
        if (canCreateFileIn(autostartDir()))
            QSKIP("Running with privileges that ignore permissions (root); blockedPath covers the failure");
        QString error;
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(Autostart::entryPath()), qPrintable(error));
        QVERIFY(!QFileInfo::exists(Autostart::entryPath()));
        QVERIFY(!Autostart::isEnabled());
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, nullptr));
    }

    void readOnlyConfigDirectory()
    {
        // No autostart folder yet, and it cannot be created.
        QVERIFY(QFile::setPermissions(m_config.path(), QFile::ReadOwner | QFile::ExeOwner));
        if (canCreateFileIn(m_config.path()))
            QSKIP("Running with privileges that ignore permissions (root); blockedPath covers the failure");
        QString error;
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, &error));
        QVERIFY2(error.contains(autostartDir()), qPrintable(error));
    }

    void cannotRemove()
    {
        QVERIFY(QDir().mkpath(autostartDir()));
        QVERIFY(writeEntry("[Desktop Entry]\nExec=/usr/bin/deskport\n"));
        QVERIFY(QFile::setPermissions(autostartDir(), QFile::ReadOwner | QFile::ExeOwner));
        if (canCreateFileIn(autostartDir()))
            QSKIP("Running with privileges that ignore permissions (root); blockedPath covers the failure");
        QString error;
        QVERIFY(!Autostart::setEnabled(false, QString(), {}, &error));
        QVERIFY2(error.contains(Autostart::entryPath()), qPrintable(error));
        QVERIFY(Autostart::isEnabled());
    }

    // Failures that hold for root too.
    void blockedPath()
    {
        QString error;
        // A file where the autostart folder should be.
        QFile blocker(autostartDir());
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, &error));
        QVERIFY2(error.contains(autostartDir()), qPrintable(error));
        QVERIFY(!Autostart::isEnabled());
        QVERIFY(QFile::remove(autostartDir()));

        // A folder where the entry should be: neither written nor removed.
        QVERIFY(QDir().mkpath(Autostart::entryPath()));
        error.clear();
        QVERIFY(!Autostart::setEnabled(true, QStringLiteral("/usr/bin/deskport"), {}, &error));
        QVERIFY2(error.contains(Autostart::entryPath()), qPrintable(error));
        error.clear();
        QVERIFY(!Autostart::setEnabled(false, QString(), {}, &error));
        QVERIFY2(error.contains(Autostart::entryPath()), qPrintable(error));
        QVERIFY(QFileInfo(Autostart::entryPath()).isDir());
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
