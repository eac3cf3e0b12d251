// The XFixes pointer source against a real Xvfb: the pointer's position after warping it, the picture of a cursor
// the test defines itself (a two-colour pixmap cursor: exact pixels, hotspot and transparency), a change of shape
// reported once with a new serial, a blank cursor as the hidden pointer, pause and resume; a missing display is
// refused with a reason. And the screen grabs (XShm) never contain the pointer, wherever it is: a moving pointer
// changes no pixel the pipeline would encode.

#include "capture/cursorimage.h"
#include "capture/virtualdisplay.h"
#include "capture/x11/xfixescursorsource.h"
#include "capture/x11/xshmscreensource.h"

#include <QDeadlineTimer>
#include <QStandardPaths>
#include <QTest>

#include <memory>

// X headers last: their macros (None, Bool, Status...) collide with names in Qt's headers.
#include <X11/Xlib.h>
#include <X11/cursorfont.h>

using namespace deskport;

namespace {

const QSize ScreenSize(320, 240);

// The next picture the source reports, waiting a little for the X server's change event to arrive.
std::optional<CursorImage> nextImage(CursorSource &source)
{
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (std::optional<CursorImage> image = source.changedImage()) {
            return image;
        }
        QTest::qWait(10);
    }
    return std::nullopt;
}

int visiblePixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            count += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        }
    }
    return count;
}

} // namespace

class TestXFixesCursorSource : public QObject
{
    Q_OBJECT

    // A 16x16 cursor, hotspot (3, 5): the left half is the foreground colour, the right half the background
    // colour, and the bottom four rows are outside the mask (transparent). blank: nothing inside the mask.
    Cursor twoColourCursor(bool blank = false);
    void showCursor(Cursor cursor);
    void warp(QPoint to);

    std::unique_ptr<VirtualDisplay> m_xvfb;
    Display *m_display = nullptr;
    Window m_window = 0;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void refusesAMissingDisplay();
    void followsThePosition();
    void firstCallGivesTheCurrentPicture();
    void definedCursorHasExactPixelsAndHotspot();
    void shapeChangesAreReportedOnce();
    void blankCursorIsHidden();
    void resumeGivesThePictureAgain();
    void grabsNeverContainThePointer();
};

void TestXFixesCursorSource::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty()) {
        QSKIP("Xvfb is not installed");
    }
    m_xvfb = std::make_unique<VirtualDisplay>();
    QString error;
    QVERIFY2(m_xvfb->start(ScreenSize, &error), qPrintable(error));
    m_display = XOpenDisplay(m_xvfb->name().toLocal8Bit().constData());
    QVERIFY(m_display);
    // A window over the whole screen whose cursor the tests set (no window manager: mapped at once).
    const int screen = DefaultScreen(m_display);
    m_window = XCreateSimpleWindow(m_display, RootWindow(m_display, screen), 0, 0, uint(ScreenSize.width()),
                                   uint(ScreenSize.height()), 0, BlackPixel(m_display, screen),
                                   WhitePixel(m_display, screen));
    XMapWindow(m_display, m_window);
    XSync(m_display, False);
}

void TestXFixesCursorSource::cleanupTestCase()
{
    if (m_display) {
        XCloseDisplay(m_display);
    }
    m_xvfb.reset();
}

void TestXFixesCursorSource::init()
{
    // Every test starts with the window showing the root's default cursor and the pointer in the middle.
    XUndefineCursor(m_display, m_window);
    warp(QPoint(160, 120));
}

void TestXFixesCursorSource::warp(QPoint to)
{
    XWarpPointer(m_display, 0L, DefaultRootWindow(m_display), 0, 0, 0, 0, to.x(), to.y());
    XSync(m_display, False);
}

void TestXFixesCursorSource::showCursor(Cursor cursor)
{
    XDefineCursor(m_display, m_window, cursor);
    XSync(m_display, False);
}

