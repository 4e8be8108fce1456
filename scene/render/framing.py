"""Choosing the generated hero shot by what the object-ID pass sees.

``anim.composition`` proposes candidate cameras and ranks them from bounding boxes; the
best few are rendered here as ID passes at a small size, and the one whose pixels show the
brief best (``composition.score``: each element's largest unoccluded instance against its
floor, the Earth unhidden in the frame, a starry sky) becomes the hero. A scene file's own
``hero`` shot is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..anim import composition
from ..anim.motion import drive_matrices
from .idpass import BACKGROUND, IdEntry, IdPass

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..anim.cameras import Pose
    from ..model.world import World

SCORE_SIZE = (640, 360)  # ID-pass size for scoring (a ninth of REFERENCE's pixels)
KEEP = 8  # candidates of the box pre-score that are scored by the ID pass
PER_ANCHOR = 3  # of which at most this many share an anchor
REFINE = 2  # rounds of refining a leader by small moves (``composition.variations``)
LEADERS = 1  # the best ID-pass views that are refined


@dataclass(frozen=True)
class Framing:
    """A scored pose: its score, {element: largest instance's pixels at REFERENCE size},
    whether the Earth shows and the share of the frame that is sky."""

    pose: Pose
    score: float
    pixels: dict
    earth: bool
    sky: float


def element_pixels(
    ids: np.ndarray, entries: list[IdEntry], driving: set[str], ship_pads: dict[str, str]
) -> dict:
    """{element: pixels of its largest visible instance} in the (H, W) ID image ``ids``:
    the elements of ``composition.HERO_FLOORS`` (rovers only if in ``driving``; a launch
    pad with the ship standing on it, ``ship_pads`` {ship: pad}, as one)."""
    counts = np.bincount(ids.ravel(), minlength=len(entries))
    per: dict[tuple[str, str], int] = {}
    for i in np.flatnonzero(counts[2:]) + 2:
        e = entries[i]
        if e.lamp:
            key = ("lamp", f"{e.name}#lamp")
        elif e.name in ship_pads:
            key = ("launch_pad", ship_pads[e.name])
        else:
            key = (e.kind, e.name)
        if key[0] not in composition.HERO_FLOORS or (key[0] == "rover" and e.name not in driving):
            continue
        per[key] = per.get(key, 0) + int(counts[i])
    out: dict[str, int] = {}
    for (element, _), n in per.items():
        out[element] = max(out.get(element, 0), n)
    return out


@dataclass(frozen=True)
class Judge:
    """What scoring reads of a World besides the ID image, gathered once: the driving
    rovers, the ships standing on pads ({ship: pad}) and the composition marks."""

    driving: frozenset
    ship_pads: dict
    marks: composition.Marks

    @classmethod
    def of(cls, world: World) -> Judge:
        return cls(
            frozenset(drive_matrices(world, 0.0)),
            composition.ship_pads(world),
            composition.Marks.of(world),
        )


def score_ids(
    world: World, ids: np.ndarray, entries: list[IdEntry], pose: Pose, judge: Judge | None = None
) -> Framing:
    """Score one rendered (H, W) ID image of ``pose`` (``judge``: ``Judge.of(world)``,
    made here if not given)."""
    judge = judge or Judge.of(world)
    h, w = ids.shape
    scale = composition.REFERENCE[0] * composition.REFERENCE[1] / (w * h)
    px = element_pixels(ids, entries, judge.driving, judge.ship_pads)
    pixels = {k: v * scale for k, v in px.items()}
    at = composition.earth_pixel(pose, world.cfg.lighting, (w, h))
    earth = at is not None and bool(ids[int(at[1]), int(at[0])] == BACKGROUND)
    sky = float(np.mean(ids == BACKGROUND))
    whole = judge.marks.terms(pose)
    return Framing(pose, composition.score(pixels, earth, sky, whole), pixels, earth, sky)


def best_hero(
    world: World,
    size: tuple[int, int] = SCORE_SIZE,
    keep: int = KEEP,
    refine: int = REFINE,
    progress: Callable[[float], None] | None = None,
) -> Framing | None:
    """The best-scoring generated hero of ``world`` by its ID pass (the ``keep`` best of
    the box pre-score and the best of each crew-pad anchor, then up to ``refine`` rounds
    of small moves of each of the ``LEADERS`` best), or None when the layout offers no
    candidates (no engines or no driving rovers)."""
    ranks = composition.ranked(world, composition.hero_candidates(world), PER_ANCHOR)
    top = [pose for _, _, pose in ranks[:keep]]
    pads = set(composition.crew_pads(world))  # the anchors built for a hero: each gets a look
    looked: set = set()
    for _, anchor, pose in ranks:
        if anchor[0] in pads and anchor not in looked:
            looked.add(anchor)
            if pose not in top:
                top.append(pose)
    if not top:
        return None
    judge = Judge.of(world)
    ip = IdPass(world, *size)
    steps = len(top) + LEADERS * refine * 6
    done = 0

    def scored(pose: Pose) -> Framing:
        nonlocal done
        f = score_ids(world, ip.render(pose), ip.entries, pose, judge)
        done += 1
        if progress:
            progress(min(done / steps, 1.0))
        return f

    try:
        leaders = sorted((scored(pose) for pose in top), key=lambda f: -f.score)
        best = leaders[0]
        for start in leaders[:LEADERS]:  # refine the leading views: each may win
            lead = start
            for _ in range(refine):
                moved = max(
                    (scored(p) for p in composition.variations(world, lead.pose)),
                    key=lambda f: f.score,
                )
                if moved.score <= lead.score + 1e-9:
                    break
                lead = moved
            if lead.score > best.score + 1e-9:
                best = lead
    finally:
        ip.close()
    if progress:
        progress(1.0)
    return best


def frame_hero(world: World, progress: Callable[[float], None] | None = None) -> Framing | None:
    """Replace the generated ``hero`` shot of ``world`` with the best-scoring candidate
    (scene-file heros are kept); returns the chosen framing, or None if nothing changed."""
    if any(s["name"] == "hero" for s in world.cfg.shots):
        return None
    best = best_hero(world, progress=progress)
    if best is not None:
        world.set_shot("hero", best.pose)
    return best
