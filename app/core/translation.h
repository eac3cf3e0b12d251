#pragma once

#include <QString>

namespace deskport {

// Switches the user interface language: "de", "ru", "en", or empty for the system's language (the first of
// QLocale::system().uiLanguages() that Deskport has). Loads ":/i18n/deskport_<lang>.qm" (built into the binary
// from translations/); English needs no file. Qt sends QEvent::LanguageChange, so open windows retranslate.
// Returns the language now in use ("en" when nothing matched).
QString useLanguage(const QString &language);

} // namespace deskport
