#!/usr/bin/python3
"""Hold an IPv4 UDP socket with the UDP_ENCAP_ESPINUDP option until killed.

The kernel takes ESP packets out of UDP (RFC 3948) only on a port where such
a socket is bound.  An IKE daemon opens one for its NAT-T port, and SAs set
by hand with "encap espinudp" need this stand-in.  Datagrams that are not ESP
(IKE messages, NAT keepalives) reach the socket and are discarded.
"""
import socket
import sys

# From <linux/udp.h>, because the socket module does not export them.
UDP_ENCAP = 100
UDP_ENCAP_ESPINUDP = 2


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: udp-encap-socket.py PORT')
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.IPPROTO_UDP, UDP_ENCAP, UDP_ENCAP_ESPINUDP)
    sock.bind(('0.0.0.0', int(sys.argv[1])))
    while True:
        sock.recv(65536)


if __name__ == '__main__':
    main()
