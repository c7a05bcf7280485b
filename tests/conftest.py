"""Shared fixtures and parametrisations: every group, with readable ids."""

from __future__ import annotations

import jax
import numpy as np
import pytest

# Tests compare in float64; the library itself never flips this global switch.
jax.config.update("jax_enable_x64", True)

from sgexplore.groups import all_settings, all_space_groups, all_wallpaper_groups

WALLPAPER = all_wallpaper_groups()
SPACE = all_space_groups()
SETTINGS = all_settings()


def _setting_id(g) -> str:
    return f"{g.hall_number}-{g.symbol}" + (f":{g.setting}" if g.setting else "")


wallpaper_groups = pytest.mark.parametrize("g", WALLPAPER, ids=[g.symbol for g in WALLPAPER])
space_groups = pytest.mark.parametrize("g", SPACE, ids=[g.symbol for g in SPACE])
all_groups = pytest.mark.parametrize(
    "g", WALLPAPER + SPACE, ids=[g.symbol for g in WALLPAPER] + [g.symbol for g in SPACE]
)
settings = pytest.mark.parametrize("g", SETTINGS, ids=[_setting_id(g) for g in SETTINGS])
every_group_and_setting = pytest.mark.parametrize(
    "g", WALLPAPER + SETTINGS, ids=[g.symbol for g in WALLPAPER] + [_setting_id(g) for g in SETTINGS]
)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261122)
