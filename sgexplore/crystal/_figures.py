"""Figures of a crystal: crystal-toolkit's scene graph as plotly traces (works in Voila and
on Binder, where crystal-toolkit's own Dash display does not), with the symmetry elements and
asymmetric unit of the detected group; the density's coefficient spectrum and reconstruction."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..groups import SgexploreError
from ._density import DensityProjection
from ._structure import Crystal


def pymatgen_structure(crystal: Crystal):
    """The standardised crystal as a pymatgen ``Structure``."""
    from pymatgen.core import Lattice, Structure

    return Structure(Lattice(crystal.lattice.T), crystal.species, crystal.positions)


def structure_scene(crystal: Crystal, bonds: bool = True):
    """crystal-toolkit's scene of the crystal: the atoms in the closed conventional cell
    (images on faces, edges and corners included), bonds to nearest neighbours within the
    cell, and the unit cell."""
    import crystal_toolkit  # noqa: F401 - adds get_scene to pymatgen objects
    from pymatgen.analysis.graphs import StructureGraph
    from pymatgen.analysis.local_env import MinimumDistanceNN

    structure = pymatgen_structure(crystal)
    if not bonds:
        return structure.get_scene()
    graph = StructureGraph.from_local_env_strategy(structure, MinimumDistanceNN(tol=0.1))
    return graph.get_scene(draw_image_atoms=True, bonded_sites_outside_unit_cell=False)


def _primitives(scene, kind: str):
    """All primitives of a crystal-toolkit class name under a scene node, with the name of
    the top-level part (atoms, bonds, unit_cell, ...) they belong to."""
    stack = [(scene, scene.name)]
    while stack:
        node, part = stack.pop()
        for child in getattr(node, "contents", None) or []:
            if hasattr(child, "contents"):
                stack.append((child, part if part != scene.name else child.name))
            elif type(child).__name__ == kind:
                yield part, child


def _segments(pairs: list) -> tuple[list, list, list]:
    xs, ys, zs = [], [], []
    for start, end in pairs:
        for coordinate, (a, b) in zip((xs, ys, zs), zip(start, end)):
            coordinate.extend([a, b, None])
    return xs, ys, zs


def scene_traces(scene, lattice: np.ndarray | None = None) -> list[go.Scatter3d]:
    """crystal-toolkit scene primitives as plotly traces: one marker trace per element
    colour (atoms, with their tooltips), one line trace per bond colour, one for the cell.
    With ``lattice`` (vectors as columns), atoms and the bonds that start at them are kept
    only inside the closed cell (crystal-toolkit also draws images a little outside it)."""
    def inside(point) -> bool:
        if lattice is None:
            return True
        x = np.linalg.solve(lattice, np.asarray(point, dtype=float))
        return bool(np.all((x > -1e-6) & (x < 1 + 1e-6)))

    atoms: dict[str, list] = {}
    for _, sphere in _primitives(scene, "Spheres"):
        for position in sphere.positions:
            if inside(position):
                atoms.setdefault(sphere.color, []).append((position, sphere.tooltip))
    traces = []
    for colour, entries in atoms.items():
        points = np.array([p for p, _ in entries], dtype=float)
        traces.append(go.Scatter3d(
            x=points[:, 0], y=points[:, 1], z=points[:, 2], mode="markers",
            name=entries[0][1].split(" (")[0], text=[t.replace("\n", "<br>") for _, t in entries],
            hoverinfo="text", marker={"size": 9, "color": colour, "line": {"width": 0}}))
    bonds: dict[str, list] = {}
    for _, cylinder in _primitives(scene, "Cylinders"):
        bonds.setdefault(cylinder.color, []).extend(
            pair for pair in cylinder.positionPairs if inside(pair[0]))
    for colour, pairs in bonds.items():
        xs, ys, zs = _segments(pairs)
        traces.append(go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", name="bonds",
                                   legendgroup="bonds", showlegend=len(traces) == len(atoms),
                                   line={"color": colour, "width": 5}, hoverinfo="skip"))
    for part, lines in _primitives(scene, "Lines"):
        points = np.asarray(lines.positions, dtype=float).reshape(-1, 2, 3)
        xs, ys, zs = _segments(points.tolist())
        traces.append(go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", name="unit cell",
                                   line={"color": "black", "width": 3}, hoverinfo="skip"))
    return traces


def plot_structure(crystal: Crystal, bonds: bool = True, symmetry: bool = True,
                   template=None) -> go.Figure:
    """The crystal from crystal-toolkit's scene as plotly traces, with the detected group's
    asymmetric unit and rotation/screw axes, mirror and glide planes and inversion centres
    drawn in the same cell. The atoms stay in view: of the symmetry elements only the
    asymmetric unit is shown at first, the others are listed in the legend (a click there
    shows them; a cubic group's planes and axes would otherwise hide the structure).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.
    """
    from ..render import BARE, plot_asymmetric_unit
    from ..render._template import new_figure, short_lines

    traces = scene_traces(structure_scene(crystal, bonds=bonds), crystal.lattice)
    if symmetry:
        # Only the overlay's traces are kept: its layout (and template) is dropped.
        overlay = plot_asymmetric_unit(crystal.group, crystal.lattice, template=BARE)
        for trace in overlay.data:
            if trace.name != "unit cell":
                if trace.name != "asymmetric unit":
                    trace.visible = "legendonly"
                traces.append(trace)
    figure = new_figure(traces, template)
    figure.update_layout(
        title=short_lines(crystal.summary()), height=600, margin={"l": 0, "r": 0, "t": 40, "b": 0},
        scene={"aspectmode": "data", "xaxis_title": "x (A)", "yaxis_title": "y (A)",
               "zaxis_title": "z (A)"}, legend={"itemsizing": "constant"})
    return figure


def plot_coefficients(projection: DensityProjection, template=None) -> go.Figure:
    """|c_i| of the density against the eigenvalue of phi_i (log scale), and the relative
    reconstruction error against the number of functions.

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.
    """
    from plotly.subplots import make_subplots

    from ..render._template import new_figure, short_lines

    basis = projection.basis
    figure = make_subplots(rows=1, cols=2, subplot_titles=(
        "coefficients |c_i| of the density", "reconstruction error from the first N functions"),
        figure=new_figure(template=template))
    magnitude = np.maximum(np.abs(projection.coefficients), 1e-16)
    figure.add_trace(go.Scatter(x=np.asarray(basis.eigenvalues), y=magnitude, mode="markers",
                                name="|c_i|", marker={"size": 5},
                                hovertemplate="phi_%{text}: |c| = %{y:.3g}<extra></extra>",
                                text=list(range(basis.size))), 1, 1)
    figure.add_trace(go.Scatter(x=projection.sizes, y=np.maximum(projection.errors, 1e-16),
                                mode="lines+markers", name="relative L2 error"), 1, 2)
    figure.update_yaxes(type="log")
    figure.update_xaxes(title_text="eigenvalue", row=1, col=1)
    figure.update_xaxes(title_text="N", type="log", row=1, col=2)
    extinct = projection.extinct_factors
    causes, counts = np.unique(basis.extinctions.causes, return_counts=True)
    why = ", ".join(f"{n} by {c}" for c, n in zip(causes, counts))
    note = (f"{len(extinct)} absent frequencies ({why}); largest |rho_k| there "
            f"{np.abs(extinct).max():.1e} (largest overall {np.abs(projection.coefficients).max():.2g})"
            if len(extinct) else "no systematic absences in this range")
    figure.update_layout(height=380, title=short_lines(note), showlegend=False,
                         margin={"l": 50, "r": 10, "t": 70, "b": 40})
    return figure


def slice_frame(lattice: np.ndarray, axis: int = 2) -> np.ndarray:
    """(2, 2) the in-plane lattice vectors of the slice ``x_axis = const`` in Cartesian
    coordinates of that plane (angstrom, columns): the first along x, the second in the
    upper half-plane. They have the lengths and the angle of the two lattice vectors other
    than ``axis`` (the columns of ``lattice``, in order), so a hexagonal cell's slice
    perpendicular to c is a 120-degree rhombus.

    Examples:
        >>> hexagonal = np.array([[3.0, -1.5, 0.0], [0.0, 1.5 * 3**0.5, 0.0], [0.0, 0.0, 5.0]])
        >>> frame = slice_frame(hexagonal, 2)
        >>> np.round(frame, 6).tolist()
        [[3.0, -1.5], [0.0, 2.598076]]
    """
    lattice = np.asarray(lattice, dtype=np.float64)
    if lattice.shape != (3, 3) or axis not in (0, 1, 2):
        raise SgexploreError(f"need a (3, 3) lattice and axis 0, 1 or 2, got {lattice.shape} and {axis!r}")
    u, v = (lattice[:, i] for i in range(3) if i != axis)
    along = float(u @ v) / float(np.linalg.norm(u))
    return np.array([[np.linalg.norm(u), along],
                     [0.0, np.sqrt(max(float(v @ v) - along**2, 0.0))]])


def _fractional_grid(frame: np.ndarray, ticks: np.ndarray) -> go.Scatter:
    """Faint lines of constant fractional coordinate across the cell, and its outline."""
    xs, ys = [], []
    for t in ticks:
        for start, end in ((frame @ [t, 0], frame @ [t, 1]), (frame @ [0, t], frame @ [1, t])):
            xs += [start[0], end[0], None]
            ys += [start[1], end[1], None]
    return go.Scatter(x=xs, y=ys, mode="lines", name="fractional grid", showlegend=False,
                      line={"color": "rgba(0, 0, 0, 0.35)", "width": 1}, hoverinfo="skip")


def plot_reconstruction(projection: DensityProjection, n: int, axis: int = 2,
                        index: int = 0, pixels: int = 200, template=None) -> go.Figure:
    """A slice x_axis = index / grid through the density and through its reconstruction
    from the first n invariant functions, side by side, in Cartesian coordinates
    (:func:`slice_frame`, equal aspect: the cell has its true shape). Axes are labelled in
    fractional coordinates: the first in-plane coordinate along the bottom edge (lines of
    constant value run parallel to the second lattice vector, drawn faintly), the second
    on the vertical axis (lines of constant value are horizontal). The first two traces
    are the heatmaps (outside the cell: no value).

    ``template``: plotly's ``layout.template`` (name, dict or Template); None: default; BARE: none.
    """
    from plotly.subplots import make_subplots

    from ..groups import Lattice
    from ..render import cartesian_field
    from ..render._template import new_figure, short_lines

    n = int(np.clip(n, 1, projection.basis.size))
    reconstruction = projection.reconstruction(n)
    exact = np.take(projection.density, index, axis=axis)
    approx = np.take(reconstruction, index, axis=axis)
    error = np.linalg.norm(reconstruction - projection.density) / np.linalg.norm(projection.density)
    frame = slice_frame(projection.basis.lattice.matrix, axis)
    plane = Lattice(frame)
    names = [("x", "a"), ("y", "b"), ("z", "c")]
    (first, a), (second, b) = (names[i] for i in range(3) if i != axis)
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.08, subplot_titles=(
        f"density at {names[axis][0]} = {index / projection.density.shape[axis]:.3g}",
        f"first {n} invariant functions (error {error:.1%})"), figure=new_figure(template=template))
    scale = float(np.abs(exact).max()) or 1.0
    ticks = np.linspace(0.0, 1.0, 5)
    corners = frame @ np.array([[0, 1, 0, 1], [0, 0, 1, 1]], dtype=float)
    for col, values in ((1, exact), (2, approx)):
        xs, ys, z = cartesian_field(values, plane, cells=1, pixels=pixels)
        grid = np.stack(np.meshgrid(xs, ys, indexing="xy"), axis=-1) @ np.linalg.inv(frame).T
        outside = np.any((grid < -1e-9) | (grid > 1 + 1e-9), axis=-1)
        figure.add_trace(go.Heatmap(
            x=xs, y=ys, z=np.where(outside, np.nan, z).astype(np.float32), zmin=-scale, zmax=scale,
            colorscale="RdBu_r", showscale=col == 2, colorbar={"thickness": 12},
            name=("density", "reconstruction")[col - 1],
            hovertemplate="%{z:.3g}<extra></extra>"), 1, col)
        figure.add_trace(_fractional_grid(frame, ticks), 1, col)
        figure.update_xaxes(title_text=f"{first} (fractional, along {a})", tickvals=ticks * frame[0, 0],
                            ticktext=[f"{t:g}" for t in ticks], showgrid=False, zeroline=False,
                            range=[float(corners[0].min()), float(corners[0].max())],
                            constrain="domain", row=1, col=col)
        figure.update_yaxes(title_text=f"{second} (fractional, along {b})",
                            tickvals=ticks * frame[1, 1], ticktext=[f"{t:g}" for t in ticks],
                            showgrid=False, zeroline=False, range=[0.0, float(frame[1, 1])],
                            scaleanchor="x" if col == 1 else "x2", row=1, col=col)
    gamma = np.degrees(np.arccos(frame[0, 1] / np.linalg.norm(frame[:, 1])))
    figure.update_layout(
        height=400, plot_bgcolor="white", margin={"l": 60, "r": 10, "t": 70, "b": 50},
        title=short_lines(f"slice through the cell: {a} = {frame[0, 0]:.3g} A, "
                          f"{b} = {np.linalg.norm(frame[:, 1]):.3g} A, angle {gamma:.4g} deg")
        | {"font": {"size": 13}})
    return figure
