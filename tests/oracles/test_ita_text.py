"""ITA's own text: the general position, the Wyckoff triplets and the symmetry operations
with their locations, against text typed from the printed International Tables (Vol. A,
the it.iucr.org pages of these groups), and the vendored Bilbao lists against the groups'
own operations for all 230 groups and every setting.

The typed text keeps ITA's spacing ("x + 1/2, -y, z"); ``_plain`` removes it. Each
symmetry-operation line is "(n) symbol location" as ITA prints it for the (0,0,0)+ set.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from sgexplore import space_group, wallpaper_group
from sgexplore.groups import Operation
from sgexplore.groups._ita_text import orbit_triplets, standard_triplets, triplet_text
from sgexplore.render._tables import general_position_rows

from ..conftest import SETTINGS, SPACE, _setting_id

# ITA Vol. A "Symmetry operations" (for the (0,0,0)+ set), as printed.
OPERATIONS = {
    "P-1": "(1) 1 | (2) -1 0, 0, 0",
    "P2": "(1) 1 | (2) 2 0, y, 0",
    "P2_1": "(1) 1 | (2) 2(0, 1/2, 0) 0, y, 0",
    "P2_1:c": "(1) 1 | (2) 2(0, 0, 1/2) 0, 0, z",  # unique axis c, transformed from b
    "P2_1/m:c": "(1) 1 | (2) 2(0, 0, 1/2) 0, 0, z | (3) -1 0, 0, 0 | (4) m x, y, 1/4",
    "C2": "(1) 1 | (2) 2 0, y, 0",
    "Cm": "(1) 1 | (2) m x, 0, z",
    "P2/c": "(1) 1 | (2) 2 0, y, 1/4 | (3) -1 0, 0, 0 | (4) c x, 0, z",
    "P2_1/c": "(1) 1 | (2) 2(0, 1/2, 0) 0, y, 1/4 | (3) -1 0, 0, 0 | (4) c x, 1/4, z",
    "C2/c": "(1) 1 | (2) 2 0, y, 1/4 | (3) -1 0, 0, 0 | (4) c x, 0, z",
    "P2_12_12": "(1) 1 | (2) 2 0, 0, z | (3) 2(0, 1/2, 0) 1/4, y, 0 | (4) 2(1/2, 0, 0) x, 1/4, 0",
    "Pbam": "(1) 1 | (2) 2 0, 0, z | (3) 2(0, 1/2, 0) 1/4, y, 0 | (4) 2(1/2, 0, 0) x, 1/4, 0 | "
            "(5) -1 0, 0, 0 | (6) m x, y, 0 | (7) a x, 1/4, z | (8) b 1/4, y, z",
    "Cmcm": "(1) 1 | (2) 2(0, 0, 1/2) 0, 0, z | (3) 2 0, y, 1/4 | (4) 2 x, 0, 0 | (5) -1 0, 0, 0 | "
            "(6) m x, y, 1/4 | (7) c x, 0, z | (8) m 0, y, z",
    "Cmme": "(1) 1 | (2) 2 0, 1/4, z | (3) 2(0, 1/2, 0) 0, y, 0 | (4) 2 x, 0, 0 | (5) -1 0, 0, 0 | "
            "(6) b x, y, 0 | (7) m x, 1/4, z | (8) m 0, y, z",
    "Ibam": "(1) 1 | (2) 2 0, 0, z | (3) 2(0, 1/2, 0) 1/4, y, 0 | (4) 2(1/2, 0, 0) x, 1/4, 0 | "
            "(5) -1 0, 0, 0 | (6) m x, y, 0 | (7) a x, 1/4, z | (8) b 1/4, y, z",
    "P-4": "(1) 1 | (2) 2 0, 0, z | (3) -4+ 0, 0, z; 0, 0, 0 | (4) -4- 0, 0, z; 0, 0, 0",
    "P4/m": "(1) 1 | (2) 2 0, 0, z | (3) 4+ 0, 0, z | (4) 4- 0, 0, z | (5) -1 0, 0, 0 | "
            "(6) m x, y, 0 | (7) -4+ 0, 0, z; 0, 0, 0 | (8) -4- 0, 0, z; 0, 0, 0",
    "I4/m": "(1) 1 | (2) 2 0, 0, z | (3) 4+ 0, 0, z | (4) 4- 0, 0, z | (5) -1 0, 0, 0 | "
            "(6) m x, y, 0 | (7) -4+ 0, 0, z; 0, 0, 0 | (8) -4- 0, 0, z; 0, 0, 0",
    "P4_12_12": "(1) 1 | (2) 2(0, 0, 1/2) 0, 0, z | (3) 4+(0, 0, 1/4) 0, 1/2, z | "
                "(4) 4-(0, 0, 3/4) 1/2, 0, z | (5) 2(0, 1/2, 0) 1/4, y, 1/8 | "
                "(6) 2(1/2, 0, 0) x, 1/4, 3/8 | (7) 2 x, x, 0 | (8) 2 x, -x, 1/4",
    "P-4b2": "(1) 1 | (2) 2 0, 0, z | (3) -4+ 0, 0, z; 0, 0, 0 | (4) -4- 0, 0, z; 0, 0, 0 | "
             "(5) a x, 1/4, z | (6) b 1/4, y, z | (7) 2(1/2, 1/2, 0) x, x, 0 | (8) 2 x, -x + 1/2, 0",
    "P4/mnc": "(1) 1 | (2) 2 0, 0, z | (3) 4+ 0, 0, z | (4) 4- 0, 0, z | "
              "(5) 2(0, 1/2, 0) 1/4, y, 1/4 | (6) 2(1/2, 0, 0) x, 1/4, 1/4 | "
              "(7) 2(1/2, 1/2, 0) x, x, 1/4 | (8) 2 x, -x + 1/2, 1/4 | (9) -1 0, 0, 0 | "
              "(10) m x, y, 0 | (11) -4+ 0, 0, z; 0, 0, 0 | (12) -4- 0, 0, z; 0, 0, 0 | "
              "(13) n(1/2, 0, 1/2) x, 1/4, z | (14) n(0, 1/2, 1/2) 1/4, y, z | (15) c x + 1/2, -x, z | "
              "(16) n(1/2, 1/2, 1/2) x, x, z",
    "P3_2": "(1) 1 | (2) 3+(0, 0, 2/3) 0, 0, z | (3) 3-(0, 0, 1/3) 0, 0, z",
    "P-3m1": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2 x, x, 0 | (5) 2 x, 0, 0 | "
             "(6) 2 0, y, 0 | (7) -1 0, 0, 0 | (8) -3+ 0, 0, z; 0, 0, 0 | (9) -3- 0, 0, z; 0, 0, 0 | "
             "(10) m x, -x, z | (11) m x, 2x, z | (12) m 2x, x, z",
    "R-3m": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2 x, x, 0 | (5) 2 x, 0, 0 | "
            "(6) 2 0, y, 0 | (7) -1 0, 0, 0 | (8) -3+ 0, 0, z; 0, 0, 0 | (9) -3- 0, 0, z; 0, 0, 0 | "
            "(10) m x, -x, z | (11) m x, 2x, z | (12) m 2x, x, z",
    "R-3m:R": "(1) 1 | (2) 3+ x, x, x | (3) 3- x, x, x | (4) 2 -x, 0, x | (5) 2 x, -x, 0 | "
              "(6) 2 0, y, -y | (7) -1 0, 0, 0 | (8) -3+ x, x, x; 0, 0, 0 | "
              "(9) -3- x, x, x; 0, 0, 0 | (10) m x, y, x | (11) m x, x, z | (12) m x, y, y",
    "P6_3": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2(0, 0, 1/2) 0, 0, z | "
            "(5) 6-(0, 0, 1/2) 0, 0, z | (6) 6+(0, 0, 1/2) 0, 0, z",
    "P6_3/m": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2(0, 0, 1/2) 0, 0, z | "
              "(5) 6-(0, 0, 1/2) 0, 0, z | (6) 6+(0, 0, 1/2) 0, 0, z | (7) -1 0, 0, 0 | "
              "(8) -3+ 0, 0, z; 0, 0, 0 | (9) -3- 0, 0, z; 0, 0, 0 | (10) m x, y, 1/4 | "
              "(11) -6- 0, 0, z; 0, 0, 1/4 | (12) -6+ 0, 0, z; 0, 0, 1/4",
    "P6_3mc": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2(0, 0, 1/2) 0, 0, z | "
              "(5) 6-(0, 0, 1/2) 0, 0, z | (6) 6+(0, 0, 1/2) 0, 0, z | (7) m x, -x, z | "
              "(8) m x, 2x, z | (9) m 2x, x, z | (10) c x, x, z | (11) c x, 0, z | (12) c 0, y, z",
    "P6_3/mcm": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2(0, 0, 1/2) 0, 0, z | "
                "(5) 6-(0, 0, 1/2) 0, 0, z | (6) 6+(0, 0, 1/2) 0, 0, z | (7) 2 x, x, 1/4 | "
                "(8) 2 x, 0, 1/4 | (9) 2 0, y, 1/4 | (10) 2 x, -x, 0 | (11) 2 x, 2x, 0 | "
                "(12) 2 2x, x, 0 | (13) -1 0, 0, 0 | (14) -3+ 0, 0, z; 0, 0, 0 | "
                "(15) -3- 0, 0, z; 0, 0, 0 | (16) m x, y, 1/4 | (17) -6- 0, 0, z; 0, 0, 1/4 | "
                "(18) -6+ 0, 0, z; 0, 0, 1/4 | (19) c x, -x, z | (20) c x, 2x, z | (21) c 2x, x, z | "
                "(22) m x, x, z | (23) m x, 0, z | (24) m 0, y, z",
    "P6_3/mmc": "(1) 1 | (2) 3+ 0, 0, z | (3) 3- 0, 0, z | (4) 2(0, 0, 1/2) 0, 0, z | "
                "(5) 6-(0, 0, 1/2) 0, 0, z | (6) 6+(0, 0, 1/2) 0, 0, z | (7) 2 x, x, 0 | "
                "(8) 2 x, 0, 0 | (9) 2 0, y, 0 | (10) 2 x, -x, 1/4 | (11) 2 x, 2x, 1/4 | "
                "(12) 2 2x, x, 1/4 | (13) -1 0, 0, 0 | (14) -3+ 0, 0, z; 0, 0, 0 | "
                "(15) -3- 0, 0, z; 0, 0, 0 | (16) m x, y, 1/4 | (17) -6- 0, 0, z; 0, 0, 1/4 | "
                "(18) -6+ 0, 0, z; 0, 0, 1/4 | (19) m x, -x, z | (20) m x, 2x, z | (21) m 2x, x, z | "
                "(22) c x, x, z | (23) c x, 0, z | (24) c 0, y, z",
    "P2_13": "(1) 1 | (2) 2(0, 0, 1/2) 1/4, 0, z | (3) 2(0, 1/2, 0) 0, y, 1/4 | "
             "(4) 2(1/2, 0, 0) x, 1/4, 0 | (5) 3+ x, x, x | (6) 3+ -x + 1/2, x, -x | "
             "(7) 3+ x + 1/2, -x - 1/2, -x | (8) 3+ -x, -x + 1/2, x | (9) 3- x, x, x | "
             "(10) 3-(-1/3, 1/3, 1/3) x + 1/6, -x + 1/6, -x | "
             "(11) 3-(1/3, 1/3, -1/3) -x + 1/3, -x + 1/6, x | "
             "(12) 3-(1/3, -1/3, 1/3) -x - 1/6, x + 1/3, -x",
    "Pa-3": "(1) 1 | (2) 2(0, 0, 1/2) 1/4, 0, z | (3) 2(0, 1/2, 0) 0, y, 1/4 | "
            "(4) 2(1/2, 0, 0) x, 1/4, 0 | (5) 3+ x, x, x | (6) 3+ -x + 1/2, x, -x | "
            "(7) 3+ x + 1/2, -x - 1/2, -x | (8) 3+ -x, -x + 1/2, x | (9) 3- x, x, x | "
            "(10) 3-(-1/3, 1/3, 1/3) x + 1/6, -x + 1/6, -x | "
            "(11) 3-(1/3, 1/3, -1/3) -x + 1/3, -x + 1/6, x | "
            "(12) 3-(1/3, -1/3, 1/3) -x - 1/6, x + 1/3, -x | (13) -1 0, 0, 0 | (14) a x, y, 1/4 | "
            "(15) c x, 1/4, z | (16) b 1/4, y, z | (17) -3+ x, x, x; 0, 0, 0 | "
            "(18) -3+ -x - 1/2, x + 1, -x; 0, 1/2, 1/2 | (19) -3+ x + 1/2, -x + 1/2, -x; 1/2, 1/2, 0 | "
            "(20) -3+ -x + 1, -x + 1/2, x; 1/2, 0, 1/2 | (21) -3- x, x, x; 0, 0, 0 | "
            "(22) -3- x + 1/2, -x - 1/2, -x; 0, 0, 1/2 | (23) -3- -x, -x + 1/2, x; 0, 1/2, 0 | "
            "(24) -3- -x + 1/2, x, -x; 1/2, 0, 0",
    "P4_232": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
              "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
              "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x | "
              "(13) 2(1/2, 1/2, 0) x, x, 1/4 | (14) 2 x, -x + 1/2, 1/4 | "
              "(15) 4-(0, 0, 1/2) 1/2, 0, z | (16) 4+(0, 0, 1/2) 0, 1/2, z | "
              "(17) 4-(1/2, 0, 0) x, 1/2, 0 | (18) 2(0, 1/2, 1/2) 1/4, y, y | "
              "(19) 2 1/4, y + 1/2, -y | (20) 4+(1/2, 0, 0) x, 0, 1/2 | "
              "(21) 4+(0, 1/2, 0) 1/2, y, 0 | (22) 2(1/2, 0, 1/2) x, 1/4, x | "
              "(23) 4-(0, 1/2, 0) 0, y, 1/2 | (24) 2 -x + 1/2, 1/4, x",
    "I23": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
           "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
           "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x",
    "I432": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
            "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
            "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x | (13) 2 x, x, 0 | "
            "(14) 2 x, -x, 0 | (15) 4- 0, 0, z | (16) 4+ 0, 0, z | (17) 4- x, 0, 0 | "
            "(18) 2 0, y, y | (19) 2 0, y, -y | (20) 4+ x, 0, 0 | (21) 4+ 0, y, 0 | "
            "(22) 2 x, 0, x | (23) 4- 0, y, 0 | (24) 2 -x, 0, x",
    "P4_132": "(1) 1 | (2) 2(0, 0, 1/2) 1/4, 0, z | (3) 2(0, 1/2, 0) 0, y, 1/4 | "
              "(4) 2(1/2, 0, 0) x, 1/4, 0 | (5) 3+ x, x, x | (6) 3+ -x + 1/2, x, -x | "
              "(7) 3+ x + 1/2, -x - 1/2, -x | (8) 3+ -x, -x + 1/2, x | (9) 3- x, x, x | "
              "(10) 3-(-1/3, 1/3, 1/3) x + 1/6, -x + 1/6, -x | "
              "(11) 3-(1/3, 1/3, -1/3) -x + 1/3, -x + 1/6, x | "
              "(12) 3-(1/3, -1/3, 1/3) -x - 1/6, x + 1/3, -x | "
              "(13) 2(1/2, 1/2, 0) x, x - 1/4, 1/8 | (14) 2 x, -x + 3/4, 3/8 | "
              "(15) 4-(0, 0, 3/4) 1/4, 0, z | (16) 4+(0, 0, 1/4) -1/4, 1/2, z | "
              "(17) 4-(3/4, 0, 0) x, 1/4, 0 | (18) 2(0, 1/2, 1/2) 1/8, y + 1/4, y | "
              "(19) 2 3/8, y + 3/4, -y | (20) 4+(1/4, 0, 0) x, -1/4, 1/2 | "
              "(21) 4+(0, 1/4, 0) 1/2, y, -1/4 | (22) 2(1/2, 0, 1/2) x - 1/4, 1/8, x | "
              "(23) 4-(0, 3/4, 0) 0, y, 1/4 | (24) 2 -x + 3/4, 3/8, x",
    "F-43m": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
             "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
             "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x | (13) m x, x, z | "
             "(14) m x, -x, z | (15) -4+ 0, 0, z; 0, 0, 0 | (16) -4- 0, 0, z; 0, 0, 0 | "
             "(17) m x, y, y | (18) -4+ x, 0, 0; 0, 0, 0 | (19) -4- x, 0, 0; 0, 0, 0 | "
             "(20) m x, y, -y | (21) m x, y, x | (22) -4- 0, y, 0; 0, 0, 0 | (23) m -x, y, x | "
             "(24) -4+ 0, y, 0; 0, 0, 0",
    "Pn-3m:1": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
               "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
               "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x | "
               "(13) 2(1/2, 1/2, 0) x, x, 1/4 | (14) 2 x, -x + 1/2, 1/4 | "
               "(15) 4-(0, 0, 1/2) 1/2, 0, z | (16) 4+(0, 0, 1/2) 0, 1/2, z | "
               "(17) 4-(1/2, 0, 0) x, 1/2, 0 | (18) 2(0, 1/2, 1/2) 1/4, y, y | "
               "(19) 2 1/4, y + 1/2, -y | (20) 4+(1/2, 0, 0) x, 0, 1/2 | "
               "(21) 4+(0, 1/2, 0) 1/2, y, 0 | (22) 2(1/2, 0, 1/2) x, 1/4, x | "
               "(23) 4-(0, 1/2, 0) 0, y, 1/2 | (24) 2 -x + 1/2, 1/4, x | (25) -1 1/4, 1/4, 1/4 | "
               "(26) n(1/2, 1/2, 0) x, y, 1/4 | (27) n(1/2, 0, 1/2) x, 1/4, z | "
               "(28) n(0, 1/2, 1/2) 1/4, y, z | (29) -3+ x, x, x; 1/4, 1/4, 1/4 | "
               "(30) -3+ -x - 1, x + 1, -x; -1/4, 1/4, 3/4 | "
               "(31) -3+ x, -x + 1, -x; 1/4, 3/4, -1/4 | (32) -3+ -x + 1, -x, x; 3/4, -1/4, 1/4 | "
               "(33) -3- x, x, x; 1/4, 1/4, 1/4 | (34) -3- x + 1, -x - 1, -x; 1/4, -1/4, 3/4 | "
               "(35) -3- -x, -x + 1, x; -1/4, 3/4, 1/4 | (36) -3- -x + 1, x, -x; 3/4, 1/4, -1/4 | "
               "(37) m x, -x, z | (38) m x, x, z | (39) -4- 0, 0, z; 0, 0, 0 | "
               "(40) -4+ 0, 0, z; 0, 0, 0 | (41) -4- x, 0, 0; 0, 0, 0 | (42) m x, y, -y | "
               "(43) m x, y, y | (44) -4+ x, 0, 0; 0, 0, 0 | (45) -4+ 0, y, 0; 0, 0, 0 | "
               "(46) m -x, y, x | (47) -4- 0, y, 0; 0, 0, 0 | (48) m x, y, x",
    "Fm-3m": "(1) 1 | (2) 2 0, 0, z | (3) 2 0, y, 0 | (4) 2 x, 0, 0 | (5) 3+ x, x, x | "
             "(6) 3+ -x, x, -x | (7) 3+ x, -x, -x | (8) 3+ -x, -x, x | (9) 3- x, x, x | "
             "(10) 3- x, -x, -x | (11) 3- -x, -x, x | (12) 3- -x, x, -x | (13) 2 x, x, 0 | "
             "(14) 2 x, -x, 0 | (15) 4- 0, 0, z | (16) 4+ 0, 0, z | (17) 4- x, 0, 0 | "
             "(18) 2 0, y, y | (19) 2 0, y, -y | (20) 4+ x, 0, 0 | (21) 4+ 0, y, 0 | "
             "(22) 2 x, 0, x | (23) 4- 0, y, 0 | (24) 2 -x, 0, x | (25) -1 0, 0, 0 | "
             "(26) m x, y, 0 | (27) m x, 0, z | (28) m 0, y, z | (29) -3+ x, x, x; 0, 0, 0 | "
             "(30) -3+ -x, x, -x; 0, 0, 0 | (31) -3+ x, -x, -x; 0, 0, 0 | "
             "(32) -3+ -x, -x, x; 0, 0, 0 | (33) -3- x, x, x; 0, 0, 0 | "
             "(34) -3- x, -x, -x; 0, 0, 0 | (35) -3- -x, -x, x; 0, 0, 0 | "
             "(36) -3- -x, x, -x; 0, 0, 0 | (37) m x, -x, z | (38) m x, x, z | "
             "(39) -4- 0, 0, z; 0, 0, 0 | (40) -4+ 0, 0, z; 0, 0, 0 | (41) -4- x, 0, 0; 0, 0, 0 | "
             "(42) m x, y, -y | (43) m x, y, y | (44) -4+ x, 0, 0; 0, 0, 0 | "
             "(45) -4+ 0, y, 0; 0, 0, 0 | (46) m -x, y, x | (47) -4- 0, y, 0; 0, 0, 0 | "
             "(48) m x, y, x",
}
# The first lines of a group whose table is long (the issue quotes Fd-3m's (2)).
OPERATIONS_START = {
    "Fd-3m": "(1) 1 | (2) 2(0, 0, 1/2) 3/8, 1/8, z",
    "I2_13": "(1) 1 | (2) 2(0, 0, 1/2) 1/4, 0, z | (3) 2(0, 1/2, 0) 0, y, 1/4 | "
             "(4) 2(1/2, 0, 0) x, 1/4, 0 | (5) 3+ x, x, x | (6) 3+ -x + 1/2, x, -x | "
             "(7) 3+ x + 1/2, -x - 1/2, -x | (8) 3+ -x, -x + 1/2, x | (9) 3- x, x, x | "
             "(10) 3-(-1/3, 1/3, 1/3) x + 1/6, -x + 1/6, -x | "
             "(11) 3-(1/3, 1/3, -1/3) -x + 1/3, -x + 1/6, x | "
             "(12) 3-(1/3, -1/3, 1/3) -x - 1/6, x + 1/3, -x",
}

# ITA's symmetry operations of the other centring sets: (n) is (n) of the (0,0,0)+ set
# followed by the centring translation.
CENTRING_SETS = {
    "C2": {"1/2,1/2,0": "(1) t(1/2, 1/2, 0) | (2) 2(0, 1/2, 0) 1/4, y, 0"},
    "Cm": {"1/2,1/2,0": "(1) t(1/2, 1/2, 0) | (2) a x, 1/4, z"},
    "C2/c": {"1/2,1/2,0": "(1) t(1/2, 1/2, 0) | (2) 2(0, 1/2, 0) 1/4, y, 1/4 | (3) -1 1/4, 1/4, 0 | "
                          "(4) n(1/2, 0, 1/2) x, 1/4, z"},
    "Cmcm": {"1/2,1/2,0": "(1) t(1/2, 1/2, 0) | (2) 2(0, 0, 1/2) 1/4, 1/4, z | "
                          "(3) 2(0, 1/2, 0) 1/4, y, 1/4 | (4) 2(1/2, 0, 0) x, 1/4, 0 | "
                          "(5) -1 1/4, 1/4, 0 | (6) n(1/2, 1/2, 0) x, y, 1/4 | "
                          "(7) n(1/2, 0, 1/2) x, 1/4, z | (8) b 1/4, y, z"},
    "Cmme": {"1/2,1/2,0": "(1) t(1/2, 1/2, 0) | (2) 2 1/4, 0, z | (3) 2 1/4, y, 0 | "
                          "(4) 2(1/2, 0, 0) x, 1/4, 0 | (5) -1 1/4, 1/4, 0 | (6) a x, y, 0 | "
                          "(7) a x, 0, z | (8) b 1/4, y, z"},
    "Ibam": {"1/2,1/2,1/2": "(1) t(1/2, 1/2, 1/2) | (2) 2(0, 0, 1/2) 1/4, 1/4, z | (3) 2 0, y, 1/4 | "
                            "(4) 2 x, 0, 1/4 | (5) -1 1/4, 1/4, 1/4 | (6) n(1/2, 1/2, 0) x, y, 1/4 | "
                            "(7) c x, 0, z | (8) c 0, y, z"},
    "I4/m": {"1/2,1/2,1/2": "(1) t(1/2, 1/2, 1/2) | (2) 2(0, 0, 1/2) 1/4, 1/4, z | "
                            "(3) 4+(0, 0, 1/2) 0, 1/2, z | (4) 4-(0, 0, 1/2) 1/2, 0, z | "
                            "(5) -1 1/4, 1/4, 1/4 | (6) n(1/2, 1/2, 0) x, y, 1/4 | "
                            "(7) -4+ 1/2, 0, z; 1/2, 0, 1/4 | (8) -4- 0, 1/2, z; 0, 1/2, 1/4"},
    "I2_13": {"1/2,1/2,1/2": "(1) t(1/2, 1/2, 1/2) | (2) 2 0, 1/4, z | (3) 2 1/4, y, 0 | "
                             "(4) 2 x, 0, 1/4 | (5) 3+(1/2, 1/2, 1/2) x, x, x | "
                             "(6) 3+(1/6, -1/6, 1/6) -x - 1/6, x + 1/3, -x | "
                             "(7) 3+(-1/6, 1/6, 1/6) x + 1/6, -x + 1/6, -x | "
                             "(8) 3+(1/6, 1/6, -1/6) -x + 1/3, -x + 1/6, x | "
                             "(9) 3-(1/2, 1/2, 1/2) x, x, x | "
                             "(10) 3-(1/6, -1/6, -1/6) x + 1/6, -x + 1/6, -x | "
                             "(11) 3-(-1/6, -1/6, 1/6) -x + 1/3, -x + 1/6, x | "
                             "(12) 3-(-1/6, 1/6, -1/6) -x - 1/6, x + 1/3, -x"},
    "I23": {"1/2,1/2,1/2": "(1) t(1/2, 1/2, 1/2) | (2) 2(0, 0, 1/2) 1/4, 1/4, z | "
                           "(3) 2(0, 1/2, 0) 1/4, y, 1/4 | (4) 2(1/2, 0, 0) x, 1/4, 1/4 | "
                           "(5) 3+(1/2, 1/2, 1/2) x, x, x | (6) 3+(1/6, -1/6, 1/6) -x + 1/3, x + 1/3, -x | "
                           "(7) 3+(-1/6, 1/6, 1/6) x + 2/3, -x - 1/3, -x | "
                           "(8) 3+(1/6, 1/6, -1/6) -x + 1/3, -x + 2/3, x | (9) 3-(1/2, 1/2, 1/2) x, x, x | "
                           "(10) 3-(-1/6, 1/6, 1/6) x + 1/3, -x + 1/3, -x | "
                           "(11) 3-(1/6, 1/6, -1/6) -x + 2/3, -x + 1/3, x | "
                           "(12) 3-(1/6, -1/6, 1/6) -x - 1/3, x + 2/3, -x"},
    "I432": {"1/2,1/2,1/2": "(1) t(1/2, 1/2, 1/2) | (2) 2(0, 0, 1/2) 1/4, 1/4, z | "
                            "(3) 2(0, 1/2, 0) 1/4, y, 1/4 | (4) 2(1/2, 0, 0) x, 1/4, 1/4 | "
                            "(5) 3+(1/2, 1/2, 1/2) x, x, x | (6) 3+(1/6, -1/6, 1/6) -x + 1/3, x + 1/3, -x | "
                            "(7) 3+(-1/6, 1/6, 1/6) x + 2/3, -x - 1/3, -x | "
                            "(8) 3+(1/6, 1/6, -1/6) -x + 1/3, -x + 2/3, x | (9) 3-(1/2, 1/2, 1/2) x, x, x | "
                            "(10) 3-(-1/6, 1/6, 1/6) x + 1/3, -x + 1/3, -x | "
                            "(11) 3-(1/6, 1/6, -1/6) -x + 2/3, -x + 1/3, x | "
                            "(12) 3-(1/6, -1/6, 1/6) -x - 1/3, x + 2/3, -x | "
                            "(13) 2(1/2, 1/2, 0) x, x, 1/4 | (14) 2 x, -x + 1/2, 1/4 | "
                            "(15) 4-(0, 0, 1/2) 1/2, 0, z | (16) 4+(0, 0, 1/2) 0, 1/2, z | "
                            "(17) 4-(1/2, 0, 0) x, 1/2, 0 | (18) 2(0, 1/2, 1/2) 1/4, y, y | "
                            "(19) 2 1/4, y + 1/2, -y | (20) 4+(1/2, 0, 0) x, 0, 1/2 | "
                            "(21) 4+(0, 1/2, 0) 1/2, y, 0 | (22) 2(1/2, 0, 1/2) x, 1/4, x | "
                            "(23) 4-(0, 1/2, 0) 0, y, 1/2 | (24) 2 -x + 1/2, 1/4, x"},
    "F-43m": {"0,1/2,1/2": "(1) t(0, 1/2, 1/2) | (2) 2(0, 0, 1/2) 0, 1/4, z | (3) 2(0, 1/2, 0) 0, y, 1/4 | "
                           "(4) 2 x, 1/4, 1/4 | (5) 3+(1/3, 1/3, 1/3) x - 1/3, x - 1/6, x | "
                           "(6) 3+ -x, x + 1/2, -x | (7) 3+(-1/3, 1/3, 1/3) x + 1/3, -x - 1/6, -x | "
                           "(8) 3+ -x, -x + 1/2, x | (9) 3-(1/3, 1/3, 1/3) x - 1/6, x + 1/6, x | "
                           "(10) 3-(-1/3, 1/3, 1/3) x + 1/6, -x + 1/6, -x | "
                           "(11) 3- -x + 1/2, -x + 1/2, x | (12) 3- -x - 1/2, x + 1/2, -x | "
                           "(13) g(1/4, 1/4, 1/2) x - 1/4, x, z | (14) g(-1/4, 1/4, 1/2) x + 1/4, -x, z | "
                           "(15) -4+ 1/4, 1/4, z; 1/4, 1/4, 1/4 | (16) -4- -1/4, 1/4, z; -1/4, 1/4, 1/4 | "
                           "(17) g(0, 1/2, 1/2) x, y, y | (18) -4+ x, 1/2, 0; 0, 1/2, 0 | "
                           "(19) -4- x, 0, 1/2; 0, 0, 1/2 | (20) m x, y + 1/2, -y | "
                           "(21) g(1/4, 1/2, 1/4) x - 1/4, y, x | (22) -4- 1/4, y, 1/4; 1/4, 1/4, 1/4 | "
                           "(23) g(-1/4, 1/2, 1/4) -x + 1/4, y, x | (24) -4+ -1/4, y, 1/4; -1/4, 1/4, 1/4",
              "1/2,0,1/2": "(1) t(1/2, 0, 1/2) | (2) 2(0, 0, 1/2) 1/4, 0, z | (3) 2 1/4, y, 1/4 | "
                           "(4) 2(1/2, 0, 0) x, 0, 1/4 | (5) 3+(1/3, 1/3, 1/3) x + 1/6, x - 1/6, x | "
                           "(6) 3+(1/3, -1/3, 1/3) -x + 1/6, x + 1/6, -x | (7) 3+ x + 1/2, -x - 1/2, -x | "
                           "(8) 3+ -x + 1/2, -x + 1/2, x | (9) 3-(1/3, 1/3, 1/3) x - 1/6, x - 1/3, x | "
                           "(10) 3- x + 1/2, -x, -x | (11) 3- -x + 1/2, -x, x | "
                           "(12) 3-(1/3, -1/3, 1/3) -x - 1/6, x + 1/3, -x | "
                           "(13) g(1/4, 1/4, 1/2) x + 1/4, x, z"},
}

# ITA's general position (1), (2), ... as printed.
GENERAL = {
    "P-1": "x, y, z | -x, -y, -z",
    "P2_1": "x, y, z | -x, y + 1/2, -z",
    "P2_1:c": "x, y, z | -x, -y, z + 1/2",
    "P2_1/m:c": "x, y, z | -x, -y, z + 1/2 | -x, -y, -z | x, y, -z + 1/2",
    "P2/c": "x, y, z | -x, y, -z + 1/2 | -x, -y, -z | x, -y, z + 1/2",
    "C2/c": "x, y, z | -x, y, -z + 1/2 | -x, -y, -z | x, -y, z + 1/2",
    "P2_12_12": "x, y, z | -x, -y, z | -x + 1/2, y + 1/2, -z | x + 1/2, -y + 1/2, -z",
    "Pbam": "x, y, z | -x, -y, z | -x + 1/2, y + 1/2, -z | x + 1/2, -y + 1/2, -z | -x, -y, -z | "
            "x, y, -z | x + 1/2, -y + 1/2, z | -x + 1/2, y + 1/2, z",
    "Cmcm": "x, y, z | -x, -y, z + 1/2 | -x, y, -z + 1/2 | x, -y, -z | -x, -y, -z | "
            "x, y, -z + 1/2 | x, -y, z + 1/2 | -x, y, z",
    "Cmme": "x, y, z | -x, -y + 1/2, z | -x, y + 1/2, -z | x, -y, -z | -x, -y, -z | "
            "x, y + 1/2, -z | x, -y + 1/2, z | -x, y, z",
    "Ibam": "x, y, z | -x, -y, z | -x + 1/2, y + 1/2, -z | x + 1/2, -y + 1/2, -z | -x, -y, -z | "
            "x, y, -z | x + 1/2, -y + 1/2, z | -x + 1/2, y + 1/2, z",
    "P4_12_12": "x, y, z | -x, -y, z + 1/2 | -y + 1/2, x + 1/2, z + 1/4 | y + 1/2, -x + 1/2, z + 3/4 | "
                "-x + 1/2, y + 1/2, -z + 1/4 | x + 1/2, -y + 1/2, -z + 3/4 | y, x, -z | "
                "-y, -x, -z + 1/2",
    "P-4b2": "x, y, z | -x, -y, z | y, -x, -z | -y, x, -z | x + 1/2, -y + 1/2, z | "
             "-x + 1/2, y + 1/2, z | y + 1/2, x + 1/2, -z | -y + 1/2, -x + 1/2, -z",
    "P4/mnc": "x, y, z | -x, -y, z | -y, x, z | y, -x, z | -x + 1/2, y + 1/2, -z + 1/2 | "
              "x + 1/2, -y + 1/2, -z + 1/2 | y + 1/2, x + 1/2, -z + 1/2 | "
              "-y + 1/2, -x + 1/2, -z + 1/2 | -x, -y, -z | x, y, -z | y, -x, -z | -y, x, -z | "
              "x + 1/2, -y + 1/2, z + 1/2 | -x + 1/2, y + 1/2, z + 1/2 | "
              "-y + 1/2, -x + 1/2, z + 1/2 | y + 1/2, x + 1/2, z + 1/2",
    "P3_2": "x, y, z | -y, x - y, z + 2/3 | -x + y, -x, z + 1/3",
    "P-3m1": "x, y, z | -y, x - y, z | -x + y, -x, z | y, x, -z | x - y, -y, -z | -x, -x + y, -z | "
             "-x, -y, -z | y, -x + y, -z | x - y, x, -z | -y, -x, z | -x + y, y, z | x, x - y, z",
    "R-3m:R": "x, y, z | z, x, y | y, z, x | -z, -y, -x | -y, -x, -z | -x, -z, -y | -x, -y, -z | "
              "-z, -x, -y | -y, -z, -x | z, y, x | y, x, z | x, z, y",
    "P6_3/m": "x, y, z | -y, x - y, z | -x + y, -x, z | -x, -y, z + 1/2 | y, -x + y, z + 1/2 | "
              "x - y, x, z + 1/2 | -x, -y, -z | y, -x + y, -z | x - y, x, -z | x, y, -z + 1/2 | "
              "-y, x - y, -z + 1/2 | -x + y, -x, -z + 1/2",
    "P6_3mc": "x, y, z | -y, x - y, z | -x + y, -x, z | -x, -y, z + 1/2 | y, -x + y, z + 1/2 | "
              "x - y, x, z + 1/2 | -y, -x, z | -x + y, y, z | x, x - y, z | y, x, z + 1/2 | "
              "x - y, -y, z + 1/2 | -x, -x + y, z + 1/2",
    "P2_13": "x, y, z | -x + 1/2, -y, z + 1/2 | -x, y + 1/2, -z + 1/2 | x + 1/2, -y + 1/2, -z | "
             "z, x, y | z + 1/2, -x + 1/2, -y | -z + 1/2, -x, y + 1/2 | -z, x + 1/2, -y + 1/2 | "
             "y, z, x | -y, z + 1/2, -x + 1/2 | y + 1/2, -z + 1/2, -x | -y + 1/2, -z, x + 1/2",
    "P4_232": "x, y, z | -x, -y, z | -x, y, -z | x, -y, -z | z, x, y | z, -x, -y | -z, -x, y | "
              "-z, x, -y | y, z, x | -y, z, -x | y, -z, -x | -y, -z, x | "
              "y + 1/2, x + 1/2, -z + 1/2 | -y + 1/2, -x + 1/2, -z + 1/2 | "
              "y + 1/2, -x + 1/2, z + 1/2 | -y + 1/2, x + 1/2, z + 1/2 | "
              "x + 1/2, z + 1/2, -y + 1/2 | -x + 1/2, z + 1/2, y + 1/2 | "
              "-x + 1/2, -z + 1/2, -y + 1/2 | x + 1/2, -z + 1/2, y + 1/2 | "
              "z + 1/2, y + 1/2, -x + 1/2 | z + 1/2, -y + 1/2, x + 1/2 | "
              "-z + 1/2, y + 1/2, x + 1/2 | -z + 1/2, -y + 1/2, -x + 1/2",
}

# ITA's coordinate triplets of special positions, as printed ((0,0,0)+ set, ITA's order).
WYCKOFF = {
    "P2": {"d": "1/2, y, 1/2", "c": "1/2, y, 0", "b": "0, y, 1/2", "a": "0, y, 0"},
    "P2_1/m:c": {"e": "x, y, 1/4 | -x, -y, 3/4", "d": "1/2, 1/2, 0 | 1/2, 1/2, 1/2",
                 "c": "1/2, 0, 0 | 1/2, 0, 1/2", "b": "0, 1/2, 0 | 0, 1/2, 1/2", "a": "0, 0, 0 | 0, 0, 1/2"},
    "P2/c": {"f": "1/2, y, 1/4 | 1/2, -y, 3/4", "e": "0, y, 1/4 | 0, -y, 3/4",
             "d": "1/2, 0, 0 | 1/2, 0, 1/2", "c": "0, 1/2, 0 | 0, 1/2, 1/2",
             "b": "1/2, 1/2, 0 | 1/2, 1/2, 1/2", "a": "0, 0, 0 | 0, 0, 1/2"},
    "C2/c": {"d": "1/4, 1/4, 1/2 | 3/4, 1/4, 0", "c": "1/4, 1/4, 0 | 3/4, 1/4, 1/2"},
    "P2_12_12": {"b": "0, 1/2, z | 1/2, 0, -z", "a": "0, 0, z | 1/2, 1/2, -z"},
    "Pbam": {"h": "x, y, 1/2 | -x, -y, 1/2 | -x + 1/2, y + 1/2, 1/2 | x + 1/2, -y + 1/2, 1/2",
             "g": "x, y, 0 | -x, -y, 0 | -x + 1/2, y + 1/2, 0 | x + 1/2, -y + 1/2, 0",
             "f": "0, 1/2, z | 1/2, 0, -z | 0, 1/2, -z | 1/2, 0, z",
             "e": "0, 0, z | 1/2, 1/2, -z | 0, 0, -z | 1/2, 1/2, z"},
    "Cmcm": {"g": "x, y, 1/4 | -x, -y, 3/4 | -x, y, 1/4 | x, -y, 3/4",
             "f": "0, y, z | 0, -y, z + 1/2 | 0, y, -z + 1/2 | 0, -y, -z",
             "e": "x, 0, 0 | -x, 0, 1/2 | -x, 0, 0 | x, 0, 1/2",
             "d": "1/4, 1/4, 0 | 3/4, 3/4, 1/2 | 3/4, 1/4, 1/2 | 1/4, 3/4, 0"},
    "Cmme": {"n": "x, 1/4, z | -x, 1/4, z | -x, 3/4, -z | x, 3/4, -z",
             "m": "0, y, z | 0, -y + 1/2, z | 0, y + 1/2, -z | 0, -y, -z",
             "l": "1/4, 0, z | 3/4, 1/2, -z | 3/4, 0, -z | 1/4, 1/2, z",
             "k": "1/4, y, 1/2 | 3/4, -y + 1/2, 1/2 | 3/4, -y, 1/2 | 1/4, y + 1/2, 1/2",
             "j": "1/4, y, 0 | 3/4, -y + 1/2, 0 | 3/4, -y, 0 | 1/4, y + 1/2, 0",
             "i": "x, 0, 1/2 | -x, 1/2, 1/2 | -x, 0, 1/2 | x, 1/2, 1/2",
             "h": "x, 0, 0 | -x, 1/2, 0 | -x, 0, 0 | x, 1/2, 0"},
    "Ibam": {"j": "x, y, 0 | -x, -y, 0 | -x + 1/2, y + 1/2, 0 | x + 1/2, -y + 1/2, 0",
             "i": "0, 1/2, z | 1/2, 0, -z | 0, 1/2, -z | 1/2, 0, z",
             "h": "0, 0, z | 1/2, 1/2, -z | 0, 0, -z | 1/2, 1/2, z",
             "g": "0, y, 1/4 | 0, -y, 1/4 | 0, -y, 3/4 | 0, y, 3/4",
             "f": "x, 0, 1/4 | -x, 0, 1/4 | -x, 0, 3/4 | x, 0, 3/4",
             "e": "1/4, 1/4, 1/4 | 3/4, 3/4, 1/4 | 1/4, 3/4, 3/4 | 3/4, 1/4, 3/4"},
    "P-4": {"g": "0, 1/2, z | 1/2, 0, -z", "f": "1/2, 1/2, z | 1/2, 1/2, -z",
            "e": "0, 0, z | 0, 0, -z"},
    "P4/m": {"k": "x, y, 1/2 | -x, -y, 1/2 | -y, x, 1/2 | y, -x, 1/2",
             "j": "x, y, 0 | -x, -y, 0 | -y, x, 0 | y, -x, 0",
             "i": "0, 1/2, z | 1/2, 0, z | 0, 1/2, -z | 1/2, 0, -z"},
    "I4/m": {"h": "x, y, 0 | -x, -y, 0 | -y, x, 0 | y, -x, 0",
             "g": "0, 1/2, z | 1/2, 0, z | 0, 1/2, -z | 1/2, 0, -z",
             "f": "1/4, 1/4, 1/4 | 3/4, 3/4, 1/4 | 3/4, 1/4, 1/4 | 1/4, 3/4, 1/4"},
    "P4_12_12": {"a": "x, x, 0 | -x, -x, 1/2 | -x + 1/2, x + 1/2, 1/4 | x + 1/2, -x + 1/2, 3/4"},
    "P-4b2": {"h": "x, x + 1/2, 1/2 | -x, -x + 1/2, 1/2 | x + 1/2, -x, 1/2 | -x + 1/2, x, 1/2",
              "g": "x, x + 1/2, 0 | -x, -x + 1/2, 0 | x + 1/2, -x, 0 | -x + 1/2, x, 0"},
    "P4/mnc": {"h": "x, y, 0 | -x, -y, 0 | -y, x, 0 | y, -x, 0 | -x + 1/2, y + 1/2, 1/2 | "
                    "x + 1/2, -y + 1/2, 1/2 | y + 1/2, x + 1/2, 1/2 | -y + 1/2, -x + 1/2, 1/2",
               "g": "x, x + 1/2, 1/4 | -x, -x + 1/2, 1/4 | -x + 1/2, x, 1/4 | x + 1/2, -x, 1/4 | "
                    "-x, -x + 1/2, 3/4 | x, x + 1/2, 3/4 | x + 1/2, -x, 3/4 | -x + 1/2, x, 3/4",
               "f": "0, 1/2, z | 1/2, 0, z | 1/2, 0, -z + 1/2 | 0, 1/2, -z + 1/2 | 0, 1/2, -z | "
                    "1/2, 0, -z | 1/2, 0, z + 1/2 | 0, 1/2, z + 1/2",
               "e": "0, 0, z | 1/2, 1/2, -z + 1/2 | 0, 0, -z | 1/2, 1/2, z + 1/2",
               "d": "0, 1/2, 1/4 | 1/2, 0, 1/4 | 0, 1/2, 3/4 | 1/2, 0, 3/4",
               "c": "0, 1/2, 0 | 1/2, 0, 0 | 1/2, 0, 1/2 | 0, 1/2, 1/2"},
    "P-3m1": {"i": "x, -x, z | x, 2x, z | -2x, -x, z | -x, x, -z | 2x, x, -z | -x, -2x, -z",
              "h": "x, 0, 1/2 | 0, x, 1/2 | -x, -x, 1/2 | -x, 0, 1/2 | 0, -x, 1/2 | x, x, 1/2",
              "g": "x, 0, 0 | 0, x, 0 | -x, -x, 0 | -x, 0, 0 | 0, -x, 0 | x, x, 0",
              "f": "1/2, 0, 1/2 | 0, 1/2, 1/2 | 1/2, 1/2, 1/2",
              "e": "1/2, 0, 0 | 0, 1/2, 0 | 1/2, 1/2, 0"},
    "R-3m": {"e": "1/2, 0, 0 | 0, 1/2, 0 | 1/2, 1/2, 0", "d": "1/2, 0, 1/2 | 0, 1/2, 1/2 | 1/2, 1/2, 1/2",
             "c": "0, 0, z | 0, 0, -z", "b": "0, 0, 1/2", "a": "0, 0, 0"},
    # Rhombohedral axes, a setting transformed from the hexagonal one: its positions start
    # from the setting's own representative, which for 6g and 6f is another triplet of the
    # orbit than ITA's first (1/2,y,-y for x,-x,1/2; 0,y,-y for x,-x,0): not listed here.
    "R-3m:R": {"h": "x, x, z | z, x, x | x, z, x | -z, -x, -x | -x, -x, -z | -x, -z, -x",
               "e": "0, 1/2, 1/2 | 1/2, 0, 1/2 | 1/2, 1/2, 0", "d": "1/2, 0, 0 | 0, 1/2, 0 | 0, 0, 1/2"},
    "P6_3": {"b": "1/3, 2/3, z | 2/3, 1/3, z + 1/2", "a": "0, 0, z | 0, 0, z + 1/2"},
    "P6_3/m": {"h": "x, y, 1/4 | -y, x - y, 1/4 | -x + y, -x, 1/4 | -x, -y, 3/4 | y, -x + y, 3/4 | "
                    "x - y, x, 3/4",
               "g": "1/2, 0, 0 | 0, 1/2, 0 | 1/2, 1/2, 0 | 1/2, 0, 1/2 | 0, 1/2, 1/2 | 1/2, 1/2, 1/2",
               "f": "1/3, 2/3, z | 2/3, 1/3, z + 1/2 | 2/3, 1/3, -z | 1/3, 2/3, -z + 1/2",
               "e": "0, 0, z | 0, 0, z + 1/2 | 0, 0, -z | 0, 0, -z + 1/2",
               "d": "2/3, 1/3, 1/4 | 1/3, 2/3, 3/4", "c": "1/3, 2/3, 1/4 | 2/3, 1/3, 3/4",
               "b": "0, 0, 0 | 0, 0, 1/2", "a": "0, 0, 1/4 | 0, 0, 3/4"},
    "P6_3mc": {"c": "x, -x, z | x, 2x, z | -2x, -x, z | -x, x, z + 1/2 | -x, -2x, z + 1/2 | "
                    "2x, x, z + 1/2",
               "b": "1/3, 2/3, z | 2/3, 1/3, z + 1/2", "a": "0, 0, z | 0, 0, z + 1/2"},
    "I23": {"e": "x, 1/2, 0 | -x, 1/2, 0 | 0, x, 1/2 | 0, -x, 1/2 | 1/2, 0, x | 1/2, 0, -x",
            "d": "x, 0, 0 | -x, 0, 0 | 0, x, 0 | 0, -x, 0 | 0, 0, x | 0, 0, -x",
            "c": "x, x, x | -x, -x, x | -x, x, -x | x, -x, -x", "b": "0, 1/2, 1/2 | 1/2, 0, 1/2 | 1/2, 1/2, 0"},
    "P2_13": {"a": "x, x, x | -x + 1/2, -x, x + 1/2 | -x, x + 1/2, -x + 1/2 | x + 1/2, -x + 1/2, -x"},
    "P4_232": {"l": "1/4, y, y + 1/2 | 3/4, -y, y + 1/2 | 3/4, y, -y + 1/2 | 1/4, -y, -y + 1/2 | "
                    "y + 1/2, 1/4, y | y + 1/2, 3/4, -y | -y + 1/2, 3/4, y | -y + 1/2, 1/4, -y | "
                    "y, y + 1/2, 1/4 | -y, y + 1/2, 3/4 | y, -y + 1/2, 3/4 | -y, -y + 1/2, 1/4"},
    "Fd-3m": {"c": "0, 0, 0 | 3/4, 1/4, 1/2 | 1/4, 1/2, 3/4 | 1/2, 3/4, 1/4",
              "a": "1/8, 1/8, 1/8 | 7/8, 3/8, 3/8"},
    "Fm-3m": {"c": "1/4, 1/4, 1/4 | 1/4, 1/4, 3/4", "b": "1/2, 1/2, 1/2", "a": "0, 0, 0"},
}


def _plain(text: str) -> str:
    """ITA's spacing removed: "x + 1/2, -y, z" -> "x+1/2,-y,z"; "(-2x)" -> "-2x"."""
    return (text.replace(" + ", "+").replace(" - ", "-").replace(", ", ",")
            .replace("(-2x)", "-2x").strip())


