/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket: a Unix stream socket with a line-based text
 * protocol, used by ipsec-proxyctl.  A request is one line of at most
 * CONTROL_LINE_MAX bytes ending in '\n'.  A response is a status line,
 * "OK" or "ERR <reason>", then body lines, then a line holding only ".".
 * A body line that starts with "." is sent with one more "." in front
 * (dot-stuffing, as in SMTP), so no body line ends the response early.
 * The requests of one connection are run one after another, and their
 * responses come back in the same order.
 *
 *   help           the commands
 *   stats          counters per SA, per worker, drops by reason
 *   sa list        the SAs with their parameters, never their keys
 *   sa reload      read the SAs again from their source
 *   rules reload   load the rule file again
 *   metrics        Prometheus text exposition format 0.0.4
 *   quit           close the connection
 *
 * The daemon supplies its data through struct control_ops, so the control
 * code depends on no datapath structure.  Every callback runs on the
 * control thread while workers run, so counters must be read atomically
 * (counter_read()).  A reload callback blocks other control requests, but
 * no worker, for as long as it runs.
 */
#ifndef PROXYD_CONTROL_H
#define PROXYD_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"

#define CONTROL_DEFAULT_PATH	"/run/ipsec-proxyd/control.sock"
#define CONTROL_LINE_MAX	256
#define CONTROL_CLIENTS_MAX	16
#define CONTROL_RESPONSE_MAX	(64u << 20)	/* bytes queued per client */

/* name is a metric name part: [a-z_][a-z0-9_]*. */
struct control_counter {
	const char *name;
	const char *help;
	uint64_t value;
};

struct control_sa {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t src[16];
	uint8_t dst[16];
	uint32_t spi;
	uint8_t protocol;		/* IPPROTO_ESP or IPPROTO_AH */
	const char *mode;		/* "tunnel", "transport" */
	const char *aead_alg;		/* kernel names; NULL when absent */
	const char *enc_alg;
	const char *auth_alg;
	unsigned int icv_bits;
	bool esn;
	uint32_t replay_window;
	uint16_t encap_sport;		/* both 0 without UDP encapsulation */
	uint16_t encap_dport;
	const struct control_counter *packets;	/* by result, name = result */
	size_t n_packets;
	uint64_t bytes;
};

struct control_worker {
	unsigned int id;
	const struct control_counter *counters;
	size_t n_counters;
};

enum control_metric_type {
	CONTROL_METRIC_COUNTER,
	CONTROL_METRIC_GAUGE,
};

/*
 * A daemon-wide metric, written as ipsec_proxy_<name>; a counter's name
 * ends in _total.  Samples of one name must be walked one after another,
 * each with its own label value.
 */
struct control_metric {
	const char *name;
	const char *help;
	enum control_metric_type type;
	const char *label;		/* NULL for no label */
	const char *label_value;
	uint64_t value;
};

typedef int (*control_sa_fn)(void *arg, const struct control_sa *sa);
typedef int (*control_worker_fn)(void *arg, const struct control_worker *w);
typedef int (*control_counter_fn)(void *arg, const struct control_counter *c);
typedef int (*control_metric_fn)(void *arg, const struct control_metric *m);

/*
 * Each walk calls fn once per item and stops at, and returns, the first
 * non-zero return of fn.  Pointers passed to fn are valid only during the
 * call.  Reload callbacks return 0 or a negative errno and may append
 * text lines for the operator to out.  Any member may be NULL.
 */
struct control_ops {
	int (*walk_sas)(void *ctx, control_sa_fn fn, void *arg);
	int (*walk_workers)(void *ctx, control_worker_fn fn, void *arg);
	int (*walk_drops)(void *ctx, control_counter_fn fn, void *arg);
	int (*walk_metrics)(void *ctx, control_metric_fn fn, void *arg);
	int (*rules_reload)(void *ctx, struct outbuf *out);
	int (*sa_reload)(void *ctx, struct outbuf *out);
};

struct control_config {
	const char *path;		/* NULL: CONTROL_DEFAULT_PATH */
	const struct control_ops *ops;
	void *ctx;
};

struct control;

/*
 * Create the socket at path with mode 0600.  A lock file path.lock, held
 * while the control socket is open, keeps two daemons from sharing a
 * path.  A socket file left behind by a daemon that died is replaced.
 * Returns -EADDRINUSE when another daemon holds the path and -EEXIST when
 * path is something other than a socket.
 */
int control_open(const struct control_config *cfg, struct control **out);

/* Run the control loop in a thread of its own. */
int control_start(struct control *ctl);

/* An fd that polls readable when control_dispatch() has work. */
int control_fd(struct control *ctl);

/* Serve pending events, waiting up to timeout_ms (-1: forever). */
int control_dispatch(struct control *ctl, int timeout_ms);

/* Stop the thread, close every connection and remove the socket. */
void control_close(struct control *ctl);

/* Run one request line and append the framed response to out. */
int control_execute(const struct control_ops *ops, void *ctx,
		    const char *line, struct outbuf *out, bool *quit);

/* Append the Prometheus text exposition of everything ops provides. */
int metrics_format(const struct control_ops *ops, void *ctx,
		   struct outbuf *out);

#endif
