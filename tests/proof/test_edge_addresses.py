"""URL uploads never reach an address that is not global, proven where a failure could not leak: in a network
namespace of the test's own (``unshare -n``), whose only interface is ``lo``, holding every address under test with
a listener on it (see ``netns_probe``). A refusal must answer the one `UNREACHABLE` message and leave its listener
without a connection; a global address given to ``lo`` (the control) is reached, which shows that the listeners
would have seen a connection.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

import pytest

from nemo_notebook.engine.intake.fetch import UNREACHABLE
from tests.conftest import REPO

pytestmark = pytest.mark.timeout(300)
PROBE = REPO / "tests" / "proof" / "netns_probe.py"


def _unshare() -> list[str]:
    """The command prefix that gives a process its own network namespace here, or skip saying why there is none."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("needs util-linux's unshare and iproute2's ip to make a network namespace")
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):  # as root; else in a user namespace of our own
        if subprocess.run([*prefix, "ip", "link", "set", "lo", "up"], capture_output=True).returncode == 0:
            return prefix
    pytest.skip("cannot make a network namespace here (unshare -n needs root or unprivileged user namespaces)")


@pytest.fixture(scope="module")
def probe() -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [*_unshare(), sys.executable, str(PROBE)], capture_output=True, text=True, timeout=240, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


NOT_GLOBAL = [
    "100.64.0.1",
    "100.100.100.200",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.10",
    "169.254.169.254",
    "198.18.0.1",
    "192.0.0.8",
    "127.0.0.2",
    "localhost",
    "fd00::1",
    "64:ff9b::a01:203",
    "64:ff9b::7f00:1",
    "2002:a01:203::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "::ffff:10.1.2.3",
    "::a01:203",
    "redirect to 100.64.0.1",
    "closed port of a global address",
    "silent global server",
]


@pytest.mark.parametrize("name", NOT_GLOBAL)
def test_the_answer_is_one_and_the_same(probe: dict[str, Any], name: str) -> None:
    answer = probe["answers"][name]
    assert (answer["status"], answer["code"], answer["message"]) == (422, 4000, f"urls[0]: {UNREACHABLE}")


def test_no_listener_saw_a_connection(probe: dict[str, Any]) -> None:
    connections = probe["connections"]
    refused = {name: n for name, n in connections.items() if name not in ("control", "control6", "redirect")}
    assert refused and all(n == 0 for n in refused.values()), refused
    assert connections["redirect"] == 1  # the hop was fetched; where it led was refused


def test_a_global_address_on_lo_is_reached(probe: dict[str, Any]) -> None:
    assert probe["connections"]["control"] == 1 and probe["connections"]["control6"] == 1
    for name in ("control", "control6"):
        answer = probe["answers"][name]
        assert (answer["status"], answer["code"]) == (415, 4001), answer  # it fetched the text the listener sent
