"""sgexplore in the user's own notebook: JupyterLab and Notebook 7, driven by Chromium.

One Jupyter server (JupyterLab and Notebook 7 beside each other, as `pip install
"sgexplore[dashboard]"` leaves them) serves a notebook made of the README's example
("In your own notebook") and a plotly `go.FigureWidget` of the user's own. In each client
the notebook is run; every sgexplore figure must be as wide as its box (also after the box
changes width), and JupyterLab must show no dialog (dash's "needs to be included in build"
did). Then the user changes a value and, once the page shows the change, saves the notebook
and reloads the page at once: every output, sgexplore's and the user's, must come back from
the kernel's widget state (once more after a reload that hit jupyterlab_widgets' own restore
race, see _reload_until_restored).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import ROOT, _free_port, serving

pytestmark = pytest.mark.e2e

# The user's own figure, after the README's example.
USER_CELL = "import plotly.graph_objects as go\n\nmine = go.FigureWidget(go.Scatter(y=[1, 3, 2]))\nmine"
# Plots of the notebook: the dashboard's Basis tab (2), the BasisExplorer (2), the user's (1).
PLOTS = 5

# [svg width, box width] of every plotly plot that sgexplore drew (the user's own figure is
# plotly's to size: its stock widget draws at 700 px).
WIDTHS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((plot) => plot.closest('[class*="sg-"]'))
  .map((plot) => [plot.querySelector('.main-svg').getBoundingClientRect().width,
                  plot.getBoundingClientRect().width].map(Math.round))"""


def readme_cells() -> list[str]:
    """The Python blocks of the README's "In your own notebook" section, one cell each."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## In your own notebook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


@pytest.fixture(autouse=True)
def _log_offset():
    """No Voila server here (the e2e conftest's log offset needs one)."""
    yield


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory):
    """A token-less Jupyter server on 127.0.0.1 (JupyterLab at /lab, Notebook 7 at /tree)
    over a temporary folder holding one copy of the notebook per client; yields
    (base_url, folder)."""
    folder = tmp_path_factory.mktemp("own-notebook")
    cells = [*readme_cells(), USER_CELL]
    assert len(cells) == 3, "the README's example is two cells"
    for name in ("lab", "notebook7"):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        nbformat.write(notebook, folder / f"{name}.ipynb")
    port = _free_port()
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
               "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.root_dir={folder}", "--IdentityProvider.token=",
               "--ServerApp.password=", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True",
               # Settings and workspaces of this server only (a sidebar closed by an earlier
               # run would otherwise be remembered in ~/.jupyter).
               f"--LabApp.user_settings_dir={folder / 'settings'}",
               f"--LabApp.workspaces_dir={folder / 'workspaces'}",
               f"--JupyterNotebookApp.user_settings_dir={folder / 'settings'}",
               f"--JupyterNotebookApp.workspaces_dir={folder / 'workspaces'}"]
    with serving(command, port, folder / "jupyter.log") as base_url:
        yield base_url, folder


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium (conftest): a second Playwright in the same worker process
    refused to start ("Sync API inside the asyncio loop") after another e2e module ran there."""
    return browser


def _wait_ready(page) -> None:
    """Until the notebook is shown and its kernel connected."""
    page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.context"
                           "?.sessionContext?.session?.kernel && document.querySelector('.jp-Notebook')")


def _scroll_through(page) -> None:
    """Every cell's output brought into view once, top to bottom, then back to the top."""
    outputs = page.locator(".jp-Cell .jp-OutputArea")
    expect(outputs).to_have_count(3)
    for i in range(3):
        outputs.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    page.locator(".jp-Cell").first.scroll_into_view_if_needed()


def _assert_boxed(page) -> None:
    """Every sgexplore plot is drawn at its box's width (the box may take a frame to settle)."""
    page.wait_for_function(f"() => {{ const w = ({WIDTHS})(); return w.length === {PLOTS - 1}"
                           " && w.every(([svg, box]) => box > 0 && Math.abs(svg - box) <= 1); }")


# The notebook's kernel connection (JupyterLab and Notebook 7 alike).
KERNEL = "window.jupyterapp.shell.currentWidget.context.sessionContext.session.kernel"
# For each widget output after a reload: its model id, whether the page's widget manager has
# that model, whether the manager counts itself restored, and what the output shows.
MANAGER_VIEW = """async () => {
  const out = [];
  for (const cell of window.jupyterapp.shell.currentWidget.content.widgets) {
    if (cell.model.type !== 'code') continue;
    const data = cell.model.outputs.get(0)?.data['application/vnd.jupyter.widget-view+json'];
    for (const child of cell.outputArea.widgets) {
      for (const renderer of Array.from(child.children?.() ?? []).filter((w) => w._manager)) {
        const manager = await renderer._manager.promise;
        out.push({model: data?.model_id, known: manager.has_model(data?.model_id),
                  restored: manager.restoredStatus, shows: renderer.node.textContent.slice(0, 40)});
      }
    }
  }
  return out;
}"""


