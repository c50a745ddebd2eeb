#!/usr/bin/python3
"""Send ESP packets that the receiving endpoint must reject.

  inject.py forge IFACE SRC_MAC DST_MAC SRC DST SPI SEQ COUNT
      COUNT frames with the given outer addresses, a valid SPI, sequence
      numbers from SEQ and random bytes where the IV, ciphertext and ICV go:
      the integrity check must fail.

  inject.py replay IFACE DST INNER_SRC INNER_DST PORT COUNT
      send one UDP datagram from INNER_SRC to INNER_DST:PORT through the
      tunnel, where the kernel encrypts it.  Capture the ESP frame that
      leaves IFACE towards the outer address DST and send it COUNT more
      times: the anti-replay check must drop the copies.

Run it in the sender's network namespace.  It prints the SPI and sequence
number of what it sent.
"""
import os
import socket
import sys
import threading

from scapy.layers.inet import IP
from scapy.layers.inet6 import IPv6
from scapy.layers.ipsec import ESP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.sendrecv import AsyncSniffer, sendp

# Room for a 16-byte IV, two AES blocks and a 16-byte ICV.  With AES-CBC
# (16-byte IV) the ciphertext is whole blocks, and with AES-GCM (8-byte
# IV) any length passes, so the frames reach the integrity check.
FORGED_BODY_LEN = 16 + 32 + 16


def outer_ip(src, dst):
    if ':' in src:
        return IPv6(src=src, dst=dst, nh=50)
    return IP(src=src, dst=dst, proto=50)


def forge(iface, src_mac, dst_mac, src, dst, spi, seq, count):
    frames = []
    for i in range(count):
        esp = ESP(spi=spi, seq=seq + i) / Raw(os.urandom(FORGED_BODY_LEN))
        frames.append(Ether(src=src_mac, dst=dst_mac) / outer_ip(src, dst) /
                      esp)
    sendp(frames, iface=iface, verbose=False)
    print(f'forged: {count} frames, SPI 0x{spi:08x}, '
          f'sequence numbers {seq}-{seq + count - 1}')


def is_esp_to(dst):
    def match(pkt):
        if ESP not in pkt:
            return False
        layer = IPv6 if ':' in dst else IP
        return layer in pkt and pkt[layer].dst == dst
    return match


def replay(iface, dst, inner_src, inner_dst, port, count):
    listening = threading.Event()
    sniffer = AsyncSniffer(iface=iface, lfilter=is_esp_to(dst), count=1,
                           store=True, started_callback=listening.set)
    sniffer.start()
    if not listening.wait(timeout=10):
        sys.exit(f'capturing on {iface} did not start within 10 s')
    family = socket.AF_INET6 if ':' in inner_dst else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.bind((inner_src, 0))
        sock.sendto(b'replay-probe\n', (inner_dst, port))
    sniffer.join(timeout=10)
    if not sniffer.results:
        sys.exit(f'no ESP frame to {dst} seen on {iface} within 10 s')
    frame = sniffer.results[0]
    sendp([frame] * count, iface=iface, verbose=False)
    esp = frame[ESP]
    print(f'replayed: the frame of SPI 0x{esp.spi:08x} sequence number '
          f'{esp.seq} sent {count} more times')


def main(argv):
    if len(argv) == 10 and argv[1] == 'forge':
        forge(argv[2], argv[3], argv[4], argv[5], argv[6], int(argv[7], 0),
              int(argv[8], 0), int(argv[9]))
    elif len(argv) == 8 and argv[1] == 'replay':
        replay(argv[2], argv[3], argv[4], argv[5], int(argv[6]),
               int(argv[7]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
