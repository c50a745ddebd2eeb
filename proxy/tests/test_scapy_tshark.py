#!/usr/bin/python3
"""ESP and AH made by an independent implementation, scapy's
scapy.layers.ipsec.SecurityAssociation, decrypted by ipsec-proxyd and
compared field by field with tshark's own ESP decryption of the same
capture (an esp_sa table in a temporary Wireshark configuration folder).

Every output packet must also equal, byte for byte, the packet scapy
encrypted.  Scenarios: each algorithm both tools know, tunnel and transport
mode, IPv4 and IPv6 (with extension headers), UDP encapsulation, ESN.

Known limits of the reference tools, handled here:
- tshark 4.0 has no ESN setting.  It still decrypts ESN packets (the
  cipher does not depend on the AAD), so the fields are compared, but its
  ICV check is not used anywhere in this test.
- scapy 2.5 leaves the ESN high bits out of the ESP HMAC (RFC 4303 section
  2.2.1 appends them), so ESN packets with HMAC get their ICV recomputed
  here with Python's hmac module.
- scapy 2.5 writes a UDP length of 8 into the NAT-T header of IPv4
  packets.  Behind IPv6 extension headers it names ESP instead of UDP in
  the last one.  fix_natt() repairs both as RFC 3948 lays the packet out.
- tshark 4.0 does not know ChaCha20-Poly1305 in ESP; those packets are
  checked against scapy only.
"""

import hashlib
import hmac
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'py'))
from proxytest import (LINKTYPE_ETHERNET, Proxy, Tap,  # noqa: E402
                       tempdir, write_pcap)

import logging  # noqa: E402
logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.all import (IP, TCP, UDP, ICMP, Ether, IPOption_RR,  # noqa: E402
                       IPOption_Router_Alert, Raw, raw)
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrDestOpt,  # noqa: E402
                                IPv6ExtHdrHopByHop, ICMPv6EchoRequest)
from scapy.layers.ipsec import AH, ESP, SecurityAssociation  # noqa: E402

tap = Tap()
proxy = Proxy()

K16 = bytes(range(16))
K32 = bytes(range(32))
SALT = bytes.fromhex('a0a1a2a3')
H20 = bytes(range(0x41, 0x41 + 20))
H32 = bytes(range(0x41, 0x41 + 32))

# name, scapy crypt, key, scapy auth, auth key, config spec, Wireshark
# encryption and authentication names (None: tshark cannot decrypt)
ALGS = [
    ('AES-128-GCM', 'AES-GCM', K16 + SALT, None, None,
     'aead rfc4106(gcm(aes)) 0x%s 128' % (K16 + SALT).hex(),
     'AES-GCM with 16 octet ICV [RFC4106]', 'NULL'),
    ('AES-256-GCM', 'AES-GCM', K32 + SALT, None, None,
     'aead rfc4106(gcm(aes)) 0x%s 128' % (K32 + SALT).hex(),
     'AES-GCM with 16 octet ICV [RFC4106]', 'NULL'),
    ('AES-CBC HMAC-SHA1-96', 'AES-CBC', K16, 'HMAC-SHA1-96', H20,
     'enc cbc(aes) 0x%s auth sha1 0x%s' % (K16.hex(), H20.hex()),
     'AES-CBC [RFC3602]', 'HMAC-SHA-1-96 [RFC2404]'),
    ('AES-256-CBC HMAC-SHA-256-128', 'AES-CBC', K32, 'SHA2-256-128', H32,
     'enc cbc(aes) 0x%s auth-trunc hmac(sha256) 0x%s 128'
     % (K32.hex(), H32.hex()),
     'AES-CBC [RFC3602]', 'HMAC-SHA-256-128 [RFC4868]'),
    ('AES-CTR HMAC-SHA1-96', 'AES-CTR', K16 + SALT, 'HMAC-SHA1-96', H20,
     'enc rfc3686(ctr(aes)) 0x%s auth sha1 0x%s'
     % ((K16 + SALT).hex(), H20.hex()),
     'AES-CTR [RFC3686]', 'HMAC-SHA-1-96 [RFC2404]'),
    ('NULL HMAC-SHA1-96', 'NULL', b'', 'HMAC-SHA1-96', H20,
     'enc cipher_null "" auth sha1 0x%s' % H20.hex(),
     'NULL', 'HMAC-SHA-1-96 [RFC2404]'),
    ('AES-CBC without integrity', 'AES-CBC', K16, None, None,
     'enc cbc(aes) 0x%s' % K16.hex(), 'AES-CBC [RFC3602]', 'NULL'),
    ('ChaCha20-Poly1305', 'CHACHA20-POLY1305', K32 + SALT, None, None,
     'aead rfc7539esp(chacha20,poly1305) 0x%s 128' % (K32 + SALT).hex(),
     None, None),
]

