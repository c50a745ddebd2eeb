// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wireshark's ESP SA table ("esp_sa" in a Wireshark profile, also written
 * by strongSwan's save-keys plugin): one SA a line, eight quoted fields
 *
 *   "IPv4","10.0.0.1","10.0.0.2","0x00001000","AES-CBC [RFC3602]","0x<key>",
 *   "HMAC-SHA-1-96 [RFC2404]","0x<key>"
 *
 * (protocol, source, destination, SPI, encryption algorithm and key,
 * authentication algorithm and key).  The algorithm names are those of
 * Wireshark 4.0 epan/dissectors/packet-ipsec.c.  AES-GCM, AES-CTR and
 * ChaCha20 keys carry their 4-byte salt at the end.  The table names
 * neither mode, nor UDP encapsulation, nor ESN, so these SAs decapsulate in
 * both modes (by the next header), accept plain and UDP-encapsulated ESP,
 * and use 32-bit sequence numbers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "bytes.h"
#include "keyparse.h"
#include "sa_load.h"

#define UAT_FIELDS	8
#define UAT_FIELD_MAX	256

static const char *const field_names[UAT_FIELDS] = {
	"protocol", "source", "destination", "SPI",
	"encryption algorithm", "encryption key",
	"authentication algorithm", "authentication key",
};

struct uat_line {
	struct sa_load *ld;
	unsigned int line;
	char field[UAT_FIELDS][UAT_FIELD_MAX];
	unsigned int nfields;
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Copy a quoted field, decoding the \xNN escapes Wireshark writes. */
static const char *read_quoted(const char *p, char *out, size_t max)
{
	size_t n = 0;
	int hi, lo;

	for (p++; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\' && p[1] == 'x' && (hi = hex_value(p[2])) >= 0 &&
		    (lo = hex_value(p[3])) >= 0) {
			c = (char)(hi << 4 | lo);
			p += 3;
		} else if (c == '\\' && p[1]) {
			c = *++p;
		}
		if (n + 1 >= max)
			return NULL;
		out[n++] = c;
	}
	if (*p != '"')
		return NULL;
	out[n] = '\0';
	return p + 1;
}

