#!/bin/bash
# The main job: build everything, boot the patched kernel and run the
# gateway scenario in the guest: what the kernel offers (the ucapi system
# calls, the crypto drivers), then alice and bob exchanging traffic through
# four IPsec tunnels with ipsec-proxyd inline between them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

make -s -C "$TOP" kernel
bash "$TOP/scripts/check.sh" build-userland
exec bash "$TOP/scripts/guest-run.sh" --name demo --timeout 1200 -- \
	bash "$TOP/scripts/demo-guest.sh"
