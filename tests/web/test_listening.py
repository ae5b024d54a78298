"""Only the gateway faces the network: Rasa and the action server listen on 127.0.0.1 alone."""
from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

pytestmark = pytest.mark.stack


def listening_on(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on `port`, from the kernel's own tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def test_rasa_and_the_action_server_listen_only_on_the_loopback_address(stack):
    assert listening_on(stack.settings.rasa_port) == {"127.0.0.1"}
    assert listening_on(stack.settings.action_port) == {"127.0.0.1"}
    assert listening_on(stack.settings.gateway_port), "the test reads the kernel's tables right"
