// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fanout program.  libpcap's classic BPF interpreter runs it in user
 * space on packets that start at the IP header, which is where the kernel
 * starts it on received frames.  The kernel's filter validator checks it.
 */
#include <linux/filter.h>
#include <netinet/in.h>
#include <pcap/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture_bpf.h"
#include "pkt_build.h"
#include "tap.h"

static const struct sock_filter *prog;
static unsigned short prog_len;

static uint32_t run(const uint8_t *pkt, size_t len)
{
	return bpf_filter((const struct bpf_insn *)prog, pkt, (u_int)len,
			  (u_int)len);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* An IPv4 or IPv6 packet of proto whose payload starts with 8 bytes. */
static size_t ip_packet(uint8_t *p, int family, uint8_t proto,
			const uint8_t *l4, size_t l4_len)
{
	size_t hdr = family == AF_INET ? 20 : 40;

	memset(p, 0, hdr);
	if (family == AF_INET) {
		p[0] = 0x45;
		p[9] = proto;
		put16(p + 2, (uint16_t)(20 + l4_len));
		inet_pton(AF_INET, "198.51.100.1", p + 12);
		inet_pton(AF_INET, "203.0.113.9", p + 16);
	} else {
		p[0] = 0x60;
		p[6] = proto;
		put16(p + 4, (uint16_t)l4_len);
		inet_pton(AF_INET6, "2001:db8::1", p + 8);
		inet_pton(AF_INET6, "2001:db8:ffff::9", p + 24);
	}
	memcpy(p + hdr, l4, l4_len);
	return hdr + l4_len;
}

static size_t esp(uint8_t *p, int family, uint32_t spi)
{
	uint8_t l4[32] = { 0 };

	put32(l4, spi);
	put32(l4 + 4, 1);
	return ip_packet(p, family, 50, l4, sizeof(l4));
}

static size_t ah(uint8_t *p, int family, uint32_t spi)
{
	uint8_t l4[32] = { 51, 4 };

	put32(l4 + 4, spi);
	return ip_packet(p, family, 51, l4, sizeof(l4));
}

static size_t udp(uint8_t *p, int family, uint16_t sport, uint16_t dport,
		  uint32_t first_word, size_t payload)
{
	uint8_t l4[64] = { 0 };

	put16(l4, sport);
	put16(l4 + 2, dport);
	put16(l4 + 4, (uint16_t)(8 + payload));
	put32(l4 + 8, first_word);
	return ip_packet(p, family, 17, l4, 8 + payload);
}

static uint32_t fold(uint32_t a)
{
	a ^= a >> 16;
	return a ^ a >> 8;
}

static void swap_addrs(uint8_t *p, int family)
{
	size_t off = family == AF_INET ? 12 : 8, len = family == AF_INET ? 4 : 16;
	uint8_t tmp[16];

	memcpy(tmp, p + off, len);
	memcpy(p + off, p + off + len, len);
	memcpy(p + off + len, tmp, len);
}

static void test_spi(void)
{
	uint8_t p[128];
	size_t len;

	len = esp(p, AF_INET, 0xc1234567);
	tap_ok(run(p, len) == 0xc1234567, "IPv4 ESP returns the SPI");
	len = ah(p, AF_INET, 0x00abcdef);
	tap_ok(run(p, len) == 0x00abcdef, "IPv4 AH returns the SPI");
	len = udp(p, AF_INET, 4500, 4500, 0xdeadbeef, 24);
	tap_ok(run(p, len) == 0xdeadbeef, "IPv4 ESP in UDP 4500 returns the SPI");
	len = udp(p, AF_INET, 4500, 61000, 0x01020304, 24);
	tap_ok(run(p, len) == 0x01020304, "source port 4500 is enough (NAT side)");
	len = esp(p, AF_INET6, 0x76543210);
	tap_ok(run(p, len) == 0x76543210, "IPv6 ESP returns the SPI");
	len = ah(p, AF_INET6, 0x11112222);
	tap_ok(run(p, len) == 0x11112222, "IPv6 AH returns the SPI");
	len = udp(p, AF_INET6, 40000, 4500, 0x0badf00d, 24);
	tap_ok(run(p, len) == 0x0badf00d, "IPv6 ESP in UDP returns the SPI");
}

static void test_hash(void)
{
	uint8_t p[128];
	uint32_t addr_hash, v;
	size_t len;

	len = udp(p, AF_INET, 4500, 4500, 0, 24);
	addr_hash = fold(0xc6336401 ^ 0xcb007109);
	tap_ok(run(p, len) == addr_hash, "IKE on 4500 (marker 0) uses the address hash");
	swap_addrs(p, AF_INET);
	tap_ok(run(p, len) == addr_hash, "address hash is the same both ways");
	len = udp(p, AF_INET, 500, 500, 0x12345678, 24);
	tap_ok(run(p, len) == addr_hash, "other UDP uses the address hash");
	len = udp(p, AF_INET, 4500, 4500, 0xff000000, 1);
	tap_ok(run(p, len) == addr_hash, "NAT keepalive (1 byte) uses the address hash");

	len = esp(p, AF_INET, 0xc1234567);
	p[0] = 0x46;	/* IHL 6: options */
	tap_ok(run(p, len) == addr_hash, "IPv4 with options uses the address hash");
	p[0] = 0x45;
	put16(p + 6, 0x2000);	/* MF: first fragment */
	tap_ok(run(p, len) == addr_hash, "IPv4 fragment uses the address hash");

	len = esp(p, AF_INET6, 0x76543210);
	p[6] = 0;	/* hop-by-hop header first */
	v = run(p, len);
	swap_addrs(p, AF_INET6);
	tap_ok(v != 0x76543210 && run(p, len) == v,
	       "IPv6 with extension header: symmetric address hash");

	memset(p, 0, 60);
	p[12] = 0x08;
	p[13] = 0x06;	/* an ARP frame seen from byte 0 */
	tap_ok(run(p, 60) == 0, "non-IP goes to worker 0");
}

static void test_worker_choice(void)
{
	unsigned int i, hits[4] = { 0 };

	for (i = 0; i < 400; i++)
		hits[capture_spi_worker(0xc0000000u + i * 7919u, 4)]++;
	tap_ok(hits[0] == 100 && hits[1] == 100 && hits[2] == 100 && hits[3] == 100,
	       "capture_spi_worker is the SPI modulo the workers");
	tap_ok(capture_spi_worker(0x1234, 1) == 0, "one worker takes all");
}

static void test_validators(void)
{
	struct sock_fprog fprog = { .len = prog_len, .filter = (struct sock_filter *)prog };
	unsigned short rx_len;
	int fd;

	tap_ok(bpf_validate((const struct bpf_insn *)prog, prog_len) != 0,
	       "libpcap's validator accepts the program (%u instructions)",
	       prog_len);
	/* Attaching to any socket runs the kernel's classic BPF checker. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	tap_ok(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
			  sizeof(fprog)) == 0,
	       "the kernel accepts the fanout program");
	fprog.filter = (struct sock_filter *)capture_rx_filter(&rx_len);
	fprog.len = rx_len;
	tap_ok(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
			  sizeof(fprog)) == 0,
	       "the kernel accepts the receive filter");
	close(fd);
}

int main(void)
{
	prog = capture_fanout_program(&prog_len);
	test_spi();
	test_hash();
	test_worker_choice();
	test_validators();
	return tap_done();
}
