"""Helpers for the Python tests of ipsec-proxyd: TAP output, pcap files,
running the binary and reading its report."""

import atexit
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101


def tempdir(prefix):
    """A temporary folder, removed when the test exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


class Tap:
    """Test Anything Protocol writer; the plan goes out at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.count += 1
        if not cond:
            self.failed += 1
        print('%sok %d - %s' % ('' if cond else 'not ', self.count, name))
        if not cond and diag:
            for line in str(diag).splitlines():
                print('# ' + line)
        sys.stdout.flush()
        return cond

    def diag(self, text):
        for line in str(text).splitlines():
            print('# ' + line)

    def done(self):
        print('1..%d' % self.count)
        return 1 if self.failed else 0


def hexbytes(text):
    """Bytes from hex as RFCs print it: groups separated by white space."""
    return bytes.fromhex(''.join(text.split()))


def write_pcap(path, packets, linktype=LINKTYPE_RAW):
    """Write packets (bytes) as a classic little-endian pcap file."""
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144,
                            linktype))
        for i, pkt in enumerate(packets):
            f.write(struct.pack('<IIII', 1700000000 + i, i, len(pkt),
                                len(pkt)))
            f.write(pkt)


def read_pcap(path):
    """Return (linktype, [packet bytes]) of a classic pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    packets = []
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(endian + 'I', data[off + 8:off + 12])[0]
        packets.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return linktype, packets


def ipv4_header(src, dst, proto, payload_len, ident=0x1234, ttl=64):
    """An IPv4 header without options, with a correct checksum."""
    hdr = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + payload_len,
                                ident, 0, ttl, proto, 0, bytes(src),
                                bytes(dst)))
    total = sum(struct.unpack('!10H', bytes(hdr)))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    hdr[10:12] = struct.pack('!H', ~total & 0xffff)
    return bytes(hdr)


class Proxy:
    """Runs ipsec-proxyd from the build folder in a temporary folder."""

    def __init__(self):
        build = os.environ.get('O') or os.path.join(
            os.path.dirname(__file__), '..', '..', '..', 'build', 'proxy')
        self.binary = os.path.join(build, 'ipsec-proxyd')
        self.tmp = tempdir('proxytest-')

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, text):
        with open(self.path(name), 'w') as f:
            f.write(text)
        return self.path(name)

    def run(self, args):
        proc = subprocess.run([self.binary] + args, capture_output=True,
                              text=True, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr

    def decrypt(self, packets, sa_text=None, esp_sa_text=None,
                linktype=LINKTYPE_RAW, extra=()):
        """Run offline mode on packets; returns (rc, report, stderr,
        output packets)."""
        write_pcap(self.path('in.pcap'), packets, linktype)
        args = ['--read', self.path('in.pcap'),
                '--write-decrypted', self.path('out.pcap')]
        if sa_text is not None:
            args += ['--sa', self.write('sa.conf', sa_text)]
        if esp_sa_text is not None:
            args += ['--esp-sa', self.write('esp_sa', esp_sa_text)]
        rc, out, err = self.run(args + list(extra))
        outputs = []
        if os.path.exists(self.path('out.pcap')):
            outputs = read_pcap(self.path('out.pcap'))[1]
        return rc, Report(out), err, outputs


class Report:
    """The summary ipsec-proxyd prints to standard output."""

    def __init__(self, text):
        self.text = text
        self.drops = {}
        self.read = self.written = self.dropped = None
        section = None
        for line in text.splitlines():
            m = re.match(r'.*: (\d+) packets? read, (\d+) written, '
                         r'(\d+) dropped$', line)
            if m:
                self.read, self.written, self.dropped = map(int, m.groups())
            if line == 'drops by reason:':
                section = 'drops'
                continue
            m = re.match(r'  (.+): (\d+)$', line)
            if section == 'drops' and m:
                self.drops[m.group(1)] = int(m.group(2))

    def drop(self, reason):
        return self.drops.get(reason, 0)
