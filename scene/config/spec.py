"""The scene file's schema: every key, its type, unit, range and default.

``docs/scene-format.md`` is generated from this table (``python -m lunarbase.scene.config.docgen``),
so the documentation and the validator cannot drift apart.
"""

from __future__ import annotations

from ...assets.meshes._base import Param
from ...assets.meshes.engine import PARAMS as ENGINE_PARAMS
from .schema import Field, Table, TableList
from .spec_terrain import TERRAIN

NAME = r"[A-Za-z0-9_\-]{1,64}"
BIG = 1.0e6


def builder_field(feeds: str, param: Param, doc: str, default=None) -> Field:
    """A key that sets builder parameter ``feeds`` ("kind.param"): its range, unit and
    (unless given) default come from the builder's ``Param``, so the validator, the generated
    docs and the builder cannot disagree."""
    kind = "int" if isinstance(param.default, int) else "float"
    value = param.default if default is None else default
    return Field(kind, value, param.lo, param.hi, param.unit, doc, feeds=feeds)


PLACE = Table(
    {
        "kind": Field(
            "str",
            None,
            doc="Asset kind (see `lunarbase assets`) or user mesh name.",
            required=True,
            pattern=r"[A-Za-z0-9_\-\.]{1,64}",
        ),
        "at": Field("vec2", None, -BIG, BIG, "m", "Position (east, north).", required=True),
        "rotation_deg": Field(
            "float",
            0.0,
            -360.0,
            360.0,
            "deg",
            "Rotation about the vertical, counter-clockwise from east.",
        ),
        "name": Field(
            "str", "", doc="Node name (default: kind and index).", pattern=r"[A-Za-z0-9_\-]{0,64}"
        ),
        "params": Field("any_table", {}, doc="Builder parameters of the kind (metres)."),
        "flatten": Field("bool", True, doc="Flatten the footprint before placing."),
    },
    "An explicit placement.",
)

BASE = Table(
    {
        "layout": Field(
            "choice",
            "city",
            choices=("city", "scatter"),
            doc="city: districts, road networks, lots and terraced engine foundations "
            "(the `city_*`, `block_m`, `pads_per_cluster`, `terrace_steps`, "
            "`foundation_depth` and `road_light_spacing_m` keys); scatter: the older "
            "scatter of structures round the engines (the `*_per_complex`, "
            "`habitat_clusters`, `*_per_cluster`, `roads` and `max_slope_deg` keys). "
            "`engines`, `engine_*`, `rovers`, `detail` and `place` apply to both.",
        ),
        "engines": Field("int", 3, 0, 6, "", "Planetary engine complexes on the hero crater rim."),
        "engine_height_m": builder_field(
            "engine.height_m", ENGINE_PARAMS["height_m"], "Height of each engine.", 900.0
        ),
        "engine_arc_deg": Field(
            "float",
            0.0,
            -360.0,
            360.0,
            "deg",
            "Azimuth (clockwise from north) of the middle engine on the rim.",
        ),
        "engines_idle": Field(
            "str",
            "",
            doc="Engines that stand idle, without their jet (construction-era shots): "
            '"" every engine fires, "all", or engine numbers such as "1,3" (1-based, in '
            "the order the layout places them).",
        ),
        "engine_spacing_deg": Field(
            "float", 45.0, 5.0, 120.0, "deg", "Angle along the rim between neighbouring engines."
        ),
        "pads_per_complex": Field("int", 4, 0, 12, "", "Launch pads per complex."),
        "tanks_per_complex": Field("int", 16, 0, 60, "", "Storage tanks per complex."),
        "plants_per_complex": Field("int", 3, 0, 12, "", "Processing plants per complex."),
        "solar_per_complex": Field("int", 3, 0, 20, "", "Solar array fields per complex."),
        "radiators_per_complex": Field("int", 6, 0, 40, "", "Radiator panels per complex."),
        "fission_per_complex": Field("int", 1, 0, 4, "", "Fission power plants per complex."),
        "masts_per_complex": Field("int", 10, 0, 40, "", "Light masts per complex."),
        "habitat_clusters": Field("int", 3, 0, 10, "", "Habitat clusters."),
        "habitats_per_cluster": Field("int", 8, 0, 30, "", "Habitats per cluster."),
        "solar_per_cluster": Field("int", 2, 0, 20, "", "Solar array fields per habitat cluster."),
        "rovers": Field("int", 12, 0, 60, "", "Rovers on the roads."),
        "city_radius": Field(
            "float",
            2.2,
            1.3,
            4.0,
            "crater radii",
            "city: outer edge of the city round the hero crater (kept on the near grid).",
        ),
        "city_flank_deg": Field(
            "float",
            40.0,
            0.0,
            120.0,
            "deg",
            "city: azimuth the shared districts (main spaceport, mining, energy, comms) "
            "span beyond each outer engine's sector.",
        ),
        "city_density": Field(
            "float", 1.0, 0.0, 1.0, "", "city: share of the lots that are built on."
        ),
        "block_m": Field(
            "float", 280.0, 120.0, 1000.0, "m", "city: block size between service roads."
        ),
        "pads_per_cluster": Field(
            "int", 5, 3, 6, "", "city: pads per spaceport pad cluster (one cluster per spaceport)."
        ),
        "terrace_steps": Field(
            "int",
            5,
            1,
            12,
            "",
            "city: most terraces stepping up each engine's foundation cut (fewer round "
            "small engines: the treads reach out to about 2.6 engine radii).",
        ),
        "foundation_depth": Field(
            "float",
            0.09,
            0.0,
            0.3,
            "engine heights",
            "city: depth of each engine's foundation cut below the rim.",
        ),
        "road_light_spacing_m": Field(
            "float", 60.0, 20.0, 500.0, "m", "city: road lights along the trunk roads."
        ),
        "roads": Field("bool", True, doc="Grade roads between the zones."),
        "max_slope_deg": Field(
            "float",
            15.0,
            1.0,
            60.0,
            "deg",
            "Steepest ground anything but an engine may be placed on.",
        ),
        "detail": Field("int", 1, 0, 2, "", "Mesh detail level for builders."),
        "mesh_dir": Field(
            "str",
            "",
            doc="Extra folder of user meshes (.glb/.obj/.stl), relative to the scene file.",
        ),
        "place": TableList(PLACE, "Explicit placements: `[[base.place]]`."),
    },
    "Base layout.",
)

