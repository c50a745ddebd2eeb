// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sa_load.h"

static void report(struct sa_load *ld, bool is_error, unsigned int line,
		   const char *field, const char *fmt, va_list ap)
{
	char msg[512];
	int n;

	if (field)
		n = snprintf(msg, sizeof(msg), "%s:%u: field '%s': ", ld->file,
			     line, field);
	else
		n = snprintf(msg, sizeof(msg), "%s:%u: ", ld->file, line);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);

	if (is_error) {
		ld->errors++;
		if (ld->error)
			ld->error(ld->user, msg);
	} else if (ld->warning) {
		ld->warning(ld->user, msg);
	}
}

void sa_load_error(struct sa_load *ld, unsigned int line, const char *field,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ld, true, line, field, fmt, ap);
	va_end(ap);
}

void sa_load_warning(struct sa_load *ld, unsigned int line,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(ld, false, line, NULL, fmt, ap);
	va_end(ap);
}

static int check_esp(struct sa_load *ld, unsigned int line,
		     const struct sa *sa)
{
	if (!sa->enc) {
		sa_load_error(ld, line, "enc",
			      "ESP needs 'enc' or 'aead'; use 'enc cipher_null \"\"' for NULL encryption");
		return -EINVAL;
	}
	if (sa->enc->aead && sa->auth) {
		sa_load_error(ld, line, "auth",
			      "'%s' authenticates by itself; remove 'auth'",
			      sa->enc->name);
		return -EINVAL;
	}
	if (sa->enc->kind == ENC_NULL && !sa->auth) {
		sa_load_error(ld, line, "auth",
			      "ESP with NULL encryption needs 'auth' (RFC 4303 section 3.2)");
		return -EINVAL;
	}
	if (!sa->enc->aead && !sa->auth)
		sa_load_warning(ld, line,
				"SA %s 0x%08x has no integrity protection: its packets are decrypted unverified",
				sa_proto_name(sa->proto), sa->spi);
	return 0;
}

static int check_ah(struct sa_load *ld, unsigned int line, const struct sa *sa)
{
	if (sa->enc && sa->enc->kind != ENC_AES_GMAC) {
		sa_load_error(ld, line, "enc",
			      "AH takes 'auth', 'auth-trunc' or 'aead rfc4543(gcm(aes))' only");
		return -EINVAL;
	}
	if (!sa->enc && !sa->auth) {
		sa_load_error(ld, line, "auth", "AH needs 'auth' or 'auth-trunc'");
		return -EINVAL;
	}
	if (sa->encap != SA_ENCAP_NONE) {
		sa_load_error(ld, line, "encap",
			      "UDP encapsulation applies to ESP only");
		return -EINVAL;
	}
	return 0;
}

static int check_sa(struct sa_load *ld, unsigned int line, const struct sa *sa)
{
	if (!sa->spi) {
		sa_load_error(ld, line, "spi",
			      "missing or 0; SPI 0 is reserved (RFC 4303 section 2.1)");
		return -EINVAL;
	}
	if (sa->proto == IPPROTO_ESP_NUM) {
		if (check_esp(ld, line, sa))
			return -EINVAL;
	} else if (sa->proto == IPPROTO_AH_NUM) {
		if (check_ah(ld, line, sa))
			return -EINVAL;
	} else {
		sa_load_error(ld, line, "proto", "missing; use esp or ah");
		return -EINVAL;
	}
	if (sa->esn && !sa->replay_size) {
		sa_load_error(ld, line, "replay-window",
			      "'flag esn' needs a replay window of at least 1");
		return -EINVAL;
	}
	if (!sa->esn && (sa->replay_top >> 32 || sa->oseq >> 32)) {
		sa_load_error(ld, line, "replay-seq-hi",
			      "high sequence number bits need 'flag esn'");
		return -EINVAL;
	}
	return 0;
}

int sa_load_commit(struct sa_load *ld, unsigned int line, struct sa *sa)
{
	int err;

	err = check_sa(ld, line, sa);
	if (err)
		goto free_sa;

	err = replay_init(&sa->replay, sa->replay_size, sa->replay_top);
	if (err) {
		sa_load_error(ld, line, "replay-window", "%s", strerror(-err));
		goto free_sa;
	}
	snprintf(sa->origin, sizeof(sa->origin), "%s:%u", ld->file, line);

	err = sadb_add(ld->db, sa);
	if (err == -EEXIST) {
		sa_load_error(ld, line, "spi",
			      "duplicate SA: same SPI 0x%08x, destination and protocol as an earlier line",
			      sa->spi);
		goto free_sa;
	}
	if (err) {
		sa_load_error(ld, line, NULL, "%s", strerror(-err));
		goto free_sa;
	}
	ld->loaded++;
	return 0;

free_sa:
	sa_clear(sa);
	free(sa);
	return err;
}

static int load_file(struct sa_load *ld, const char *path,
		     int (*load)(struct sa_load *, FILE *))
{
	FILE *fp;
	int err;

	fp = fopen(path, "r");
	if (!fp) {
		err = -errno;
		ld->errors++;
		if (ld->error) {
			char msg[512];

			snprintf(msg, sizeof(msg), "%s: cannot open: %s", path,
				 strerror(-err));
			ld->error(ld->user, msg);
		}
		return err;
	}
	ld->file = path;
	err = load(ld, fp);
	fclose(fp);
	return err;
}

int sa_conf_load_file(struct sa_load *ld, const char *path)
{
	return load_file(ld, path, sa_conf_load);
}

int esp_sa_load_file(struct sa_load *ld, const char *path)
{
	return load_file(ld, path, esp_sa_load);
}