OUTER4 = ('10.0.0.1', '10.0.0.2')
OUTER6 = ('2001:db8::1', '2001:db8::2')


def inner_packets(v6, seed):
    """Three packets of different protocols and sizes."""
    if v6:
        base = IPv6(src='fd00::%x' % seed, dst='fd00::ffff', hlim=33)
        return [
            base / UDP(sport=1000 + seed, dport=53) / Raw(b'a' * 17),
            base / ICMPv6EchoRequest(id=seed, seq=1, data=b'p' * 300),
            IPv6(src='fd00::%x' % seed, dst='fd00::ffff', hlim=33) /
            IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
            TCP(sport=2000 + seed, dport=80, seq=seed, flags='PA') /
            Raw(b't' * 1200),
        ]
    base = IP(src='192.168.%d.1' % seed, dst='192.168.200.2', ttl=33,
              id=seed)
    return [
        base / UDP(sport=1000 + seed, dport=53) / Raw(b'a' * 17),
        base / ICMP(id=seed, seq=1) / Raw(b'p' * 300),
        base / TCP(sport=2000 + seed, dport=80, seq=seed, flags='PA') /
        Raw(b't' * 1200),
    ]


def transport_packets(v6, seed):
    """Packets between the SA's own addresses, for transport mode."""
    outer = OUTER6 if v6 else OUTER4
    pkts = []
    for p in inner_packets(v6, seed):
        if v6:
            p.src, p.dst = outer
        else:
            p[IP].src, p[IP].dst = outer
        pkts.append(p.__class__(raw(p)))
    return pkts


def fix_esn_icv(pkt, auth_key, digest, icv_len, esn_hi):
    """RFC 4303 section 2.2.1: the ICV of an ESN SA covers the ESP packet
    and then the high 32 bits of the sequence number."""
    data = bytearray(raw(pkt))
    esp_off = len(data) - len(raw(pkt[ESP]))
    covered = bytes(data[esp_off:len(data) - icv_len])
    mac = hmac.new(auth_key, covered + struct.pack('!I', esn_hi), digest)
    data[len(data) - icv_len:] = mac.digest()[:icv_len]
    return bytes(data)


def fix_natt(data, v6):
    """Set the UDP length of the NAT-T header and the next header that
    names it (see the module documentation)."""
    data = bytearray(data)
    if not v6:
        off = (data[0] & 0x0f) * 4
    else:
        field, off = 6, 40
        while data[field] in (0, 43, 60) or \
                (field != 6 and data[field] == 50):
            if data[field] == 50:
                break
            field, off = off, off + (data[off + 1] + 1) * 8
        data[field] = 17
    data[off + 4:off + 6] = struct.pack('!H', len(data) - off)
    return bytes(data)


