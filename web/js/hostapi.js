// Small helpers for the portal's requests, shared by the login and the host tools (docs/protocol.md).

// The answer body's {"error"} if there is one: the server explains refusals that way.
export async function errorReason(response) {
    try {
        const body = await response.json();
        return typeof body?.error === 'string' ? body.error : '';
    } catch {
        return '';
    }
}

// "/api/files/<kind>/<root>/<segment>/…" with every segment percent-encoded, so that a "/", "?", "#" or "%" in a
// name stays part of that name.
export function filesUrl(kind, root, segments = []) {
    return `/api/files/${kind}/${[root, ...segments].map(encodeURIComponent).join('/')}`;
}

export const sameOrigin = Object.freeze({ credentials: 'same-origin', cache: 'no-store' });

// A new element with a class and a text (set as text, never parsed as HTML: names come from the host).
export const el = (tag, className = '', text = '') => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== '') element.textContent = text;
    return element;
};
