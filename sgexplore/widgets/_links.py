"""Deep-link schemas: every query parameter of a dashboard declared once, with its type,
default, range and meaning, parsed and checked before any model sees it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkParameter:
    """One deep-link parameter.

    Attributes:
        name: the query key.
        kind: ``int``, ``float`` or ``str``.
        default: the value used when the key is missing or its value is refused (None: the
            explorer's own default).
        low, high: inclusive range of a number (None: unbounded on that side).
        choices: the allowed values of a string (empty: any).
        doc: what it sets, for the dashboard's docstring and the error message.
        pattern: a regular expression a string must match whole (empty: any), for a value
            the page checks further once it knows more (a subgroup of the page's group).
        example: how such a string looks, for the error message.
    """

    name: str
    kind: type
    default: object
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    doc: str = ""
    pattern: str = ""
    example: str = ""

    def parse(self, text: str) -> tuple[object, str | None]:
        """(value, None) for an acceptable ``text``, else (default, why it was refused)."""
        refused = f"ignored {self.name}={text[:40]!r}: "
        if self.kind is str:
            if self.choices and text not in self.choices:
                return self.default, refused + f"{self.doc} is one of {', '.join(self.choices)}"
            if self.pattern and not re.fullmatch(self.pattern, text):
                return self.default, refused + f"{self.doc} is written like {self.example}"
            return text, None
        try:
            value = self.kind(text.strip())
        except (ValueError, OverflowError):
            return self.default, refused + f"not a valid {self.kind.__name__} ({self.doc} is {_a(self.kind)})"
        if self.kind is float and not math.isfinite(value):
            return self.default, refused + f"{self.doc} is a finite number"
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            return self.default, refused + f"{self.doc} is between {self.low} and {self.high}"
        return value, None


def _a(kind: type) -> str:
    return {int: "a whole number", float: "a number"}[kind]


def parse_link(params: dict[str, str], schema: tuple[LinkParameter, ...],
               errors: list[str]) -> dict[str, object]:
    """Every parameter of ``schema`` from the query ``params``: refused values are replaced
    by their default and reported in ``errors`` (shown on the page).

    Examples:
        >>> schema = (LinkParameter("seed", int, 0, low=0, high=9, doc="the seed"),)
        >>> errors = []
        >>> parse_link({"seed": "12"}, schema, errors), errors
        ({'seed': 0}, ["ignored seed='12': the seed is between 0 and 9"])
    """
    values = {}
    for parameter in schema:
        if parameter.name in params:
            values[parameter.name], error = parameter.parse(params[parameter.name])
            if error:
                errors.append(error)
        else:
            values[parameter.name] = parameter.default
    return values
