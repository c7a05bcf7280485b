"""Optional dependencies: a module that needs an extra says which one to install."""

from __future__ import annotations

#: The command that installs what ``sgexplore.render``, ``sgexplore.widgets`` and
#: ``sgexplore serve`` need (plotly, ipywidgets, anywidget, Voila, JupyterLab, ...).
DASHBOARD_INSTALL = 'pip install "sgexplore[dashboard]"'


def missing_extra(module: str, error: ImportError) -> ModuleNotFoundError:
    """The error to raise when ``module`` cannot import a package of the dashboard extra:
    it names the package and the command that installs it.

    Examples:
        >>> missing_extra("sgexplore.render", ModuleNotFoundError("no plotly", name="plotly"))
        ModuleNotFoundError('sgexplore.render needs plotly, which comes with the dashboard extra: pip install "sgexplore[dashboard]"')
    """
    name = error.name or str(error)
    return ModuleNotFoundError(
        f"{module} needs {name}, which comes with the dashboard extra: {DASHBOARD_INSTALL}",
        name=error.name)
