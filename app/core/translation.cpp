#include "core/translation.h"

#include "core/corelog.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace deskport {

namespace {

QTranslator *installed = nullptr;

bool hasTranslation(const QString &language)
{
    return QFile::exists(QStringLiteral(":/i18n/deskport_%1.qm").arg(language));
}

QString pickLanguage(const QString &language)
{
    if (!language.isEmpty()) {
        return language;
    }
    for (const QString &name : QLocale::system().uiLanguages()) {
        // "de-DE" -> "de"
        const QString code = name.section(u'-', 0, 0).section(u'_', 0, 0).toLower();
        if (code == u"en" || hasTranslation(code)) {
            return code;
        }
    }
    return QStringLiteral("en");
}

} // namespace

QString useLanguage(const QString &language)
{
    const QString chosen = pickLanguage(language);
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
        installed = nullptr;
    }
    if (chosen == u"en") {
        return chosen;
    }
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(QStringLiteral(":/i18n/deskport_%1.qm").arg(chosen))) {
        qCWarning(lcCore).noquote() << "no translation for language" << chosen << "- using English";
        return QStringLiteral("en");
    }
    installed = translator.release();
    QCoreApplication::installTranslator(installed);
    return chosen;
}

} // namespace deskport
