"""Pure functions from sgexplore data to figures and HTML; never imports ipywidgets."""

from __future__ import annotations

from ._tables import group_summary_html

__all__ = ["group_summary_html"]
