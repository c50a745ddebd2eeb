// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipsec-proxyd.conf(5): one "sa" statement per line, with the arguments of
 * "ip xfrm state add", for example
 *
 *   sa src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x1000 mode tunnel \
 *      aead 'rfc4106(gcm(aes))' 0x<key and salt> 128 flag esn
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "keyparse.h"
#include "sa_load.h"

#define MAX_TOKENS	64

struct tokens {
	char *v[MAX_TOKENS];
	unsigned int n;
	unsigned int pos;
};

/*
 * Split line in place.  Single or double quotes group a token, which may
 * then be empty; # starts a comment outside quotes.
 */
static int tokenize(char *line, struct tokens *t)
{
	char *p = line, *out;
	char quote;

	t->n = 0;
	t->pos = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (t->n == MAX_TOKENS)
			return -E2BIG;
		t->v[t->n++] = out = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n') {
			if (*p == '\'' || *p == '"') {
				quote = *p++;
				while (*p && *p != quote)
					*out++ = *p++;
				if (!*p)
					return -EINVAL;
				p++;
				continue;
			}
			*out++ = *p++;
		}
		if (*p)
			p++;
		*out = '\0';
	}
}

static const char *next_token(struct tokens *t)
{
	return t->pos < t->n ? t->v[t->pos++] : NULL;
}

static const char *peek_token(const struct tokens *t)
{
	return t->pos < t->n ? t->v[t->pos] : NULL;
}

struct conf_line {
	struct sa_load *ld;
	unsigned int line;
	struct tokens tok;
	struct sa *sa;
	bool have_src, have_dst;
	const char *seen[32];		/* keywords of this line so far */
	unsigned int nr_seen;
};

/* Fetch the value of keyword field, or report it missing. */
static const char *value(struct conf_line *cl, const char *field)
{
	const char *v = next_token(&cl->tok);

	if (!v)
		sa_load_error(cl->ld, cl->line, field, "value missing");
	return v;
}

static int number(struct conf_line *cl, const char *field, uint64_t max,
		  uint64_t *out)
{
	const char *v = value(cl, field);
	int err;

	if (!v)
		return -EINVAL;
	err = parse_u64(v, max, out);
	if (err == -ERANGE)
		sa_load_error(cl->ld, cl->line, field,
			      "'%s' is larger than %llu", v,
			      (unsigned long long)max);
	else if (err)
		sa_load_error(cl->ld, cl->line, field,
			      "'%s' is not a number", v);
	return err;
}

static int address(struct conf_line *cl, const char *field,
		   struct sa_addr *addr)
{
	const char *v = value(cl, field);

	if (!v)
		return -EINVAL;
	if (parse_addr(v, addr)) {
		sa_load_error(cl->ld, cl->line, field,
			      "'%s' is not an IPv4 or IPv6 address", v);
		return -EINVAL;
	}
	return 0;
}

static int key(struct conf_line *cl, const char *field, uint8_t *buf,
	       size_t max, unsigned int *len)
{
	const char *v = value(cl, field);
	size_t n;
	int err;

	if (!v)
		return -EINVAL;
	err = parse_key(v, buf, max, &n);
	if (err == -E2BIG)
		sa_load_error(cl->ld, cl->line, field,
			      "key longer than %zu bytes", max);
	else if (err)
		sa_load_error(cl->ld, cl->line, field,
			      "key is not an even number of hex digits after 0x");
	if (!err)
		*len = (unsigned int)n;
	return err;
}

static int parse_proto(struct conf_line *cl)
{
	const char *v = value(cl, "proto");

	if (!v)
		return -EINVAL;
	if (!strcmp(v, "esp") || !strcmp(v, "50")) {
		cl->sa->proto = IPPROTO_ESP_NUM;
		return 0;
	}
	if (!strcmp(v, "ah") || !strcmp(v, "51")) {
		cl->sa->proto = IPPROTO_AH_NUM;
		return 0;
	}
	sa_load_error(cl->ld, cl->line, "proto",
		      "'%s' is not supported; use esp or ah", v);
	return -EINVAL;
}

static int parse_mode(struct conf_line *cl)
{
	const char *v = value(cl, "mode");

	if (!v)
		return -EINVAL;
	if (!strcmp(v, "transport")) {
		cl->sa->mode = SA_MODE_TRANSPORT;
		return 0;
	}
	if (!strcmp(v, "tunnel")) {
		cl->sa->mode = SA_MODE_TUNNEL;
		return 0;
	}
	sa_load_error(cl->ld, cl->line, "mode",
		      "'%s' is not supported; use transport or tunnel", v);
	return -EINVAL;
}

