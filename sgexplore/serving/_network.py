"""Where students reach the server: the machine's address on the local network, and a QR
code of the URL to type (drawn by segno)."""

from __future__ import annotations

import io
import ipaddress
import socket

import segno


def lan_address() -> str | None:
    """This machine's IPv4 address on its network (the one its route to private addresses
    leaves from), or None when it has none but loopback.

    No packet is sent: connecting a UDP socket only chooses the route.
    """
    candidates = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                candidates.append(s.getsockname()[0])
        except OSError:
            continue
    try:
        candidates.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local):
            return address
    return None


def qr_svg(url: str) -> str:
    """An inline SVG of the QR code of ``url`` (dark modules on white, with a quiet zone).

    Examples:
        >>> qr_svg("http://192.168.1.20:8866/").startswith("<svg")
        True
    """
    return segno.make(url, error="m").svg_inline(scale=4, title=url)


def qr_text(url: str) -> str:
    """The QR code of ``url`` as text for a terminal (two module rows a line, in block
    characters, light on dark as terminals show them).

    Examples:
        >>> len(qr_text("http://192.168.1.20:8866/").splitlines()) > 10
        True
    """
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()
