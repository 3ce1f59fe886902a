"""Reading a catalogue file (xlsx, CSV in any of the DGIS encodings, parquet) into its raw rows.

Columns are found by *name*, never by position, after folding accents, case, underscores and spaces.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pandas as pd

from coverage.clues.schema import COLUMNS, REQUIRED, CatalogueError, SourceFile, fold


def _match_columns(columns) -> dict[str, str]:
    """Original column → internal name, for the columns we know (first match wins)."""
    wanted = {fold(k): v for k, v in COLUMNS.items()}
    found: dict[str, str] = {}
    for column in columns:
        key = wanted.get(fold(column))
        if key and key not in found.values():
            found[column] = key
    return found


def _release_from_name(name: str) -> str | None:
    match = re.search(r"(?:ESTABLECIMIENTO_SALUD_|CLUES_)(\d{4})(\d{2})?", name.upper())
    if not match:
        return None
    year, month = match.group(1), match.group(2)
    if month and 1 <= int(month) <= 12:
        return f"{year}-{month}"
    return year


def _sniff_format(data: bytes, name: str) -> str:
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".parquet"):
        return suffix[1:]  # claimed but the bytes disagree: reading will say so
    return "csv"


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _read_csv(data: bytes) -> tuple[pd.DataFrame, str]:
    text, encoding = _decode(data)
    if "\x00" in text[:4096]:
        raise CatalogueError("binary", "the file is binary, not a CSV, xlsx or parquet CLUES catalogue")
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "|", "\t"), key=first.count)
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    return frame, encoding


def _read_xlsx(data: bytes) -> tuple[pd.DataFrame, str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = book.sheetnames
        preferred = [n for n in names if re.fullmatch(r"CLUES_\d{6}", n.strip().upper())] + names
        for sheet_name in dict.fromkeys(preferred):
            rows = book[sheet_name].iter_rows(values_only=True)
            header, skipped = None, 0
            for row in rows:  # the header is the first row that names the CLUES column
                if any(fold(c) == "CLUES" for c in row if c is not None):
                    header = [("" if c is None else str(c)) for c in row]
                    break
                skipped += 1
                if skipped > 20:
                    break
            if header is None:
                continue
            body = [r for r in rows if any(v is not None for v in r)]
            frame = pd.DataFrame(body, columns=header[: len(body[0])] if body else header)
            return frame, sheet_name
    finally:
        book.close()
    raise CatalogueError("no_clues_sheet", "the workbook has no sheet with a CLUES column, so it is not a CLUES catalogue")


def read_raw(data: bytes, name: str) -> tuple[pd.DataFrame, SourceFile]:
    """The file's rows as given, with its format; raises CatalogueError for anything unusable."""
    if not data:
        raise CatalogueError("empty", f"{name} is empty", name=name)
    fmt = _sniff_format(data, name)
    detail = ""
    try:
        if fmt == "parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        elif fmt == "xlsx":
            frame, detail = _read_xlsx(data)
        else:
            frame, detail = _read_csv(data)
    except CatalogueError as exc:
        if "name" not in exc.values:
            exc.values["name"] = name
            exc.args = (f"{name}: {exc}",)
        raise
    except Exception as exc:  # any parser failure becomes one sentence, never a traceback
        raise CatalogueError("unreadable", f"{name} cannot be read as {fmt} ({type(exc).__name__})",
                             name=name, format=fmt) from exc
    missing = [c for c in REQUIRED if fold(c) not in {fold(x) for x in frame.columns}]
    if len(missing) == len(REQUIRED) or "CLUES" in missing:
        raise CatalogueError("not_catalogue", f"{name} is not a CLUES catalogue: it has no CLUES column",
                             name=name)
    if missing:
        raise CatalogueError("missing_columns", f"{name} lacks the CLUES column(s) {', '.join(missing)}",
                             name=name, columns=", ".join(missing))
    if frame.empty:
        raise CatalogueError("no_rows", f"{name} has the CLUES columns but no rows", name=name)
    source = SourceFile(name=Path(name).name, sha256=hashlib.sha256(data).hexdigest(), format=fmt,
                        rows=len(frame), columns=frame.shape[1], detail=detail)
    return frame, source
