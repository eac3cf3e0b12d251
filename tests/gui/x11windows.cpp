#include "x11windows.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <QList>

#include <functional>
#include <memory>

namespace deskport::guitest {

bool TrayEmbedding::iconViewable() const
{
    return icon && icon->viewable;
}

namespace {

struct DisplayCloser
{
    void operator()(Display *display) const { XCloseDisplay(display); }
};
using DisplayPtr = std::unique_ptr<Display, DisplayCloser>;

QString netWmName(Display *display, Window window)
{
    const Atom property = XInternAtom(display, "_NET_WM_NAME", 0);
    const Atom utf8 = XInternAtom(display, "UTF8_STRING", 0);
    Atom type = 0;
    int format = 0;
    unsigned long items = 0;
    unsigned long after = 0;
    unsigned char *data = nullptr;
    if (XGetWindowProperty(display, window, property, 0, 1024, 0, utf8, &type, &format, &items, &after, &data) != 0 ||
        !data) {
        return {};
    }
    const QString result = type == utf8 && format == 8
                               ? QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(items))
                               : QString();
    XFree(data);
    return result;
}

// The name a window manager would show: _NET_WM_NAME (UTF-8; Qt sets it, and leaves WM_NAME empty for some
// windows), else WM_NAME (trayer sets only that).
QString windowName(Display *display, Window window)
{
    if (const QString name = netWmName(display, window); !name.isEmpty()) {
        return name;
    }
    XTextProperty property{};
    if (XGetWMName(display, window, &property) == 0 || !property.value) {
        return {};
    }
    const QString result =
        QString::fromUtf8(reinterpret_cast<const char *>(property.value), qsizetype(property.nitems));
    XFree(property.value);
    return result;
}

QString windowClass(Display *display, Window window)
{
    XClassHint hint{};
    if (XGetClassHint(display, window, &hint) == 0) {
        return {};
    }
    const QString result = QString::fromLocal8Bit(hint.res_class ? hint.res_class : "");
    if (hint.res_name) {
        XFree(hint.res_name);
    }
    if (hint.res_class) {
        XFree(hint.res_class);
    }
    return result;
}

QList<Window> childrenOf(Display *display, Window window)
{
    Window root = 0;
    Window parent = 0;
    Window *children = nullptr;
    unsigned int count = 0;
    QList<Window> result;
    if (XQueryTree(display, window, &root, &parent, &children, &count) != 0 && children) {
        for (unsigned int i = 0; i < count; ++i) {
            result.append(children[i]);
        }
        XFree(children);
    }
    return result;
}

std::optional<X11Window> describe(Display *display, Window window)
{
    XWindowAttributes attributes{};
    if (XGetWindowAttributes(display, window, &attributes) == 0) {
        return std::nullopt;
    }
    int x = 0;
    int y = 0;
    Window child = 0;
    XTranslateCoordinates(display, window, XDefaultRootWindow(display), 0, 0, &x, &y, &child);
    X11Window result;
    result.id = window;
    result.name = windowName(display, window);
    result.geometry = QRect(x, y, attributes.width, attributes.height);
    result.viewable = attributes.map_state == IsViewable;
    result.depth = attributes.depth;
    return result;
}

} // namespace

TrayEmbedding findTrayIcon(const QString &iconName)
{
    TrayEmbedding result;
    const DisplayPtr display(XOpenDisplay(nullptr));
    if (!display) {
        return result;
    }
    Display *dpy = display.get();
    Window panel = 0;
    for (Window window : childrenOf(dpy, XDefaultRootWindow(dpy))) {
        if (windowName(dpy, window) == u"panel" && windowClass(dpy, window) == u"trayer") {
            panel = window;
            break;
        }
    }
    if (panel == 0) {
        return result;
    }
    result.panel = describe(dpy, panel);

    // Depth first below the panel: trayer puts each icon in a socket window of its own.
    std::function<Window(Window, int)> search = [&](Window parent, int depth) -> Window {
        if (depth > 8) {
            return 0;
        }
        for (Window child : childrenOf(dpy, parent)) {
            if (windowName(dpy, child) == iconName) {
                return child;
            }
            if (const Window found = search(child, depth + 1)) {
                return found;
            }
        }
        return 0;
    };
    if (const Window icon = search(panel, 0)) {
        result.icon = describe(dpy, icon);
    }
    return result;
}

bool setRootBackground(unsigned int rgb)
{
    const DisplayPtr display(XOpenDisplay(nullptr));
    if (!display) {
        return false;
    }
    Display *dpy = display.get();
    const Window root = XDefaultRootWindow(dpy);
    XColor color{};
    color.red = static_cast<unsigned short>(((rgb >> 16) & 0xff) * 257);
    color.green = static_cast<unsigned short>(((rgb >> 8) & 0xff) * 257);
    color.blue = static_cast<unsigned short>((rgb & 0xff) * 257);
    if (XAllocColor(dpy, XDefaultColormap(dpy, XDefaultScreen(dpy)), &color) == 0) {
        return false;
    }
    XSetWindowBackground(dpy, root, color.pixel);
    XClearWindow(dpy, root);
    XSync(dpy, False);
    return true;
}

} // namespace deskport::guitest
