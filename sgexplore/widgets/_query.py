"""Deep links: dashboard state from the page's query string."""

from __future__ import annotations

import os
from urllib.parse import parse_qs


def query_parameters(query: str | None = None) -> dict[str, str]:
    """Parameters of the URL query string (Voila passes it as ``QUERY_STRING``).

    Only plain strings come back; the dashboards validate them through the public API and
    never evaluate them.

    Examples:
        >>> query_parameters("group=p4m&index=3")
        {'group': 'p4m', 'index': '3'}
    """
    text = os.environ.get("QUERY_STRING", "") if query is None else query
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=False).items()}