def _what_reloaded(page, path: Path, errors: list[str]) -> dict:
    """Why outputs are missing after a reload: what each output shows, whether the kernel
    still holds the widget models the saved notebook displays, what the page's widget
    manager holds, and the page's console errors."""
    per_output = page.evaluate("""() => [...document.querySelectorAll('.jp-Cell .jp-OutputArea')]
      .map((o) => [o.querySelectorAll('.js-plotly-plot').length, o.innerText.slice(0, 120)])""")
    shown = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
             for cell in nbformat.read(path, as_version=4).cells for o in cell.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    expression = (f"[i in __import__('ipywidgets').widgets.widget._instances for i in {shown!r}]")
    in_kernel = page.evaluate(f"""async (expression) => JSON.stringify((await {KERNEL}
      .requestExecute({{code: '', user_expressions: {{held: expression}}}}).done).content.user_expressions)""",
                              expression)
    manager = page.evaluate(MANAGER_VIEW)
    text = (f"plots and text per output after the reload: {per_output}; models {shown} held by the "
            f"kernel: {in_kernel}; page's widget manager: {manager}; console errors: {errors}")
    return {"text": text, "models": shown, "kernel": json.loads(in_kernel), "manager": manager}


# Reloads after the first that the front end's restore race may take (see _reload_until_restored).
RACE_RELOADS = 2


def _reload_until_restored(page, path: Path, errors: list[str]) -> None:
    """Reload the page and see every output come back from the kernel's widget state.

    jupyterlab_widgets 3.0 (ipywidgets 8.1) has a race of its own on a loaded machine (CI
    failed twice on it, 1 reload in about 10 there): an output's renderer asks its widget
    manager for the model, waits 2 s, and if the manager counts itself restored by then it
    shows "Error displaying widget: model not found" for good, although the manager gets the
    model a moment later. Its signature: the kernel holds every displayed model and the page's
    manager knows every one of them, yet an output says "model not found". That state is one
    the user fixes by reloading once more, and so does this test (at most RACE_RELOADS times,
    each said on stdout); anything else (a model the kernel or the manager lost, a missing plot
    without the message, the race on every reload) fails with what each side holds."""
    plots = page.locator(".js-plotly-plot")
    for attempt in range(RACE_RELOADS + 1):
        del errors[:]
        page.reload()
        _wait_ready(page)
        # The reader scrolls through the notebook: JupyterLab skips the layout of cells out of
        # view (content-visibility), and a figure is drawn once its box has a width.
        _scroll_through(page)
        try:
            page.wait_for_function(f"""() => document.querySelectorAll('.js-plotly-plot').length === {PLOTS}
              || document.body.innerText.includes('Error displaying widget')""")
            expect(plots).to_have_count(PLOTS, timeout=5_000)
            assert page.get_by_text("Error displaying widget").count() == 0
            return
        except (AssertionError, PlaywrightError) as error:
            why = _what_reloaded(page, path, errors)
            held, manager = why["kernel"], why["manager"]
            race = (attempt < RACE_RELOADS and held.get("held", {}).get("data", {})
                    .get("text/plain") == str([True] * len(why["models"]))
                    and all(o["known"] and o["restored"] for o in manager)
                    and any("model not found" in o["shows"] for o in manager))
            if not race:
                raise AssertionError(why["text"]) from error
            print(f"reload {attempt + 1}: the front end's restore race ({why['text']}); reloading again")


@pytest.mark.parametrize("client", ["lab", "notebook7"])
def test_readme_example_in_jupyter_reloads_after_a_click(chromium, jupyter, client):
    base_url, folder = jupyter
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the first run compiles JAX programs (2 busy cores)
    outside: list[str] = []
    page.on("request", lambda r: r.url.startswith(("http:", "https:", "ws:", "wss:"))
            and not r.url.startswith((base_url, base_url.replace("http", "ws", 1)))
            and outside.append(r.url))
    errors: list[str] = []  # said when a plot is missing (anywidget's 2 s model timeout?)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text[:300]))
    try:
        path = f"/lab/tree/{client}.ipynb" if client == "lab" else f"/notebooks/{client}.ipynb"
        page.goto(base_url + path)
        _wait_ready(page)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        plots = page.locator(".js-plotly-plot")
        expect(plots).to_have_count(PLOTS)
        _assert_boxed(page)
        if client == "lab":
            # The notebook changes width when the file browser opens or closes: the plots follow.
            before = page.evaluate(WIDTHS)
            page.evaluate("window.jupyterapp.commands.execute('application:toggle-left-area')")
            page.wait_for_function(f"() => Math.abs(({WIDTHS})()[0][1] - {before[0][1]}) > 50")
            _assert_boxed(page)
            assert page.locator(".jp-Dialog").count() == 0  # dash's build dialog came by now

        # The click: a new basis function in the BasisExplorer; once the page shows it (and the
        # kernel is idle again), save and reload at once.
        explorer = page.locator(".sg-basis-explorer").last
        index = explorer.locator(".sg-index input")
        index.fill("3")
        index.press("Enter")
        expect(explorer.locator(".gtitle").first).to_contain_text("phi_3")
        page.wait_for_function(f"() => {KERNEL}.status === 'idle'")
        page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
        _reload_until_restored(page, folder / f"{client}.ipynb", errors)
        expect(page.locator(".sg-basis-explorer").last.locator(".sg-index input")).to_have_value("3")
        _assert_boxed(page)
        assert outside == []
    finally:
        context.close()
