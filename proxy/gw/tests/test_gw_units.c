// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the gateway's configuration code: "pair" statements, SA
 * files with pairs, the conversion of kernel SAs, the XFRM table, the SA
 * configuration (worker affinity, pairs), the worker databases and their
 * state carry-over, and the rotating pcap writer.
 */
#include <errno.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw.h"
#include "gw_config.h"
#include "gw_pair.h"
#include "gw_rotate.h"
#include "gw_saset.h"
#include "gw_wdb.h"
#include "gw_xfrm.h"
#include "log.h"
#include "tap.h"

#define GCM_KEY	"0x000102030405060708090a0b0c0d0e0fa0a1a2a3"

static char tmpdir[] = "/tmp/gw-units-XXXXXX";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0)
		tap_diag("cannot write %s", path);
	if (f)
		fclose(f);
}

static void test_pair_parse(void)
{
	struct gw_pair_spec p;
	char err[256];
	char ok_text[] = "in spi 0x1000 dst 192.0.2.2 out spi 4096 proto ah";
	char no_out[] = "in spi 0x1000";
	char bad_spi[] = "in spi 0 out spi 2";
	char bad_key[] = "in spi 1 color red out spi 2";
	char no_value[] = "in spi 1 out spi";
	char trailing[] = "in spi 1 out spi 2 garbage";

	tap_ok(!gw_pair_parse(ok_text, &p, err, sizeof(err)), "pair: valid statement");
	tap_ok(p.end[GW_PAIR_IN].spi == 0x1000 &&
	       p.end[GW_PAIR_IN].proto == IPPROTO_ESP_NUM &&
	       p.end[GW_PAIR_IN].dst.family == AF_INET,
	       "pair: in end parsed");
	tap_ok(p.end[GW_PAIR_OUT].spi == 4096 &&
	       p.end[GW_PAIR_OUT].proto == IPPROTO_AH_NUM &&
	       !p.end[GW_PAIR_OUT].dst.family, "pair: out end parsed");
	tap_ok(gw_pair_parse(no_out, &p, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "out"), "pair: missing out end rejected (%s)", err);
	tap_ok(gw_pair_parse(bad_spi, &p, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "SPI"), "pair: SPI 0 rejected (%s)", err);
	tap_ok(gw_pair_parse(bad_key, &p, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "color"), "pair: unknown keyword rejected (%s)", err);
	tap_ok(gw_pair_parse(no_value, &p, err, sizeof(err)) == -EINVAL,
	       "pair: keyword without value rejected");
	tap_ok(gw_pair_parse(trailing, &p, err, sizeof(err)) == -EINVAL &&
	       strstr(err, "unknown keyword 'garbage'"),
	       "pair: trailing unknown word named as such (%s)", err);
}

static int load(const char *text, struct gw_saset **set, struct outbuf *errs)
{
	struct gw_options opt = { 0 };
	char path[64];

	snprintf(path, sizeof(path), "%s/sa.conf", tmpdir);
	write_file(path, text);
	opt.sa_files[0] = path;
	opt.n_sa_files = 1;
	return gw_saset_load(&opt, set, errs);
}

static void test_saset(void)
{
	struct gw_saset *set = NULL;
	struct outbuf errs;
	int ret;

	outbuf_init(&errs, 0);
	ret = load("# two SAs and a pair\n"
		   "sa src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x10 mode tunnel \\\n"
		   "   aead rfc4106(gcm(aes)) " GCM_KEY " 128\n"
		   "pair in spi 0x10 \\\n"
		   "     out spi 0x20\n"
		   "sa src 192.0.2.3 dst 192.0.2.4 proto esp spi 0x20 mode tunnel "
		   "aead rfc4106(gcm(aes)) " GCM_KEY " 128\n", &set, &errs);
	tap_ok(!ret && set, "saset: file with SAs and a pair loads");
	if (set) {
		tap_ok(set->db.count == 2, "saset: two SAs");
		tap_ok(set->n_pairs == 1 && set->pairs[0].end[0].spi == 0x10 &&
		       set->pairs[0].end[1].spi == 0x20, "saset: one pair");
		tap_ok(set->n_pairs == 1 && strstr(set->pairs[0].origin, "sa.conf:4"),
		       "saset: pair origin has its line");
		tap_ok(set->db.count == 2 && strstr(set->db.all[1]->origin, "sa.conf:6"),
		       "saset: SA after a pair keeps its line number (%s)",
		       set->db.count == 2 ? set->db.all[1]->origin : "");
	}
	gw_saset_free(set);
	set = NULL;

	outbuf_reset(&errs);
	ret = load("pair in spi 0x10 out\n"
		   "sa src 192.0.2.1 dst 192.0.2.2 proto esp spi 0 "
		   "aead rfc4106(gcm(aes)) " GCM_KEY " 128\n", &set, &errs);
	tap_ok(ret == -EINVAL && !set, "saset: errors fail the load");
	tap_ok(strstr(outbuf_str(&errs), "sa.conf:1: field 'pair'") != NULL,
	       "saset: pair error names its line");
	tap_ok(strstr(outbuf_str(&errs), "sa.conf:2: field 'spi'") != NULL,
	       "saset: SA error names its line");

	outbuf_reset(&errs);
	ret = load("pair\n", &set, &errs);
	tap_ok(ret == -EINVAL &&
	       strstr(outbuf_str(&errs), "sa.conf:1: field 'pair'") != NULL,
	       "saset: bare pair is a pair error");
	outbuf_free(&errs);
}

