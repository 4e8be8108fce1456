"""How an engine jet looks: a volumetric glow evaluated per pixel, smooth by construction.

A jet is an emitter round its axis: a narrow white-hot core and a wide blue glow, both
Gaussian in the distance from the axis and widening with height, plus a blazing flare at the
nozzle lip. What a pixel sees is the emission integrated along its view ray, which for a
Gaussian of width σ at closest distance d is √π σ exp(-d²/σ²): so the colour of a pixel is a
function of d (and of the height along the beam) only, with no shells to step between. The
renderer draws one convex proxy lathe per jet (``jets.jet_shells``), front faces only, and
its fragment shader (``FRAGMENT``, installed by ``render.dynamic``) evaluates ``radiance``
for the fragment's ray and passes it through the program's filmic curve (``tone``), the same
numbers as the numpy reference here (``beam_radiance``, ``display_over``).

Each ring of emission carries a fixed power per metre of beam: as the glow widens with height
its peak falls (the core's as 1/σ, the glow's more gently), so the beam reads white at its
heart, blue at its edge, and softens towards the top of the frame. A core narrower than a
pixel is widened to one (its power kept), so a far beam stays a line instead of aliasing.

Blending: a pixel's display glow A (per channel, 0..1) is drawn with the renderer's plain
"over" blending as colour A / max(A) at opacity max(A): over black sky exactly A, over
anything else A + (1 - max A) × behind — a screen-like blend that never adds past white.
"""

from __future__ import annotations

import numpy as np

from ..model.color import DISPLAY_GAMMA
from .tone import _A, _B, _C, _D, _E, _WHITE, KEY, KNEE_Q, filmic_linear

# widths in nozzle exit radii: at the lip, and more at the top of the beam
CORE_W = (0.13, 0.35)
GLOW_W = (0.55, 7.0)
FLARE_W = 0.8  # the flare's width at the lip (exit radii)
FLARE_UP = 0.3  # the flare's centre above the lip (exit radii)
# peak line radiance (exposure applied: the filmic curve's input) at the lip
CORE_PEAK = 24.0
GLOW_PEAK = 1.4
FLARE_PEAK = 2.0
GLOW_FALL = 0.5  # the glow's peak falls as (width at lip / width) ** GLOW_FALL
CORE_RGB = (0.82, 0.92, 1.0)
GLOW_RGB = (0.16, 0.36, 1.0)
FLARE_RGB = (0.6, 0.8, 1.0)
MIN_PIXELS = 0.8  # a core is at least this many pixels wide (σ), its power kept
TOP_FADE = 0.85  # the beam fades out over the last 15 % of its length
LIP_SOFT = 0.25  # the beam and flare fade in over ± this many exit radii round the lip
BELL_R = 0.95  # the nozzle bell hides the glow behind it: a cylinder this many exit radii
BELL_DEPTH = 1.0  # wide, from this many exit radii below the lip up to it
BELL_HIDES = 0.9  # how much of the light behind it it hides (a little glare stays)
COVER = 2.8  # the proxy reaches this many widths from the axis and the flare (exp(-7.8))


def widths(s: np.ndarray, exit_r: float, length: float) -> tuple[np.ndarray, np.ndarray]:
    """(core σ, glow σ) in m at heights ``s`` (m above the lip, any shape)."""
    t = np.clip(np.asarray(s, np.float64) / length, 0.0, 1.0)
    return exit_r * (CORE_W[0] + CORE_W[1] * t), exit_r * (GLOW_W[0] + GLOW_W[1] * t)


