#!/bin/bash
# The main job: build everything, boot the patched kernel and run the
# gateway scenario in the guest.  Until the gateway scenario is in place it
# shows what the guest kernel offers: the ucapi system calls and the crypto
# drivers behind the transforms IPsec uses.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

make -s -C "$TOP" kernel
bash "$TOP/scripts/check.sh" build-userland
exec bash "$TOP/scripts/guest-run.sh" --name demo -- bash "$TOP/scripts/demo-guest.sh"
