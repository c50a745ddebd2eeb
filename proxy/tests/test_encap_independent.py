#!/usr/bin/python3
"""The datapath's ESP and AH output, checked by independent
implementations: scapy's SecurityAssociation decrypts and verifies every
packet, and tshark decrypts the ESP packets with an esp_sa table.

tool_encap (tests/tool_encap.c) runs the encapsulation through libucapi.
scapy 2.5 leaves the ESN high bits out of the ESP HMAC, so ESN is checked
here with AEADs only, and with AH, whose ESN handling in scapy follows
RFC 4302.  scapy 2.5 also leaves the NAT-T header in place when it
decapsulates IPv6 transport mode.  The test removes it from scapy's
result, and checks the payload length against the packet itself.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'py'))
from proxytest import Tap, read_pcap, tempdir, write_pcap  # noqa: E402

import logging  # noqa: E402
logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.all import IP, TCP, UDP, ICMP, Raw, raw  # noqa: E402
from scapy.layers.inet6 import IPv6, IPv6ExtHdrHopByHop  # noqa: E402
from scapy.layers.ipsec import AH, ESP, SecurityAssociation  # noqa: E402

tap = Tap()
BUILD = os.environ.get('O') or os.path.join(
    os.path.dirname(__file__), '..', '..', 'build', 'proxy')
TOOL = os.path.join(BUILD, 'tests', 'tool_encap')
WORK = tempdir('encap-')

K16 = bytes(range(16))
K32 = bytes(range(32))
SALT = bytes.fromhex('a0a1a2a3')
H20 = bytes(range(0x41, 0x41 + 20))
H32 = bytes(range(0x41, 0x41 + 32))

# name, proto, config spec, scapy crypt, key, scapy auth, key, Wireshark
# encryption and authentication names (None: not for tshark)
ALGS = [
    ('AES-GCM', 'esp', 'aead rfc4106(gcm(aes)) 0x%s 128' % (K16 + SALT).hex(),
     'AES-GCM', K16 + SALT, None, None,
     'AES-GCM with 16 octet ICV [RFC4106]', 'NULL'),
    ('AES-CBC HMAC-SHA1-96', 'esp',
     'enc cbc(aes) 0x%s auth sha1 0x%s' % (K16.hex(), H20.hex()),
     'AES-CBC', K16, 'HMAC-SHA1-96', H20, 'AES-CBC [RFC3602]',
     'HMAC-SHA-1-96 [RFC2404]'),
    ('AES-256-CBC HMAC-SHA-256-128', 'esp',
     'enc cbc(aes) 0x%s auth-trunc sha256 0x%s 128' % (K32.hex(), H32.hex()),
     'AES-CBC', K32, 'SHA2-256-128', H32, 'AES-CBC [RFC3602]',
     'HMAC-SHA-256-128 [RFC4868]'),
    ('AES-CTR HMAC-SHA1-96', 'esp',
     'enc rfc3686(ctr(aes)) 0x%s auth sha1 0x%s' % ((K16 + SALT).hex(),
                                                    H20.hex()),
     'AES-CTR', K16 + SALT, 'HMAC-SHA1-96', H20, 'AES-CTR [RFC3686]',
     'HMAC-SHA-1-96 [RFC2404]'),
    ('NULL HMAC-SHA1-96', 'esp', 'enc cipher_null "" auth sha1 0x%s'
     % H20.hex(), 'NULL', b'', 'HMAC-SHA1-96', H20, 'NULL',
     'HMAC-SHA-1-96 [RFC2404]'),
    ('ChaCha20-Poly1305', 'esp', 'aead rfc7539esp(chacha20,poly1305) 0x%s 128'
     % (K32 + SALT).hex(), 'CHACHA20-POLY1305', K32 + SALT, None, None,
     None, None),
    ('AH HMAC-SHA1-96', 'ah', 'auth sha1 0x%s' % H20.hex(), None, None,
     'HMAC-SHA1-96', H20, None, None),
    ('AH HMAC-SHA-256-128', 'ah', 'auth-trunc sha256 0x%s 128' % H32.hex(),
     None, None, 'SHA2-256-128', H32, None, None),
]


def packets(v6, transport):
    if v6:
        src, dst = ('2001:db8::1', '2001:db8::2') if transport else \
            ('fd00::1', 'fd00::2')
        return [IPv6(src=src, dst=dst) / UDP(sport=7, dport=9) / Raw(b'u'),
                IPv6(src=src, dst=dst) / IPv6ExtHdrHopByHop() /
                TCP(sport=1, dport=2) / Raw(b't' * 700)]
    src, dst = ('10.0.0.1', '10.0.0.2') if transport else \
        ('192.168.1.1', '192.168.2.2')
    return [IP(src=src, dst=dst) / UDP(sport=7, dport=9) / Raw(b'u'),
            IP(src=src, dst=dst) / ICMP() / Raw(b'p' * 333),
            IP(src=src, dst=dst) / TCP(sport=1, dport=2) / Raw(b't' * 1400)]


def run_case(spi, alg, tunnel, v6, natt, esn):
    name, proto, spec, crypt, ckey, auth, akey = alg[:7]
    outer = ('2001:db8::1', '2001:db8::2') if v6 else ('10.0.0.1', '10.0.0.2')
    # tunnel: inner family opposite to the outer one
    plain = [p.__class__(raw(p)) for p in
             packets(not v6 if tunnel else v6, not tunnel)]
    conf = os.path.join(WORK, 'sa.conf')
    with open(conf, 'w') as f:
        f.write('sa src %s dst %s proto %s spi 0x%x mode %s %s%s%s\n'
                % (outer[0], outer[1], proto, spi,
                   'tunnel' if tunnel else 'transport', spec,
                   ' encap espinudp 4500 4500' if natt else '',
                   ' flag esn replay-oseq 0xfffffffe' if esn else ''))
    write_pcap(os.path.join(WORK, 'plain.pcap'), [raw(p) for p in plain])
    proc = subprocess.run([TOOL, '--sa', conf, '--spi', str(spi), '--proto',
                           proto, '--read', os.path.join(WORK, 'plain.pcap'),
                           '--write', os.path.join(WORK, 'enc.pcap')],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode:
        return 'tool_encap failed: ' + proc.stderr, None
    enc = read_pcap(os.path.join(WORK, 'enc.pcap'))[1]
    if len(enc) != len(plain):
        return 'tool_encap wrote %d packets' % len(enc), None

    ip = IPv6 if v6 else IP
    for i, (e, p) in enumerate(zip(enc, plain)):
        seq = 0xffffffff + i if esn else 1 + i
        sa = SecurityAssociation(
            ESP if proto == 'esp' else AH, spi=spi,
            crypt_algo=crypt, crypt_key=ckey, auth_algo=auth, auth_key=akey,
            tunnel_header=ip(src=outer[0], dst=outer[1]) if tunnel else None,
            nat_t_header=UDP(sport=4500, dport=4500) if natt else None,
            esn_en=esn, esn=seq >> 32)
        try:
            got = sa.decrypt(ip(e))
        except Exception as ex:
            return 'scapy rejects packet %d: %s' % (i + 1, ex), enc
        layer = ESP if proto == 'esp' else AH
        if got.haslayer(layer):
            return 'scapy left packet %d encapsulated' % (i + 1), enc
        if v6 and int.from_bytes(e[4:6], 'big') != len(e) - 40:
            return 'packet %d: IPv6 payload length is wrong' % (i + 1), enc
        got = bytearray(raw(got))
        if v6 and natt and not tunnel:
            at = got.find(b'\x11\x94\x11\x94', 40)
            if at > 0:
                del got[at:at + 8]
            got[4:6] = raw(p)[4:6]
            field, off, want = 6, 40, raw(p)
            while want[field] in (0, 43, 60):
                field, off = off, off + (want[off + 1] + 1) * 8
            if got[field] == 17:	# scapy still names the NAT-T header
                got[field] = want[field]
        if bytes(got) != raw(p):
            ours, theirs = bytes(got), raw(p)
            return 'packet %d: scapy decrypted %s, sent %s' % (
                i + 1, ours.hex()[:64], theirs.hex()[:64]), enc
    return None, enc


def tshark_check(cases):
    """tshark decrypts the ESP output of every case it has names for."""
    conf_dir = tempdir('wireshark-')
    frames, expect, lines = [], [], []
    for spi, alg, tunnel, v6, natt, enc, plain in cases:
        outer = ('2001:db8::1', '2001:db8::2') if v6 else \
            ('10.0.0.1', '10.0.0.2')
        lines.append('"%s","%s","%s","0x%08x","%s","0x%s","%s","0x%s"\n'
                     % ('IPv6' if v6 else 'IPv4', outer[0], outer[1], spi,
                        alg[7], alg[4].hex(), alg[8], (alg[6] or b'').hex()))
        frames += enc
        expect += [(tunnel, p) for p in plain]
    with open(os.path.join(conf_dir, 'esp_sa'), 'w') as f:
        f.writelines(lines)
    write_pcap(os.path.join(WORK, 'all.pcap'), frames)

    env = dict(os.environ, WIRESHARK_CONFIG_DIR=conf_dir)
    out = subprocess.run(
        ['tshark', '-n', '-r', os.path.join(WORK, 'all.pcap'), '-o',
         'esp.enable_encryption_decode:TRUE', '-T', 'fields', '-E',
         'occurrence=f', '-e', 'esp.contained_data'],
        capture_output=True, text=True, env=env, timeout=300).stdout
    rows = out.splitlines()

    bad = 0
    for row, (tunnel, p) in zip(rows, expect):
        data = bytes.fromhex(row) if row else b''
        if tunnel and data != p:
            bad += 1
        if not tunnel and (not data or not p.endswith(data)):
            bad += 1
    tap.ok(len(rows) == len(expect) and bad == 0,
           'tshark decrypts all %d ESP packets of the datapath' % len(expect),
           '%d of %d differ' % (bad, len(expect)))


def main():
    spi = 0x7000
    for_tshark = []
    for alg in ALGS:
        for bits in range(16):
            tunnel, v6, natt, esn = bits & 1, bits & 2, bits & 4, bits & 8
            if natt and alg[1] == 'ah':
                continue
            if esn and alg[5] and alg[1] == 'esp':
                continue	# scapy's ESP HMAC has no ESN
            why, enc = run_case(spi, alg, tunnel, v6, natt, esn)
            tap.ok(why is None, '%s %s %s%s%s checked by scapy' % (
                alg[0], 'tunnel' if tunnel else 'transport',
                'IPv6' if v6 else 'IPv4', ' NAT-T' if natt else '',
                ' ESN' if esn else ''), why)
            if why is None and alg[7] and not esn:
                plain = [raw(p.__class__(raw(p))) for p in
                         packets(not v6 if tunnel else v6, not tunnel)]
                for_tshark.append((spi, alg, tunnel, v6, natt, enc, plain))
            spi += 1
    tshark_check(for_tshark)
    iv_check()


def iv_check():
    """A key loaded twice, counting from 1 each time, gives other IVs."""
    ivs = []
    for _ in range(2):
        why, enc = run_case(0x7f00, ALGS[0], True, False, False, False)
        if why:
            tap.ok(False, 'AES-GCM loaded twice gives other IVs', why)
            return
        # outer IPv4 header, SPI and sequence number, then the IV
        ivs.append([e[28:36] for e in enc])
    tap.ok(ivs[0][0] != ivs[1][0] and
           not set(ivs[0]) & set(ivs[1]),
           'AES-GCM loaded twice gives other IVs',
           '%s %s' % (ivs[0][0].hex(), ivs[1][0].hex()))
    tap.ok(len(set(ivs[0])) == len(ivs[0]),
           'AES-GCM IVs differ within one load')


main()
sys.exit(tap.done())
