"""依申请公开 requests — placeholder until the requests module lands (issue 4)."""

from __future__ import annotations


def build_request(data, findings, expected_id):
    return None
