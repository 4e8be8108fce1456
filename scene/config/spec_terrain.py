"""The scene file's ``[terrain]`` table: the heightfield's size, relief, crater and boulder
laws, far grid and meshing (part of ``spec.SCENE``)."""

from __future__ import annotations

from .schema import Field, Table

BIG = 1.0e6

TERRAIN = Table(
    {
        "size_m": Field(
            "float",
            6144.0,
            200.0,
            200000.0,
            "m",
            "Edge length of the square (near, editable) terrain grid.",
        ),
        "size_px": Field(
            "int",
            2049,
            65,
            16385,
            "samples",
            "Near grid samples per edge (size_m / (size_px - 1) m per sample).",
        ),
        "relief": Table(
            {
                "amplitude_m": Field(
                    "float",
                    40.0,
                    0.0,
                    5000.0,
                    "m",
                    "Standard deviation of the fractal base relief.",
                ),
                "hurst": Field(
                    "float", 0.8, 0.0, 1.0, "", "Hurst exponent of the relief (higher = smoother)."
                ),
                "fine_amplitude_m": Field(
                    "float", 0.4, 0.0, 50.0, "m", "Fine noise added after the craters."
                ),
            },
            "Fractional-Brownian base relief.",
        ),
        "craters": Table(
            {
                "a": Field(
                    "float",
                    0.0794,
                    0.0,
                    10.0,
                    "m^-2 (D in m)",
                    "Coefficient of the cumulative size-frequency law N(>D) = a*D^-b.",
                ),
                "b": Field("float", 2.0, 1.0, 4.0, "", "Slope of the size-frequency law."),
                "d_min_m": Field(
                    "float",
                    4.0,
                    1.0,
                    100000.0,
                    "m",
                    "Smallest crater diameter (raised to 2.5 grid cells).",
                ),
                "d_max_m": Field("float", 1200.0, 1.0, 200000.0, "m", "Largest crater diameter."),
                "max_count": Field(
                    "int",
                    200000,
                    0,
                    2000000,
                    "craters",
                    "Upper bound on the number of craters per grid.",
                ),
                "max_age_myr": Field(
                    "float",
                    3800.0,
                    0.0,
                    4500.0,
                    "Myr",
                    "Craters get ages uniform in 0..max_age_myr.",
                ),
                "diffusivity_m2_per_myr": Field(
                    "float",
                    0.0155,
                    0.0,
                    10.0,
                    "m^2/Myr",
                    "Topographic diffusivity used for ageing.",
                ),
            },
            "Crater population.",
        ),
        "hero": Table(
            {
                "diameter_m": Field(
                    "float",
                    2600.0,
                    100.0,
                    100000.0,
                    "m",
                    "Diameter of the hero crater whose rim carries the engines.",
                ),
                "x_m": Field("float", 0.0, -BIG, BIG, "m", "Hero crater centre, east."),
                "y_m": Field("float", 0.0, -BIG, BIG, "m", "Hero crater centre, north."),
                "age_myr": Field("float", 50.0, 0.0, 4500.0, "Myr", "Age of the hero crater."),
            },
            "The large crater the base is built around.",
        ),
        "albedo": Table(
            {
                "regolith": Field("float", 0.12, 0.0, 1.0, "", "Mean regolith albedo."),
                "fresh_ejecta": Field("float", 0.22, 0.0, 1.0, "", "Albedo of fresh ejecta."),
                "variation": Field(
                    "float", 0.25, 0.0, 1.0, "", "Relative amplitude of broad albedo patches."
                ),
            },
            "Surface brightness.",
        ),
        "boulders": Table(
            {
                "enabled": Field("bool", True, doc="Scatter boulders on the near grid."),
                "d_min_m": Field("float", 1.5, 0.1, 100.0, "m", "Smallest boulder diameter."),
                "d_max_m": Field("float", 12.0, 0.2, 200.0, "m", "Largest boulder diameter."),
                "a": Field(
                    "float",
                    0.0003,
                    0.0,
                    1.0,
                    "m^-2 (D in m)",
                    "Coefficient of the rock law N(>D) = a*D^-b (VIPER: 0.0003).",
                ),
                "b": Field("float", 2.48, 1.0, 5.0, "", "Slope of the rock law (VIPER: 2.48)."),
                "ejecta_multiplier": Field(
                    "float", 5.0, 1.0, 100.0, "", "Density factor on fresh ejecta of young craters."
                ),
                "max_count": Field(
                    "int", 20000, 0, 1000000, "boulders", "Cap; the largest are kept."
                ),
            },
            "Boulders (rock instances) from the VIPER size-frequency law.",
        ),
        "far": Table(
            {
                "enabled": Field(
                    "bool", True, doc="Surround the near grid with a coarse far grid."
                ),
                "size_m": Field(
                    "float",
                    20000.0,
                    400.0,
                    400000.0,
                    "m",
                    "Edge of the far grid (rounded up to whole far cells).",
                ),
                "size_px": Field(
                    "int",
                    1025,
                    65,
                    8193,
                    "samples",
                    "Far samples per edge before snapping (far cell = integer "
                    "multiple of the near cell).",
                ),
                "blend_m": Field(
                    "float",
                    240.0,
                    0.0,
                    10000.0,
                    "m",
                    "Border band over which the near grid blends into the far.",
                ),
            },
            "Coarse landscape around the near grid, same crater catalogue.",
        ),
        "mesh": Table(
            {
                "max_error_m": Field(
                    "float", 1.0, 0.01, 100.0, "m", "Max vertical error of the near terrain mesh."
                ),
                "far_max_error_m": Field(
                    "float", 4.0, 0.01, 500.0, "m", "Max vertical error of the far terrain mesh."
                ),
                "lod_distance_m": Field(
                    "float",
                    1000.0,
                    1.0,
                    100000.0,
                    "m",
                    "Beyond this distance from the camera the error grows.",
                ),
                "max_lod_factor": Field("float", 8.0, 1.0, 100.0, "", "Cap on that growth."),
            },
            "Error-bounded terrain meshing.",
        ),
    },
    "Procedural terrain.",
)
