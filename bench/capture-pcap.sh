#!/usr/bin/env bash
# pcap throughput: builds a large capture (the loopback curl capture's packets repeated with distinct client ports,
# plus the QUIC captures) and times `tlsdoctor capture --pcap` (reading, reassembly, QUIC decryption, decoding,
# JA3/JA4, SQLite) against tshark computing JA3 on the same file.
# Usage: bench/capture-pcap.sh [copies=20000]  (about 9.4 kB per copy)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
copies="${1:-20000}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 - "$root/tests/TlsDoctor.Tests/Capture/Fixtures/curl.pcap" "$work/big.pcap" "$copies" <<'PY'
import struct, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
header, packets, off = data[:24], [], 24
while off < len(data):
    ts, tu, incl, orig = struct.unpack('<IIII', data[off:off+16]); packets.append((data[off:off+16], bytearray(data[off+16:off+16+incl]))); off += 16 + incl
# Ethernet/IPv4/TCP on loopback: rewrite the client port so every copy is its own connection.
with open(dst, 'wb') as out:
    out.write(header)
    client = struct.unpack('>H', packets[0][1][34:36])[0]
    for i in range(copies):
        port = 1024 + i % 60000
        base = (i // 60000) + 1
        for rec, pkt in packets:
            p = bytearray(pkt)
            sport, dport = struct.unpack('>HH', p[34:38])
            # vary the client address (127.0.0.x) per 60000 copies
            if sport == client: p[34:36] = struct.pack('>H', port); p[29] = base & 0xFF
            if dport == client: p[36:38] = struct.pack('>H', port); p[33] = base & 0xFF
            out.write(rec); out.write(p)
PY
size=$(stat -c %s "$work/big.pcap")
"$root/tlsdoctor" --help >/dev/null
t0=$(date +%s.%N)
"$root/tlsdoctor" capture --pcap "$work/big.pcap" --db "$work/bench.db" >/dev/null 2>"$work/err"
t1=$(date +%s.%N)
tail -1 "$work/err"
awk -v b="$size" -v s="$(echo "$t1 - $t0" | bc)" 'BEGIN { printf "tlsdoctor capture --pcap: %.1f MB in %.2f s = %.1f MB/s\n", b / 1e6, s, b / 1e6 / s }'
if command -v tshark >/dev/null; then
  t0=$(date +%s.%N)
  tshark -r "$work/big.pcap" -d tcp.port==44330,tls -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.ja3 2>/dev/null | wc -l >"$work/tshark.count"
  t1=$(date +%s.%N)
  awk -v b="$size" -v s="$(echo "$t1 - $t0" | bc)" -v n="$(cat "$work/tshark.count")" 'BEGIN { printf "tshark JA3 (%d hellos): %.2f s = %.1f MB/s\n", n, s, b / 1e6 / s }'
fi
