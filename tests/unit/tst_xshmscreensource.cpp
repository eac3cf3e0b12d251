// The X11 shared-memory capture against a real Xvfb: known colours painted with Xlib on the root window come back
// at the right places, for the whole screen and for a part of it; a bad area and a missing display are refused
// with a reason.

#include "capture/virtualdisplay.h"
#include "capture/x11/xshmscreensource.h"

#include <QStandardPaths>
#include <QTest>

#include <X11/Xlib.h>

#include <memory>

using namespace deskport;

namespace {

bool near(QRgb actual, QColor expected)
{
    return qAbs(qRed(actual) - expected.red()) <= 2 && qAbs(qGreen(actual) - expected.green()) <= 2
        && qAbs(qBlue(actual) - expected.blue()) <= 2;
}

} // namespace

class TestXShmScreenSource : public QObject
{
    Q_OBJECT

    void paint(const QRect &rect, QColor color);

    std::unique_ptr<VirtualDisplay> m_xvfb;
    Display *m_display = nullptr;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void wholeScreen();
    void partOfTheScreen();
    void followsChanges();
    void stillScreenIsNotReadAgain();
    void refusesAreasOffTheScreen();
    void refusesAMissingDisplay();
};

void TestXShmScreenSource::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty()) {
        QSKIP("Xvfb is not installed");
    }
    m_xvfb = std::make_unique<VirtualDisplay>();
    QString error;
    QVERIFY2(m_xvfb->start(QSize(640, 480), &error), qPrintable(error));
    m_display = XOpenDisplay(m_xvfb->name().toLocal8Bit().constData());
    QVERIFY(m_display);
    paint(QRect(0, 0, 640, 480), QColor(10, 20, 30));
    paint(QRect(0, 0, 320, 240), QColor(200, 30, 40));
    paint(QRect(320, 240, 320, 240), QColor(40, 180, 90));
}

void TestXShmScreenSource::cleanupTestCase()
{
    if (m_display) {
        XCloseDisplay(m_display);
    }
    m_xvfb.reset();
}

void TestXShmScreenSource::paint(const QRect &rect, QColor color)
{
    const int screen = DefaultScreen(m_display);
    GC gc = XCreateGC(m_display, RootWindow(m_display, screen), 0, nullptr);
    XSetForeground(m_display, gc, (ulong(color.red()) << 16) | (ulong(color.green()) << 8) | ulong(color.blue()));
    XFillRectangle(m_display, RootWindow(m_display, screen), gc, rect.x(), rect.y(), uint(rect.width()),
                   uint(rect.height()));
    XFreeGC(m_display, gc);
    XSync(m_display, False);
}

void TestXShmScreenSource::wholeScreen()
{
    QString why;
    const auto source = XShmScreenSource::create(m_xvfb->name(), QRect(0, 0, 640, 480), &why);
    QVERIFY2(source, qPrintable(why));
    QCOMPARE(source->name(), QStringLiteral("x11-shm"));
    const QImage image = source->grab();
    QCOMPARE(image.size(), QSize(640, 480));
    QVERIFY(near(image.pixel(10, 10), QColor(200, 30, 40)));
    QVERIFY(near(image.pixel(319, 239), QColor(200, 30, 40)));
    QVERIFY(near(image.pixel(320, 240), QColor(40, 180, 90)));
    QVERIFY(near(image.pixel(639, 479), QColor(40, 180, 90)));
    QVERIFY(near(image.pixel(600, 10), QColor(10, 20, 30)));
}

void TestXShmScreenSource::partOfTheScreen()
{
    QString why;
    const auto source = XShmScreenSource::create(m_xvfb->name(), QRect(300, 220, 40, 40), &why);
    QVERIFY2(source, qPrintable(why));
    QCOMPARE(source->geometry(), QRect(300, 220, 40, 40));
    const QImage image = source->grab();
    QCOMPARE(image.size(), QSize(40, 40));
    QVERIFY(near(image.pixel(0, 0), QColor(200, 30, 40)));    // (300, 220)
    QVERIFY(near(image.pixel(19, 19), QColor(200, 30, 40)));  // (319, 239)
    QVERIFY(near(image.pixel(20, 20), QColor(40, 180, 90)));  // (320, 240)
    QVERIFY(near(image.pixel(39, 0), QColor(10, 20, 30)));    // (339, 220)
}

void TestXShmScreenSource::followsChanges()
{
    QString why;
    const auto source = XShmScreenSource::create(m_xvfb->name(), QRect(0, 0, 640, 480), &why);
    QVERIFY2(source, qPrintable(why));
    const QImage before = source->grab();
    paint(QRect(100, 100, 10, 10), Qt::yellow);
    const QImage after = source->grab();
    // The earlier frame is a copy: the next grab must not change it under the pipeline's feet.
    QVERIFY(near(before.pixel(105, 105), QColor(200, 30, 40)));
    QVERIFY(near(after.pixel(105, 105), Qt::yellow));
    paint(QRect(100, 100, 10, 10), QColor(200, 30, 40));
}

void TestXShmScreenSource::stillScreenIsNotReadAgain()
{
    QString why;
    const auto source = XShmScreenSource::create(m_xvfb->name(), QRect(0, 0, 640, 480), &why);
    QVERIFY2(source, qPrintable(why));
    QVERIFY(source->usesDamage()); // Xvfb has DAMAGE
    // Xvfb reports the new damage object's first damage a little after it is made: one extra read, then quiet.
    source->grab();
    QTest::qWait(50);
    const QImage first = source->grab();
    QTest::qWait(50); // nothing is drawn
    const QImage second = source->grab();
    // The same buffer: the screen was not read again.
    QCOMPARE(second.constBits(), first.constBits());
    paint(QRect(200, 200, 8, 8), Qt::cyan);
    // Damage arrives as an event; give it a moment, then the next grab reads the screen.
    QImage third;
    QTRY_VERIFY_WITH_TIMEOUT(near((third = source->grab()).pixel(203, 203), Qt::cyan), 2000);
    QVERIFY(third.constBits() != first.constBits());
    QVERIFY(near(first.pixel(203, 203), QColor(200, 30, 40))); // the earlier frame is untouched
    paint(QRect(200, 200, 8, 8), QColor(200, 30, 40));
}

void TestXShmScreenSource::refusesAreasOffTheScreen()
{
    QString why;
    QVERIFY(!XShmScreenSource::create(m_xvfb->name(), QRect(600, 0, 100, 100), &why));
    QVERIFY2(why.contains(QStringLiteral("not on the X screen")), qPrintable(why));
    QVERIFY(!XShmScreenSource::create(m_xvfb->name(), QRect(), &why));
}

void TestXShmScreenSource::refusesAMissingDisplay()
{
    QString why;
    QVERIFY(!XShmScreenSource::create(QStringLiteral(":4999"), QRect(0, 0, 10, 10), &why));
    QVERIFY2(why.contains(QStringLiteral("cannot connect")), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestXShmScreenSource)
#include "tst_xshmscreensource.moc"
