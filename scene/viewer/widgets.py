"""On-screen widgets of the viewer: the sun's azimuth and elevation sliders.

Releasing a slider calls ``Renderer.set_sun`` (re-bakes the ground's and the structures'
shading and shadows) and recolours the coarse ground of the interaction detail. Layer switches
are keys (see ``keys``); their state lives in ``lod.DetailSwitch``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..render.renderer import Renderer

AZIMUTH_RANGE = (0.0, 360.0)
ELEVATION_RANGE = (-1.0, 45.0)


class SunSliders:
    """Two slider widgets at the top right of ``renderer``'s window.

    renderer: a ``scene.render.Renderer``; relight: called after the sun moved (the viewer
    recolours the coarse ground and redraws).
    """

    def __init__(
        self,
        renderer: Renderer,
        relight: Callable[[], None] = lambda: None,
        before: Callable[[], None] = lambda: None,
    ) -> None:
        self.renderer = renderer
        self.relight, self.before = relight, before
        self._ready = False  # pyvista calls the callback once when it adds the widget
        lt = renderer.lighting
        self.azimuth = float(lt["sun_azimuth_deg"]) % 360.0
        self.elevation = float(lt["sun_elevation_deg"])
        p = renderer.plotter
        common = {
            "style": "modern",
            "interaction_event": "end",
            "title_height": 0.018,
            "color": "white",
            "title_color": "white",
            "fmt": "%.1f",
            "slider_width": 0.012,
            "tube_width": 0.004,
        }
        self.azimuth_widget = p.add_slider_widget(
            self.set_azimuth,
            AZIMUTH_RANGE,
            value=self.azimuth,
            title="sun azimuth °",
            pointa=(0.74, 0.92),
            pointb=(0.97, 0.92),
            **common,
        )
        self.elevation_widget = p.add_slider_widget(
            self.set_elevation,
            ELEVATION_RANGE,
            value=min(max(self.elevation, ELEVATION_RANGE[0]), ELEVATION_RANGE[1]),
            title="sun elevation °",
            pointa=(0.74, 0.80),
            pointb=(0.97, 0.80),
            **common,
        )

        self._ready = True

    @property
    def widgets(self) -> list:
        return [self.azimuth_widget, self.elevation_widget]

    def set_azimuth(self, value: float) -> None:
        """Slider callback: sun azimuth (deg, taken mod 360)."""
        self._apply(float(value) % 360.0, self.elevation)

    def set_elevation(self, value: float) -> None:
        """Slider callback: sun elevation (deg)."""
        self._apply(self.azimuth, float(value))

    def _apply(self, azimuth: float, elevation: float) -> None:
        """Re-light (slow on a big scene: the renderer re-bakes its shadows) if changed."""
        if not self._ready or (azimuth, elevation) == (self.azimuth, self.elevation):
            return
        self.azimuth, self.elevation = azimuth, elevation
        self.before()
        self.renderer.set_sun(azimuth, elevation)
        self.relight()

    def set_visible(self, on: bool) -> None:
        """Enable / disable both sliders (hidden for screenshots)."""
        for w in self.widgets:
            w.SetEnabled(bool(on))
