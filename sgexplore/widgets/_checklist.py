"""A set of checkboxes that reads like a multiple choice: what a multi-select list is on a
desktop, without the ctrl-click that a phone or a projector remote does not have."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import traitlets


class Checklist(widgets.Box):
    """One checkbox per option, wrapping onto as many lines as the width needs.

    Attributes:
        options (tuple[str, ...]): the labels, in the order shown (default ``()``).
        value (tuple[str, ...]): the checked labels, in the order of ``options`` (default
            ``()``); setting it checks exactly those boxes, and a label that is not an
            option is refused with a ``TraitError``.
        description (str): a label shown before the boxes (default ``""``).

    Examples:
        >>> choice = Checklist(options=["(0, 1)", "(1, 0)", "(1, 1)"])
        >>> choice.boxes[2].value = True; choice.boxes[0].value = True
        >>> choice.value
        ('(0, 1)', '(1, 1)')
        >>> choice.value = ("(1, 0)",); [box.value for box in choice.boxes]
        [False, True, False]
    """

    options = traitlets.Tuple(help="the labels, in the order shown")
    value = traitlets.Tuple(help="the checked labels, in the order of the options")
    description = traitlets.Unicode("", help="a label shown before the boxes")

    def __init__(self, options=(), value=(), description: str = "", **kwargs) -> None:
        self.boxes: list[widgets.Checkbox] = []
        self._showing = False
        self._label = widgets.HTML()
        super().__init__(layout=widgets.Layout(display="flex", flex_flow="row wrap",
                                               align_items="center", max_width="100%"), **kwargs)
        self.add_class("sg-checklist")
        self.description = description
        self.options = tuple(options)
        self.value = tuple(value)

    @traitlets.observe("description")
    def _describe(self, change) -> None:
        self._label.value = (f"<span class='sg-checklist-label' style='margin-right:0.6em'>"
                            f"{escape(change['new'])}</span>")
        self._layout_children()

    @traitlets.observe("options")
    def _rebuild(self, change) -> None:
        for box in self.boxes:
            box.close()
        self.boxes = [widgets.Checkbox(value=False, description=str(label), indent=False,
                                       layout=widgets.Layout(width="auto", margin="0 1em 0 0"))
                      for label in change["new"]]
        for box in self.boxes:
            box.observe(self._read, "value")
        self.value = tuple(v for v in self.value if v in change["new"])
        self._show({"new": self.value})  # the new boxes, also when the value is unchanged
        self._layout_children()

    def _layout_children(self) -> None:
        self.children = ([self._label] if self.description else []) + self.boxes

    @traitlets.validate("value")
    def _known(self, proposal) -> tuple[str, ...]:
        unknown = [v for v in proposal["value"] if v not in self.options]
        if unknown:
            raise traitlets.TraitError(f"not an option: {', '.join(map(str, unknown))}; "
                                       f"options: {', '.join(self.options)}")
        chosen = set(proposal["value"])
        return tuple(label for label in self.options if label in chosen)

    @traitlets.observe("value")
    def _show(self, change) -> None:
        chosen = set(change["new"])
        self._showing = True
        try:
            for label, box in zip(self.options, self.boxes):
                box.value = label in chosen
        finally:
            self._showing = False

    def _read(self, change) -> None:
        if self._showing:
            return
        self.value = tuple(label for label, box in zip(self.options, self.boxes) if box.value)
