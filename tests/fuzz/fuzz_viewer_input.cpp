// The viewer's input as ViewerInput (app/server/viewerinput.cpp) interprets it: a stream of client messages decoded
// by decodeClientMessage, POINTER mapped to the desktop by mapToDesktop (app/input/pointermapping.cpp), KEY turned
// into a keysym by Keymap::keysymFor (app/input/keymap.cpp), WHEEL added up by WheelAccumulator. The pure parts
// only: ViewerInput itself adds a queue and an InputSink. Input: the shared area (x, y as int16, width, height as
// uint16, little endian), then messages, each one length byte and that many bytes.
// Asserts: a pointer lands inside the shared area (its top-left when the area is empty); a wheel message never
// yields more steps than its units allow; a keysym maps back to a valid character or none.
#include "fuzzcheck.h"
#include "input/keymap.h"
#include "input/pointermapping.h"
#include "input/wheelaccumulator.h"
#include "protocol/messages.h"

#include <QtEndian>

#include <cstdlib>

using namespace deskport;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    const QRect area(qFromLittleEndian<qint16>(data), qFromLittleEndian<qint16>(data + 2),
                     qFromLittleEndian<quint16>(data + 4), qFromLittleEndian<quint16>(data + 6));
    WheelAccumulator wheel;
    size_t pos = 8;
    while (pos < size) {
        const size_t length = std::min<size_t>(data[pos], size - pos - 1);
        const QByteArrayView bytes(reinterpret_cast<const char *>(data) + pos + 1, qsizetype(length));
        pos += 1 + length;
        const auto decoded = protocol::decodeClientMessage(bytes);
        if (!decoded)
            continue;
        if (const auto *pointer = std::get_if<protocol::Pointer>(&*decoded.message)) {
            const QPoint point = mapToDesktop(QPoint(pointer->x, pointer->y),
                                              QSize(pointer->frameWidth, pointer->frameHeight), area);
            FUZZ_CHECK(area.isEmpty() ? point == area.topLeft() : area.contains(point));
        } else if (const auto *units = std::get_if<protocol::Wheel>(&*decoded.message)) {
            const QPoint steps = wheel.add(units->horizontal, units->vertical);
            constexpr int MostSteps = (32768 + WheelAccumulator::UnitsPerStep - 1) / WheelAccumulator::UnitsPerStep;
            FUZZ_CHECK(std::abs(steps.x()) <= MostSteps && std::abs(steps.y()) <= MostSteps);
            FUZZ_CHECK(steps.x() == 0 || (steps.x() > 0) == (units->horizontal > 0));
            FUZZ_CHECK(steps.y() == 0 || (steps.y() > 0) == (units->vertical > 0));
        } else if (const auto *key = std::get_if<protocol::Key>(&*decoded.message)) {
            const quint32 keysym = Keymap::keysymFor(key->key, key->code);
            const char32_t character = Keymap::characterFor(keysym);
            FUZZ_CHECK(character <= 0x10ffff && (character < 0xd800 || character > 0xdfff));
            Keymap::isModifier(keysym);
        } else if (std::holds_alternative<protocol::ReleaseAll>(*decoded.message)) {
            wheel.reset();
        }
    }
    return 0;
}
