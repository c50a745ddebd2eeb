# SPDX-License-Identifier: GPL-2.0-only
"""SAs and ESP frames of the gateway benchmark.

Every SA is ESP in tunnel mode with AES-GCM-128 (rfc4106, 16-byte ICV)
and a replay window of 0, so that the same frames can be sent again and
again: ipsec-proxyd (replay.c) and the kernel (xfrm_replay.c) both skip
the replay check when the window is 0.  Sequence numbers start at 1
because ipsec-proxyd rejects 0 even without a window.  The IV is the
sequence number, as the kernel's seqiv makes it.

The inner packets are IPv4/UDP of exactly the requested total length.
The keys are fixed benchmark keys derived from the SPI: they protect
nothing.
"""
import socket
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Documentation and benchmarking ranges (RFC 5737, RFC 2544), used only
# inside the benchmark's own network namespaces.
OUTER_SRC = "192.0.2.1"
OUTER_DST = "192.0.2.2"
INNER_SRC = "198.51.100.1"
INNER_DST = "203.0.113.1"
MAC_SRC = "02:00:00:00:00:0a"
MAC_DST = "02:00:00:00:00:0b"

FIRST_SPI = 0x1000
IPV4_UDP_HEADERS = 20 + 8
IPPROTO_IPIP = 4
IPPROTO_UDP = 17
IPPROTO_ESP = 50


class BenchSa:
    """One SA: its key, its cipher and its configuration words."""

    def __init__(self, spi):
        self.spi = spi
        self.key = bytes((spi + i) & 0xff for i in range(16)) + \
            struct.pack(">I", 0xa0a1a200 | (spi & 0xff))
        self.aead = AESGCM(self.key[:16])
        self.salt = self.key[16:]

    def words(self):
        """Return the words after `ip xfrm state add`, which --sa files
        share."""
        return (f"src {OUTER_SRC} dst {OUTER_DST} proto esp spi 0x{self.spi:x} "
                f"mode tunnel aead 'rfc4106(gcm(aes))' 0x{self.key.hex()} 128 "
                f"replay-window 0")

    def esp(self, seq, inner):
        """Build the ESP packet (RFC 4303, RFC 4106) of sequence number seq
        that carries the IPv4 packet inner in tunnel mode."""
        pad_len = -(len(inner) + 2) % 4
        plain = inner + bytes(range(1, pad_len + 1)) + bytes((pad_len, IPPROTO_IPIP))
        header = struct.pack(">II", self.spi, seq)
        iv = struct.pack(">Q", seq)
        sealed = self.aead.encrypt(self.salt + iv, plain, header)
        return header + iv + sealed


def make_sas(count):
    return [BenchSa(FIRST_SPI + i) for i in range(count)]


def write_sa_file(path, sas):
    with open(path, "w") as f:
        f.write("# Benchmark SAs: fixed keys, replay window 0.\n")
        for sa in sas:
            f.write(f"sa {sa.words()}\n")


def checksum(data):
    """Compute the Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f">{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ipv4_header(src, dst, proto, total_len, ident):
    addrs = socket.inet_aton(src) + socket.inet_aton(dst)
    hdr = struct.pack(">BBHHHBBH", 0x45, 0, total_len, ident, 0, 64, proto, 0) + addrs
    return hdr[:10] + struct.pack(">H", checksum(hdr)) + hdr[12:]


def inner_packet(size, index):
    """Build an IPv4/UDP packet of size bytes, whose source port varies
    by index."""
    if size < IPV4_UDP_HEADERS:
        raise ValueError(f"inner packet size {size} is below the {IPV4_UDP_HEADERS} "
                         "bytes of the IPv4 and UDP headers")
    payload = bytes((index + i) & 0xff for i in range(size - IPV4_UDP_HEADERS))
    sport = 10000 + index % 1000
    udp_len = size - 20
    pseudo = socket.inet_aton(INNER_SRC) + socket.inet_aton(INNER_DST) + \
        struct.pack(">BBH", 0, IPPROTO_UDP, udp_len)
    udp = struct.pack(">HHHH", sport, 9, udp_len, 0) + payload
    udp_sum = checksum(pseudo + udp) or 0xffff
    udp = udp[:6] + struct.pack(">H", udp_sum) + udp[8:]
    return ipv4_header(INNER_SRC, INNER_DST, IPPROTO_UDP, size, index & 0xffff) + udp


def build_frames(sas, size, per_sa):
    """Build per_sa frames of each SA with sequence numbers 1 to per_sa,
    interleaved SA by SA, and return them as a list of bytes."""
    eth = mac_bytes(MAC_DST) + mac_bytes(MAC_SRC) + struct.pack(">H", 0x0800)
    frames = []
    for seq in range(1, per_sa + 1):
        for sa in sas:
            esp = sa.esp(seq, inner_packet(size, seq * len(sas) + sa.spi))
            outer = ipv4_header(OUTER_SRC, OUTER_DST, IPPROTO_ESP,
                                20 + len(esp), seq & 0xffff)
            frames.append(eth + outer + esp)
    return frames


def mac_bytes(text):
    return bytes.fromhex(text.replace(":", ""))


def write_pcap(path, frames, repeat=1):
    """Write frames to a pcap file (Ethernet), the whole list repeat times
    over."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        n = 0
        for _ in range(repeat):
            for frame in frames:
                f.write(struct.pack("<IIII", n // 1000000, n % 1000000,
                                    len(frame), len(frame)))
                f.write(frame)
                n += 1


def esp_payload_len(size):
    """Return the bytes that AES-GCM encrypts for an inner packet of size
    bytes: the packet, padding to 4 bytes and the 2-byte ESP trailer."""
    return (size + 2 + 3) // 4 * 4