def _numbered(text: str) -> list[str]:
    """ "(1) 1 | (2) 2 0, 0, z" -> ["1", "2 0,0,z"], checking the numbering."""
    entries = [e.strip() for e in text.split("|")]
    numbers = [int(re.match(r"\((\d+)\)", e).group(1)) for e in entries]
    assert numbers == list(range(1, len(entries) + 1)), text
    return [_plain(re.sub(r"^\(\d+\)\s*", "", e)) for e in entries]


def _group(key: str):
    symbol, _, setting = key.partition(":")
    return space_group(symbol, setting=setting or None)


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_symmetry_operations_as_ita_prints_them(key):
    assert [r.symbol for r in general_position_rows(_group(key))] == _numbered(OPERATIONS[key])


@pytest.mark.parametrize("key", sorted(OPERATIONS_START))
def test_first_symmetry_operations_as_ita_prints_them(key):
    expected = _numbered(OPERATIONS_START[key])
    assert [r.symbol for r in general_position_rows(_group(key))][:len(expected)] == expected


@pytest.mark.parametrize("key", sorted(CENTRING_SETS))
def test_other_centring_sets_as_ita_prints_them(key):
    """ITA's symmetry operations "For (c)+ set": the elements of (n) + c, written by the
    same rule from the operation with its translation in [0, 1)."""
    g = _group(key)
    symbols = {e.operation.key: e.ita_symbol for e in g.symmetry_elements}
    for centring, text in CENTRING_SETS[key].items():
        shift = Operation.from_xyz(_shift_text(centring))
        expected = _numbered(text)
        got = [symbols[(shift @ op).key] for op in g.coset_representatives[:len(expected)]]
        assert got == expected, centring


