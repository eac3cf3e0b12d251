#!/usr/bin/env bash
# Download throughput and memory of the file panel's download route, with the real deskport binary on a private
# Xvfb display and curl over loopback. Prints the median MB/s of several whole and ranged downloads of a 200 MiB
# file, and deskport's resident memory before and its peak (VmHWM) after them.
# Usage: tests/bench/download_bench.sh [repeats]   (needs build/app/deskport, Xvfb, curl)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats="${1:-5}"
work=$(mktemp -d)
display=:$((200 + RANDOM % 300))
port=$((20000 + RANDOM % 20000))
cleanup() {
    [[ -n "${deskport_pid:-}" ]] && kill "$deskport_pid" 2>/dev/null || true
    [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/files" "$work/config"
head -c $((200 * 1024 * 1024)) /dev/urandom > "$work/files/large.bin"
Xvfb "$display" -noreset -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY="$display" XDG_CONFIG_HOME="$work/config" DESKPORT_PASSWORD=bench-password \
    build/app/deskport --headless --port "$port" --bind 127.0.0.1 --file-root "$work/files" >"$work/log" 2>&1 &
deskport_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done

cookie=$(curl -s -i -X POST -d '{"password":"bench-password"}' "http://127.0.0.1:$port/api/login" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(deskport_session=[^;]*\).*/\1/p')
rss() { awk "/^$1:/ {print \$2}" "/proc/$deskport_pid/status"; }
before=$(rss VmRSS)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
url="http://127.0.0.1:$port/api/files/download/files/large.bin"
whole=$(for _ in $(seq "$repeats"); do
    curl -s -o /dev/null -H "Cookie: $cookie" -w '%{speed_download}\n' "$url"; done | median)
ranged=$(for _ in $(seq "$repeats"); do
    curl -s -o /dev/null -H "Cookie: $cookie" -H 'Range: bytes=104857600-' -w '%{speed_download}\n' "$url"; done | median)
check=$(curl -s -H "Cookie: $cookie" "$url" | sha256sum | cut -d' ' -f1)
[[ "$check" == "$(sha256sum < "$work/files/large.bin" | cut -d' ' -f1)" ]] || { echo "download differs"; exit 1; }
peak=$(rss VmHWM)

awk -v w="$whole" -v r="$ranged" -v b="$before" -v p="$peak" -v n="$repeats" 'BEGIN {
    printf "200 MiB download over loopback, median of %d: %.0f MB/s whole, %.0f MB/s ranged (last 100 MiB)\n", n, w / 1e6, r / 1e6
    printf "deskport resident memory: %.1f MiB before, peak %.1f MiB (VmHWM) after %d downloads\n", b / 1024, p / 1024, 2 * n + 1
}'
