"""Which addresses a URL upload may reach: global ones only, IPv6 judged by the IPv4 address it carries."""

from __future__ import annotations

import doctest

import pytest

from nemo_notebook.engine.intake import addresses
from nemo_notebook.engine.intake.addresses import is_public

NOT_GLOBAL = [
    "0.0.0.0", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.169.254", "172.16.0.1",
    "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1",
    "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "::", "::1", "::ffff:127.0.0.1", "::ffff:100.64.0.1", "::7f00:1", "::a00:1", "64:ff9b::a00:1",
    "64:ff9b::6440:1", "64:ff9b:1::8.8.8.8", "2002:a00:1::1", "2002:7f00:1::", "2002:6440:1::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "fc00::1", "fd12:3456::1", "fe80::1%eth0", "fec0::1",
    "ff02::1", "100::1",
]  # fmt: skip
GLOBAL = ["8.8.8.8", "93.184.215.14", "1.1.1.1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
          "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"]  # fmt: skip


@pytest.mark.parametrize("address", NOT_GLOBAL)
def test_addresses_that_are_not_global_are_refused(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", GLOBAL)
def test_global_addresses_are_reached(address: str) -> None:
    assert is_public(address)


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(addresses).failed == 0
