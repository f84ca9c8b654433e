"""Refusing private, loopback and link-local addresses (server-side request forgery).

A URL from a feed or a redirect must not make rasd fetch ``http://169.254.169.254/``
(cloud metadata), ``http://localhost:5432/`` or a router on ``192.168.0.1``. The
policy is checked twice for every request: on the addresses the host name resolves
to (before connecting) and on the address the connection actually reached (after
connecting, before the body is read), so a DNS answer that changes between the two
(DNS rebinding) is caught as well.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port -> the addresses it resolves to (as strings)
Resolver = Callable[[str, int], list[str]]


def system_resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), by the system resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public(ip: IPAddress) -> bool:
    """Whether ``ip`` is a globally routable unicast address (not private, loopback,
    link-local, shared (100.64/10), reserved, documentation, unspecified or multicast)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class AddressPolicy:
    """Which addresses may be fetched.

    ``allow_private`` is ``False`` (public addresses only), ``True`` (anything), or
    addresses and networks that are allowed besides the public ones
    (``["127.0.0.1", "10.0.0.0/8"]``).
    """

    def __init__(self, allow_private: bool | Iterable[str] = False) -> None:
        self.allow_all = allow_private is True
        self.networks: tuple[IPNetwork, ...] = ()
        if not isinstance(allow_private, bool):
            self.networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow_private)

    def allowed(self, address: str) -> bool:
        """Whether a connection to ``address`` (an IP literal) is allowed."""
        if self.allow_all:
            return True
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
        if is_public(ip):
            return True
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in net for net in self.networks)

    def refused(self, addresses: Iterable[str]) -> list[str]:
        """The addresses of ``addresses`` that are not allowed (empty: all are)."""
        return [a for a in addresses if not self.allowed(a)]


def ip_literal(host: str) -> str | None:
    """``host`` as an IP address string if it is one (``[::1]`` included), else ``None``."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
