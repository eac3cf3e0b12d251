#pragma once

#include <xcb/xcb.h>

#include <cstdlib>
#include <memory>

// What the xcb-based X11 backends share: owning xcb's replies, and finding a screen.
namespace deskport::xcb {

// Frees what xcb allocates for a reply or an event.
struct FreeReply
{
    void operator()(void *reply) const { std::free(reply); }
};
template<typename T>
using Reply = std::unique_ptr<T, FreeReply>;

// The screen of that number on the connection, or nullptr.
inline xcb_screen_t *screenOf(xcb_connection_t *connection, int number)
{
    xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(connection));
    for (int i = 0; it.rem && i < number; ++i) {
        xcb_screen_next(&it);
    }
    return it.rem ? it.data : nullptr;
}

} // namespace deskport::xcb
