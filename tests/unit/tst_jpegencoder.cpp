#include "codec/jpegencoder.h"

#include <QPainter>
#include <QTest>

#include <turbojpeg.h>

#include <cmath>

using namespace deskport;

namespace {

struct Decoded
{
    QImage image;
    int subsampling = -1;
};

// Decoded independently of Qt's image plugins, so the test only depends on what the encoder wrote.
Decoded decode(const QByteArray &jpeg)
{
    Decoded result;
    tjhandle handle = tjInitDecompress();
    if (!handle)
        return result;
    const auto *data = reinterpret_cast<const unsigned char *>(jpeg.constData());
    const auto size = static_cast<unsigned long>(jpeg.size());
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(handle, data, size, &width, &height, &subsampling, &colorspace) == 0) {
        QImage image(width, height, QImage::Format_RGB32);
        if (tjDecompress2(handle, data, size, image.bits(), width, int(image.bytesPerLine()), height, TJPF_BGRX, 0) ==
            0) {
            result.image = image;
            result.subsampling = subsampling;
        }
    }
    tjDestroy(handle);
    return result;
}

QImage smoothImage(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x) {
            const int r = 128 + int(100 * std::sin(x / 40.0));
            const int g = 128 + int(100 * std::cos(y / 30.0));
            const int b = (x + y) * 255 / (size.width() + size.height());
            image.setPixel(x, y, qRgb(r, g, b));
        }
    }
    return image;
}

// Text-like strokes and noise-ish pattern: lots of high frequencies, where quality settings make a difference.
QImage detailedImage(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    for (int y = 4; y < size.height(); y += 11) {
        for (int x = 2; x < size.width(); x += 7) {
            p.setPen(QColor::fromHsv((x * 3 + y) % 360, 200, 120 + (x * y) % 100));
            p.drawLine(x, y, x + (x * 7 + y) % 5, y + 7 - (x + y) % 4);
            p.drawPoint(x + 3, y + 2);
        }
    }
    return image;
}

// Mean absolute difference per channel between the decoded image and rect of the original.
double meanAbsError(const QImage &decoded, const QImage &original, const QRect &rect)
{
    double sum = 0;
    for (int y = 0; y < rect.height(); ++y) {
        for (int x = 0; x < rect.width(); ++x) {
            const QRgb a = decoded.pixel(x, y);
            const QRgb b = original.pixel(rect.x() + x, rect.y() + y);
            sum += std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
        }
    }
    return sum / (3.0 * rect.width() * rect.height());
}

int maxChannelDiff(QRgb a, QRgb b)
{
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
}

// Four flat quadrants of distinct colours.
QImage quadrants(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QPainter p(&image);
    const int hw = size.width() / 2;
    const int hh = size.height() / 2;
    p.fillRect(0, 0, hw, hh, QColor(220, 30, 30));
    p.fillRect(hw, 0, size.width() - hw, hh, QColor(30, 200, 40));
    p.fillRect(0, hh, hw, size.height() - hh, QColor(40, 60, 230));
    p.fillRect(hw, hh, size.width() - hw, size.height() - hh, QColor(240, 220, 50));
    return image;
}

} // namespace

class TestJpegEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void producesJpeg();
    void smoothImageIsAccurate();
    void flatColoursAreRight_data();
    void flatColoursAreRight();
    void rectOffsetIsHonoured();
    void rectIsClippedToImage();
    void subsamplingFollowsQuality();
    void higherQualityIsLarger();
    void qualityIsClamped();
    void oddSizes();
    void emptyRectFails();
    void otherFormatsAreConverted_data();
    void otherFormatsAreConverted();
    void sharedImageIsNotDetached();
};

void TestJpegEncoder::producesJpeg()
{
    JpegEncoder encoder;
    QVERIFY(encoder.errorString().isEmpty());
    const QImage image = smoothImage(QSize(64, 48));
    const QByteArray jpeg = encoder.encode(image, image.rect(), 80);
    QVERIFY2(!jpeg.isEmpty(), qPrintable(encoder.errorString()));
    QVERIFY(jpeg.startsWith("\xff\xd8"));
    QVERIFY(jpeg.endsWith("\xff\xd9"));
    QVERIFY(encoder.errorString().isEmpty());
    const Decoded decoded = decode(jpeg);
    QCOMPARE(decoded.image.size(), QSize(64, 48));
}