def _shift_text(centring: str) -> str:
    """"0,1/2,1/2" -> "x,y+1/2,z+1/2"."""
    return ",".join(a + (f"+{c}" if c != "0" else "") for a, c in zip("xyz", centring.split(",")))


@pytest.mark.parametrize("key", sorted(GENERAL))
def test_general_position_as_ita_prints_it(key):
    expected = [_plain(t) for t in GENERAL[key].split("|")]
    assert [r.coordinates for r in general_position_rows(_group(key))] == expected


@pytest.mark.parametrize("key", sorted(WYCKOFF))
def test_wyckoff_triplets_as_ita_prints_them(key):
    positions = {w.letter: w for w in _group(key).wyckoff_positions()}
    for letter, text in WYCKOFF[key].items():
        expected = tuple(_plain(t) for t in text.split("|"))
        assert positions[letter].triplets == expected, letter
        assert positions[letter].coordinates == expected[0], letter


def test_the_issues_examples():
    """Issue 25's examples, each as ITA prints it."""
    fd3m = general_position_rows(space_group("Fd-3m"))
    assert (fd3m[1].coordinates, fd3m[1].symbol) == ("-x+3/4,-y+1/4,z+1/2", "2(0,0,1/2) 3/8,1/8,z")
    assert general_position_rows(space_group("Fm-3m"))[23].symbol == "2 -x,0,x"
    assert general_position_rows(space_group("P4_132"))[12].symbol == "2(1/2,1/2,0) x,x-1/4,1/8"
    f43m = {e.operation.xyz: e.ita_symbol for e in space_group("F-43m").symmetry_elements}
    assert f43m["y,x+1/2,z+1/2"] == "g(1/4,1/4,1/2) x-1/4,x,z"  # (13) of the (0,1/2,1/2)+ set


