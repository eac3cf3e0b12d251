#pragma once

#include <QImage>
#include <QSize>

namespace deskport::testsupport {

// A page of "text" as a browser scrolls it: white paper, 16 px lines of glyph-sized strokes in varied greys (as
// antialiased glyphs are), words and a ragged right margin. Deterministic for a seed.
QImage makeTextPage(QSize size, quint32 seed);

} // namespace deskport::testsupport
