#!/usr/bin/python3
"""ipsec-proxyd's command line: options, exit statuses, file errors,
capture formats and the report."""

import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), 'py'))
from proxytest import (LINKTYPE_ETHERNET, LINKTYPE_RAW, Proxy,  # noqa: E402
                       Tap, read_pcap, write_pcap)

import logging  # noqa: E402
logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
from scapy.all import IP, UDP, Raw, raw  # noqa: E402
from scapy.layers.ipsec import ESP, SecurityAssociation  # noqa: E402

tap = Tap()
proxy = Proxy()

# One version for the whole project, kept in libucapi's Makefile.
with open(os.path.join(os.path.dirname(__file__), '..', '..', 'ucapi-lib',
                       'Makefile')) as makefile:
    PROJECT_VERSION = re.search(r'^VERSION := (\S+)$', makefile.read(),
                                re.M).group(1)

KEY = bytes(range(16)) + bytes.fromhex('a0a1a2a3')
SA_LINE = ('sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel '
           'aead rfc4106(gcm(aes)) 0x%s 128\n' % KEY.hex())


def esp_packets(n, first_seq=1):
    sa = SecurityAssociation(ESP, spi=0x100, crypt_algo='AES-GCM',
                             crypt_key=KEY, seq_num=first_seq,
                             tunnel_header=IP(src='10.0.0.1',
                                              dst='10.0.0.2'))
    inner = [IP(src='192.168.0.1', dst='192.168.0.2') /
             UDP(sport=i + 1, dport=9) / Raw(b'x' * i) for i in range(n)]
    return [raw(sa.encrypt(p)) for p in inner], [raw(p) for p in inner]


def test_usage():
    rc, out, err = proxy.run(['--help'])
    tap.ok(rc == 0 and '--write-decrypted' in out, '--help exits 0')
    want = 'ipsec-proxyd %s (libucapi %s)\n' % (PROJECT_VERSION,
                                                PROJECT_VERSION)
    rc, out, err = proxy.run(['--version'])
    tap.ok(rc == 0 and out == want,
           '--version: ipsec-proxyd VERSION (libucapi VERSION)',
           'expected %r, got %r' % (want, out))
    offline_version = out
    rc, out, err = proxy.run(['--inline', 'x,y', '--version'])
    tap.ok(rc == 0 and out == offline_version,
           '--version of the live modes is the same', out)
    rc, out, err = proxy.run([])
    tap.ok(rc == 2 and 'required' in err, 'no arguments exit 2')
    rc, out, err = proxy.run(['--bogus'])
    tap.ok(rc == 2, 'unknown option exits 2')
    args = ['--read', 'x', '--write-decrypted', 'y', '--sa', 'z']
    rc, out, err = proxy.run(args + ['--batch', '0'])
    tap.ok(rc == 2 and '--batch' in err, '--batch 0 exits 2')
    rc, out, err = proxy.run(args + ['--backend', 'quantum'])
    tap.ok(rc == 2 and "unknown backend 'quantum'" in err,
           'unknown backend exits 2')
    rc, out, err = proxy.run(args + ['extra'])
    tap.ok(rc == 2 and 'extra' in err, 'stray argument exits 2')