PLANE_WYCKOFF = {  # ITA Vol. A, plane groups: every special position's triplets as printed
    "p2mg": {"c": "1/4, y | 3/4, -y", "b": "0, 1/2 | 1/2, 1/2", "a": "0, 0 | 1/2, 0"},
    "p2gg": {"b": "1/2, 0 | 0, 1/2", "a": "0, 0 | 1/2, 1/2"},
    "c2mm": {"e": "0, y | 0, -y", "d": "x, 0 | -x, 0", "c": "1/4, 1/4 | 3/4, 1/4", "b": "0, 1/2",
             "a": "0, 0"},
    "p4gm": {"c": "x, x + 1/2 | -x, -x + 1/2 | -x + 1/2, x | x + 1/2, -x", "b": "1/2, 0 | 0, 1/2",
             "a": "0, 0 | 1/2, 1/2"},
    "p6mm": {"e": "x, -x | x, 2x | -2x, -x | -x, x | -x, -2x | 2x, x",
             "d": "x, 0 | 0, x | -x, -x | -x, 0 | 0, -x | x, x", "c": "1/2, 0 | 0, 1/2 | 1/2, 1/2",
             "b": "1/3, 2/3 | 2/3, 1/3", "a": "0, 0"},
}


@pytest.mark.parametrize("key", sorted(PLANE_WYCKOFF))
def test_plane_group_triplets_as_ita_prints_them(key):
    positions = {w.letter: w for w in wallpaper_group(key).wyckoff_positions()}
    for letter, text in PLANE_WYCKOFF[key].items():
        assert positions[letter].triplets == tuple(_plain(t) for t in text.split("|")), letter