static void gcm_desc(struct xfrm_sa_desc *d, uint32_t spi)
{
	static const uint8_t key[20] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					 11, 12, 13, 14, 15, 0xa0, 0xa1,
					 0xa2, 0xa3 };

	memset(d, 0, sizeof(*d));
	d->family = AF_INET;
	d->src[0] = 192, d->src[3] = 1;
	d->dst[0] = 192, d->dst[3] = 2;
	d->spi = spi;
	d->proto = IPPROTO_ESP;
	d->mode = XFRM_MODE_TUNNEL;
	d->replay_window = 32;
	d->aead.present = true;
	strcpy(d->aead.name, "rfc4106(gcm(aes))");
	d->aead.key_len = sizeof(key);
	d->aead.key_bits = sizeof(key) * 8;
	d->aead.icv_bits = 128;
	memcpy(d->aead.key, key, sizeof(key));
}

static void test_xfrm_convert(void)
{
	struct xfrm_sa_desc d;
	struct sa *sa = NULL;
	char err[512];

	gcm_desc(&d, 0x42);
	tap_ok(!gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)),
	       "xfrm: GCM SA converts");
	if (sa) {
		tap_ok(sa->spi == 0x42 && sa->mode == SA_MODE_TUNNEL &&
		       sa->enc->kind == ENC_AES_GCM && sa->icv_len == 16 &&
		       sa->enc_key_len == 20 && sa->replay.size == 32,
		       "xfrm: GCM SA fields");
		sa_clear(sa);
		free(sa);
	}

	memset(&d.aead, 0, sizeof(d.aead));
	d.enc.present = d.auth.present = true;
	strcpy(d.enc.name, "cbc(aes)");
	d.enc.key_len = 16;
	strcpy(d.auth.name, "hmac(sha256)");
	d.auth.key_len = 32;
	d.auth.icv_bits = 128;
	d.encap_type = 2;
	d.encap_sport = d.encap_dport = 4500;
	sa = NULL;
	tap_ok(!gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) && sa &&
	       sa->auth->kind == AUTH_HMAC_SHA256 && sa->icv_len == 16 &&
	       sa->encap == SA_ENCAP_ESPINUDP && sa->encap_dport == 4500,
	       "xfrm: CBC and HMAC SA with UDP encapsulation converts");
	if (sa) {
		sa_clear(sa);
		free(sa);
	}

	d.enc.key_len = 15;
	tap_ok(gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) == -EINVAL,
	       "xfrm: bad key length rejected (%s)", err);
	d.enc.key_len = 16;
	strcpy(d.enc.name, "cbc(des3_ede)");
	tap_ok(gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) == -EOPNOTSUPP,
	       "xfrm: unknown algorithm left out (%s)", err);
	gcm_desc(&d, 0x43);
	d.proto = IPPROTO_COMP;
	tap_ok(gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) == -EOPNOTSUPP,
	       "xfrm: IPComp left out");
	gcm_desc(&d, 0x44);
	d.mode = XFRM_MODE_BEET;
	tap_ok(gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) == -EOPNOTSUPP,
	       "xfrm: BEET mode left out");
	gcm_desc(&d, 0x45);
	d.esn = true;
	d.replay_window = 0;
	tap_ok(gw_xfrm_convert(&d, "xfrm:t", &sa, err, sizeof(err)) == 0,
	       "xfrm: ESN SA without window accepted (%s)", err);
	tap_ok(sa->replay_size == SA_REPLAY_DEFAULT,
	       "xfrm: SA without window gets the default window");
}