static int parse_enc(struct conf_line *cl, const char *field, bool aead)
{
	struct sa *sa = cl->sa;
	const struct enc_alg *alg;
	const char *name = value(cl, field);
	uint64_t bits;

	if (!name)
		return -EINVAL;
	if (sa->enc) {
		sa_load_error(cl->ld, cl->line, field,
			      "'enc' or 'aead' given twice");
		return -EINVAL;
	}
	alg = enc_alg_find(name);
	if (!alg || alg->aead != aead) {
		sa_load_error(cl->ld, cl->line, field,
			      "algorithm '%s' is not supported", name);
		return -EINVAL;
	}
	if (key(cl, field, sa->enc_key, sizeof(sa->enc_key),
		&sa->enc_key_len))
		return -EINVAL;
	if (!enc_alg_key_len_valid(alg, sa->enc_key_len)) {
		sa_load_error(cl->ld, cl->line, field,
			      "%u-byte key is invalid for %s (salt of %u bytes included)",
			      sa->enc_key_len, alg->name, alg->salt_len);
		return -EINVAL;
	}
	sa->enc = alg;
	if (!aead)
		return 0;

	if (number(cl, field, 1024, &bits))
		return -EINVAL;
	if (!enc_alg_icv_bits_valid(alg, (unsigned int)bits)) {
		sa_load_error(cl->ld, cl->line, field,
			      "ICV length of %llu bits is invalid for %s",
			      (unsigned long long)bits, alg->name);
		return -EINVAL;
	}
	sa->icv_len = (unsigned int)bits / 8;
	return 0;
}

static int parse_auth(struct conf_line *cl, const char *field, bool trunc)
{
	struct sa *sa = cl->sa;
	const struct auth_alg *alg;
	const char *name = value(cl, field);
	uint64_t bits;

	if (!name)
		return -EINVAL;
	if (sa->auth) {
		sa_load_error(cl->ld, cl->line, field,
			      "'auth' or 'auth-trunc' given twice");
		return -EINVAL;
	}
	alg = auth_alg_find(name);
	if (!alg || alg->kind == AUTH_NONE) {
		sa_load_error(cl->ld, cl->line, field,
			      "algorithm '%s' is not supported", name);
		return -EINVAL;
	}
	if (key(cl, field, sa->auth_key, sizeof(sa->auth_key),
		&sa->auth_key_len))
		return -EINVAL;
	if (!sa->auth_key_len) {
		sa_load_error(cl->ld, cl->line, field, "key is empty");
		return -EINVAL;
	}
	bits = alg->default_trunc_bits;
	if (trunc && number(cl, field, 1024, &bits))
		return -EINVAL;
	if (bits < 64 || bits % 32 || bits > alg->digest_len * 8) {
		sa_load_error(cl->ld, cl->line, field,
			      "truncation to %llu bits is invalid for %s: use a multiple of 32 from 64 to %u",
			      (unsigned long long)bits, alg->name,
			      alg->digest_len * 8);
		return -EINVAL;
	}
	sa->auth = alg;
	sa->icv_len = (unsigned int)bits / 8;
	return 0;
}

/* ip-xfrm(8) flags that change nothing in this datapath. */
static const char *const inert_flags[] = {
	"noecn", "decap-dscp", "nopmtudisc", "wildrecv", "icmp", "af-unspec",
};

static bool is_inert_flag(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inert_flags); i++)
		if (!strcmp(inert_flags[i], word))
			return true;
	return false;
}

static int parse_flags(struct conf_line *cl)
{
	const char *v = value(cl, "flag");
	unsigned int n = 0;

	for (; v; v = peek_token(&cl->tok) ? next_token(&cl->tok) : NULL) {
		if (!strcmp(v, "esn")) {
			cl->sa->esn = true;
		} else if (!strcmp(v, "align4")) {
			cl->sa->align4 = true;
		} else if (!is_inert_flag(v)) {
			if (n) {
				cl->tok.pos--;
				return 0;
			}
			sa_load_error(cl->ld, cl->line, "flag",
				      "'%s' is not a known flag", v);
			return -EINVAL;
		}
		n++;
	}
	return n ? 0 : -EINVAL;
}

