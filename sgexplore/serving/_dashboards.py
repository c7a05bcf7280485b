"""The dashboards a server offers: one record per notebook, with what the landing page
says about it, and where the notebooks are (in the wheel, or in a clone's ``notebooks/``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sgexplore.groups import SgexploreError


@dataclass(frozen=True)
class Dashboard:
    """One dashboard or lesson, as the landing page shows it.

    Attributes:
        name: the notebook's stem, ``notebooks/{name}.ipynb``; also its pool name.
        title: the card's title.
        purpose: one line on what it is for.
        examples: deep links as (label, query string) pairs.
    """

    name: str
    title: str
    purpose: str
    examples: tuple[tuple[str, str], ...]

    @property
    def notebook(self) -> str:
        """The notebook's file name."""
        return f"{self.name}.ipynb"

    @property
    def path(self) -> str:
        """The dashboard's stable URL path, below the server's base URL (Binder's too).

        Examples:
            >>> dashboard("explorer").path
            'voila/render/explorer.ipynb'
        """
        return f"voila/render/{quote(self.notebook)}"

    @property
    def picture(self) -> str:
        """The file name of the card's picture in ``sgexplore/serving/static``."""
        return f"{self.name}.png"


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard(
        "explorer", "Wallpaper groups",
        "The 17 plane groups: symmetry elements and Wyckoff positions, the orbifold, the "
        "invariant Fourier basis and Gaussian-process samples, in four tabs.",
        (("p6m, basis function 4", "group=p6m&tab=2&index=4"),
         ("p4g orbifold", "group=p4g&tab=1"),
         ("cmm GP samples", "group=cmm&tab=3&seed=3"),
         ("p4m on a projector", "group=p4m&present=1")),
    ),
    Dashboard(
        "space_groups", "Space groups",
        "Any of the 230 space groups in 3D: isosurfaces of invariant functions and GP "
        "samples with the symmetry elements, and the orbifold of the asymmetric unit.",
        (("Fd-3m (diamond)", "group=Fd-3m"),
         ("P2_1/c orbifold", "group=P2_1/c&view=orbifold"),
         ("P6_3/mmc GP sample", "group=P6_3/mmc&mode=gp")),
    ),
    Dashboard(
        "gaussian_processes", "Gaussian-process lab",
        "What symmetry buys a Gaussian process: the invariant kernel beside an ordinary "
        "periodic one, fitted to the same observations.",
        (("p4g", "group=p4g"),
         ("p6m, 20 random observations", "group=p6m&n=20"),
         ("p2, seed 3", "group=p2&seed=3")),
    ),
    Dashboard(
        "crystal", "Crystals",
        "A real crystal's space group, found by spglib: its atoms, Wyckoff sites and an "
        "invariant density, from an example or your own CIF file.",
        (("rock salt", "example=NaCl"),
         ("silicon", "example=Si"),
         ("rutile", "example=TiO2")),
    ),
    Dashboard(
        "lesson_wallpaper", "Lesson: wallpaper groups",
        "A 50-minute class: name a pattern's group, read its orbifold and Conway symbol, "
        "see why glides remove frequencies; answers checked in the page.",
        # Labels that do not give away the answer of exercise 1 (students see this page too).
        (("another pattern", "pattern=p6m"),
         ("a third pattern", "pattern=pg"),
         ("on a projector", "present=1")),
    ),
    Dashboard(
        "lesson_space_groups", "Lesson: from the plane to space",
        "A 50-minute class: the asymmetric unit and its copies, screw axes and glide planes "
        "and the reflections they remove, the orbifolds of space groups.",
        (("copies of Pmm2", "copies=Pmm2"),
         ("absences of P2_1/c", "absent=P2_1/c"),
         ("orbifold of P4mm", "orbifold=P4mm")),
    ),
)


def dashboard(name: str) -> Dashboard:
    """The dashboard named ``name`` (a notebook stem such as ``"explorer"``).

    Raises:
        SgexploreError: an unknown name, with the names there are.

    Examples:
        >>> dashboard("crystal").title
        'Crystals'
    """
    for entry in DASHBOARDS:
        if entry.name == name:
            return entry
    raise SgexploreError(f"unknown dashboard {name!r}; choose from "
                         + ", ".join(d.name for d in DASHBOARDS))


def notebooks_dir() -> Path:
    """The folder of the dashboards' notebooks: ``sgexplore/_notebooks`` in an installed
    wheel, the repository's ``notebooks/`` in a clone (an editable install).

    Examples:
        >>> (notebooks_dir() / "explorer.ipynb").is_file()
        True
    """
    packaged = Path(__file__).resolve().parents[1] / "_notebooks"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "notebooks"