static void test_xfrm_table(void)
{
	struct gw_xfrm_table t;
	struct xfrm_sa_desc d;

	gw_xfrm_init(&t, "t");
	gcm_desc(&d, 1);
	gw_xfrm_event(&t, XFRM_SA_NEW, &d);
	gcm_desc(&d, 2);
	gw_xfrm_event(&t, XFRM_SA_NEW, &d);
	tap_ok(t.count == 2 && gw_xfrm_take_changed(&t), "xfrm table: two new SAs");
	gw_xfrm_event(&t, XFRM_SA_UPDATED, &d);
	tap_ok(t.count == 2, "xfrm table: update replaces");

	gw_xfrm_event(&t, XFRM_SA_DUMP_BEGIN, NULL);
	gcm_desc(&d, 2);
	gw_xfrm_event(&t, XFRM_SA_DUMPED, &d);
	gcm_desc(&d, 3);
	gw_xfrm_event(&t, XFRM_SA_DUMPED, &d);
	gw_xfrm_event(&t, XFRM_SA_DUMP_END, NULL);
	tap_ok(t.count == 2 && t.entries[0].sa->spi + t.entries[1].sa->spi == 5,
	       "xfrm table: a dump removes what it did not list");

	gcm_desc(&d, 2);
	gw_xfrm_event(&t, XFRM_SA_DELETED, &d);
	tap_ok(t.count == 1 && t.entries[0].sa->spi == 3, "xfrm table: delete");
	gw_xfrm_take_changed(&t);
	memset(&d, 0, sizeof(d));
	d.proto = IPPROTO_COMP;
	gw_xfrm_event(&t, XFRM_SA_FLUSHED, &d);
	tap_ok(t.count == 1 && !gw_xfrm_take_changed(&t),
	       "xfrm table: IPComp flush keeps ESP");
	d.proto = IPPROTO_ESP;
	gw_xfrm_event(&t, XFRM_SA_FLUSHED, &d);
	tap_ok(t.count == 0 && gw_xfrm_take_changed(&t), "xfrm table: ESP flush");
	gw_xfrm_clear(&t);
}

static const char conf_pairs[] =
	"sa src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x11 mode tunnel "
	"aead rfc4106(gcm(aes)) " GCM_KEY " 128\n"
	"sa src 192.0.2.3 dst 192.0.2.4 proto esp spi 0x20 mode tunnel "
	"aead rfc4106(gcm(aes)) " GCM_KEY " 128\n"
	"sa src 192.0.2.5 dst 192.0.2.6 proto esp spi 0x22 mode tunnel "
	"aead rfc4106(gcm(aes)) " GCM_KEY " 128\n"
	"pair in spi 0x11 out spi 0x20\n";

static void test_config(void)
{
	struct gw gw = { 0 };
	struct gw_config cfg;
	struct outbuf errs;
	int ret;

	outbuf_init(&errs, 0);
	gw.opt.mode = GW_MODE_REENCRYPT;
	gw.n_workers = 4;
	gw_xfrm_init(&gw.xfrm, NULL);
	if (load(conf_pairs, &gw.files, NULL)) {
		tap_ok(false, "config: SA file loads");
		return;
	}
	ret = gw_config_build(&gw, true, &cfg, &errs);
	tap_ok(!ret && cfg.n == 3, "config: builds");
	if (!ret) {
		tap_ok(cfg.owner[0] == 1 && cfg.owner[2] == 2,
		       "config: worker of an SA is SPI mod workers");
		tap_ok(cfg.owner[1] == 1, "config: out SA goes to the in SA's worker");
		tap_ok(cfg.pair_out[0] == 1 && cfg.pair_out[1] == -1 &&
		       cfg.pair_out[2] == -1, "config: pair resolved");
		gw_config_free(&cfg);
	}
	gw_saset_free(gw.files);

	load(conf_pairs + 0, &gw.files, NULL);
	gw.files->pairs[0].end[1].spi = 0x99;
	outbuf_reset(&errs);
	tap_ok(gw_config_build(&gw, true, &cfg, &errs) == -EINVAL &&
	       strstr(outbuf_str(&errs), "not found"),
	       "config: strict pair with a missing SA fails");
	tap_ok(!gw_config_build(&gw, false, &cfg, NULL) && cfg.pair_out[0] == -1,
	       "config: lenient pair with a missing SA waits");
	gw_config_free(&cfg);
	gw.files->pairs[0].end[1].spi = 0x11;
	outbuf_reset(&errs);
	tap_ok(gw_config_build(&gw, false, &cfg, &errs) == -EINVAL &&
	       strstr(outbuf_str(&errs), "name the same SA esp spi 0x00000011"),
	       "config: SA paired with itself fails, naming it");
	gw_saset_free(gw.files);
	outbuf_free(&errs);
}

