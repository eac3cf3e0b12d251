#!/usr/bin/env bash
# Throughput and memory of the file panel's routes, with the real deskport binary on a private Xvfb display and
# curl over loopback. Prints the median MB/s of several whole and ranged downloads of a 200 MiB file, of the zip of
# its folder, and of an upload of it in 4 MiB pieces as the portal sends them; and deskport's resident memory before
# and its peak (VmHWM) after all of them.
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
    build/app/deskport --headless --port "$port" --bind 127.0.0.1 --no-tls --file-root "$work/files" >"$work/log" 2>&1 &
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
zip=$(for _ in $(seq "$repeats"); do
    curl -s -o /dev/null -H "Cookie: $cookie" -w '%{speed_download}\n' "http://127.0.0.1:$port/api/files/zip/files"; done | median)
split -b 4194304 -d -a 3 "$work/files/large.bin" "$work/piece."
upload_seconds=$(for round in $(seq "$repeats"); do
    start=$(date +%s.%N)
    id=$(curl -s -X POST -H "Cookie: $cookie" \
        "http://127.0.0.1:$port/api/files/upload/files/copy-$round.bin?size=$((200 * 1024 * 1024))" \
        | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/')
    offset=0
    for piece in "$work"/piece.*; do
        # No "Expect: 100-continue" (browsers never send it; Qt 6.4 does not answer it, so curl would wait 1 s).
        curl -s -o /dev/null -X PUT -H "Cookie: $cookie" -H "Expect:" --data-binary @"$piece" \
            "http://127.0.0.1:$port/api/uploads/$id?offset=$offset"
        offset=$((offset + $(stat -c %s "$piece")))
    done
    curl -s -o /dev/null -X POST -H "Cookie: $cookie" "http://127.0.0.1:$port/api/uploads/$id"
    end=$(date +%s.%N)
    cmp -s "$work/files/large.bin" "$work/files/copy-$round.bin" || { echo "upload differs" >&2; exit 1; }
    rm -f "$work/files/copy-$round.bin"
    awk -v a="$end" -v b="$start" 'BEGIN { print a - b }'
done | median)
check=$(curl -s -H "Cookie: $cookie" "$url" | sha256sum | cut -d' ' -f1)
[[ "$check" == "$(sha256sum < "$work/files/large.bin" | cut -d' ' -f1)" ]] || { echo "download differs"; exit 1; }
peak=$(rss VmHWM)

awk -v w="$whole" -v r="$ranged" -v z="$zip" -v u="$upload_seconds" -v b="$before" -v p="$peak" -v n="$repeats" 'BEGIN {
    printf "200 MiB over loopback, medians of %d: download %.0f MB/s whole, %.0f MB/s ranged (last 100 MiB), zip of the folder %.0f MB/s, upload in 4 MiB pieces %.0f MB/s\n", n, w / 1e6, r / 1e6, z / 1e6, 200 * 1048576 / u / 1e6
    printf "deskport resident memory: %.1f MiB before, peak %.1f MiB (VmHWM) after all of them\n", b / 1024, p / 1024
}'
