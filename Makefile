# ucapi: the one build entry point.  Everything goes to build/.
#
#   make deps           install missing Debian packages (apt-get, as root)
#   make check          build all, run host and guest test suites
#   make check-debug    the guest suites under the debug kernel
#   make demo           the gateway scenario between IPsec peers, in the guest
#   make kernel         patched bzImage (build/kernel/default)
#   make kernel-tree    build/linux: the patched tree to edit and commit in
#   make kernel-patches export build/linux's commits to kernel-patches/
#   make shell          an interactive shell in the guest
#   make suite S=NAME   one test suite (names: make list-suites)
#   make bench          ucapi-bench's full matrix in the guest, results in
#                       Documentation/bench/
#   make bench-proxy    ipsec-proxyd against the kernel's XFRM input in the
#                       guest, results in Documentation/bench/proxy/
#   make bench-pin      bounce buffer against pinned user pages, on the pin
#                       kernel (kernel-patches/experimental/), results in
#                       Documentation/bench/pin/
#   make install        libucapi, ucapi-bench, ipsec-proxyd, ipsec-proxyctl,
#                       their man pages and the systemd unit
#                       (PREFIX=/usr/local, DESTDIR=)

TOP := $(CURDIR)
BUILD := $(TOP)/build
export BUILD

.PHONY: all deps kernel kernel-off kernel-debug kernel-tree kernel-patches \
	userland check check-debug demo shell suite list-suites bench bench-proxy \
	bench-pin install clean

all: kernel userland

deps:
	@bash scripts/deps.sh

kernel:
	@bash scripts/kernel.sh build default

kernel-off:
	@bash scripts/kernel.sh build off

kernel-debug:
	@bash scripts/kernel.sh build debug

kernel-tree:
	@bash scripts/kernel.sh tree
	@echo "build/linux: commit your changes there, then run make kernel-patches"

kernel-patches:
	@bash scripts/kernel.sh export

userland:
	@bash scripts/check.sh build-userland

check: deps
	@bash scripts/check.sh all

check-debug: deps
	@bash scripts/check.sh debug

suite:
	@bash scripts/check.sh suite $(S)

list-suites:
	@bash scripts/check.sh list

demo: deps
	@bash scripts/demo.sh

bench: deps kernel
	@bash scripts/bench.sh

bench-proxy: deps kernel
	@bash scripts/bench-proxy.sh

bench-pin: deps
	@bash scripts/bench-pin.sh

PREFIX ?= /usr/local
install:
	@$(MAKE) -s -C ucapi-lib O=$(BUILD)/ucapi-lib PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) install
	@$(MAKE) -s -C proxy O=$(BUILD)/proxy PREFIX=$(PREFIX) \
		DESTDIR=$(DESTDIR) install

shell: kernel
	@bash scripts/guest-run.sh --shell --name shell

clean:
	rm -rf $(BUILD)/kernel $(BUILD)/guest $(BUILD)/results \
		$(BUILD)/ucapi-lib $(BUILD)/proxy $(BUILD)/selftests
