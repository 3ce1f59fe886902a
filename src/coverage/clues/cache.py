"""The disk cache of normalised catalogues (parquet + json), keyed by the files' content."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from coverage.clues.schema import NORMALISED_VERSION, Catalogue, SourceFile


def cache_dir() -> Path:
    env = os.environ.get("COVERAGE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "imss-coverage"


def cache_key(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(NORMALISED_VERSION.encode())
    for name, data in sorted(files, key=lambda f: f[0]):
        digest.update(Path(name).name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def _paths(cache: Path, key: str) -> tuple[Path, Path, Path]:
    folder = cache / "normalised"
    return tuple(folder / f"{key}.{s}" for s in ("table.parquet", "issues.parquet", "json"))


def read_cached(cache: Path, key: str) -> Catalogue | None:
    """The cached catalogue with this key, or None (absent or damaged: it is then rebuilt)."""
    table_path, issues_path, meta_path = _paths(cache, key)
    if table_path.is_file() and issues_path.is_file() and meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return Catalogue(table=pd.read_parquet(table_path), issues=pd.read_parquet(issues_path),
                             release=meta["release"], release_basis=meta["release_basis"],
                             sources=[SourceFile(**s) for s in meta["sources"]], key=key)
        except Exception:  # a damaged cache entry is rebuilt
            pass
    return None


def write_cached(cache: Path, key: str, result: Catalogue) -> None:
    table_path, issues_path, meta_path = _paths(cache, key)
    try:
        table_path.parent.mkdir(parents=True, exist_ok=True)
        result.table.to_parquet(table_path, index=False)
        result.issues.astype({"lat": "float64", "lon": "float64"}).to_parquet(issues_path, index=False)
        meta_path.write_text(json.dumps({"release": result.release, "release_basis": result.release_basis,
                                         "sources": [s.__dict__ for s in result.sources]}), encoding="utf-8")
    except OSError:
        pass  # a read-only cache folder only costs speed