static const char *read_bare(const char *p, char *out, size_t max)
{
	size_t n = 0;

	while (*p && *p != ',' && *p != '\n' && *p != '\r') {
		if (n + 1 >= max)
			return NULL;
		out[n++] = *p++;
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
	return p;
}

static int split_fields(struct uat_line *ul, const char *p)
{
	for (ul->nfields = 0;; ul->nfields++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (ul->nfields == UAT_FIELDS) {
			sa_load_error(ul->ld, ul->line, NULL,
				      "more than %d fields", UAT_FIELDS);
			return -EINVAL;
		}
		if (*p == '"')
			p = read_quoted(p, ul->field[ul->nfields],
					UAT_FIELD_MAX);
		else
			p = read_bare(p, ul->field[ul->nfields],
				      UAT_FIELD_MAX);
		if (!p) {
			sa_load_error(ul->ld, ul->line,
				      field_names[ul->nfields],
				      "unterminated quote or longer than %d characters",
				      UAT_FIELD_MAX - 1);
			return -EINVAL;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ',')
			break;
		p++;
	}
	ul->nfields++;
	if (ul->nfields != UAT_FIELDS) {
		sa_load_error(ul->ld, ul->line, NULL,
			      "%u fields, expected %d", ul->nfields,
			      UAT_FIELDS);
		return -EINVAL;
	}
	return 0;
}

static int parse_family(struct uat_line *ul, int *family)
{
	const char *v = ul->field[0];

	if (!strcasecmp(v, "IPv4"))
		*family = AF_INET;
	else if (!strcasecmp(v, "IPv6"))
		*family = AF_INET6;
	else if (!strcasecmp(v, "Any"))
		*family = 0;
	else {
		sa_load_error(ul->ld, ul->line, field_names[0],
			      "'%s' is not IPv4, IPv6 or Any", v);
		return -EINVAL;
	}
	return 0;
}

static int parse_uat_addr(struct uat_line *ul, unsigned int idx, int family,
			  struct sa_addr *addr)
{
	const char *v = ul->field[idx];

	if (!strcmp(v, "*") || !*v) {
		memset(addr, 0, sizeof(*addr));
		return 0;
	}
	if (strchr(v, '*')) {
		sa_load_error(ul->ld, ul->line, field_names[idx],
			      "partial wildcard '%s' is not supported; give a full address or *",
			      v);
		return -EINVAL;
	}
	if (parse_addr(v, addr) || (family && addr->family != family)) {
		sa_load_error(ul->ld, ul->line, field_names[idx],
			      "'%s' is not an %s address", v,
			      family == AF_INET6 ? "IPv6" :
			      family == AF_INET ? "IPv4" : "IP");
		return -EINVAL;
	}
	return 0;
}

static int parse_spi(struct uat_line *ul, uint32_t *spi)
{
	const char *v = ul->field[3];
	uint64_t n;

	if (!strcmp(v, "*")) {
		sa_load_error(ul->ld, ul->line, field_names[3],
			      "wildcard SPI is not supported");
		return -EINVAL;
	}
	if (parse_u64(v, UINT32_MAX, &n) || !n) {
		sa_load_error(ul->ld, ul->line, field_names[3],
			      "'%s' is not a nonzero 32-bit SPI", v);
		return -EINVAL;
	}
	*spi = (uint32_t)n;
	return 0;
}

struct ws_enc {
	const char *name;
	enum enc_kind kind;
	unsigned int icv_len;	/* 0: from the authentication field */
};

static const struct ws_enc ws_encs[] = {
	{ "NULL", ENC_NULL, 0 },
	{ "AES-CBC [RFC3602]", ENC_AES_CBC, 0 },
	{ "AES-CTR [RFC3686]", ENC_AES_CTR, 0 },
	{ "AES-GCM [RFC4106]", ENC_AES_GCM, 0 },
	{ "AES-GCM with 8 octet ICV [RFC4106]", ENC_AES_GCM, 8 },
	{ "AES-GCM with 12 octet ICV [RFC4106]", ENC_AES_GCM, 12 },
	{ "AES-GCM with 16 octet ICV [RFC4106]", ENC_AES_GCM, 16 },
	{ "ChaCha20 with Poly1305 [RFC7634]", ENC_CHACHA20_POLY1305, 16 },
};

struct ws_auth {
	const char *name;
	enum auth_kind kind;	/* AUTH_NONE for NULL and the ANY entries */
	unsigned int icv_len;
	bool checked;		/* false for "no checking" entries */
};

static const struct ws_auth ws_auths[] = {
	{ "NULL", AUTH_NONE, 0, true },
	{ "HMAC-SHA-1-96 [RFC2404]", AUTH_HMAC_SHA1, 12, true },
	{ "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]",
	  AUTH_HMAC_SHA256, 12, true },
	{ "HMAC-SHA-256-128 [RFC4868]", AUTH_HMAC_SHA256, 16, true },
	{ "HMAC-SHA-384-192 [RFC4868]", AUTH_HMAC_SHA384, 24, true },
	{ "HMAC-SHA-512-256 [RFC4868]", AUTH_HMAC_SHA512, 32, true },
	{ "ANY 64 bit authentication [no checking]", AUTH_NONE, 8, false },
	{ "ANY 96 bit authentication [no checking]", AUTH_NONE, 12, false },
	{ "ANY 128 bit authentication [no checking]", AUTH_NONE, 16, false },
	{ "ANY 192 bit authentication [no checking]", AUTH_NONE, 24, false },
	{ "ANY 256 bit authentication [no checking]", AUTH_NONE, 32, false },
};

static const struct ws_enc *find_ws_enc(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ws_encs); i++)
		if (!strcasecmp(ws_encs[i].name, name))
			return &ws_encs[i];
	return NULL;
}

static const struct ws_auth *find_ws_auth(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ws_auths); i++)
		if (!strcasecmp(ws_auths[i].name, name))
			return &ws_auths[i];
	return NULL;
}

static int parse_uat_key(struct uat_line *ul, unsigned int idx, uint8_t *buf,
			 size_t max, unsigned int *len)
{
	size_t n;
	int err;

	err = parse_key(ul->field[idx], buf, max, &n);
	if (err == -E2BIG)
		sa_load_error(ul->ld, ul->line, field_names[idx],
			      "key longer than %zu bytes", max);
	else if (err)
		sa_load_error(ul->ld, ul->line, field_names[idx],
			      "key is not an even number of hex digits after 0x");
	else
		*len = (unsigned int)n;
	return err;
}

