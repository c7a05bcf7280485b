"""Deep links: dashboard state from the page's query string."""

from __future__ import annotations

import os
from urllib.parse import parse_qs


# True once this kernel, preheated by Voila, has received its page request.
preheated = False


def in_preheated_kernel() -> bool:
    """Whether this kernel was started by Voila ahead of a request (``--preheat_kernel``)
    and has not received it yet."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def request_query_string() -> str:
    """The page request's query string, as Voila gives it to the kernel.

    A kernel Voila started for a request has it in ``QUERY_STRING``. A preheated kernel
    (``voila --preheat_kernel=True``) ran the notebook before anyone asked for the page:
    this call waits there until the request arrives (Voila's ``wait_for_request``), once
    per kernel. Everything above it in a notebook (imports, JAX compilation) is then done
    before the page is requested.
    """
    global preheated
    if in_preheated_kernel():
        from voila.utils import wait_for_request

        wait_for_request()
        os.environ["VOILA_PREHEAT"] = "False"  # the request came; never wait again
        preheated = True
    return os.environ.get("QUERY_STRING", "")


def query_parameters(query: str | None = None) -> dict[str, str]:
    """Parameters of the URL query string (Voila passes it as ``QUERY_STRING``; see
    ``request_query_string`` for preheated kernels).

    Only plain strings come back; the dashboards validate them through the public API and
    never evaluate them.

    Examples:
        >>> query_parameters("group=p4m&index=3")
        {'group': 'p4m', 'index': '3'}
    """
    text = request_query_string() if query is None else query
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=False).items()}
