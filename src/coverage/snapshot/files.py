"""A snapshot's files: the figure saved as PNG (print and screen), PDF and SVG, the rows as CSV and
GeoJSON, the manifest, the zip; ``write`` puts them in a folder.

Every file is a pure function of the snapshot's inputs, so the same inputs give byte-identical files:
metadata that would carry a timestamp or a software version is stripped from the pictures, the
manifest has no generation time (only the view and the sha256 of every input and output), and the
zip uses a fixed timestamp and file order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from functools import cached_property
from pathlib import Path

import pandas as pd

from coverage import __version__, freshness
from coverage.provenance import input_files, layers
from coverage.snapshot.figure import CRS, PNG_DPI, SAVE_RC, SCREEN_DPI
from coverage.tables import FILES, Tables

# Metadata that would carry a timestamp or a software version, per format.
SAVE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                 "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


class SnapshotFiles:
    """The files of a snapshot (mixed into ``Snapshot``, which gives the rows, the texts and ``figure()``);
    each is made on first use and kept (``files()`` makes all of them)."""

    @cached_property
    def _figure(self):
        import matplotlib

        with matplotlib.rc_context(SAVE_RC):
            return self.figure()  # drawn once, saved in every format

    def _save(self, fmt: str, dpi: int = PNG_DPI) -> bytes:
        import matplotlib

        if fmt == "pdf":
            from coverage.snapshot import fonts

            fonts.install()  # one font subset per glyph set and process, not one per PDF
        with matplotlib.rc_context(SAVE_RC):
            buffer = io.BytesIO()
            metadata = dict(SAVE_METADATA[fmt])
            if fmt != "png":
                metadata["Title"] = self.title()
            self._figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
        return buffer.getvalue()

    @cached_property
    def png(self) -> bytes:
        """For print: 300 dpi."""
        return self._save("png")

    @cached_property
    def png_screen(self) -> bytes:
        return self._save("png", SCREEN_DPI)

    @cached_property
    def pdf(self) -> bytes:
        return self._save("pdf")

    @cached_property
    def svg(self) -> bytes:
        """Text stays text (svg.fonttype 'none'), so an editor can restyle or translate it."""
        return self._save("svg")

    @cached_property
    def csv(self) -> bytes:
        from coverage.exports import csv_bytes

        return csv_bytes(self.rows)

    @cached_property
    def facilities_csv(self) -> bytes | None:
        from coverage.exports import csv_bytes

        return None if self.facilities is None else csv_bytes(self.facilities)

    @cached_property
    def geojson(self) -> bytes:
        return geojson_bytes(self.data, self.rows, self.facilities)

    @cached_property
    def access_csv(self) -> bytes | None:
        from coverage.exports import csv_bytes

        return None if self.access is None else csv_bytes(self.access["municipalities"])

    def outputs(self) -> dict[str, bytes]:
        """The data and picture files (everything but the manifest and the zip), by file name."""
        files = {f"{self.name}.png": self.png, f"{self.name}-pantalla.png": self.png_screen,
                 f"{self.name}.pdf": self.pdf, f"{self.name}.svg": self.svg, f"{self.name}.csv": self.csv,
                 f"{self.name}.geojson": self.geojson}
        if self.facilities_csv is not None:
            files[f"{self.name}-unidades.csv"] = self.facilities_csv
        if self.access_csv is not None:
            files[f"{self.name}-acceso.csv"] = self.access_csv
        return files

    @cached_property
    def manifest(self) -> bytes:
        outputs = self.outputs()
        body = {
            "app": "imss-coverage",
            "app_version": __version__,
            "name": self.name,
            **self.view.as_dict(),
            "title": self.title(),
            **freshness.record(self.data, self.view.as_of),
            "headline": self.headline_record(),
            "renderer": {"library": "matplotlib (Figure, Agg) + geopandas", "crs": CRS,
                         "page": "A4 landscape", "png_dpi": PNG_DPI, "screen_png_dpi": SCREEN_DPI,
                         "svg_text": "text elements (svg.fonttype none)"},
            "reproduce": self.reproduce_command(),
            "status_events": dict(zip(self.rows["cve_ent"], self.rows["event_id"])),
            "layers": layers(self.data, self.catalogue),
            "inputs": input_files(self.data) + (
                [{"path": s.name, "sha256": s.sha256, "layer": "clues"} for s in self.catalogue.sources]
                if self.catalogue is not None else []),
            "files": [{"name": n, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                      for n, b in outputs.items()],
            "shown": {"states": len(self.rows),
                      "facilities": None if self.facilities is None else len(self.facilities)},
        }
        if self.access is not None:
            body["access"] = {**self.access["summary"], "method": self.access["method"],
                              "file": f"{self.name}-acceso.csv"}
        return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")

    def files(self) -> dict[str, bytes]:
        return {**self.outputs(), "manifest.json": self.manifest}

    @cached_property
    def zip(self) -> bytes:
        return zip_bytes(self.files(), folder=self.name)


def geojson_bytes(data: Tables, rows: pd.DataFrame, facilities: pd.DataFrame | None) -> bytes:
    """The shown states (polygons, WGS84 as in the app) then the shown facilities (points)."""
    shapes = {f["properties"]["cve_ent"]: f["geometry"] for f in
              json.loads((Path(data.root) / FILES["boundaries"]).read_text(encoding="utf-8"))["features"]}
    features = []
    for record in rows.to_dict("records"):
        features.append({"type": "Feature", "properties": {"layer": "state", **_json_safe(record)},
                         "geometry": shapes[record["cve_ent"]]})
    if facilities is not None:
        for record in facilities.to_dict("records"):
            props = _json_safe({k: v for k, v in record.items() if k not in ("lat", "lon")})
            features.append({"type": "Feature", "properties": {"layer": "facility", **props},
                             "geometry": {"type": "Point",
                                          "coordinates": [round(float(record["lon"]), 6),
                                                          round(float(record["lat"]), 6)]}})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_safe(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        elif isinstance(value, (dt.date, pd.Timestamp)):
            out[key] = value.isoformat()[:10]
        else:
            out[key] = value
    return out


def zip_bytes(files: dict[str, bytes], folder: str | None = None) -> bytes:
    """A zip whose bytes depend only on the files: fixed timestamp, fixed order, fixed permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}" if folder else name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


def write(snapshot, folder: Path) -> list[Path]:
    """Write every file of a snapshot (and its zip) into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in {**snapshot.files(), f"{snapshot.name}.zip": snapshot.zip}.items():
        path = folder / name
        path.write_bytes(payload)
        written.append(path)
    return written
