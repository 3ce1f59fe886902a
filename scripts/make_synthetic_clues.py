"""A synthetic national CLUES catalogue in the official layout (67 columns, 2025-01 release).

For tests and benchmarks only: names, codes and positions are made up (points are drawn at random
inside the embedded state shapes), the mix of institutions roughly follows the real catalogue.
Deterministic for a given seed.  Do not commit its output: write it to a temporary folder.

    python scripts/make_synthetic_clues.py /tmp/clues --public 35000 --private 8000 --format parquet
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coverage.clues import STATE_ABBR  # noqa: E402

OFFICIAL_COLUMNS = [
    'CLUES', 'CLAVE DE LA INSTITUCION', 'NOMBRE DE LA INSTITUCION', 'CLAVE DE LA ENTIDAD', 'ENTIDAD',
    'CLAVE DEL MUNICIPIO', 'MUNICIPIO', 'CLAVE DE LA LOCALIDAD', 'LOCALIDAD', 'CLAVE DE LA JURISDICCION',
    'JURISDICCION', 'CLAVE DEL TIPO ESTABLECIMIENTO', 'NOMBRE TIPO ESTABLECIMIENTO', 'CLAVE DE TIPOLOGIA',
    'NOMBRE DE TIPOLOGIA', 'CLAVE DE SUBTIPOLOGIA', 'NOMBRE DE SUBTIPOLOGIA', 'NOMBRE DE LA UNIDAD',
    'NOMBRE COMERCIAL', 'CLAVE TIPO DE VIALIDAD', 'TIPO DE VIALIDAD', 'VIALIDAD', 'NUMERO EXTERIOR',
    'NUMERO INTERIOR', 'CLAVE TIPO DE ASENTAMIENTO', 'TIPO DE ASENTAMIENTO', 'ASENTAMIENTO', 'CODIGO POSTAL',
    'OBSERVACIONES DE LA DIRECCION', 'CLAVE ESTATUS DE OPERACION', 'ESTATUS DE OPERACION',
    'RFC DEL ESTABLECIMIENTO', 'TELEFONO 1 DEL ESTABLECIMIENTO', 'EXTENSION TELEFONICA 1 DEL ESTABLECIMIENTO',
    'TELEFONO 2 DEL ESTABLECIMIENTO', 'EXTENSION TELEFONICA 2 DEL ESTABLECIMIENTO', 'FECHA DE CONSTRUCCION',
    'FECHA DE INICIO DE OPERACION', 'CLAVE UNIDAD MOVIL MARCA', 'UNIDAD MOVIL MARCA',
    'UNIDAD MOVIL MARCA ESPECIFICA', 'UNIDAD MOVIL MODELO', 'CLAVE UNIDAD MOVIL PROGRAMA',
    'UNIDAD MOVIL PROGRAMA', 'CLAVE UNIDAD MOVIL TIPO', 'UNIDAD MOVIL TIPO', 'CLAVE UNIDAD MOVIL TIPOLOGIA',
    'UNIDAD MOVIL TIPOLOGIA', 'CLAVE DE LA INS ADM', 'NOMBRE DE LA INS ADM', 'CLAVE NIVEL ATENCION',
    'NIVEL ATENCION', 'CLAVE ESTRATO UNIDAD', 'ESTRATO UNIDAD', 'CLAVE TIPO OBRA', 'TIPO OBRA',
    'CLAVE PROPIEDAD DEL INMUEBLE', 'PROPIEDAD DEL INMUEBLE', 'LATITUD', 'LONGITUD', 'CLAVE ULTIMO MOVIMIENTO',
    'ULTIMO MOVIMIENTO', 'FECHA ULTIMO MOVIMIENTO', 'COMENTARIOS DE LA VALIDACION', 'CLAVE MOTIVO BAJA',
    'MOTIVO BAJA', 'FECHA EFECTIVA DE BAJA',
]
INSTITUTION_NAMES = {
    "IMB": "SERVICIOS DE SALUD IMSS BIENESTAR ",  # the trailing space is in the official file
    "SSA": "SECRETARIA DE SALUD",
    "IMS": "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
    "IMO": "INSTITUTO MEXICANO DEL SEGURO SOCIAL REGIMEN BIENESTAR",
    "IST": "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES PARA LOS TRABAJADORES DEL ESTADO",
    "SDN": "SECRETARIA DE LA DEFENSA NACIONAL",
    "SMM": "SERVICIOS MEDICOS MUNICIPALES",
    "DIF": "SISTEMA NACIONAL PARA EL DESARROLLO INTEGRAL DE LA FAMILIA",
    "SMP": "SERVICIOS MEDICOS PRIVADOS",
}
# share of the public units (the rest of IMB/SSA split by whether the state federalized)
PUBLIC_MIX = {"IMS": 0.10, "IMO": 0.10, "IST": 0.04, "SDN": 0.01, "SMM": 0.02, "DIF": 0.03}
# 23 states where IMSS-BIENESTAR operates (rollout table); the others keep SSA services
FEDERALIZED = ["02", "03", "06", "07", "09", "10", "12", "13", "15", "17", "18", "20", "21", "23", "24",
               "25", "26", "27", "28", "29", "30", "31", "32"]
ESTABLISHMENTS = {"first_level": (1, "DE CONSULTA EXTERNA"), "hospital": (2, "DE HOSPITALIZACIÓN"),
                  "other": (3, "DE ASISTENCIA SOCIAL")}
LEVELS = {1: "PRIMER NIVEL", 2: "SEGUNDO NIVEL", 3: "TERCER NIVEL"}


def state_shapes():
    from shapely.geometry import shape

    geojson = json.loads((ROOT / "geodata" / "states.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["cve_ent"]: (f["properties"]["name_official"], shape(f["geometry"]))
            for f in geojson["features"]}


def random_points(rng, geom, n):
    import shapely

    x0, y0, x1, y1 = geom.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        xs, ys = rng.uniform(x0, x1, 4 * n + 20), rng.uniform(y0, y1, 4 * n + 20)
        inside = shapely.contains_xy(geom, xs, ys)
        out = np.vstack([out, np.column_stack([xs[inside], ys[inside]])])
    return out[:n]


def blank_row() -> dict:
    return dict.fromkeys(OFFICIAL_COLUMNS)


def make(public: int = 35_000, private: int = 8_000, seed: int = 2025) -> pd.DataFrame:
    """``public`` operating fixed public units, ``private`` private ones, plus the closed SSA traces."""
    rng = np.random.default_rng(seed)
    shapes = state_shapes()
    codes = sorted(shapes)
    weights = np.array([shapes[c][1].area for c in codes]) ** 0.5
    weights /= weights.sum()
    state_of = rng.choice(codes, size=public + private, p=weights)
    kind = np.array(["private"] * private + ["public"] * public)
    rng.shuffle(kind)
    rows, serial = [], {}
    positions = {c: iter(random_points(rng, shapes[c][1], int((state_of == c).sum()))) for c in codes}
    for i, (cve, what) in enumerate(zip(state_of, kind)):
        draw = rng.random()
        if what == "private":
            inst = "SMP"
        else:
            inst = None
            for code, share in PUBLIC_MIX.items():
                if draw < share:
                    inst = code
                    break
                draw -= share
            inst = inst or ("IMB" if cve in FEDERALIZED else "SSA")
        type_draw = rng.random()
        est = "hospital" if type_draw < 0.06 else ("other" if type_draw < 0.08 else "first_level")
        level = 1 if est != "hospital" else (2 if rng.random() < 0.85 else 3)
        abbr = next(a for a, c in STATE_ABBR.items() if c == cve)
        serial[(abbr, inst)] = serial.get((abbr, inst), 0) + 1
        clues = f"{abbr}{inst}{serial[(abbr, inst)] * 3 + 1:06d}"
        lon, lat = next(positions[cve])
        mun = int(rng.integers(1, 60))
        row = blank_row()
        row.update({
            "CLUES": clues, "CLAVE DE LA INSTITUCION": inst, "NOMBRE DE LA INSTITUCION": INSTITUTION_NAMES[inst],
            "CLAVE DE LA ENTIDAD": int(cve), "ENTIDAD": shapes[cve][0].upper(), "CLAVE DEL MUNICIPIO": mun,
            "MUNICIPIO": f"MUNICIPIO {mun:03d}", "CLAVE DE LA LOCALIDAD": 1, "LOCALIDAD": f"LOCALIDAD {mun:03d}",
            "CLAVE DEL TIPO ESTABLECIMIENTO": ESTABLISHMENTS[est][0], "NOMBRE TIPO ESTABLECIMIENTO": ESTABLISHMENTS[est][1],
            "NOMBRE DE TIPOLOGIA": "HOSPITAL GENERAL" if est == "hospital" else "RURAL DE 01 NÚCLEO BÁSICO",
            "NOMBRE DE LA UNIDAD": f"UNIDAD SINTÉTICA {i + 1:05d}", "CLAVE ESTATUS DE OPERACION": 1,
            "ESTATUS DE OPERACION": "EN OPERACION", "CLAVE NIVEL ATENCION": level, "NIVEL ATENCION": LEVELS[level],
            "LATITUD": round(float(lat), 6), "LONGITUD": round(float(lon), 6),
            "CLAVE ULTIMO MOVIMIENTO": "B", "ULTIMO MOVIMIENTO": "MODIFICACION", "FECHA ULTIMO MOVIMIENTO": "26/04/2018",
        })
        if inst == "IMB":  # registered on transfer; its closed SSA trace follows
            day = dt.date(2022, 7, 1) + dt.timedelta(days=int(rng.integers(0, 800)))
            row.update({"CLAVE ULTIMO MOVIMIENTO": "A", "ULTIMO MOVIMIENTO": "ALTA",
                        "FECHA ULTIMO MOVIMIENTO": day.strftime("%d/%m/%Y"),
                        "COMENTARIOS DE LA VALIDACION": "ESTABLECIMIENTO QUE PERTENECÍA A SECRETARIA DE SALUD DEL "
                        "ESTADO, SE TRANSFIERE A SERVICIOS DE SALUD IMSS BIENESTAR."})
            trace = dict(row)
            serial[(abbr, "SSA")] = serial.get((abbr, "SSA"), 0) + 1
            trace.update({"CLUES": f"{abbr}SSA{serial[(abbr, 'SSA')] * 3 + 1:06d}", "CLAVE DE LA INSTITUCION": "SSA",
                          "NOMBRE DE LA INSTITUCION": INSTITUTION_NAMES["SSA"], "CLAVE ESTATUS DE OPERACION": 3,
                          "ESTATUS DE OPERACION": "FUERA DE OPERACION", "CLAVE ULTIMO MOVIMIENTO": "C",
                          "ULTIMO MOVIMIENTO": "BAJA", "COMENTARIOS DE LA VALIDACION": None, "CLAVE MOTIVO BAJA": 9,
                          "MOTIVO BAJA": "POR CAMBIO DE INSTITUCION", "FECHA EFECTIVA DE BAJA": day.strftime("%d/%m/%Y")})
            rows.append(trace)
        rows.append(row)
    return pd.DataFrame(rows, columns=OFFICIAL_COLUMNS)


def write(frame: pd.DataFrame, folder: Path, fmt: str, release: str = "202501") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        path = folder / f"ESTABLECIMIENTO_SALUD_{release}.parquet"
        frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(path, index=False)
    elif fmt == "xlsx":
        path = folder / f"ESTABLECIMIENTO_SALUD_{release}.xlsx"
        frame.to_excel(path, sheet_name=f"CLUES_{release}", index=False)
    else:
        path = folder / f"CLUES_{release[:4]}.csv"
        frame.to_csv(path, index=False, encoding="latin-1" if fmt == "csv-latin1" else "utf-8")
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--public", type=int, default=35_000)
    parser.add_argument("--private", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--format", choices=["parquet", "xlsx", "csv", "csv-latin1"], default="parquet")
    args = parser.parse_args(argv)
    path = write(make(args.public, args.private, args.seed), args.folder, args.format)
    print(path)


if __name__ == "__main__":
    main()
