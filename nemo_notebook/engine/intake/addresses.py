"""Which addresses a URL upload may connect to: global ones only, judged by what a packet would really reach.

``ipaddress``'s ``is_global`` is the base, with the ranges its tables miss on older Pythons added (the shared
address space 100.64.0.0/10 where some clouds keep metadata services, 192.0.0.0/24, multicast, …). An IPv6 address
that carries an IPv4 one (IPv4-mapped ``::ffff:0:0/96``, IPv4-compatible ``::/96``, NAT64 ``64:ff9b::/96``, 6to4
``2002::/16``) is judged by the IPv4 address it leads to; Teredo (``2001::/32``) and local-use NAT64
(``64:ff9b:1::/48``) are refused whole.

>>> [is_public(a) for a in ("93.184.215.14", "100.64.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:808:808::1")]
[True, False, False, False, True]
"""

from __future__ import annotations

import ipaddress

_NOT_GLOBAL_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
_NOT_GLOBAL_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a packet to ``ip`` really goes to, for the ranges that carry one; None otherwise."""
    if ip in _MAPPED or ip in _COMPATIBLE or ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def is_public(address: str) -> bool:
    """Whether a URL upload may connect to ``address`` (an IPv4 or IPv6 literal, maybe with a ``%zone``)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            return _is_public_v4(inner)
        return ip.is_global and not any(ip in net for net in _NOT_GLOBAL_V6)
    return _is_public_v4(ip)


def _is_public_v4(ip: ipaddress.IPv4Address) -> bool:
    return ip.is_global and not any(ip in net for net in _NOT_GLOBAL_V4)