def proxy_profile(exit_r: float, length: float, rings: int = 48) -> np.ndarray:
    """(R, 2) (height above the lip m, radius m) rings of the proxy lathe, bottom to top:
    round the flare's ball and the beam's glow (``COVER`` widths), as the upper concave hull
    of what they need, so the lathe is convex (each view ray enters it once). It starts
    with radius 0 under the flare and ends at the top of the beam."""
    rf = COVER * FLARE_W * exit_r
    sf = FLARE_UP * exit_r
    s = np.concatenate(
        [sf + rf * -np.cos(np.linspace(0, np.pi / 2, rings // 2)), np.geomspace(1.0, length, rings)]
    )
    s = np.unique(np.clip(s, sf - rf, length))
    ball = np.sqrt(np.maximum(rf * rf - (s - sf) ** 2, 0.0))
    glow = np.where(s >= 0, COVER * widths(s, exit_r, length)[1], 0.0)
    return _upper_hull(np.c_[s, np.maximum(ball, glow)])


def _upper_hull(pts: np.ndarray) -> np.ndarray:
    """The (K, 2) points of the upper concave hull of (N, 2) points sorted by x (Andrew's
    monotone chain), first and last kept."""
    hull: list[np.ndarray] = []
    for p in pts:
        while len(hull) >= 2:
            (x0, y0), (x1, y1) = hull[-2], hull[-1]
            if (x1 - x0) * (p[1] - y0) - (y1 - y0) * (p[0] - x0) >= 0:  # not a right turn
                hull.pop()
            else:
                break
        hull.append(p)
    return np.asarray(hull)


def ray_radiance(
    cam: np.ndarray,
    dirs: np.ndarray,
    lip: np.ndarray,
    axis: np.ndarray,
    exit_r: float,
    length: float,
    pixel_rad: float = 0.0,
    flicker: float = 1.0,
) -> np.ndarray:
    """(N, 3) linear radiance (exposure applied) a jet sends along view rays from ``cam``
    ((3,) world m) in unit directions ``dirs`` (N, 3): the numpy twin of the shader
    (``FRAGMENT_IMPL``), step for step. ``lip`` (3,) the nozzle lip's centre, ``axis`` (3,)
    unit; ``pixel_rad`` a pixel's angle (the core is at least ``MIN_PIXELS`` pixels wide)."""
    cam, d, lip, u = (np.asarray(x, np.float64) for x in (cam, dirs, lip, axis))
    jac = lip - cam
    # the ray's closest approach to the axis: height js above the lip, distance jd, at jl
    b = d @ u
    q = 1.0 - b * b
    ok = q > 1e-6
    dj, uj = d @ jac, float(u @ jac)
    qs = np.where(ok, q, 1.0)
    js = np.where(ok, (b * dj - uj) / qs, -uj)
    jl = np.where(ok, (dj - b * uj) / qs, np.linalg.norm(jac))
    jd = np.linalg.norm(d * jl[:, None] - jac - np.outer(js, u), axis=1)
    # the flare: the ray's distance from its centre and that closest point's height
    up = FLARE_UP * exit_r
    fc = d * (d @ (jac + u * up))[:, None] - jac
    jdf = np.linalg.norm(fc - u * up, axis=1)
    jhf = fc @ u
    # the bell hides what lies behind its side: the ray's entry into the bell's cylinder
    occ = _bell_hit(d, -jac, u, exit_r) < np.minimum(jl, d @ (jac + u * up))
    t = np.clip(js / length, 0.0, 1.0)
    sc, sg = widths(js, exit_r, length)
    wide = np.maximum(sc, MIN_PIXELS * pixel_rad * np.maximum(jl, 0.0))
    soft = LIP_SOFT * exit_r
    fade = (1.0 - _smoothstep(TOP_FADE, 1.0, t)) * _smoothstep(-soft, soft, js)
    core = CORE_PEAK * (CORE_W[0] * exit_r / wide) * np.exp(-((jd / wide) ** 2)) * fade
    glow = GLOW_PEAK * (GLOW_W[0] * exit_r / sg) ** GLOW_FALL * np.exp(-((jd / sg) ** 2)) * fade
    fw = FLARE_W * exit_r
    flare = FLARE_PEAK * np.exp(-((jdf / fw) ** 2)) * _smoothstep(-soft, soft, jhf)
    rgb = (np.outer(core, CORE_RGB) + np.outer(glow, GLOW_RGB) + np.outer(flare, FLARE_RGB)) * (
        1.0 - BELL_HIDES * occ
    )[:, None]
    return rgb * flicker * (jl >= 0)[:, None]


def _bell_hit(d: np.ndarray, w: np.ndarray, u: np.ndarray, exit_r: float) -> np.ndarray:
    """(N,) distance along rays (unit ``d`` (N, 3), from ``w`` = camera - lip) to where they
    enter the side of the nozzle bell (a cylinder of ``BELL_R`` exit radii round axis ``u``
    from ``BELL_DEPTH`` exit radii below the lip up to it); inf where they do not."""
    dp = d - np.outer(d @ u, u)
    wp = w - (w @ u) * u
    a = np.maximum((dp * dp).sum(axis=1), 1e-12)
    bb = dp @ wp
    c = wp @ wp - (BELL_R * exit_r) ** 2
    disc = bb * bb - a * c
    lam = (-bb - np.sqrt(np.maximum(disc, 0.0))) / a
    se = w @ u + lam * (d @ u)
    hit = (disc > 0) & (lam > 0) & (se < 0) & (se > -BELL_DEPTH * exit_r)
    return np.where(hit, lam, np.inf)


def display_over(radiance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(..., 3) glow display colour A (0..1) of ``radiance`` and (...,) its opacity max(A)
    (see the module docstring); the colour drawn is A / max(A)."""
    a = filmic_linear(radiance) ** (1.0 / DISPLAY_GAMMA)
    return a, a.max(axis=-1)


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    u = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _vec3(c: tuple[float, float, float]) -> str:
    return "vec3({:.6f}, {:.6f}, {:.6f})".format(*c)


# linear radiance jx (exposure applied) → the fragment: the tone curve (``tone.knee``, the
# rescaled ACES fit, the display gamma) and the blend of the module docstring
GLOW_OUT = f"""    jx = jx * pow((1.0 + jx * {1.0 / KEY:.6f}) * 0.5, vec3({-KNEE_Q:.6f}));
    vec3 jy = (jx * ({_A:.6f} * jx + {_B:.6f})) / (jx * ({_C:.6f} * jx + {_D:.6f}) + {_E:.6f});
    vec3 ja = pow(jy / {_WHITE:.6f}, vec3({1.0 / DISPLAY_GAMMA:.6f}));
    float jo = max(max(ja.r, ja.g), ja.b);
    gl_FragData[0] = vec4(ja / max(jo, 1e-4), jo);
"""

# the shader's declarations (after VTK's own) and its code (after VTK's colour of the
# fragment): jetMC is the fragment's world position (the proxy is drawn without VTK's
# coordinate shift), jetCam the camera, jetLip the lip centre, jetAxis the unit axis,
# jetShape (exit radius, beam length, flicker, supersampling: a core is at least
# ``MIN_PIXELS`` output pixels wide)
VERTEX_DEC = "//VTK::PositionVC::Dec\nout vec3 jetMC;\n"
VERTEX_IMPL = "//VTK::PositionVC::Impl\n  jetMC = vertexMC.xyz;\n"
FRAGMENT_DEC = "//VTK::Output::Dec\nin vec3 jetMC;\n"  # (VTK declares the uniforms)
FRAGMENT_IMPL = f"""//VTK::Light::Impl
  {{
    vec3 jr = jetMC - jetCam;
    float jdist = length(jr);
    vec3 jdir = jr / jdist;
    vec3 jac = jetLip - jetCam;
    // the ray's closest approach to the axis: its height js above the lip, distance jd
    float jb = dot(jdir, jetAxis);
    float jq = 1.0 - jb * jb;
    float jdj = dot(jdir, jac);
    float juj = dot(jetAxis, jac);
    float js = jq > 1e-6 ? (jb * jdj - juj) / jq : -juj;
    float jl = jq > 1e-6 ? (jdj - jb * juj) / jq : length(jac);
    float jd = length(jdir * jl - jac - jetAxis * js);
    // the flare: the ray's distance from its centre and that closest point's height
    float jup = {FLARE_UP:.6f} * jetShape.x;
    float jlf = dot(jdir, jac + jetAxis * jup);
    vec3 jfc = jdir * jlf - jac;
    float jdf = length(jfc - jetAxis * jup);
    float jhf = dot(jfc, jetAxis);
    // the bell hides what lies behind its side: the ray's entry into the bell's cylinder
    vec3 jdp = jdir - jb * jetAxis;
    vec3 jwp = -jac + juj * jetAxis;
    float jba = max(dot(jdp, jdp), 1e-12);
    float jbb = dot(jdp, jwp);
    float jbr = {BELL_R:.6f} * jetShape.x;
    float jdisc = jbb * jbb - jba * (dot(jwp, jwp) - jbr * jbr);
    float jlam = (-jbb - sqrt(max(jdisc, 0.0))) / jba;
    float jse = -juj + jlam * jb;
    float jocc = (jdisc > 0.0 && jlam > 0.0 && jse < 0.0 && jse > {-BELL_DEPTH:.6f} * jetShape.x
      && jlam < min(jl, jlf)) ? 1.0 : 0.0;
    float jt = clamp(js / jetShape.y, 0.0, 1.0);
    float jsc = jetShape.x * ({CORE_W[0]:.6f} + {CORE_W[1]:.6f} * jt);
    float jsg = jetShape.x * ({GLOW_W[0]:.6f} + {GLOW_W[1]:.6f} * jt);
    float jpix = 0.5 * (length(dFdx(jdir)) + length(dFdy(jdir)));
    float jwide = max(jsc, {MIN_PIXELS:.6f} * jetShape.w * jpix * max(jl, 0.0));
    float jsoft = {LIP_SOFT:.6f} * jetShape.x;
    float jfade = (1.0 - smoothstep({TOP_FADE:.6f}, 1.0, jt)) * smoothstep(-jsoft, jsoft, js);
    float jcore = {CORE_PEAK:.6f} * ({CORE_W[0]:.6f} * jetShape.x / jwide)
      * exp(-(jd / jwide) * (jd / jwide)) * jfade;
    float jglow = {GLOW_PEAK:.6f} * pow({GLOW_W[0]:.6f} * jetShape.x / jsg, {GLOW_FALL:.6f})
      * exp(-(jd / jsg) * (jd / jsg)) * jfade;
    float jfw = {FLARE_W:.6f} * jetShape.x;
    float jflare = {FLARE_PEAK:.6f} * exp(-(jdf / jfw) * (jdf / jfw))
      * smoothstep(-jsoft, jsoft, jhf);
    vec3 jx = (jcore * {_vec3(CORE_RGB)} + jglow * {_vec3(GLOW_RGB)}
      + jflare * {_vec3(FLARE_RGB)}) * (1.0 - {BELL_HIDES:.6f} * jocc)
      * jetShape.z * step(0.0, jl);
{GLOW_OUT}  }}
"""
