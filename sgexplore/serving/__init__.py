"""Serving the dashboards to a class: ``sgexplore serve`` (``make serve`` in a clone).

One Voila server for every dashboard and lesson, a landing page at ``/`` with a card for
each, preheated kernels per dashboard (``--pool``), kernels that end when their page goes
however it went, and ``--lan`` for students on the local network (URL and QR code shown).

The dashboard records need only the standard library; the server needs the ``dashboard``
extra (``pip install "sgexplore[dashboard]"``), and says so when it is missing.
"""

from __future__ import annotations

from ._dashboards import DASHBOARDS, Dashboard, dashboard, notebooks_dir

__all__ = ["DASHBOARDS", "Dashboard", "dashboard", "main", "notebooks_dir"]


def main(argv: list[str] | None = None) -> None:
    """The ``sgexplore`` console script (``sgexplore serve --help``)."""
    try:
        from ._app import main as serve_main
    except ModuleNotFoundError as error:
        raise SystemExit(
            f"sgexplore serve needs the dashboard extra ({error.name} is missing): "
            'pip install "sgexplore[dashboard]"') from None
    serve_main(argv)
