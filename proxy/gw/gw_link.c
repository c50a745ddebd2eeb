// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <pcap/dlt.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gw_link.h"
#include "log.h"

int gw_link_type(const char *ifname)
{
	struct ifreq ifr;
	int fd, ret;

	memset(&ifr, 0, sizeof(ifr));
	if (strlen(ifname) >= sizeof(ifr.ifr_name))
		return -ENODEV;
	strcpy(ifr.ifr_name, ifname);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 ? -errno : 0;
	close(fd);
	if (ret) {
		log_err("interface %s: %s", ifname, strerror(-ret));
		return ret;
	}
	switch (ifr.ifr_hwaddr.sa_family) {
	case ARPHRD_ETHER:
	case ARPHRD_LOOPBACK:
		return DLT_EN10MB;
	case ARPHRD_NONE:
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
		return DLT_RAW;
	default:
		log_err("interface %s: link type %u is not supported; use Ethernet or an interface without link-layer header",
			ifname, ifr.ifr_hwaddr.sa_family);
		return -EOPNOTSUPP;
	}
}
