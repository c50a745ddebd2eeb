/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Security association: what RFC 4301 section 4.4.2 calls an SAD entry,
 * reduced to what the datapath needs.
 */
#ifndef PROXY_SA_H
#define PROXY_SA_H

#include <stdbool.h>
#include <stdint.h>

#include "alg.h"
#include "replay.h"
#include "verdict.h"

#define IPPROTO_ESP_NUM		50
#define IPPROTO_AH_NUM		51
#define ESP_IN_UDP_PORT		4500	/* RFC 3948 */

#define SA_ORIGIN_MAX		280
#define SA_REPLAY_DEFAULT	64

enum sa_mode {
	SA_MODE_TRANSPORT,
	SA_MODE_TUNNEL,
	/* Tunnel when the next header is IPv4 or IPv6, else transport. */
	SA_MODE_AUTO,
};

enum sa_encap {
	SA_ENCAP_NONE,
	SA_ENCAP_ESPINUDP,	/* RFC 3948 */
	SA_ENCAP_ANY,		/* plain or UDP-encapsulated: esp_sa files */
};

/* An IPv4 or IPv6 address; family 0 matches any destination. */
struct sa_addr {
	int family;		/* AF_INET, AF_INET6 or 0 */
	uint8_t bytes[16];
};

struct sa_stats {
	uint64_t packets;	/* decapsulated or encapsulated */
	uint64_t bytes;		/* of the inner packets */
	uint64_t verdicts[VERDICT_COUNT];
};

struct sa_crypto;

struct sa {
	/* Identity: the key of the SA database */
	uint32_t spi;
	uint8_t proto;			/* IPPROTO_ESP_NUM or IPPROTO_AH_NUM */
	struct sa_addr dst;
	struct sa_addr src;

	enum sa_mode mode;
	uint32_t reqid;
	bool esn;
	bool align4;			/* IPv4 AH aligned to 32, not 64 bits */
	uint32_t tfcpad;		/* pad tunnel payloads up to this */

	enum sa_encap encap;
	uint16_t encap_sport;
	uint16_t encap_dport;

	/* ESP: enc with optional auth, or an AEAD enc.  AH: auth or GMAC. */
	const struct enc_alg *enc;
	uint8_t enc_key[ENC_KEY_MAX];	/* salt included */
	unsigned int enc_key_len;
	const struct auth_alg *auth;
	uint8_t auth_key[AUTH_KEY_MAX];
	unsigned int auth_key_len;
	unsigned int icv_len;		/* bytes, from AEAD or auth-trunc */

	/* Inbound state */
	uint32_t replay_size;
	uint64_t replay_top;		/* initial top from the configuration */
	struct replay_window replay;

	/* Outbound state: last sequence number sent */
	uint64_t oseq;
	/*
	 * XORed into the sequence number to make the counter IVs of AES-GCM,
	 * AES-GMAC, AES-CTR and ChaCha20-Poly1305; random for each opening of
	 * the sessions, so a key used again from sequence number 1, after a
	 * restart, gives other IVs.
	 */
	uint64_t iv_mask;

	struct sa_crypto *crypto;	/* sessions, opened by sa_crypto_open() */
	struct sa_stats stats;
	char origin[SA_ORIGIN_MAX];	/* "file:line" the SA came from */
	struct sa *next;		/* hash chain */
};

void sa_init(struct sa *sa);
/* Wipe the keys and free what the SA owns, but not the SA itself. */
void sa_clear(struct sa *sa);

const char *sa_proto_name(uint8_t proto);
/* Write "esp spi 0x00001000 dst 10.0.0.2" into buf. */
void sa_describe(const struct sa *sa, char *buf, size_t len);
/* Bytes of an address of family: 4, 16, or 0 for no address. */
size_t sa_addr_len(int family);
bool sa_addr_equal(const struct sa_addr *a, const struct sa_addr *b);
void sa_addr_format(const struct sa_addr *addr, char *buf, size_t len);

#endif /* PROXY_SA_H */
