"""Load a GLB in three.js (GLTFLoader) in real headless Chromium and report what it saw.

A local HTTP server on 127.0.0.1 serves ``three_harness.html``, the npm package ``three``
(``THREE_DIR``, or the cache ``.ci/run`` installs it into) and the GLB; the page renders
one camera once with WebGL (SwiftShader: no GPU here) and POSTs its findings back. Used by
the tests and by ``bench/bench_gltf.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lunarbase/npm"


def three_dir() -> Path | None:
    """The npm package ``three``: $THREE_DIR, else the CI cache; None if absent."""
    for c in (os.environ.get("THREE_DIR", ""), str(CACHE / "node_modules/three")):
        if c and (Path(c) / "build/three.module.js").is_file():
            return Path(c)
    return None


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str | None:
    """Why three.js cannot run here, or None."""
    if three_dir() is None:
        return "npm package three not installed (.ci/run installs it)"
    if chromium() is None:
        return "chromium not installed (.ci/run installs Debian's chromium)"
    return None


def _handler(root: Path, three: Path, glb: Path, box: dict, done: threading.Event):
    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = path.split("?", 1)[0]
            if path.startswith("/three/"):
                return str(three / path[len("/three/") :])
            if path == "/scene.glb":
                return str(glb)
            return str(root / path.lstrip("/"))

        def do_POST(self):  # noqa: N802 (http.server's name)
            n = int(self.headers.get("Content-Length", 0))
            box["result"] = json.loads(self.rfile.read(n) or b"{}")
            self.send_response(204)
            self.end_headers()
            done.set()

        def log_message(self, *args):  # quiet
            pass

    return Handler


def render(
    glb: Path,
    camera: str = "shot_hero",
    size: tuple[int, int] = (320, 180),
    t: float = 0.0,
    probe: str = "",
    timeout: float = 240.0,
    png: bool = False,
) -> dict:
    """Load ``glb``, play its first animation to ``t`` s (reporting how far node ``probe``
    moved), render ``camera`` at ``size`` and return the page's report: errors,
    warnings, calls (draw calls), triangles, lit / clipped pixel fractions, lights,
    instanced meshes, animations, load and render times (ms); ``png``: the frame as a
    data URL too."""
    box: dict = {}
    done = threading.Event()
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), _handler(HERE, three_dir(), Path(glb), box, done)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    query = urlencode({"glb": "/scene.glb", "camera": camera, "w": size[0], "h": size[1]})
    url = (
        f"http://127.0.0.1:{server.server_port}/three_harness.html?{query}&t={t}&probe={probe}"
        + ("&png=1" if png else "")
    )
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            chromium(),
            "--headless=new",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--use-angle=swiftshader",
            "--enable-unsafe-swiftshader",
            "--ignore-gpu-blocklist",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            url,
        ]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            done.wait(timeout)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                _, err = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                _, err = proc.communicate()
            server.shutdown()
            server.server_close()
    if "result" not in box:
        tail = err.decode(errors="replace")[-2000:]
        raise TimeoutError(f"three.js page sent no result in {timeout:.0f} s: {tail}")
    return box["result"]