static int parse_algorithms(struct uat_line *ul, struct sa *sa)
{
	const struct ws_enc *we = find_ws_enc(ul->field[4]);
	const struct ws_auth *wa = find_ws_auth(ul->field[6]);

	if (!we) {
		sa_load_error(ul->ld, ul->line, field_names[4],
			      "'%s' is not supported", ul->field[4]);
		return -EINVAL;
	}
	if (!wa) {
		sa_load_error(ul->ld, ul->line, field_names[6],
			      "'%s' is not supported", ul->field[6]);
		return -EINVAL;
	}
	sa->enc = enc_alg_by_kind(we->kind);

	if (parse_uat_key(ul, 5, sa->enc_key, sizeof(sa->enc_key),
			  &sa->enc_key_len))
		return -EINVAL;
	if (!enc_alg_key_len_valid(sa->enc, sa->enc_key_len)) {
		sa_load_error(ul->ld, ul->line, field_names[5],
			      "%u-byte key is invalid for %s (salt of %u bytes included)",
			      sa->enc_key_len, ul->field[4], sa->enc->salt_len);
		return -EINVAL;
	}

	if (sa->enc->aead) {
		if (wa->kind != AUTH_NONE) {
			sa_load_error(ul->ld, ul->line, field_names[6],
				      "%s authenticates by itself; use NULL",
				      ul->field[4]);
			return -EINVAL;
		}
		sa->icv_len = we->icv_len ? we->icv_len :
			      wa->icv_len ? wa->icv_len : 16;
		if (!enc_alg_icv_bits_valid(sa->enc, sa->icv_len * 8)) {
			sa_load_error(ul->ld, ul->line, field_names[6],
				      "%u-byte ICV is invalid for %s",
				      sa->icv_len, ul->field[4]);
			return -EINVAL;
		}
		return 0;
	}

	if (!wa->checked) {
		sa_load_error(ul->ld, ul->line, field_names[6],
			      "'%s' does not verify the ICV, which the datapath requires; name the real algorithm",
			      ul->field[6]);
		return -EINVAL;
	}
	if (wa->kind == AUTH_NONE)
		return 0;
	sa->auth = auth_alg_by_kind(wa->kind);
	sa->icv_len = wa->icv_len;
	if (parse_uat_key(ul, 7, sa->auth_key, sizeof(sa->auth_key),
			  &sa->auth_key_len))
		return -EINVAL;
	if (!sa->auth_key_len) {
		sa_load_error(ul->ld, ul->line, field_names[7],
			      "key is empty");
		return -EINVAL;
	}
	return 0;
}

static void parse_uat_line(struct uat_line *ul, const char *text)
{
	struct sa *sa;
	int family;

	if (split_fields(ul, text) || parse_family(ul, &family))
		return;

	sa = malloc(sizeof(*sa));
	if (!sa) {
		sa_load_error(ul->ld, ul->line, NULL, "out of memory");
		return;
	}
	sa_init(sa);
	sa->proto = IPPROTO_ESP_NUM;
	sa->mode = SA_MODE_AUTO;
	sa->encap = SA_ENCAP_ANY;

	if (parse_uat_addr(ul, 1, family, &sa->src) ||
	    parse_uat_addr(ul, 2, family, &sa->dst) ||
	    parse_spi(ul, &sa->spi) || parse_algorithms(ul, sa)) {
		sa_clear(sa);
		free(sa);
		return;
	}
	sa_load_commit(ul->ld, ul->line, sa);
}

int esp_sa_load(struct sa_load *ld, FILE *fp)
{
	struct uat_line *ul;
	char *text = NULL;
	size_t cap = 0;
	const char *p;
	ssize_t n;

	ul = calloc(1, sizeof(*ul));
	if (!ul)
		return -ENOMEM;
	ul->ld = ld;
	while ((n = getline(&text, &cap, fp)) >= 0) {
		ul->line++;
		for (p = text; *p == ' ' || *p == '\t'; p++)
			;
		if (*p && *p != '#' && *p != '\n' && *p != '\r')
			parse_uat_line(ul, p);
		explicit_bzero(text, cap);
	}
	explicit_bzero(ul, sizeof(*ul));
	free(ul);
	free(text);
	if (ferror(fp)) {
		sa_load_error(ld, 0, NULL, "read error");
		return -EIO;
	}
	return ld->errors ? -EINVAL : 0;
}
