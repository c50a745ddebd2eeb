// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "ah_mutable.h"
#include "pkt.h"

#define IPOPT_EOL	0
#define IPOPT_NOP	1
#define IPOPT_SEC	130
#define IPOPT_LSRR	131
#define IPOPT_EXT_SEC	133
#define IPOPT_CIPSO	134
#define IPOPT_SSRR	137
#define IPOPT_RA	148
#define IPOPT_SDB	149

#define IPV6_OPT_PAD1		0
#define IPV6_OPT_MUTABLE	0x20	/* option data may change en route */

/* RFC 4302 Appendix A.1 lists these options as immutable. */
static bool ipv4_option_immutable(uint8_t type)
{
	return type == IPOPT_SEC || type == IPOPT_EXT_SEC ||
	       type == IPOPT_CIPSO || type == IPOPT_RA || type == IPOPT_SDB;
}

static int zero_ipv4(uint8_t *p, const char **why)
{
	size_t ihl = (size_t)(p[0] & 0x0f) * 4, i = IPV4_HDR_MIN;
	uint8_t len;

	p[1] = 0;			/* DSCP and ECN */
	memset(p + 6, 0, 2);		/* flags and fragment offset */
	p[8] = 0;			/* TTL */
	memset(p + 10, 0, 2);		/* header checksum */

	while (i < ihl) {
		if (p[i] == IPOPT_EOL)
			break;
		if (p[i] == IPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= ihl || p[i + 1] < 2 || p[i + 1] > ihl - i) {
			*why = "bad IPv4 option length";
			return -EINVAL;
		}
		len = p[i + 1];
		/*
		 * Source routes are mutable, but the destination address is
		 * predictable: the last hop, as the sender computed it.
		 */
		if ((p[i] == IPOPT_LSRR || p[i] == IPOPT_SSRR) && len >= 7)
			memcpy(p + 16, p + i + len - 4, 4);
		if (!ipv4_option_immutable(p[i]))
			memset(p + i, 0, len);
		i += len;
	}
	return 0;
}

/* Zero the data of every option whose type has the mutable bit. */
static int zero_ipv6_options(uint8_t *h, size_t len, const char **why)
{
	size_t i = 2;

	while (i < len) {
		if (h[i] == IPV6_OPT_PAD1) {
			i++;
			continue;
		}
		if (i + 1 >= len || (size_t)h[i + 1] + 2 > len - i) {
			*why = "bad IPv6 option length";
			return -EINVAL;
		}
		if (h[i] & IPV6_OPT_MUTABLE)
			memset(h + i + 2, 0, h[i + 1]);
		i += (size_t)h[i + 1] + 2;
	}
	return 0;
}

/*
 * A type 0 or 2 Routing header with segments left is rewritten to its
 * state at the final destination (RFC 4302 Appendix A.2): the visited
 * addresses shift one place and the last one becomes the destination.
 */
static int predict_routing(uint8_t *p, uint8_t *rh, size_t len,
			   const char **why)
{
	size_t n = (size_t)rh[1] / 2, left = rh[3], done;
	uint8_t *addr = rh + 8, last[16];

	if (!left)
		return 0;
	if ((rh[2] != 0 && rh[2] != 2) || len < 8 + n * 16 || left > n) {
		*why = "cannot predict this Routing header for AH";
		return -EINVAL;
	}
	done = n - left;
	memcpy(last, addr + (n - 1) * 16, 16);
	memmove(addr + (done + 1) * 16, addr + done * 16,
		(n - 1 - done) * 16);
	memcpy(addr + done * 16, p + 24, 16);
	memcpy(p + 24, last, 16);
	rh[3] = 0;
	return 0;
}

static int zero_ipv6(uint8_t *p, size_t ah_off, const char **why)
{
	size_t off = IPV6_HDR_LEN, ext;
	uint8_t nh = p[6];
	int err;

	p[0] &= 0xf0;			/* traffic class and flow label */
	p[1] = 0;
	p[2] = 0;
	p[3] = 0;
	p[7] = 0;			/* hop limit */

	while (off < ah_off) {
		ext = ipv6_ext_len(nh, p + off, ah_off - off);
		if (!ext) {
			*why = "truncated IPv6 extension header";
			return -EINVAL;
		}
		err = 0;
		if (nh == IPPROTO_NUM_HOPOPTS || nh == IPPROTO_NUM_DSTOPTS)
			err = zero_ipv6_options(p + off, ext, why);
		else if (nh == IPPROTO_NUM_ROUTING)
			err = predict_routing(p, p + off, ext, why);
		if (err)
			return err;
		nh = p[off];
		off += ext;
	}
	return 0;
}

int ah_zero_mutable(uint8_t *p, size_t ah_off, const char **why)
{
	if (p[0] >> 4 == 4)
		return zero_ipv4(p, why);
	return zero_ipv6(p, ah_off, why);
}