class Scenario:
    """One SA and the packets scapy made for it."""

    def __init__(self, spi, alg, tunnel, v6, natt, esn):
        self.spi = spi
        self.alg = alg
        self.tunnel = tunnel
        self.v6 = v6
        self.natt = natt
        self.esn = esn
        self.plain = []		# what scapy encrypted
        self.frames = []	# Ethernet frames of the capture
        self.name = '%s %s %s%s%s' % (
            alg[0], 'tunnel' if tunnel else 'transport',
            'IPv6' if v6 else 'IPv4', ' NAT-T' if natt else '',
            ' ESN' if esn else '')

    def build(self):
        name, crypt, key, auth, akey = self.alg[:5]
        outer = OUTER6 if self.v6 else OUTER4
        ip = IPv6 if self.v6 else IP
        if self.tunnel:
            plain = inner_packets(not self.v6, self.spi & 0xff)
        else:
            plain = transport_packets(self.v6, self.spi & 0xff)
        # With ESN the packets straddle the 2^32 boundary.
        seqs = ([(0, 0xfffffffe), (0, 0xffffffff), (1, 0)] if self.esn
                else [(0, 1), (0, 2), (0, 3)])
        for p, (hi, lo) in zip(plain, seqs):
            sa = SecurityAssociation(
                ESP, spi=self.spi, seq_num=lo, crypt_algo=crypt,
                crypt_key=key, auth_algo=auth, auth_key=akey,
                tunnel_header=ip(src=outer[0], dst=outer[1])
                if self.tunnel else None,
                nat_t_header=UDP(sport=4500, dport=4500)
                if self.natt else None,
                esn_en=self.esn, esn=hi)
            enc = sa.encrypt(p)
            data = raw(enc)
            if self.esn and auth:
                digest = hashlib.sha1 if auth == 'HMAC-SHA1-96' else \
                    hashlib.sha256
                icv = 12 if auth == 'HMAC-SHA1-96' else 16
                data = fix_esn_icv(enc, akey, digest, icv, hi)
            if self.natt:
                data = fix_natt(data, self.v6)
            self.plain.append(raw(p))
            self.frames.append(raw(Ether(type=0x86dd if self.v6 else 0x800))
                               + data)

    def sa_line(self):
        outer = OUTER6 if self.v6 else OUTER4
        line = ('sa src %s dst %s proto esp spi 0x%x mode %s %s'
                % (outer[0], outer[1], self.spi,
                   'tunnel' if self.tunnel else 'transport', self.alg[5]))
        if self.natt:
            line += ' encap espinudp 4500 4500'
        if self.esn:
            line += ' flag esn replay-window 128 replay-seq 0xfffffff0'
        return line + '\n'

    def uat_line(self):
        outer = OUTER6 if self.v6 else OUTER4
        return ('"%s","%s","%s","0x%08x","%s","0x%s","%s","0x%s"\n'
                % ('IPv6' if self.v6 else 'IPv4', outer[0], outer[1],
                   self.spi, self.alg[6], self.alg[2].hex(), self.alg[7],
                   (self.alg[4] or b'').hex()))


FIELDS = ['ip.src', 'ip.dst', 'ip.ttl', 'ip.id', 'ip.len', 'ip.proto',
          'ipv6.src', 'ipv6.dst', 'ipv6.hlim', 'ipv6.plen', 'ipv6.nxt',
          'udp.srcport', 'udp.dstport', 'udp.length', 'tcp.srcport',
          'tcp.dstport', 'tcp.seq_raw', 'tcp.len', 'icmp.type', 'icmp.seq',
          'icmpv6.echo.sequence_number', 'data.len']
# Fields the outer header of transport mode changes by design
TRANSPORT_SKIP = {'ip.len', 'ip.proto', 'ipv6.plen', 'ipv6.nxt'}


def tshark(pcap, conf_dir, fields, occurrence='l'):
    env = dict(os.environ, WIRESHARK_CONFIG_DIR=conf_dir)
    cmd = ['tshark', '-n', '-r', pcap, '-o',
           'esp.enable_encryption_decode:TRUE', '-T', 'fields',
           '-E', 'occurrence=%s' % occurrence, '-E', 'separator=/t']
    for f in fields:
        cmd += ['-e', f]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env,
                         timeout=300).stdout
    return [line.split('\t') for line in out.splitlines()]


def inner_protocols(frame_protocols, tunnel):
    """The protocols tshark found in the decrypted part of a frame, with
    the outer IP layer for transport mode."""
    layers = frame_protocols.split(':')
    if 'esp' not in layers:
        return None
    esp = layers.index('esp')
    inner = layers[esp + 1:]
    if not tunnel:
        outer = layers[layers.index('ethertype') + 1:esp]
        while outer[-1] in ('udp', 'udpencap'):	# NAT-T
            outer = outer[:-1]
        inner = outer + inner
    return inner


def compare_packet(sc, tin, fin, fout, ours):
    """Compare one packet; returns None or what differs."""
    contained = bytes.fromhex(tin[2]) if len(tin) > 2 and tin[2] else None
    if contained is None:
        return 'tshark did not decrypt it'
    if sc.tunnel and ours != contained:
        return 'tshark decrypted %s...' % contained.hex()[:60]
    if not sc.tunnel:
        if not ours.endswith(contained):
            return 'transport payload differs from tshark'
        field = 9
        if sc.v6:
            field, off = 6, 40
            while ours[field] in (0, 43, 60):
                field, off = off, off + (ours[off + 1] + 1) * 8
        if tin[1] and int(tin[1], 16) != ours[field]:
            return 'next header %s, ours %d' % (tin[1], ours[field])
    inner = inner_protocols(tin[3], sc.tunnel)
    ours_layers = fout[-1].split(':')[1:]
    if inner != ours_layers:
        return 'protocols: tshark %s, ours %s' % (inner, ours_layers)
    for f, a, b in zip(FIELDS, fin, fout):
        if f.split('.')[0] not in inner:
            continue
        if not sc.tunnel and f in TRANSPORT_SKIP:
            continue
        if a != b:
            return 'field %s: tshark %r, ours %r' % (f, a, b)
    return None