Cursor TestXFixesCursorSource::twoColourCursor(bool blank)
{
    const Window root = DefaultRootWindow(m_display);
    // XBM bit order: least significant bit first, rows of 2 bytes.
    char shape[32];
    char mask[32];
    for (int row = 0; row < 16; ++row) {
        shape[row * 2] = char(0xff);   // x 0..7: foreground
        shape[row * 2 + 1] = 0;        // x 8..15: background
        const bool inside = !blank && row < 12;
        mask[row * 2] = inside ? char(0xff) : 0;
        mask[row * 2 + 1] = inside ? char(0xff) : 0;
    }
    const Pixmap shapePixmap = XCreateBitmapFromData(m_display, root, shape, 16, 16);
    const Pixmap maskPixmap = XCreateBitmapFromData(m_display, root, mask, 16, 16);
    XColor foreground{};
    foreground.red = 0xffff;
    XColor background{};
    background.blue = 0xffff;
    const Cursor cursor = XCreatePixmapCursor(m_display, shapePixmap, maskPixmap, &foreground, &background, 3, 5);
    XFreePixmap(m_display, shapePixmap);
    XFreePixmap(m_display, maskPixmap);
    return cursor;
}

void TestXFixesCursorSource::refusesAMissingDisplay()
{
    QString why;
    QVERIFY(!XFixesCursorSource::create(QStringLiteral(":987"), &why));
    QVERIFY2(why.contains(QStringLiteral("X server")), qPrintable(why));
}

void TestXFixesCursorSource::followsThePosition()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    QCOMPARE(source->name(), QStringLiteral("x11-xfixes"));
    QCOMPARE(source->position(), std::optional<QPoint>(QPoint(160, 120)));
    warp(QPoint(37, 201));
    QCOMPARE(source->position(), std::optional<QPoint>(QPoint(37, 201)));
    warp(QPoint(0, 0));
    QCOMPARE(source->position(), std::optional<QPoint>(QPoint(0, 0)));
    warp(QPoint(319, 239));
    QCOMPARE(source->position(), std::optional<QPoint>(QPoint(319, 239)));
}

void TestXFixesCursorSource::firstCallGivesTheCurrentPicture()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    const std::optional<CursorImage> first = source->changedImage();
    QVERIFY(first);
    QVERIFY(!first->isHidden());
    QCOMPARE(first->image.format(), QImage::Format_RGBA8888);
    QVERIFY(first->image.rect().contains(first->hotspot));
    QVERIFY(visiblePixels(first->image) > 0);
    // Nothing changed: nothing to send, however often the source is asked, and moving does not change the shape.
    QVERIFY(!source->changedImage());
    warp(QPoint(20, 30));
    QVERIFY(!source->changedImage());
    QVERIFY(!source->changedImage());
}

void TestXFixesCursorSource::definedCursorHasExactPixelsAndHotspot()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    QVERIFY(source->changedImage());
    const Cursor cursor = twoColourCursor();
    showCursor(cursor);
    const std::optional<CursorImage> image = nextImage(*source);
    QVERIFY(image);
    QCOMPARE(image->image.size(), QSize(16, 16));
    QCOMPARE(image->hotspot, QPoint(3, 5));
    // Straight alpha, opaque colours where the mask is set, nothing where it is not.
    QCOMPARE(image->image.pixelColor(1, 1), QColor(255, 0, 0, 255));
    QCOMPARE(image->image.pixelColor(7, 11), QColor(255, 0, 0, 255));
    QCOMPARE(image->image.pixelColor(8, 0), QColor(0, 0, 255, 255));
    QCOMPARE(image->image.pixelColor(15, 11), QColor(0, 0, 255, 255));
    QCOMPARE(qAlpha(image->image.pixel(1, 12)), 0);
    QCOMPARE(qAlpha(image->image.pixel(15, 15)), 0);
    // The bytes are R, G, B, A in memory, as CURSOR_SHAPE carries them.
    const uchar *red = image->image.constScanLine(1) + 1 * 4;
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(red), 4), QByteArray("\xff\x00\x00\xff", 4));
    XFreeCursor(m_display, cursor);
}

