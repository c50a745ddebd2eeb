#!/bin/bash
# Runs inside the guest for make demo: report the ucapi system calls and the
# drivers the kernel picks for the transforms the gateway uses, then run the
# end-to-end scenario with ipsec-proxyd between alice and bob, inline and
# then re-encrypting.
set -euo pipefail

ALGS=(
	'aead rfc4106(gcm(aes))'
	'aead rfc4543(gcm(aes))'
	'aead authenc(hmac(sha1),cbc(aes))'
	'aead authenc(hmac(sha256),cbc(aes))'
	'aead rfc7539esp(chacha20,poly1305)'
	'skcipher cbc(aes)'
	'skcipher ctr(aes)'
	'hash hmac(sha1)'
	'hash hmac(sha256)'
	'hash sha256'
)

echo
echo "kernel: $(uname -r)"
if [ -r /sys/kernel/ucapi/syscalls ]; then
	echo "ucapi system calls (ABI $(cat /sys/kernel/ucapi/abi_version)):"
	sed 's/^/  /' /sys/kernel/ucapi/syscalls
else
	echo "ucapi system calls: not offered by this kernel (/sys/kernel/ucapi absent)"
fi

# Binding an AF_ALG socket instantiates a template, so that /proc/crypto
# then lists the driver the kernel chose for it.
echo
echo "crypto drivers:"
for entry in "${ALGS[@]}"; do
	type=${entry%% *} alg=${entry#* }
	python3 - "$type" "$alg" <<'PY'
import socket, sys
kind, alg = sys.argv[1], sys.argv[2]
try:
    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    s.bind((kind, alg))
except OSError as e:
    print(f"  {alg:38} unavailable: {e.strerror}")
    sys.exit(0)
drivers = []
with open("/proc/crypto") as f:
    block = {}
    for line in f.read().split("\n\n"):
        fields = dict(l.split(":", 1) for l in line.splitlines() if ":" in l)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        if fields.get("name") == alg:
            drivers.append((int(fields.get("priority", 0)), fields["driver"]))
best = max(drivers)[1] if drivers else "?"
print(f"  {alg:38} {best}")
PY
done

echo
echo "scenario: alice and bob, IPsec endpoints, with ipsec-proxyd in gw, inline and then re-encrypting"
E2E_GW=gw-proxy.sh exec bash "$(dirname "$0")/../tests/e2e/scenario.sh"
