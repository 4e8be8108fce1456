"""Property: whatever a scene document holds, the loader either accepts it or raises
SceneError with one printable line of bounded length, never any other exception.

The documents are the default scene with random mutations: a key's value replaced by any type
(huge integers, nan/inf, strings with control characters and NULs, lists, tables, values
nested thousands of levels deep), keys deleted, unknown keys added, placements added."""

from __future__ import annotations

import copy
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lunarbase.scene.config.load import default_scene_text, load_scene_data
from lunarbase.scene.errors import SceneError

DEFAULT = tomllib.loads(default_scene_text())
MAX_MESSAGE = 300


def _paths(node, prefix=()):
    """Every key path of the document (through tables and arrays), depth first."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for k, v in items:
        yield (*prefix, k)
        if isinstance(v, dict | list):
            yield from _paths(v, (*prefix, k))


PATHS = list(_paths(DEFAULT))


def _get(doc, path):
    for k in path:
        doc = doc[k]
    return doc


TABLES = [()] + [p for p in PATHS if isinstance(_get(DEFAULT, p), dict)]


def _deep(n: int, table: bool):
    v: object = 1
    for _ in range(n):
        v = {"k": v} if table else [v]
    return v


NASTY_TEXT = st.sampled_from(
    ["", "a\nb", "\x00", "nul\x00in", "\x1b[31mred", "\u2028", "\r\n", "x" * 5000, "١٢٨٠"]
)
SCALARS = st.one_of(
    st.integers(),
    st.sampled_from([10**400, -(10**400), 10**5000, 2**63, 2**53 + 1, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2e5, 2e5),
    st.booleans(),
    st.text(max_size=40),
    NASTY_TEXT,
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=5),
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=3),
    st.dictionaries(st.text(max_size=10), SCALARS, max_size=3),
    st.lists(st.lists(SCALARS, max_size=3), max_size=3),
    st.builds(_deep, st.integers(1, 3000), st.booleans()),
)
KEYS = st.one_of(st.text(max_size=20), NASTY_TEXT)
PLACE = st.fixed_dictionaries(
    {
        "kind": st.one_of(st.sampled_from(["tank", "road", "engine", "rover"]), st.text()),
        "at": st.one_of(st.just([0.0, 0.0]), VALUES),
        "params": st.one_of(
            st.dictionaries(
                st.sampled_from(["diameter_m", "points", "height_m", "style", "scale"]),
                VALUES,
                max_size=2,
            ),
            VALUES,
        ),
    }
)
MUTATION = st.one_of(
    st.tuples(st.just("replace"), st.sampled_from(PATHS), VALUES),
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.none()),
    st.tuples(st.just("add"), st.sampled_from(TABLES), st.tuples(KEYS, VALUES)),
    st.tuples(st.just("place"), st.just(()), st.lists(PLACE, min_size=1, max_size=2)),
)


def _mutate(doc: dict, mutations) -> dict:
    for op, path, arg in mutations:
        try:
            parent = _get(doc, path[:-1]) if path else doc
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the way there
        if op == "place":
            if isinstance(doc.get("base", {}), dict):
                doc.setdefault("base", {})["place"] = arg
        elif op == "add":
            try:
                target = _get(doc, path) if path else doc
            except (KeyError, IndexError, TypeError):
                continue  # the table to add to went with an earlier mutation
            if isinstance(target, dict):
                target[arg[0]] = arg[1]
        elif isinstance(parent, dict | list) and _has(parent, path[-1]):
            if op == "replace":
                parent[path[-1]] = arg
            else:
                del parent[path[-1]]
    return doc


def _has(parent, key) -> bool:
    if isinstance(parent, dict):
        return key in parent
    return isinstance(key, int) and 0 <= key < len(parent)


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory):
    from lunarbase.assets.meshes import registry

    d = tmp_path_factory.mktemp("fuzz")
    yield d
    registry.unregister_user_dir(d)


@settings(
    max_examples=1500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_default_scene_loads_or_fails_in_one_line(base_dir, mutations):
    doc = _mutate(copy.deepcopy(DEFAULT), mutations)
    try:
        load_scene_data(doc, base_dir)
    except SceneError as exc:
        msg = str(exc)
        assert msg.isprintable(), repr(msg)  # one line: no newline or control character
        assert 0 < len(msg) <= MAX_MESSAGE, msg


def test_the_default_document_loads(tmp_path):
    cfg = load_scene_data(copy.deepcopy(DEFAULT), tmp_path)
    assert cfg["base"]["engines"] == 3 and cfg.base_dir == str(tmp_path)