void TestXFixesCursorSource::shapeChangesAreReportedOnce()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    const std::optional<CursorImage> arrow = source->changedImage();
    QVERIFY(arrow);

    const Cursor beam = XCreateFontCursor(m_display, XC_xterm);
    showCursor(beam);
    const std::optional<CursorImage> text = nextImage(*source);
    QVERIFY(text);
    QVERIFY(text->serial != arrow->serial);
    QVERIFY(!text->isHidden());
    QVERIFY(text->image.rect().contains(text->hotspot));
    QVERIFY(visiblePixels(text->image) > 0);
    QVERIFY(text->image != arrow->image);
    QVERIFY(!source->changedImage());

    // Leaving the window (here: the pointer moves onto the root, outside the smaller window) shows the root's
    // cursor again, and that is a change too.
    XResizeWindow(m_display, m_window, 100, 100);
    warp(QPoint(200, 200));
    const std::optional<CursorImage> back = nextImage(*source);
    QVERIFY(back);
    QVERIFY(back->serial != text->serial);
    QCOMPARE(back->image, arrow->image);
    XResizeWindow(m_display, m_window, uint(ScreenSize.width()), uint(ScreenSize.height()));
    XFreeCursor(m_display, beam);
}

void TestXFixesCursorSource::blankCursorIsHidden()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    QVERIFY(source->changedImage());
    const Cursor blank = twoColourCursor(true);
    showCursor(blank);
    const std::optional<CursorImage> image = nextImage(*source);
    QVERIFY(image);
    QVERIFY(image->isHidden());
    QVERIFY(image->image.isNull());
    XFreeCursor(m_display, blank);
}

void TestXFixesCursorSource::resumeGivesThePictureAgain()
{
    QString why;
    const auto source = XFixesCursorSource::create(m_xvfb->name(), &why);
    QVERIFY2(source, qPrintable(why));
    QVERIFY(source->changedImage());
    source->pause();
    const Cursor cursor = twoColourCursor();
    showCursor(cursor);
    // Paused: the change is not followed (no events pile up for a source nobody asks).
    QVERIFY(!source->changedImage());
    source->resume();
    const std::optional<CursorImage> image = source->changedImage();
    QVERIFY(image);
    QCOMPARE(image->hotspot, QPoint(3, 5));
    QVERIFY(!source->changedImage());
    // Resumed with the same cursor still shown: the picture comes again (the listener may have forgotten it).
    source->pause();
    source->resume();
    const std::optional<CursorImage> again = source->changedImage();
    QVERIFY(again);
    QCOMPARE(again->serial, image->serial);
    XFreeCursor(m_display, cursor);
}

void TestXFixesCursorSource::grabsNeverContainThePointer()
{
    QString why;
    const auto screen = XShmScreenSource::create(m_xvfb->name(), QRect(QPoint(0, 0), ScreenSize), &why);
    QVERIFY2(screen, qPrintable(why));
    // Xvfb draws the pointer in software into its frame buffer; an opaque red and blue one is easy to spot.
    const Cursor cursor = twoColourCursor();
    showCursor(cursor);
    warp(QPoint(100, 100));
    const QImage first = screen->grab();
    QVERIFY(!first.isNull());
    // The window is white everywhere, under the pointer too.
    for (int y = 90; y < 120; ++y) {
        for (int x = 90; x < 120; ++x) {
            QCOMPARE(first.pixel(x, y) & 0xffffffu, 0xffffffu);
        }
    }
    warp(QPoint(200, 50));
    QCOMPARE(screen->grab(), first);
    XFreeCursor(m_display, cursor);
}

QTEST_GUILESS_MAIN(TestXFixesCursorSource)
#include "tst_xfixescursorsource.moc"
