// Every user-visible string of the portal, in one place so it can be translated.
// Plain strings are looked up by key (index.html refers to them with data-i18n attributes);
// functions build the strings that carry numbers or reasons.
export const strings = {
    title: 'Deskport',
    noscript: 'Deskport needs JavaScript.',

    loginHeading: 'Deskport',
    loginIntro: 'Enter the password to see this screen.',
    passwordLabel: 'Password',
    loginButton: 'Log in',
    loggingIn: 'Logging in…',
    logoutButton: 'Log out',
    wrongPassword: 'Wrong password.',
    tooManyAttempts: (seconds) => `Too many attempts. Try again in ${seconds} s.`,
    loginRefused: (status) => `The server refused the login (HTTP ${status}).`,
    waitingForHost: 'Waiting for the person at the computer to let you in…',
    hostDeclined: 'The person at the computer did not let you in.',
    hostDidNotAnswer: 'Nobody at the computer answered in time. Try again later.',
    insecureWarning: 'Not encrypted: this connection uses plain HTTP, so anyone on the network can see the screen '
        + 'and what you type, passwords included.',
    insecureBadge: 'Not encrypted',
    cannotReach: 'Cannot reach Deskport.',
    sessionEnded: 'Your session has ended. Log in again.',

    screenLabel: 'Shared screen',
    connecting: 'Connecting…',
    streaming: 'Connected',
    reconnectingIn: (seconds) => `Reconnecting in ${seconds} s…`,
    disconnected: (reason) => `Disconnected: ${reason}`,
    disconnectedReconnecting: (reason, seconds) => `Disconnected: ${reason}. Reconnecting in ${seconds} s…`,

    // Why a connection ended, by WebSocket close code (used when the server sent no ERROR reason).
    closeReasons: {
        1000: 'the server closed the connection',
        1001: 'the server is shutting down',
        1006: 'the connection was lost',
        1011: 'a server error',
        4400: 'protocol error',
        4401: 'the session is no longer valid',
        4413: 'a message was too large',
        4426: 'this portal’s protocol version is not supported by the server',
        4429: 'too many input events were waiting',
    },
    unreachable: 'cannot reach Deskport',
    closeCode: (code) => `connection closed (code ${code})`,
    badServerMessage: 'the server sent a message this portal does not understand',

    roleView: 'view only',
    roleControl: 'control',
    roleUnknown: '–',

    statsLabel: 'Statistics',
    fps: (n) => `${n} fps`,
    latency: (ms) => (ms === null ? '– ms' : `${ms} ms`),
    bandwidthBytes: (n) => `${n} B/s`,
    bandwidthKB: (n) => `${n} kB/s`,
    bandwidthMB: (n) => `${n} MB/s`,

    settingsButton: 'Settings',
    settingsHeading: 'View settings',
    closeSettings: 'Close',
    resolutionLabel: 'Resolution',
    resolutionFit: 'Fit window',
    resolutionFull: 'Full',
    qualityLabel: 'Quality',
    fpsLabel: 'Frames per second',
    serverDefault: 'Server default',
    serverDefaultValue: (n) => `Server default (${n})`,

    // Remote control
    viewOnly: 'View only',
    viewOnlyBecause: (reason) => `View only: ${reason}`,
    controlWaiting: 'the server has not enabled input',
    screenHelp: 'When input is enabled, the mouse, the wheel and the keyboard control the shared screen while it '
        + 'has focus (click it or tab to it). Press Control+Alt+Shift+Escape to give the keyboard back to this page. '
        + 'Touch: a tap clicks, a long press right-clicks, dragging one finger moves the pointer without clicking, '
        + 'two fingers scroll, pinching zooms this view only, and a double tap on a zoomed view resets the zoom.',
    keyboardReleased: 'The keyboard is back with this page.',

    keysButton: 'Keys',
    keysMenuLabel: 'Send keys to the host',
    keysCtrlAltDel: 'Ctrl+Alt+Del',
    keysAltTab: 'Alt+Tab',
    keysSuper: 'Super (Windows key)',
    keysCtrlW: 'Ctrl+W',
    keysEscape: 'Esc',
    keysPrintScreen: 'PrintScreen',

    keyboardButton: 'Keyboard',
    keyboardInputLabel: 'Type here to send keys to the host',

    clipboardButton: 'Clipboard',
    clipboardHeading: 'Clipboard',
    hostClipboardLabel: 'Host clipboard',
    hostClipboardEmpty: 'Nothing received from the host yet.',
    pasteBoxLabel: 'Text to send to the host',
    sendClipboard: 'Send to host',
    closeClipboard: 'Close',
    clipboardSent: 'Sent to the host clipboard.',
    clipboardTooLong: (bytes, max) => `Too long: ${bytes} bytes, at most ${max} can be sent.`,
    clipboardNotSent: 'Not sent: no connection with input enabled.',
    clipboardCopied: 'Also copied to this device’s clipboard.',
    // Host tools: a panel beside the screen with the System, Files and Terminal tabs.
    toolsButton: 'Tools',
    toolsLabel: 'Host tools',
    toolsResize: 'Resize the tools panel',
    closeTools: 'Close the tools panel',
    systemTab: 'System',
    filesTab: 'Files',
    terminalTab: 'Terminal',
    toolRefused: (status, reason) => (reason ? `Refused: ${reason} (HTTP ${status}).` : `Refused (HTTP ${status}).`),
    toolUnreachable: 'Cannot reach Deskport.',

    // System panel
    systemLoading: 'Reading the host…',
    systemHost: 'Host',
    systemOs: 'System',
    systemKernel: 'Kernel',
    systemUptime: 'Up',
    systemLoad: 'Load',
    systemCpu: 'Processor',
    systemCpuTotal: 'All cores',
    systemCpuCore: (n) => `Core ${n}`,
    systemMemory: 'Memory',
    systemSwap: 'Swap',
    systemDisks: 'Disks',
    systemNetwork: 'Network',
    systemScreens: 'Screens',
    systemCores: (n) => `${n} cores`,
    systemUsed: (used, total) => `${used} of ${total} used`,
    systemFree: (free) => `${free} free`,
    systemReadOnly: 'read-only',
    systemNone: 'none',
    systemScreen: (name, width, height, scale) => `${name}: ${width}×${height}${scale !== 1 ? ` (×${scale})` : ''}`,
    systemSinceBoot: 'since boot',
    duration: (days, hours, minutes) => (days > 0 ? `${days} d ${hours} h ${minutes} min`
        : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`),
    percent: (fraction) => `${Math.round(fraction * 100)} %`,
    bytes: (n) => {
        const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
        let value = n;
        let unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit += 1;
        }
        return unit === 0 ? `${n} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
    },

    // Files panel
    filesRootLabel: 'Place',
    filesBreadcrumbs: 'Folder',
    filesName: 'Name',
    filesSize: 'Size',
    filesModified: 'Modified',
    filesActions: 'Actions',
    filesEmpty: 'This folder is empty.',
    filesLoading: 'Loading…',
    filesUp: 'Up',
    filesRefresh: 'Refresh',
    filesUpload: 'Upload files',
    filesDropHint: 'Drop files here to upload them into this folder.',
    filesDownload: 'Download',
    filesDownloadNamed: (name) => `Download ${name}`,
    filesZip: 'Zip',
    filesZipNamed: (name) => `Download ${name} as a zip file`,
    filesPreview: 'View',
    filesPreviewNamed: (name) => `View ${name}`,
    filesOpenNamed: (name) => `Open folder ${name}`,
    filesFolder: 'folder',
    filesSymlink: 'link',
    filesClosePreview: 'Close',
    filesPreviewTruncated: (shown) => `Only the first ${shown} are shown.`,
    filesPreviewFailed: (status) => `Cannot show this file (HTTP ${status}).`,
    uploadExists: (name) => `“${name}” already exists here.`,
    uploadReplace: 'Replace',
    uploadSkip: 'Skip',
    uploadCancel: 'Cancel',
    uploadDismiss: 'Dismiss',
    uploadWaiting: 'Waiting…',
    uploadProgress: (done, total) => `${done} of ${total}`,
    uploadDone: 'Uploaded.',
    uploadSkipped: 'Skipped.',
    uploadCancelled: 'Cancelled.',
    uploadFailed: (reason) => `Failed: ${reason}`,
    uploadTooLarge: 'too large for the host',
    uploadNoSpace: 'not enough free space on the host',

    // Terminal panel
    terminalNewTab: 'New terminal',
    terminalCloseTab: (n) => `Close terminal ${n}`,
    terminalTabName: (n) => `Shell ${n}`,
    terminalTabs: 'Terminals',
    terminalExited: (code) => `[The shell ended with code ${code}.]`,
    terminalClosed: (reason) => `[Connection closed: ${reason}.]`,
    terminalLoadFailed: 'The terminal could not be loaded.',
};
