"""Documented caps: every input a user can reach is checked against these before any work.

This module is the one source of truth for them: the library, the widgets and the README
read the values from here. A request beyond a cap raises ``sgexplore.LimitError`` (a
``ValueError``) whose message names the cap, its value and what it protects. The module
imports nothing, so every layer can use it.
"""

from __future__ import annotations

# --- lattices (sgexplore.groups.Lattice) -------------------------------------------------
#: Smallest and largest lattice vector length (any unit). Eigenvalues scale as 1/length^2,
#: so the range keeps metric tensors and eigenvalues far from float overflow and underflow.
MIN_LATTICE_LENGTH = 1e-6
MAX_LATTICE_LENGTH = 1e6
#: Largest ratio of the longest to the shortest lattice vector. The lowest basis functions
#: of a very thin cell all vary along its long axis, and the eigenvalue bound that holds the
#: first N functions then covers about ratio/N times more frequencies than N: with the ratio
#: capped, the work for the first N functions stays proportional to N (b = 5e11 in a p2 box
#: took 53 s and 7.3 GB before this cap).
MAX_LATTICE_RATIO = 100.0

# --- the invariant basis (sgexplore.basis) -----------------------------------------------
#: Most integer frequencies a basis may enumerate (the bounding box of the ellipsoid
#: k^T M^-1 k <= lambda / 4 pi^2), about 1 GB of host work; n functions of a group of order
#: |G| need about n |G| frequencies, so at most MAX_FREQUENCIES // |G| functions.
MAX_FREQUENCIES = 30_000_000
#: Largest array (bytes) that grid evaluation (``on_grid``, ``synthesize``) may allocate.
MAX_GRID_BYTES = 4 * 2**30

# --- Gaussian processes (sgexplore.gp) ---------------------------------------------------
#: Most observations ``gp.posterior`` accepts: a dense n x n float64 solve (3.2 GB at the cap).
MAX_OBSERVATIONS = 20_000
#: Most observations ``gp.posterior_on_grid`` (and the GP explorers) accept: it synthesises
#: one grid per observation (500 grids of 192^2 float64 values are 150 MB).
MAX_GRID_OBSERVATIONS = 500

#: Largest kernel amplitude: amplitude^2 times a Gram matrix must stay finite in float32.
MAX_KERNEL_AMPLITUDE = 1e15

# --- crystals (sgexplore.crystal) --------------------------------------------------------
#: Most atoms in the conventional cell of a structure.
MAX_ATOMS = 2000
#: Most atom positions (atom sites x symmetry operations) a CIF may ask pymatgen to
#: generate, counted from the CIF text before pymatgen reads it. Reading grows with the
#: square of this count: 0.7 s for 2,000, 6 s for 5,000, 60 s for 20,000.
MAX_CIF_EXPANSION = 4000
#: Most grid points of a crystal's density (``density_on_grid``): one complex128 FFT of
#: 128^3 points is 34 MB, and the structure-factor sum costs atoms x points.
MAX_DENSITY_POINTS = 128**3

# --- dashboards (sgexplore.widgets) ------------------------------------------------------
#: Largest grid resolution per cell side of the 2D explorers.
MAX_RESOLUTION = 1024
#: Largest grid resolution per cell side of the 3D explorer.
MAX_RESOLUTION_3D = 128
#: Most basis functions an explorer computes (function indices 0 .. MAX_FUNCTIONS - 1).
MAX_FUNCTIONS = 4000
#: Most rows (grid points) of a CSV export. A CSV row is about 60 bytes and the page
#: carries the file in a link: a 1024 x 1024 grid was an 85 MB CSV (113 MB in the link)
#: that took 18 s to reach the browser. The .npz export holds every value of any grid.
MAX_CSV_ROWS = 256 * 256
#: Largest compressed .npz export, in bytes (the page carries it in a link, 4/3 larger).
MAX_NPZ_BYTES = 32 * 2**20
#: Largest uploaded CIF, in bytes.
MAX_UPLOAD_BYTES = 5_000_000
#: Largest random seed a dashboard accepts (JAX keys take 32-bit seeds; a link is typed by hand).
MAX_SEED = 2**31 - 1
#: Grid resolution range of the 2D explorers below which a field shows nothing recognisable.
MIN_RESOLUTION = 8
#: Lengthscale range (fractions of the cell) of the GP explorer's slider and deep link: below
#: it a sample is noise at any grid the explorer draws, above it nearly constant.
MIN_LENGTHSCALE = 0.03
MAX_LENGTHSCALE = 1.0
#: Most pixels per side a field heatmap is resampled to (``cartesian_field``): a display
#: clamp, not a refusal; a larger request is drawn at this size.
MAX_PIXELS = 1024

__all__ = [
    "MAX_ATOMS",
    "MAX_CIF_EXPANSION",
    "MAX_DENSITY_POINTS",
    "MAX_FREQUENCIES",
    "MAX_FUNCTIONS",
    "MAX_GRID_BYTES",
    "MAX_GRID_OBSERVATIONS",
    "MAX_KERNEL_AMPLITUDE",
    "MAX_LENGTHSCALE",
    "MAX_LATTICE_LENGTH",
    "MAX_LATTICE_RATIO",
    "MAX_OBSERVATIONS",
    "MAX_PIXELS",
    "MAX_RESOLUTION",
    "MAX_RESOLUTION_3D",
    "MAX_SEED",
    "MAX_UPLOAD_BYTES",
    "MIN_LATTICE_LENGTH",
    "MIN_LENGTHSCALE",
    "MIN_RESOLUTION",
]