void TestJpegEncoder::smoothImageIsAccurate()
{
    JpegEncoder encoder;
    const QImage image = smoothImage(QSize(320, 240));
    const Decoded decoded = decode(encoder.encode(image, image.rect(), 90));
    QCOMPARE(decoded.image.size(), image.size());
    const double error = meanAbsError(decoded.image, image, image.rect());
    QVERIFY2(error < 3.0, qPrintable(QString::number(error)));
}

void TestJpegEncoder::flatColoursAreRight_data()
{
    QTest::addColumn<int>("quality");
    QTest::newRow("q80 (4:2:0)") << 80;
    QTest::newRow("q95 (4:4:4)") << 95;
}

void TestJpegEncoder::flatColoursAreRight()
{
    QFETCH(int, quality);
    const QImage image = quadrants(QSize(256, 128));
    JpegEncoder encoder;
    const Decoded decoded = decode(encoder.encode(image, image.rect(), quality));
    QCOMPARE(decoded.image.size(), image.size());
    // Sample away from the edges between quadrants, where ringing is allowed.
    for (const QPoint &p : {QPoint(40, 30), QPoint(200, 30), QPoint(40, 100), QPoint(200, 100), QPoint(100, 50)}) {
        const int diff = maxChannelDiff(decoded.image.pixel(p), image.pixel(p));
        QVERIFY2(diff <= 8, qPrintable(QStringLiteral("at %1,%2: %3").arg(p.x()).arg(p.y()).arg(diff)));
    }
}

void TestJpegEncoder::rectOffsetIsHonoured()
{
    const QImage image = quadrants(QSize(256, 256));
    JpegEncoder encoder;

    // Entirely inside the bottom-right quadrant, at an offset that is not a multiple of 8 or 16.
    const QRect inner(140, 133, 72, 40);
    Decoded decoded = decode(encoder.encode(image, inner, 90));
    QCOMPARE(decoded.image.size(), inner.size());
    for (int y = 0; y < inner.height(); y += 3) {
        for (int x = 0; x < inner.width(); x += 3)
            QVERIFY(maxChannelDiff(decoded.image.pixel(x, y), qRgb(240, 220, 50)) <= 8);
    }

    // Straddling the top quadrants: left half red, right half green.
    const QRect straddle(96, 10, 64, 48);
    decoded = decode(encoder.encode(image, straddle, 90));
    QCOMPARE(decoded.image.size(), straddle.size());
    QVERIFY(maxChannelDiff(decoded.image.pixel(8, 24), qRgb(220, 30, 30)) <= 8);
    QVERIFY(maxChannelDiff(decoded.image.pixel(56, 24), qRgb(30, 200, 40)) <= 8);
    const double error = meanAbsError(decoded.image, image, straddle);
    QVERIFY2(error < 3.0, qPrintable(QString::number(error)));
}

void TestJpegEncoder::rectIsClippedToImage()
{
    const QImage image = quadrants(QSize(100, 80));
    JpegEncoder encoder;
    const Decoded decoded = decode(encoder.encode(image, QRect(60, 50, 500, 500), 90));
    QCOMPARE(decoded.image.size(), QSize(40, 30));
    QVERIFY(maxChannelDiff(decoded.image.pixel(20, 15), qRgb(240, 220, 50)) <= 8);

    const Decoded negative = decode(encoder.encode(image, QRect(-20, -20, 40, 40), 90));
    QCOMPARE(negative.image.size(), QSize(20, 20));
    QVERIFY(maxChannelDiff(negative.image.pixel(10, 10), qRgb(220, 30, 30)) <= 8);
}

void TestJpegEncoder::subsamplingFollowsQuality()
{
    const QImage image = detailedImage(QSize(64, 64));
    JpegEncoder encoder;
    QCOMPARE(decode(encoder.encode(image, image.rect(), 89)).subsampling, int(TJSAMP_420));
    QCOMPARE(decode(encoder.encode(image, image.rect(), 90)).subsampling, int(TJSAMP_444));
    QCOMPARE(decode(encoder.encode(image, image.rect(), 30)).subsampling, int(TJSAMP_420));
}

void TestJpegEncoder::higherQualityIsLarger()
{
    const QImage image = detailedImage(QSize(256, 256));
    JpegEncoder encoder;
    const QByteArray q30 = encoder.encode(image, image.rect(), 30);
    const QByteArray q80 = encoder.encode(image, image.rect(), 80);
    const QByteArray q95 = encoder.encode(image, image.rect(), 95);
    QVERIFY(!q30.isEmpty());
    QVERIFY2(q30.size() < q80.size(), qPrintable(QStringLiteral("%1 vs %2").arg(q30.size()).arg(q80.size())));
    QVERIFY2(q80.size() < q95.size(), qPrintable(QStringLiteral("%1 vs %2").arg(q80.size()).arg(q95.size())));
    // And the better one is closer to the original.
    QVERIFY(meanAbsError(decode(q95).image, image, image.rect()) <
            meanAbsError(decode(q30).image, image, image.rect()));
}

