/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Classic BPF programs of the capture path.
 *
 * The fanout program picks the worker of a received frame so that every
 * packet of one SA reaches the same worker.  It returns the SPI of ESP
 * (IP protocol 50), of ESP in UDP and of AH (protocol 51), and the kernel
 * takes it modulo the number of workers.  ESP in UDP (RFC 3948) is UDP
 * with port 4500 on either side whose first 4 payload bytes are not zero.
 * Other traffic gets a hash of source XOR destination address, the same
 * for both directions of a flow.  Non-IP frames (ARP...) all go to
 * worker 0.
 *
 * Limits: IPv4 with options (IHL > 5) and IPv4 fragments, including the
 * first, go by the address hash, and so do IPv6 packets with extension
 * headers before ESP, AH or UDP.  The program reads the packet from its
 * network header, where the kernel's receive path leaves skb->data when
 * it runs the fanout; frames the host sends are steered differently but
 * are dropped by the receive filter anyway.
 */
#ifndef PROXYD_CAPTURE_BPF_H
#define PROXYD_CAPTURE_BPF_H

#include <linux/filter.h>
#include <stdint.h>

/* Return the fanout program; *len is set to its instruction count. */
const struct sock_filter *capture_fanout_program(unsigned short *len);

/* The receive filter: drops frames the host itself sends. */
const struct sock_filter *capture_rx_filter(unsigned short *len);

/* The worker the fanout program picks for an SPI. */
unsigned int capture_spi_worker(uint32_t spi, unsigned int n_workers);

#endif