LIGHTING = Table(
    {
        "sun_azimuth_deg": Field(
            "float", 135.0, 0.0, 360.0, "deg", "Sun azimuth, clockwise from north."
        ),
        "sun_elevation_deg": Field(
            "float",
            4.0,
            -5.0,
            90.0,
            "deg",
            "Sun elevation above the horizon (south pole: below 6).",
        ),
        "sun_intensity": Field("float", 2.2, 0.0, 20.0, "", "Sun brightness multiplier."),
        "earthshine": Field("float", 0.05, 0.0, 1.0, "", "Faint bluish fill light."),
        "lamps": Field("bool", True, doc="Artificial floodlight pools around structures."),
        "lamp_intensity": Field("float", 1.0, 0.0, 20.0, "", "Floodlight brightness."),
        "stars": Field("bool", True, doc="Draw a star field in the black sky."),
        "earth": Field("bool", True, doc="Draw the Earth near the horizon."),
        "earth_azimuth_deg": Field("float", 20.0, 0.0, 360.0, "deg", "Azimuth of the Earth."),
        "earth_elevation_deg": Field("float", 5.0, -5.0, 90.0, "deg", "Elevation of the Earth."),
    },
    "Sun, fill, lamps and sky.",
)

RENDER = Table(
    {
        "width": Field("int", 1280, 16, 7680, "px", "Image width."),
        "height": Field("int", 720, 16, 4320, "px", "Image height."),
        "quality": Field(
            "choice",
            "preview",
            choices=("preview", "final"),
            doc="preview: fast; final: anti-aliased, all effects.",
        ),
        "fps": Field("int", 24, 1, 120, "frames/s", "Flythrough frame rate."),
        "crf": Field("int", 20, 0, 51, "", "H.264 constant rate factor (lower = better)."),
        "out_dir": Field("str", "renders", doc="Output folder, relative to the working folder."),
        "terrain_max_px": Field(
            "int", 1025, 65, 16385, "samples", "Terrain mesh resolution cap per edge."
        ),
    },
    "Output defaults (the CLI can override them).",
)

SHOT = Table(
    {
        "name": Field("str", None, doc="Shot name.", required=True, pattern=NAME),
        "position": Field("vec3", None, -BIG, BIG, "m", "Camera position.", required=True),
        "target": Field("vec3", None, -BIG, BIG, "m", "Point looked at.", required=True),
        "fov_deg": Field("float", 45.0, 5.0, 150.0, "deg", "Vertical field of view."),
        "above_ground": Field(
            "bool", True, doc="z of position and target is height above the terrain."
        ),
    },
    "A named still camera.",
)

KEY = Table(
    {
        "t": Field("float", None, 0.0, 3600.0, "s", "Time of the key.", required=True),
        "position": Field("vec3", None, -BIG, BIG, "m", "Camera position.", required=True),
        "target": Field("vec3", None, -BIG, BIG, "m", "Point looked at.", required=True),
        "fov_deg": Field("float", 45.0, 5.0, 150.0, "deg", "Vertical field of view."),
    },
    "A camera keyframe.",
)

PATH = Table(
    {
        "name": Field("str", None, doc="Path name.", required=True, pattern=NAME),
        "easing": Field(
            "choice",
            "ease_in_out",
            choices=("linear", "ease_in_out", "ease_in", "ease_out"),
            doc="Ease the first segment in and/or the last one out; the camera "
            "moves at constant speed within every other segment.",
        ),
        "clearance_m": Field(
            "float",
            10.0,
            0.0,
            10000.0,
            "m",
            "Least height above the terrain; the path is lifted to keep it.",
        ),
        "above_ground": Field(
            "bool", True, doc="z of positions and targets is height above the terrain."
        ),
        "keys": TableList(KEY, "Keyframes `[[paths.keys]]`, in increasing t (at least 2)."),
    },
    "A named camera path.",
)

SCENE = Table(
    {
        "name": Field("str", "lunarbase scene", doc="Scene title."),
        "seed": Field("int", 2023, 0, 2**32 - 1, "", "Random seed for everything."),
        "terrain": TERRAIN,
        "base": BASE,
        "lighting": LIGHTING,
        "render": RENDER,
        "shots": TableList(SHOT, "Named still cameras `[[shots]]`."),
        "paths": TableList(PATH, "Named camera paths `[[paths]]`."),
    }
)

# command-line options that no scene key sets; their ranges live here with the others
OPTIONS = Table(
    {
        "seconds": Field("float", None, 0.1, 3600.0, "s", "Video length (flythrough --seconds)."),
        "workers": Field("int", None, 1, 64, "", "Render processes (flythrough --workers)."),
    },
    "Command-line options without a scene key.",
)
