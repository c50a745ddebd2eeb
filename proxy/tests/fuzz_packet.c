// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the packet parser and the decapsulation behind it.
 * The first input byte selects where the rest goes:
 *
 *   0..127    The datapath, as a captured IP packet.  Some SAs have no
 *             integrity and decrypt any input, so the trailer and inner
 *             packet checks see arbitrary plaintext.
 *   128..191  The AH mutable-field rewriting, on a copy of the input.
 *   192..223  The ipsec-proxyd.conf loader, as file text.
 *   224..255  The Wireshark esp_sa loader, as file text.
 *
 * Crypto runs through libucapi's auto backend, as in ipsec-proxyd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ah_mutable.h"
#include "dp.h"
#include "pkt.h"
#include "sa_crypto.h"
#include "sa_load.h"

#define K20 "0x000102030405060708090a0b0c0d0e0fa0a1a2a3"
#define K16 "0x000102030405060708090a0b0c0d0e0f"
#define H20 "0x4142434445464748494a4b4c4d4e4f5051525354"

static const char config[] =
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel aead 'rfc4106(gcm(aes))' " K20 " 128 flag esn\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x200 mode transport enc aes " K16 " auth sha1 " H20 " encap espinudp 4500 4501\n"
	"sa src 2001:db8::1 dst 2001:db8::2 proto ah spi 0x300 mode transport auth sha1 " H20 "\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto ah spi 0x301 mode tunnel aead 'rfc4543(gcm(aes))' " K20 " 128\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x400 mode tunnel enc aes " K16 "\n"
	"sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x401 mode transport enc 'rfc3686(ctr(aes))' " K20 "\n"
	"sa src 2001:db8::1 dst 2001:db8::2 proto esp spi 0x402 mode tunnel enc 'rfc3686(ctr(aes))' " K20 " replay-window 0\n";

static struct sadb db;
static struct dp *dp;
static size_t input_len;

static void on_result(void *user, const struct dp_result *res)
{
	/* Decapsulation only removes bytes. */
	if (res->verdict == VERDICT_OUTPUT && res->len > input_len)
		abort();
}

static void ignore(void *user, const char *msg)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sa_load ld = { .db = &db, .file = "fuzz", .error = ignore };
	struct dp_config cfg = { .batch = 4, .result = on_result };
	char err[256];
	FILE *fp;
	size_t i;

	sadb_init(&db);
	fp = fmemopen((void *)config, sizeof(config) - 1, "r");
	if (!fp || sa_conf_load(&ld, fp))
		abort();
	fclose(fp);
	for (i = 0; i < db.count; i++)
		if (sa_crypto_open(db.all[i], UCAPI_BACKEND_AUTO, err,
				   sizeof(err))) {
			fprintf(stderr, "fuzz: %s\n", err);
			abort();
		}
	if (dp_create(&dp, &db, &cfg))
		abort();
	return 0;
}

static void fuzz_loader(const uint8_t *data, size_t size, bool esp_sa)
{
	struct sadb tmp;
	struct sa_load ld = { .db = &tmp, .file = "fuzz", .error = ignore,
			      .warning = ignore };
	FILE *fp;

	if (!size)
		return;
	sadb_init(&tmp);
	fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return;
	if (esp_sa)
		esp_sa_load(&ld, fp);
	else
		sa_conf_load(&ld, fp);
	fclose(fp);
	sadb_destroy(&tmp);
}

static void fuzz_ah_mutable(const uint8_t *data, size_t size)
{
	struct pkt_info info;
	const char *why;
	uint8_t *copy;

	if (pkt_parse(data, size, NULL, &info, &why) != VERDICT_OUTPUT ||
	    info.proto != 51)
		return;
	copy = malloc(size);
	if (!copy)
		return;
	memcpy(copy, data, size);
	ah_zero_mutable(copy, info.ipsec_off, &why);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_meta meta = { .number = 1 };
	uint8_t sel;

	if (!size)
		return 0;
	sel = data[0];
	data++;
	size--;
	if (sel < 128) {
		input_len = size;
		dp_decap(dp, data, size, &meta);
		dp_flush(dp);
	} else if (sel < 192) {
		fuzz_ah_mutable(data, size);
	} else {
		fuzz_loader(data, size, sel >= 224);
	}
	return 0;
}
