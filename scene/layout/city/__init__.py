"""The city layout generator: districts → networks → lots → placements → terrain edits.

The way procedural city tools build a city (CityEngine; Parish & Müller, "Procedural Modeling
of Cities", 2001), one stage per module, each handing a plain typed result to the next:
``districts`` (shapely polygons per engine complex and shared), ``networks`` (the road
hierarchy as a networkx graph and polylines), ``lots`` (blocks between the roads cut into
lots), ``fill*`` and ``foundations`` (what stands on each lot and in each engine's terraced
cut), ``utilities`` (roads, lights, power lines, pipe racks, conveyors, traffic), and
``plan`` (the sweep, the one-pass terrain edits and the heights). ``checks`` measures what
the city promises.
"""

from .plan import plan_city

__all__ = ["plan_city"]