def compare_with_tshark(scens, outputs, conf_dir):
    """Field-by-field comparison of tshark's decryption of the input and
    tshark's dissection of ipsec-proxyd's output."""
    work = tempdir('tshark-')
    tin = tshark(proxy.path('in.pcap'), conf_dir,
                 ['esp.spi', 'esp.protocol', 'esp.contained_data',
                  'frame.protocols'], 'f')
    fin = tshark(proxy.path('in.pcap'), conf_dir, FIELDS)
    write_pcap(os.path.join(work, 'ours.pcap'), outputs)
    fout = tshark(os.path.join(work, 'ours.pcap'), conf_dir,
                  FIELDS + ['frame.protocols'])

    idx = 0
    for sc in scens:
        why = None
        for i in range(idx, idx + len(sc.frames)):
            why = compare_packet(sc, tin[i], fin[i], fout[i], outputs[i])
            if why:
                why = 'packet %d: %s' % (i + 1, why)
                break
        idx += len(sc.frames)
        if sc.alg[6] is not None:
            tap.ok(why is None, '%s matches tshark field by field'
                   % sc.name, why)


def scenarios():
    spi = 0x1000
    out = []
    for alg in ALGS:
        for bits in range(8):
            tunnel, v6, natt = bits & 1, bits & 2, bits & 4
            out.append(Scenario(spi, alg, tunnel, v6, natt, False))
            spi += 1
        if alg[0] in ('AES-128-GCM', 'AES-CBC HMAC-SHA1-96',
                      'AES-256-CBC HMAC-SHA-256-128', 'NULL HMAC-SHA1-96',
                      'ChaCha20-Poly1305'):
            for tunnel in (0, 1):
                out.append(Scenario(spi, alg, tunnel, tunnel, False, True))
                spi += 1
    return out


def run_esp():
    scens = scenarios()
    for sc in scens:
        sc.build()
    frames = [f for sc in scens for f in sc.frames]
    sa_text = ''.join(sc.sa_line() for sc in scens)
    rc, report, err, outputs = proxy.decrypt(
        frames, sa_text=sa_text, linktype=LINKTYPE_ETHERNET)
    tap.ok(rc == 0 and len(outputs) == len(frames),
           'ipsec-proxyd decrypts all %d scapy ESP packets' % len(frames),
           err[-3000:] + report.text[-2000:])

    plain = [p for sc in scens for p in sc.plain]
    idx = 0
    for sc in scens:
        n = len(sc.frames)
        got = outputs[idx:idx + n] if len(outputs) == len(frames) else []
        tap.ok(got == plain[idx:idx + n],
               '%s output equals what scapy encrypted' % sc.name)
        idx += n
    if len(outputs) != len(frames):
        return

    conf_dir = tempdir('wireshark-')
    with open(os.path.join(conf_dir, 'esp_sa'), 'w') as f:
        f.write(''.join(sc.uat_line() for sc in scens
                        if sc.alg[6] is not None))
    compare_with_tshark(scens, outputs, conf_dir)

    # The same capture through the esp_sa table ipsec-proxyd shares with
    # Wireshark, where every SA runs in automatic mode.
    uat = [sc for sc in scens if sc.alg[6] is not None and not sc.esn]
    rc, report, err, outs = proxy.decrypt(
        [f for sc in uat for f in sc.frames],
        esp_sa_text=''.join(sc.uat_line() for sc in uat),
        linktype=LINKTYPE_ETHERNET)
    tap.ok(rc == 0 and outs == [p for sc in uat for p in sc.plain],
           'the Wireshark esp_sa table decrypts the same %d packets'
           % sum(len(sc.frames) for sc in uat), err[-2000:] + report.text)


