"""lunarbase: procedural lunar crater-rim terrain and parametric lunar base scenes.

The repository root is the package: ``lunarbase.terrain`` (heightfield synthesis),
``lunarbase.assets.meshes`` (parametric mesh builders) and ``lunarbase.scene``
(scene file, scene graph, layout, rendering, export, CLI).
"""

__version__ = "0.1.0"