static void test_wdb(void)
{
	struct gw_wdb_params p = { .batch = 4, .generation = 1 };
	struct gw_wdb *old = NULL, *next = NULL;
	struct gw gw = { 0 };
	struct gw_config cfg;
	unsigned int failed = 0;
	struct sa *sa;

	gw.opt.mode = GW_MODE_REENCRYPT;
	gw.n_workers = 1;
	gw_xfrm_init(&gw.xfrm, NULL);
	if (load(conf_pairs, &gw.files, NULL) ||
	    gw_config_build(&gw, true, &cfg, NULL)) {
		tap_ok(false, "wdb: configuration builds");
		return;
	}
	tap_ok(!gw_wdb_build(&cfg, &p, &old, &failed, NULL) && !failed &&
	       old->db.count == 3 && old->n_pairs == 1,
	       "wdb: database with three SAs and one pair");
	tap_ok(old && gw_wdb_pair_of(old, old->db.all[0]) == old->db.all[1] &&
	       !gw_wdb_pair_of(old, old->db.all[1]), "wdb: pair lookup");
	if (!old)
		goto free_cfg;
	sa = old->db.all[0];
	replay_advance(&sa->replay, 40);
	sa->oseq = 7;
	sa->stats.packets = 5;
	old->db.all[2]->replay.top = 99;
	gw_config_free(&cfg);

	/* The third SA changes its key; the others stay as they were. */
	memset(gw.files->db.all[2]->enc_key, 0x55, 16);
	gw_config_build(&gw, true, &cfg, NULL);
	p.generation = 2;
	gw_wdb_build(&cfg, &p, &next, &failed, NULL);
	if (next) {
		gw_wdb_inherit(next, old);
		sa = next->db.all[0];
		tap_ok(sa->replay.top == 40 && sa->oseq == 7 &&
		       sa->stats.packets == 5 &&
		       replay_check(&sa->replay, 40) == REPLAY_DUPLICATE,
		       "wdb: an unchanged SA keeps window, sequence and counters");
		tap_ok(next->db.all[2]->replay.top == 0,
		       "wdb: a changed SA starts afresh");
	}
	gw_wdb_destroy(next);
	gw_wdb_destroy(old);
free_cfg:
	gw_config_free(&cfg);
	gw_saset_free(gw.files);
}

static void test_rotate(void)
{
	struct timespec t = { 1, 0 };
	struct gw_rotate *r = NULL;
	uint8_t pkt[1000] = { 0x45 };
	char path[96], name[128];
	struct stat st;
	int i, ret = 0;

	snprintf(path, sizeof(path), "%s/plain.pcap", tmpdir);
	if (gw_rotate_open(path, 10000, 2, &r)) {
		tap_ok(false, "rotate: opens");
		return;
	}
	for (i = 0; i < 50 && !ret; i++)
		ret = gw_rotate_write(r, &t, pkt, sizeof(pkt));
	tap_ok(!ret, "rotate: writes");
	tap_ok(gw_rotate_files(r) == 6, "rotate: a new file every 9 packets (%llu)",
	       (unsigned long long)gw_rotate_files(r));
	gw_rotate_close(r);
	snprintf(name, sizeof(name), "%s.2", path);
	tap_ok(!stat(name, &st) && st.st_size <= 10000, "rotate: file .2 kept");
	snprintf(name, sizeof(name), "%s.3", path);
	tap_ok(stat(name, &st) && errno == ENOENT, "rotate: file .3 removed");
}

int main(void)
{
	char cmd[128];

	log_open(LOG_TARGET_STDERR, LOG_LEVEL_ERR, "test_gw_units");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_pair_parse();
	test_saset();
	test_xfrm_convert();
	test_xfrm_table();
	test_config();
	test_wdb();
	test_rotate();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		tap_diag("removing %s failed", tmpdir);
	return tap_done();
}