def _orbit_check(g, triplets: tuple[str, ...], letter: str, rng) -> None:
    """The triplets, at random parameters and shifted by the centring vectors, are the
    orbit of the first one's point exactly once each, and that point lies in ``letter``."""
    centring = g.centring_translations
    p = rng.uniform(0.05, 0.45, 3)
    listed = np.array([Operation.from_xyz(t)(p) for t in triplets])
    points = np.mod((listed[:, None, :] + centring[None]).reshape(-1, 3), 1.0)
    orbit = g.orbit(listed[0])
    d = points[:, None, :] - orbit[None, :, :]
    same = np.all(np.abs(d - np.rint(d)) < 1e-9, axis=-1)
    assert len(points) == len(orbit) and same.any(axis=0).all() and same.any(axis=1).all(), letter
    site = g.site_symmetry(listed[0])
    assert (site.letter, site.multiplicity) == (letter, len(points)), triplets[0]


@pytest.mark.parametrize("g", SPACE, ids=[g.symbol for g in SPACE])
def test_vendored_lists_are_the_groups_orbits_and_the_rule_derives_them(g):
    """Bilbao's lists (standard setting) against the group's own operations: the general
    position is one operation per coset, in the group; every position's triplets are the
    orbit of its first, modulo the centring vectors, in the position of its letter; and the
    rule the other settings use (images of the first under (1), (2), ... in order) gives the
    list exactly."""
    rng = np.random.default_rng(g.number)
    lists = standard_triplets(g.number)
    reps = [Operation.from_xyz(t) for t in lists[0][1]]
    members = {op.key for op in g.operations}
    assert all(op.key in members for op in reps)
    assert len(reps) * len(g.centring_translations) == g.order
    assert len({op.rotation.tobytes() for op in reps}) == len(reps)
    centrings = np.rint(g.centring_translations * 24).astype(np.int64)
    assert [w.letter for w in g.wyckoff_positions()] == [letter for letter, _ in lists]
    for letter, triplets in lists:
        _orbit_check(g, triplets, letter, rng)
        first = Operation.from_xyz(triplets[0])
        derived = orbit_triplets(first.rotation, first.translation_numerator, reps, centrings)
        assert tuple(triplet_text(a, b) for a, b in derived) == triplets, letter


@pytest.mark.parametrize("g", SETTINGS, ids=[_setting_id(g) for g in SETTINGS])
def test_every_setting_lists_its_cosets_and_orbits(g, rng):
    """In all 530 settings (the standard lists transformed): one representative per coset,
    each an operation of the setting; every Wyckoff position's triplets its orbit."""
    reps = g.coset_representatives
    members = {op.key for op in g.operations}
    assert all(op.key in members for op in reps)
    assert len({op.rotation.tobytes() for op in reps}) == len(reps) == g.point_group_order
    for position in g.wyckoff_positions():
        assert position.triplets[0] == position.coordinates
        _orbit_check(g, position.triplets, position.letter, rng)