def run_ah():
    """AH from scapy: HMAC-SHA1-96 and HMAC-SHA-256-128, both modes,
    IPv4 and IPv6 with extension headers, and ESN."""
    cases = []
    spi = 0x5000
    for auth, akey, spec in [
            ('HMAC-SHA1-96', H20, 'auth sha1 0x%s' % H20.hex()),
            ('SHA2-256-128', H32, 'auth-trunc sha256 0x%s 128' % H32.hex())]:
        for bits in range(8):
            tunnel, v6, esn = bits & 1, bits & 2, bits & 4
            cases.append((spi, auth, akey, spec, tunnel, v6, esn))
            spi += 1
    frames, plain, lines, names = [], [], [], []
    for spi, auth, akey, spec, tunnel, v6, esn in cases:
        outer = OUTER6 if v6 else OUTER4
        ip = IPv6 if v6 else IP
        pkts = inner_packets(not v6, spi & 0xff) if tunnel else \
            transport_packets(v6, spi & 0xff)
        seqs = [(0, 0xffffffff), (1, 0), (1, 1)] if esn else \
            [(0, 1), (0, 2), (0, 3)]
        for p, (hi, lo) in zip(pkts, seqs):
            sa = SecurityAssociation(
                AH, spi=spi, seq_num=lo, auth_algo=auth, auth_key=akey,
                tunnel_header=ip(src=outer[0], dst=outer[1])
                if tunnel else None, esn_en=esn, esn=hi)
            frames.append(raw(sa.encrypt(p)))
            plain.append(raw(p))
        lines.append('sa src %s dst %s proto ah spi 0x%x mode %s %s%s\n'
                     % (outer[0], outer[1], spi,
                        'tunnel' if tunnel else 'transport', spec,
                        ' flag esn replay-seq 0xfffffff0' if esn else ''))
        names.append('AH %s %s %s%s' % (auth, 'tunnel' if tunnel else
                                        'transport', 'IPv6' if v6 else
                                        'IPv4', ' ESN' if esn else ''))
    rc, report, err, outputs = proxy.decrypt(frames, sa_text=''.join(lines))
    tap.ok(rc == 0 and len(outputs) == len(frames),
           'ipsec-proxyd verifies all %d scapy AH packets' % len(frames),
           err[-3000:] + report.text[-1500:])
    for i, name in enumerate(names):
        got = outputs[3 * i:3 * i + 3] if len(outputs) == len(frames) else []
        tap.ok(got == plain[3 * i:3 * i + 3],
               '%s output equals the packet scapy protected' % name)

    # IPv4 options before AH: Record Route is mutable and zeroed, Router
    # Alert is immutable and covered (RFC 4302 Appendix A.1).
    opts_sa = SecurityAssociation(AH, spi=0x5fff, auth_algo='HMAC-SHA1-96',
                                  auth_key=H20)
    opt_pkt = IP(src=OUTER4[0], dst=OUTER4[1], ttl=9,
                 options=[IPOption_RR(routers=['1.2.3.4']),
                          IPOption_Router_Alert()]) / UDP() / Raw(b'o' * 9)
    opt_pkt = IP(raw(opt_pkt))
    line = ('sa src %s dst %s proto ah spi 0x5fff auth sha1 0x%s\n'
            % (OUTER4[0], OUTER4[1], H20.hex()))
    enc = bytearray(raw(opts_sa.encrypt(opt_pkt)))
    rc, report, err, outputs = proxy.decrypt([bytes(enc)], sa_text=line)
    tap.ok(rc == 0 and outputs == [raw(opt_pkt)],
           'AH over IPv4 options from scapy verifies', err + report.text)
    enc[23] ^= 0x01		# a Record Route address: mutable
    enc[10:12] = b'\0\0'
    ihl = (enc[0] & 0x0f) * 4
    total = sum(int.from_bytes(enc[i:i + 2], 'big') for i in range(0, ihl, 2))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    enc[10:12] = (~total & 0xffff).to_bytes(2, 'big')
    rc, report, err, outputs = proxy.decrypt([bytes(enc)], sa_text=line)
    tap.ok(rc == 0 and len(outputs) == 1,
           'AH ignores a changed mutable IPv4 option', err + report.text)

    flipped = []
    for f in frames[:6]:
        b = bytearray(f)
        b[-1] ^= 0x80
        flipped.append(bytes(b))
    rc, report, err, outputs = proxy.decrypt(flipped, sa_text=''.join(lines))
    tap.ok(rc == 1 and report.drop('authentication failed') == 6 and
           not outputs, 'AH packets with a flipped payload bit dropped',
           report.text)


run_esp()
run_ah()
sys.exit(tap.done())
