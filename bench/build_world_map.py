"""Build the offline world map of the web app (src/newsfuse/web/static/world.svg) from Natural Earth.

The map is an equirectangular SVG whose user units are degrees (x = longitude, y = -latitude), so the
story page puts a place at its coordinates with no projection code. Natural Earth's 1:110m countries
(public domain) come inside the geopandas 0.14 wheel on PyPI (geopandas/datasets/naturalearth_lowres);
pyshp reads the shapefile. Run once, by hand:

    pip download geopandas==0.14.4 pyshp==2.3.1 --no-deps -d /tmp/ne
    cd /tmp/ne && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    PYTHONPATH=/tmp/ne/pyshp-2.3.1-py2.py3-none-any.whl python bench/build_world_map.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import sys
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parents[1] / "src/newsfuse/web/static/world.svg"
NORTH, SOUTH = 84, -58  # Antarctica and the far north carry no news places worth the space
STEP = 0.2  # degrees: rounding grid; at 1:110m nothing finer is drawn anyway


def _ring(points: list[tuple[float, float]]) -> str:
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        p = (round(lon / STEP) * STEP, round(-lat / STEP) * STEP)
        if not out or p != out[-1]:
            out.append(p)
    if len(out) < 4:
        return ""
    return "M" + "L".join(f"{x:.1f} {y:.1f}".replace(".0 ", " ").removesuffix(".0") for x, y in out) + "Z"


def main(shp: str) -> None:
    reader = shapefile.Reader(shp, encoding="latin-1")  # as its .cpg says (ISO-8859-1)
    fields = [f[0] for f in reader.fields[1:]]
    paths = []
    for shape, rec in zip(reader.shapes(), reader.records(), strict=True):
        row = dict(zip(fields, rec, strict=True))
        if row.get("continent") == "Antarctica":
            continue
        parts = list(shape.parts) + [len(shape.points)]
        d = "".join(_ring(shape.points[a:b]) for a, b in zip(parts, parts[1:], strict=False))
        if d:
            code = row.get("iso_a3") or ""
            paths.append(f'<path data-iso="{code}" d="{d}"><title>{row.get("name", "")}</title></path>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 {n} 360 {h}">'
        "<!-- Natural Earth 1:110m countries (public domain), bench/build_world_map.py -->"
        '<rect x="-180" y="{n}" width="360" height="{h}" fill="#e8f0f8"/>'
        '<g fill="#d9ddd2" stroke="#fff" stroke-width="0.12">{paths}</g></svg>\n'
    ).format(n=-NORTH, h=NORTH - SOUTH, paths="".join(paths))
    OUT.write_text(svg, encoding="utf-8")
    print(f"{OUT}: {len(paths)} countries, {len(svg) // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1])
