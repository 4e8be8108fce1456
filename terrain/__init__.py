"""Heightfield synthesis: base relief, crater population and shapes, ageing, terrain edits,
shading data, meshing and heightmap files.

Coordinates are world metres, x east, y north, z up; ``Terrain.heights[i, j]`` is at
``x = x0 + j * cell_m``, ``y = y0 + i * cell_m``. Nothing here imports pyvista or vtk.
"""

from . import edits, shading
from .boulders import BoulderCatalogue, boulder_z
from .craters import CraterCatalogue
from .generate import generate_terrain
from .heightfield import Terrain
from .heightmap_io import read_heightmap, write_heightmap
from .memcheck import check_terrain_config, estimate_memory_bytes
from .mesh import terrain_mesh, terrain_mesh_lod, vertex_normals
from .report import write_report

__all__ = [
    "Terrain",
    "CraterCatalogue",
    "generate_terrain",
    "edits",
    "shading",
    "terrain_mesh",
    "terrain_mesh_lod",
    "vertex_normals",
    "BoulderCatalogue",
    "boulder_z",
    "write_report",
    "check_terrain_config",
    "estimate_memory_bytes",
    "write_heightmap",
    "read_heightmap",
]
