// Shared by the benchmarks: numeric options and what goes to deskport, and the median of repeated figures.

// argv: process.argv.slice(2). defaults: { name: number }; every option is `--name N`, anything after `--` goes
// to deskport (options.deskportArgs). A bad argument prints `usage` and exits with code 2.
export function parseBenchArgs(argv, defaults, usage) {
    const options = { ...defaults, deskportArgs: [] };
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        if (arg === '--') {
            options.deskportArgs = argv.slice(i + 1);
            break;
        }
        const key = arg.replace(/^--/, '');
        if (!(key in defaults) || i + 1 >= argv.length || !Number.isFinite(Number(argv[i + 1]))) {
            console.error(`usage: ${usage}`);
            process.exit(2);
        }
        options[key] = Number(argv[++i]);
    }
    return options;
}

export function median(values) {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
