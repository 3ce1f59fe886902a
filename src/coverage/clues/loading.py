"""Loading a catalogue: files (one release, possibly several extracts) → normalised ``Catalogue``."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from coverage.clues.cache import cache_key, read_cached, write_cached
from coverage.clues.normalise import normalise
from coverage.clues.reading import _match_columns, _release_from_name, read_raw
from coverage.clues.schema import Catalogue, CatalogueError, SourceFile


def _release(sources: list[SourceFile], raw_names: list[str], table: pd.DataFrame) -> tuple[str | None, str]:
    for name in raw_names:
        release = _release_from_name(name)
        if release:
            return release, "file_name"
    for source in sources:
        release = _release_from_name(source.detail) if source.format == "xlsx" else None
        if release:
            return release, "sheet"
    latest = table["last_move_date"].max()
    if pd.notna(latest):
        return latest.strftime("%Y-%m"), "latest_movement"
    return None, "unknown"


def from_bytes(files: list[tuple[str, bytes]]) -> Catalogue:
    """A catalogue from one or more files (name, bytes) of the same release, e.g. state extracts."""
    if not files:
        raise CatalogueError("empty", "no catalogue file was given", name="")
    frames, sources = [], []
    for name, data in files:
        frame, source = read_raw(data, name)
        frames.append(frame.rename(columns=_match_columns(frame.columns)))
        sources.append(source)
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table, issues = normalise(combined)
    release, basis = _release(sources, [n for n, _ in files], table)
    return Catalogue(table=table, issues=issues, release=release, release_basis=basis, sources=sources,
                     key=cache_key(files))


def catalogue_paths(spec: str | os.PathLike) -> list[Path]:
    """Files named by a path, a folder (every xlsx/csv/parquet in it) or several joined by os.pathsep."""
    paths: list[Path] = []
    for part in str(spec).split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part.strip()).expanduser()
        if path.is_dir():
            paths += sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".csv", ".parquet"))
        else:
            paths.append(path)
    return paths


def load_files(files: list[tuple[str, bytes]], cache: Path | None = None) -> Catalogue:
    """Like ``from_bytes`` with a disk cache of the normalised table (parquet + json), keyed by content."""
    if cache is None:
        return from_bytes(files)
    key = cache_key(files)
    cached = read_cached(cache, key)
    if cached is not None:
        return cached
    result = from_bytes(files)
    write_cached(cache, key, result)
    return result


def load(spec: str | os.PathLike | list, cache: Path | None = None) -> Catalogue:
    """Read the catalogue at a path (see ``catalogue_paths``); CatalogueError when it cannot be used."""
    paths = spec if isinstance(spec, list) else catalogue_paths(spec)
    if not paths:
        raise CatalogueError("not_found", f"no catalogue file at {spec}", name=str(spec))
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_bytes()))
        except OSError as exc:
            raise CatalogueError("not_found", f"{path} cannot be opened ({exc.strerror or type(exc).__name__})",
                                 name=str(path)) from None
    return load_files(files, cache)
