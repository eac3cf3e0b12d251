#pragma once

#include <QFile>
#include <QString>
#include <QXmlStreamReader>

namespace deskport::guitest {

// The translation of `source` in `context` ("deskport::TrayController") from a Qt Linguist .ts file, or an empty
// string when it is missing or unfinished. Lets the tests compare the live UI with what the translators wrote.
inline QString tsTranslation(const QString &tsFile, const QString &context, const QString &source)
{
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QXmlStreamReader xml(&file);
    QString currentContext;
    QString currentSource;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (xml.name() == u"context") {
            currentContext.clear();
        } else if (xml.name() == u"name") {
            currentContext = xml.readElementText();
        } else if (xml.name() == u"source") {
            currentSource = xml.readElementText();
        } else if (xml.name() == u"translation" && currentContext == context && currentSource == source) {
            const bool unfinished = xml.attributes().value(QStringLiteral("type")) == u"unfinished";
            const QString text = xml.readElementText();
            return unfinished ? QString() : text;
        }
    }
    return {};
}

} // namespace deskport::guitest