def test_file_errors():
    pkts, _ = esp_packets(1)
    write_pcap(proxy.path('in.pcap'), pkts)
    sa = proxy.write('sa.conf', SA_LINE)
    base = ['--write-decrypted', proxy.path('out.pcap')]
    rc, out, err = proxy.run(base + ['--read', proxy.path('nope.pcap'),
                                     '--sa', sa])
    tap.ok(rc == 2 and 'nope.pcap' in err, 'missing capture exits 2')
    tap.ok(err.count('nope.pcap') == 1, 'missing capture named once', err)
    rc, out, err = proxy.run(base + ['--read', proxy.path('in.pcap'),
                                     '--sa', proxy.path('nope.conf')])
    tap.ok(rc == 2 and 'nope.conf' in err, 'missing SA file exits 2')
    bad = proxy.write('bad.conf', SA_LINE + 'sa src 10.0.0.1 dst 10.0.0.2 '
                      'proto esp spi 0x101 mode tunnel enc aes 0x00\n')
    rc, out, err = proxy.run(base + ['--read', proxy.path('in.pcap'),
                                     '--sa', bad])
    tap.ok(rc == 2 and re.search(r"bad\.conf:2: field 'enc'", err),
           'bad SA line exits 2 naming file, line and field', err)
    garbage = proxy.write('garbage.pcap', 'not a capture')
    rc, out, err = proxy.run(base + ['--read', garbage, '--sa', sa])
    tap.ok(rc == 2 and 'garbage.pcap' in err, 'unreadable capture exits 2')
    rc, out, err = proxy.run(['--read', proxy.path('in.pcap'), '--sa', sa,
                              '--write-decrypted', '/nonexistent/out.pcap'])
    tap.ok(rc == 2 and 'cannot write' in err, 'unwritable output exits 2')
    tap.ok(err.count('/nonexistent/out.pcap') == 1,
           'unwritable output named once', err)
    check_output_is_input(sa)
    check_damaged_capture(sa)
    keys = proxy.write('keys.conf', SA_LINE)
    rc, out, err = proxy.run(['--read', proxy.path('in.pcap'), '--sa', keys,
                              '--write-decrypted', keys])
    with open(keys) as f:
        kept = f.read() == SA_LINE
    tap.ok(rc == 2 and 'output is the SA file' in err and kept,
           'output that is the SA file is refused', err)
    paired = proxy.write('paired.conf', SA_LINE +
                         'pair in spi 0x100 out spi 0x100\n')
    rc, out, err = proxy.run(base + ['--read', proxy.path('in.pcap'),
                                     '--sa', paired])
    tap.ok(rc == 0, 'pair statement does not stop the offline mode', err)
    tap.ok("paired.conf:2: 'pair' statement ignored" in err,
           'pair statement ignored with a warning', err)


def check_damaged_capture(sa):
    """A capture cut in its last record: the packets before the cut are
    decrypted, written and reported, and the exit status is 2."""
    pkts, inner = esp_packets(3)
    capture = proxy.path('cut.pcap')
    write_pcap(capture, pkts)
    with open(capture, 'r+b') as f:
        f.truncate(os.path.getsize(capture) - 10)
    rc, out, err = proxy.run(['--read', capture, '--sa', sa,
                              '--write-decrypted', proxy.path('cut-out.pcap')])
    tap.ok(rc == 2 and 'read failed after 2 packets' in err,
           'damaged capture exits 2 naming the packets read', err)
    tap.ok('2 packets read, 2 written' in out,
           'damaged capture: the packets before the damage are reported', out)
    tap.ok(read_pcap(proxy.path('cut-out.pcap'))[1] == inner[:2],
           'damaged capture: the packets before the damage are written')


def check_output_is_input(sa):
    """An output that is the input capture, by the same path or a hard
    link, is rejected before the capture is truncated."""
    pkts, _ = esp_packets(2)
    capture = proxy.path('same.pcap')
    write_pcap(capture, pkts)
    with open(capture, 'rb') as f:
        before = f.read()
    link = proxy.path('same-link.pcap')
    if os.path.exists(link):
        os.unlink(link)
    os.link(capture, link)
    for name, output in (('same path', capture), ('hard link', link)):
        rc, out, err = proxy.run(['--read', capture, '--sa', sa,
                                  '--write-decrypted', output])
        tap.ok(rc == 2, 'output is the input (%s): exit 2' % name, err)
        tap.ok('output is the input capture' in err,
               'output is the input (%s): reason given' % name, err)
        with open(capture, 'rb') as f:
            tap.ok(f.read() == before,
                   'output is the input (%s): capture unchanged' % name)


