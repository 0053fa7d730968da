"""政民互动 messages — placeholder until the messages module lands (issue 4)."""

from __future__ import annotations


def build_message(data, findings, expected_id):
    return None
