// SPDX-License-Identifier: GPL-2.0-only
#include <linux/if_packet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "capture_bpf.h"

#define UDP_ENCAP_PORT	4500	/* RFC 3948 */

/*
 * The program is written with symbolic jump targets, which are turned
 * into the relative offsets classic BPF uses on first use.  A LABEL entry
 * marks a target and emits nothing; 0 means "next instruction".
 */
enum label {
	L_NEXT,
	L_NOT_IPV4, L_UDP4, L_ESP4, L_AH4, L_HASH4,
	L_UDP6, L_ESP6, L_AH6, L_HASH6,
	L_MIX, L_RET, L_OTHER,
	L_COUNT
};

#define OP_LABEL	0xffff
#define LABEL(l)		{ OP_LABEL, 0, 0, l }
#define STMT(code, k)		{ code, 0, 0, k }
#define JUMP(code, k, t, f)	{ BPF_JMP | (code) | BPF_K, t, f, k }
#define JA(l)			{ BPF_JMP | BPF_JA, 0, 0, l }

#define LDB(off)	STMT(BPF_LD | BPF_B | BPF_ABS, off)
#define LDH(off)	STMT(BPF_LD | BPF_H | BPF_ABS, off)
#define LDW(off)	STMT(BPF_LD | BPF_W | BPF_ABS, off)
#define LDLEN		STMT(BPF_LD | BPF_W | BPF_LEN, 0)
#define TAX		STMT(BPF_MISC | BPF_TAX, 0)
#define XOR_X		STMT(BPF_ALU | BPF_XOR | BPF_X, 0)
#define RSH(n)		STMT(BPF_ALU | BPF_RSH | BPF_K, n)
#define RET_A		STMT(BPF_RET | BPF_A, 0)
#define RET(k)		STMT(BPF_RET | BPF_K, k)
#define XOR_WORD(off)	TAX, LDW(off), XOR_X

/* Offsets are from the IP header. */
static const struct sock_filter fanout_source[] = {
	LDB(0),
	RSH(4),
	JUMP(BPF_JEQ, 4, L_NEXT, L_NOT_IPV4),

	/* IPv4 without options and not a fragment */
	LDB(0),
	JUMP(BPF_JEQ, 0x45, L_NEXT, L_HASH4),
	LDH(6),
	JUMP(BPF_JSET, 0x3fff, L_HASH4, L_NEXT),
	LDB(9),
	JUMP(BPF_JEQ, 50, L_ESP4, L_NEXT),
	JUMP(BPF_JEQ, 51, L_AH4, L_NEXT),
	JUMP(BPF_JEQ, 17, L_NEXT, L_HASH4),
	LDH(20),
	JUMP(BPF_JEQ, UDP_ENCAP_PORT, L_UDP4, L_NEXT),
	LDH(22),
	JUMP(BPF_JEQ, UDP_ENCAP_PORT, L_NEXT, L_HASH4),
	LABEL(L_UDP4),
	LDLEN,
	JUMP(BPF_JGE, 20 + 8 + 4, L_NEXT, L_HASH4),
	LDW(28),
	JUMP(BPF_JEQ, 0, L_HASH4, L_RET),	/* 0: non-ESP marker, IKE */
	LABEL(L_ESP4),
	LDW(20),
	JA(L_RET),
	LABEL(L_AH4),
	LDW(24),
	JA(L_RET),
	LABEL(L_HASH4),
	LDW(12),
	XOR_WORD(16),
	JA(L_MIX),

	LABEL(L_NOT_IPV4),
	JUMP(BPF_JEQ, 6, L_NEXT, L_OTHER),
	/* IPv6: ESP, AH or UDP right after the fixed header */
	LDB(6),
	JUMP(BPF_JEQ, 50, L_ESP6, L_NEXT),
	JUMP(BPF_JEQ, 51, L_AH6, L_NEXT),
	JUMP(BPF_JEQ, 17, L_NEXT, L_HASH6),
	LDH(40),
	JUMP(BPF_JEQ, UDP_ENCAP_PORT, L_UDP6, L_NEXT),
	LDH(42),
	JUMP(BPF_JEQ, UDP_ENCAP_PORT, L_NEXT, L_HASH6),
	LABEL(L_UDP6),
	LDLEN,
	JUMP(BPF_JGE, 40 + 8 + 4, L_NEXT, L_HASH6),
	LDW(48),
	JUMP(BPF_JEQ, 0, L_HASH6, L_RET),
	LABEL(L_ESP6),
	LDW(40),
	JA(L_RET),
	LABEL(L_AH6),
	LDW(44),
	JA(L_RET),
	LABEL(L_HASH6),
	LDW(8),
	XOR_WORD(12), XOR_WORD(16), XOR_WORD(20), XOR_WORD(24),
	XOR_WORD(28), XOR_WORD(32), XOR_WORD(36),

	/* Fold the upper bits in, so that low worker indexes spread. */
	LABEL(L_MIX),
	TAX,
	RSH(16),
	XOR_X,
	TAX,
	RSH(8),
	XOR_X,
	LABEL(L_RET),
	RET_A,
	LABEL(L_OTHER),
	RET(0),
};

#define SOURCE_LEN	(sizeof(fanout_source) / sizeof(fanout_source[0]))

static struct sock_filter fanout_program[SOURCE_LEN];
static unsigned short fanout_len;
static pthread_once_t fanout_once = PTHREAD_ONCE_INIT;

static bool is_label(const struct sock_filter *insn)
{
	return insn->code == OP_LABEL;
}

static void assemble(void)
{
	unsigned int pos[L_COUNT] = { 0 };
	unsigned int i, n = 0;

	for (i = 0; i < SOURCE_LEN; i++) {
		if (is_label(&fanout_source[i]))
			pos[fanout_source[i].k] = n;
		else
			n++;
	}
	for (i = 0, n = 0; i < SOURCE_LEN; i++) {
		struct sock_filter insn = fanout_source[i];

		if (is_label(&insn))
			continue;
		if (insn.code == (BPF_JMP | BPF_JA)) {
			insn.k = pos[insn.k] - (n + 1);
		} else if (BPF_CLASS(insn.code) == BPF_JMP) {
			if (insn.jt != L_NEXT)
				insn.jt = (uint8_t)(pos[insn.jt] - (n + 1));
			if (insn.jf != L_NEXT)
				insn.jf = (uint8_t)(pos[insn.jf] - (n + 1));
		}
		fanout_program[n++] = insn;
	}
	fanout_len = (unsigned short)n;
}

const struct sock_filter *capture_fanout_program(unsigned short *len)
{
	pthread_once(&fanout_once, assemble);
	*len = fanout_len;
	return fanout_program;
}

static const struct sock_filter rx_filter[] = {
	STMT(BPF_LD | BPF_B | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)),
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, PACKET_OUTGOING },
	RET(0),
	RET(0xffffffff),
};

const struct sock_filter *capture_rx_filter(unsigned short *len)
{
	*len = sizeof(rx_filter) / sizeof(rx_filter[0]);
	return rx_filter;
}

unsigned int capture_spi_worker(uint32_t spi, unsigned int n_workers)
{
	return n_workers ? spi % n_workers : 0;
}