def test_formats():
    pkts, inner = esp_packets(3)
    eth = [b'\x00' * 12 + b'\x81\x00\x00\x05\x08\x00' + p for p in pkts]
    rc, report, err, outputs = proxy.decrypt(eth, sa_text=SA_LINE,
                                             linktype=LINKTYPE_ETHERNET)
    tap.ok(rc == 0 and outputs == inner, 'Ethernet with a VLAN tag')
    tap.ok(read_pcap(proxy.path('out.pcap'))[0] == LINKTYPE_RAW,
           'output link type is RAW (101)')

    sll = [struct.pack('!HHH8sH', 0, 1, 6, b'\0' * 8, 0x0800) + p
           for p in pkts]
    rc, report, err, outputs = proxy.decrypt(sll, sa_text=SA_LINE,
                                             linktype=113)
    tap.ok(rc == 0 and outputs == inner, 'Linux cooked capture (SLL)')

    write_pcap(proxy.path('eth.pcap'), eth, LINKTYPE_ETHERNET)
    subprocess.run(['editcap', '-F', 'pcapng', proxy.path('eth.pcap'),
                    proxy.path('in.pcapng')], check=True,
                   capture_output=True)
    rc, out, err = proxy.run(['--read', proxy.path('in.pcapng'), '--sa',
                              proxy.write('sa.conf', SA_LINE),
                              '--write-decrypted', proxy.path('ng.pcap')])
    tap.ok(rc == 0 and read_pcap(proxy.path('ng.pcap'))[1] == inner,
           'pcapng input', err)

    arp = b'\xff' * 6 + b'\x00' * 6 + b'\x08\x06' + b'\x00' * 28
    rc, report, err, outputs = proxy.decrypt([arp], sa_text=SA_LINE,
                                             linktype=LINKTYPE_ETHERNET)
    tap.ok(rc == 0 and not outputs and 'not IPsec: 1,' in report.text,
           'ARP counts as not IPsec, exit 0')


def test_report():
    pkts, inner = esp_packets(4)
    bad = bytearray(pkts[1])
    bad[-1] ^= 1
    capture = [pkts[0], bytes(bad), pkts[2], pkts[2], pkts[3]]
    rc, report, err, outputs = proxy.decrypt(capture, sa_text=SA_LINE)
    tap.ok(rc == 1, 'drops give exit status 1')
    tap.ok(report.read == 5 and report.written == 3 and report.dropped == 2,
           'report counts read, written, dropped', report.text)
    tap.ok(report.drop('authentication failed') == 1 and
           report.drop('replay') == 1, 'drops by reason', report.text)
    tap.ok('packet 2: dropped: authentication failed' in err and
           'packet 4: dropped: replay' in err,
           'one line per dropped packet, with its number', err)
    tap.ok(re.search(r'esp spi 0x00000100 dst 10\.0\.0\.2 \(.*sa\.conf:1, '
                     r'rfc4106\(gcm\(aes\)\)\): 3 packets, \d+ bytes?, '
                     r'2 dropped', report.text),
           'per-SA line with origin, transform and counts', report.text)
    rc, report, err, outputs = proxy.decrypt(capture, sa_text=SA_LINE,
                                             extra=['--quiet'])
    tap.ok(rc == 1 and 'dropped:' not in err, '--quiet drops the lines')

    unknown, _ = esp_packets(1)
    u = bytearray(unknown[0])
    u[20:24] = b'\x00\x00\x09\x99'
    rc, report, err, outputs = proxy.decrypt([bytes(u)], sa_text=SA_LINE)
    tap.ok(rc == 1 and report.drop('unknown SPI') == 1 and
           'esp spi 0x00000999' in err, 'unknown SPI reported with its SPI')


def test_batch_sizes():
    pkts, inner = esp_packets(70)
    results = []
    for batch in ('1', '7', '32', '256'):
        rc, report, err, outputs = proxy.decrypt(
            pkts, sa_text=SA_LINE, extra=['--batch', batch])
        results.append(rc == 0 and outputs == inner)
        calls = re.search(r'in (\d+) ucapi_batch', report.text)
        if batch == '7':
            tap.ok(calls and int(calls.group(1)) == 10,
                   '70 packets in batches of 7: 10 ucapi_batch() calls')
    tap.ok(all(results), 'batch sizes 1, 7, 32 and 256 give the same output')


def test_backend_names():
    rc, out, err = proxy.run(['--help'])
    m = re.search(r'libucapi backend: auto (\S+) (\S+) (\S+) \(default', out)
    tap.ok(m is not None, '--help lists the backends')
    if not m:
        return
    pkts, inner = esp_packets(2)
    in_process = m.group(3)
    rc, report, err, outputs = proxy.decrypt(
        pkts, sa_text=SA_LINE, extra=['--backend', in_process])
    tap.ok(rc == 0 and outputs == inner,
           'the in-process backend by name', err)


test_usage()
test_file_errors()
test_formats()
test_report()
test_batch_sizes()
test_backend_names()
sys.exit(tap.done())