static int parse_encap(struct conf_line *cl)
{
	struct sa *sa = cl->sa;
	const char *type = value(cl, "encap");
	struct sa_addr oa;
	uint64_t port;
	const char *next;

	if (!type)
		return -EINVAL;
	if (strcmp(type, "espinudp")) {
		sa_load_error(cl->ld, cl->line, "encap",
			      "'%s' is not supported; use espinudp (RFC 3948)",
			      type);
		return -EINVAL;
	}
	if (number(cl, "encap", 65535, &port))
		return -EINVAL;
	sa->encap_sport = (uint16_t)port;
	if (number(cl, "encap", 65535, &port))
		return -EINVAL;
	sa->encap_dport = (uint16_t)port;
	if (!sa->encap_sport || !sa->encap_dport) {
		sa_load_error(cl->ld, cl->line, "encap", "port 0 is invalid");
		return -EINVAL;
	}
	/* ip-xfrm(8) also takes the original address for NAT-OA. */
	next = peek_token(&cl->tok);
	if (next && !parse_addr(next, &oa))
		cl->tok.pos++;
	sa->encap = SA_ENCAP_ESPINUDP;
	return 0;
}

static int parse_u32_field(struct conf_line *cl, const char *field,
			   uint64_t max, uint32_t *out)
{
	uint64_t v;

	if (number(cl, field, max, &v))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int parse_seq_part(struct conf_line *cl, const char *field,
			  uint64_t *seq, bool high)
{
	uint64_t v;

	if (number(cl, field, UINT32_MAX, &v))
		return -EINVAL;
	if (high)
		*seq = (*seq & UINT32_MAX) | v << 32;
	else
		*seq = (*seq & ~(uint64_t)UINT32_MAX) | v;
	return 0;
}

static int parse_keyword(struct conf_line *cl, const char *kw)
{
	struct sa *sa = cl->sa;
	uint64_t v;

	if (!strcmp(kw, "src")) {
		cl->have_src = true;
		return address(cl, kw, &sa->src);
	}
	if (!strcmp(kw, "dst")) {
		cl->have_dst = true;
		return address(cl, kw, &sa->dst);
	}
	if (!strcmp(kw, "proto"))
		return parse_proto(cl);
	if (!strcmp(kw, "spi")) {
		if (number(cl, kw, UINT32_MAX, &v))
			return -EINVAL;
		sa->spi = (uint32_t)v;
		return 0;
	}
	if (!strcmp(kw, "reqid"))
		return parse_u32_field(cl, kw, UINT32_MAX, &sa->reqid);
	if (!strcmp(kw, "mode"))
		return parse_mode(cl);
	if (!strcmp(kw, "enc"))
		return parse_enc(cl, kw, false);
	if (!strcmp(kw, "aead"))
		return parse_enc(cl, kw, true);
	if (!strcmp(kw, "auth"))
		return parse_auth(cl, kw, false);
	if (!strcmp(kw, "auth-trunc"))
		return parse_auth(cl, kw, true);
	if (!strcmp(kw, "replay-window"))
		return parse_u32_field(cl, kw, REPLAY_WINDOW_MAX,
				       &sa->replay_size);
	if (!strcmp(kw, "replay-seq"))
		return parse_seq_part(cl, kw, &sa->replay_top, false);
	if (!strcmp(kw, "replay-seq-hi"))
		return parse_seq_part(cl, kw, &sa->replay_top, true);
	if (!strcmp(kw, "replay-oseq"))
		return parse_seq_part(cl, kw, &sa->oseq, false);
	if (!strcmp(kw, "replay-oseq-hi"))
		return parse_seq_part(cl, kw, &sa->oseq, true);
	if (!strcmp(kw, "flag"))
		return parse_flags(cl);
	if (!strcmp(kw, "encap"))
		return parse_encap(cl);
	if (!strcmp(kw, "tfcpad"))
		return parse_u32_field(cl, kw, 65535, &sa->tfcpad);

	sa_load_error(cl->ld, cl->line, kw, "unknown keyword");
	return -EINVAL;
}

static int check_addresses(struct conf_line *cl)
{
	const struct sa *sa = cl->sa;

	if (!cl->have_dst) {
		sa_load_error(cl->ld, cl->line, "dst", "missing");
		return -EINVAL;
	}
	if (!cl->have_src) {
		sa_load_error(cl->ld, cl->line, "src", "missing");
		return -EINVAL;
	}
	if (sa->src.family != sa->dst.family) {
		sa_load_error(cl->ld, cl->line, "src",
			      "address family differs from 'dst'");
		return -EINVAL;
	}
	return 0;
}

/*
 * Reject a keyword given twice on one line: with ip-xfrm syntax the later
 * value would silently win.  "flag" may repeat because each names one flag.
 */
static int repeated_keyword(struct conf_line *cl, const char *kw)
{
	unsigned int i;

	if (!strcmp(kw, "flag"))
		return 0;
	for (i = 0; i < cl->nr_seen; i++) {
		if (!strcmp(cl->seen[i], kw)) {
			sa_load_error(cl->ld, cl->line, kw, "given twice");
			return -EINVAL;
		}
	}
	if (cl->nr_seen < ARRAY_SIZE(cl->seen))
		cl->seen[cl->nr_seen++] = kw;
	return 0;
}

static void parse_statement(struct conf_line *cl)
{
	const char *kw = next_token(&cl->tok);

	if (!strcmp(kw, "pair")) {
		sa_load_warning(cl->ld, cl->line,
				"'pair' statement ignored: only the re-encrypt mode (--reencrypt) uses pairs");
		return;
	}
	if (strcmp(kw, "sa")) {
		sa_load_error(cl->ld, cl->line, NULL,
			      "unknown statement '%s'; lines start with 'sa'",
			      kw);
		return;
	}
	cl->sa = malloc(sizeof(*cl->sa));
	if (!cl->sa) {
		sa_load_error(cl->ld, cl->line, NULL, "out of memory");
		return;
	}
	sa_init(cl->sa);

	while ((kw = next_token(&cl->tok))) {
		if (repeated_keyword(cl, kw))
			goto free_sa;
		if (parse_keyword(cl, kw))
			goto free_sa;
	}
	if (check_addresses(cl))
		goto free_sa;
	sa_load_commit(cl->ld, cl->line, cl->sa);
	return;

free_sa:
	sa_clear(cl->sa);
	free(cl->sa);
}

/* Append the next physical line, joining lines that end in a backslash. */
static ssize_t read_logical_line(FILE *fp, char **buf, size_t *cap,
				 unsigned int *lines)
{
	char *part = NULL;
	size_t part_cap = 0, len = 0;
	ssize_t n;

	while ((n = getline(&part, &part_cap, fp)) >= 0) {
		(*lines)++;
		while (n && (part[n - 1] == '\n' || part[n - 1] == '\r'))
			part[--n] = '\0';
		if (len + (size_t)n + 2 > *cap) {
			char *grown = realloc(*buf, len + (size_t)n + 256);

			if (!grown) {
				free(part);
				return -ENOMEM;
			}
			*buf = grown;
			*cap = len + (size_t)n + 256;
		}
		memcpy(*buf + len, part, (size_t)n);
		len += (size_t)n;
		(*buf)[len] = '\0';
		if (!n || part[n - 1] != '\\')
			break;
		(*buf)[--len] = ' ';
		(*buf)[++len] = '\0';
	}
	if (part)
		explicit_bzero(part, part_cap);
	free(part);
	return n < 0 && !len ? -1 : (ssize_t)len;
}

int sa_conf_load(struct sa_load *ld, FILE *fp)
{
	struct conf_line cl = { .ld = ld };
	unsigned int lines = 0, first;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int err;

	for (;;) {
		first = lines + 1;
		n = read_logical_line(fp, &buf, &cap, &lines);
		if (n < 0)
			break;
		memset(&cl, 0, sizeof(cl));
		cl.ld = ld;
		cl.line = first;
		err = tokenize(buf, &cl.tok);
		if (err == -E2BIG)
			sa_load_error(ld, cl.line, NULL,
				      "more than %d words", MAX_TOKENS);
		else if (err)
			sa_load_error(ld, cl.line, NULL, "unterminated quote");
		else if (cl.tok.n)
			parse_statement(&cl);
		explicit_bzero(buf, cap);
	}
	free(buf);
	if (n == -ENOMEM) {
		sa_load_error(ld, lines, NULL, "out of memory");
		return -ENOMEM;
	}
	if (ferror(fp)) {
		sa_load_error(ld, lines, NULL, "read error");
		return -EIO;
	}
	return ld->errors ? -EINVAL : 0;
}
