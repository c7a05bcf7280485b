"""An exercise of the lessons: a question, an answer control, a "check" button and
feedback, checked in the page."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from ..groups import UnknownGroupError


class Exercise(widgets.VBox):
    """A question, an answer control, a "check" button and feedback. ``check`` maps the
    control's value to (correct, explanation)."""

    def __init__(self, key: str, question: str, control: widgets.ValueWidget,
                 check: Callable[[object], tuple[bool, str]]) -> None:
        self.key, self.control, self._check = key, control, check
        self.button = widgets.Button(description="check", button_style="info")
        self.feedback = widgets.HTML()
        self.feedback.add_class("sg-feedback")
        self.button.on_click(lambda b: self.check())
        self.question = question
        self.revealed = widgets.VBox([])
        self._reveal: widgets.Widget | None = None
        self._on_success: list[Callable[[], None]] = []
        self.answered = False
        super().__init__([widgets.HTML(f"<b>Exercise.</b> {escape(question)}"),
                          widgets.HBox([control, self.button]), self.feedback, self.revealed])
        self.add_class("sg-exercise")
        self.add_class(f"sg-exercise-{key}")

    def check(self) -> bool:
        try:
            correct, explanation = self._check(self.control.value)
        except (ValueError, UnknownGroupError) as exc:
            correct, explanation = False, str(exc)
        colour, verdict = ("#2e7d32", "Correct.") if correct else ("#b00020", "Not yet.")
        self.feedback.value = (f"<div class='sg-{'right' if correct else 'wrong'}' "
                               f"style='color:{colour}'>{verdict} {escape(explanation)}</div>")
        if correct and not self.answered:
            self.answered = True
            if self._reveal is not None:
                self.revealed.children = [self._reveal]
            for callback in self._on_success:
                callback()
        return correct

    def reveal_on_success(self, widget: widgets.Widget) -> None:
        """Show ``widget`` under the exercise once it is answered right (it shows the answer)."""
        self._reveal = widget

    def on_success(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once, when the exercise is first answered right."""
        self._on_success.append(callback)