void TestJpegEncoder::qualityIsClamped()
{
    const QImage image = detailedImage(QSize(64, 64));
    JpegEncoder encoder;
    const QByteArray low = encoder.encode(image, image.rect(), -5);
    const QByteArray high = encoder.encode(image, image.rect(), 1000);
    QVERIFY(!low.isEmpty());
    QVERIFY(!high.isEmpty());
    QCOMPARE(low, encoder.encode(image, image.rect(), 1));
    QCOMPARE(high, encoder.encode(image, image.rect(), 100));
}

void TestJpegEncoder::oddSizes()
{
    const QImage image = smoothImage(QSize(37, 23));
    JpegEncoder encoder;
    for (const QRect &rect : {QRect(0, 0, 1, 1), QRect(36, 22, 1, 1), QRect(3, 5, 17, 9), QRect(0, 0, 37, 23)}) {
        const Decoded decoded = decode(encoder.encode(image, rect, 85));
        QCOMPARE(decoded.image.size(), rect.size());
    }
}

void TestJpegEncoder::emptyRectFails()
{
    const QImage image = smoothImage(QSize(64, 64));
    JpegEncoder encoder;
    QVERIFY(encoder.encode(image, QRect(), 80).isEmpty());
    QVERIFY(!encoder.errorString().isEmpty());

    QVERIFY(encoder.encode(image, QRect(100, 100, 10, 10), 80).isEmpty()); // outside
    QVERIFY(!encoder.errorString().isEmpty());

    QVERIFY(encoder.encode(QImage(), QRect(0, 0, 10, 10), 80).isEmpty());
    QVERIFY(!encoder.errorString().isEmpty());

    // A later success clears the error.
    QVERIFY(!encoder.encode(image, QRect(0, 0, 10, 10), 80).isEmpty());
    QVERIFY(encoder.errorString().isEmpty());
}

void TestJpegEncoder::otherFormatsAreConverted_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("RGB888") << int(QImage::Format_RGB888);
    QTest::newRow("RGB16") << int(QImage::Format_RGB16);
    QTest::newRow("RGBA8888") << int(QImage::Format_RGBA8888);
    QTest::newRow("RGBX8888") << int(QImage::Format_RGBX8888);
    QTest::newRow("BGR888") << int(QImage::Format_BGR888);
    QTest::newRow("ARGB32") << int(QImage::Format_ARGB32);
    QTest::newRow("ARGB32_Premultiplied") << int(QImage::Format_ARGB32_Premultiplied);
}

void TestJpegEncoder::otherFormatsAreConverted()
{
    QFETCH(int, format);
    const QImage original = quadrants(QSize(128, 128));
    const QImage image = original.convertToFormat(QImage::Format(format));
    QCOMPARE(int(image.format()), format);
    JpegEncoder encoder;
    // A sub-rect, so a conversion that forgot the offset would show the wrong quadrant.
    const QRect rect(72, 8, 48, 40);
    const QByteArray jpeg = encoder.encode(image, rect, 92);
    QVERIFY2(!jpeg.isEmpty(), qPrintable(encoder.errorString()));
    const Decoded decoded = decode(jpeg);
    QCOMPARE(decoded.image.size(), rect.size());
    // RGB16 loses low bits of each channel, hence the wider tolerance there.
    const QRgb expected = image.convertToFormat(QImage::Format_RGB32).pixel(90, 20);
    QVERIFY(maxChannelDiff(expected, qRgb(30, 200, 40)) <= 8);
    QVERIFY(maxChannelDiff(decoded.image.pixel(24, 20), expected) <= 8);
    QVERIFY(meanAbsError(decoded.image, image.convertToFormat(QImage::Format_RGB32), rect) < 3.0);
}

void TestJpegEncoder::sharedImageIsNotDetached()
{
    // Encoding reads in place: a frame shared with other threads must not be deep-copied.
    const QImage image = smoothImage(QSize(128, 128));
    const QImage shared = image;
    JpegEncoder encoder;
    QVERIFY(!encoder.encode(shared, QRect(10, 10, 64, 64), 80).isEmpty());
    QCOMPARE(shared.constBits(), image.constBits());
}

QTEST_GUILESS_MAIN(TestJpegEncoder)
#include "tst_jpegencoder.moc"
