"""The catalogue's schema and vocabularies: column names, institution groups, levels, types, issue kinds,
the normalised table's columns, and the objects a reading returns (``Catalogue``, ``SourceFile``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from coverage.errors import RequestError

NORMALISED_VERSION = "1"  # bump when the normalised table changes shape: invalidates the disk cache

# Canonical column name → internal name.  Matching folds accents, case, "_" and whitespace.
COLUMNS = {
    "CLUES": "clues",
    "CLAVE DE LA INSTITUCION": "inst_code",
    "NOMBRE DE LA INSTITUCION": "inst_name",
    "CLAVE DE LA ENTIDAD": "cve_ent",
    "ENTIDAD": "state_name",
    "CLAVE DEL MUNICIPIO": "mun_code",
    "MUNICIPIO": "municipality",
    "CLAVE DE LA LOCALIDAD": "loc_code",
    "LOCALIDAD": "locality",
    "NOMBRE TIPO ESTABLECIMIENTO": "establishment",
    "NOMBRE DE TIPOLOGIA": "typology",
    "NOMBRE DE LA UNIDAD": "name",
    "CLAVE ESTATUS DE OPERACION": "status_code",
    "ESTATUS DE OPERACION": "status_label",
    "CLAVE NIVEL ATENCION": "level_code",
    "NIVEL ATENCION": "level_label",
    "LATITUD": "lat",
    "LONGITUD": "lon",
    "ULTIMO MOVIMIENTO": "last_move",
    "FECHA ULTIMO MOVIMIENTO": "last_move_date",
    "COMENTARIOS DE LA VALIDACION": "comments",
    "CLAVE MOTIVO BAJA": "closure_code",
    "MOTIVO BAJA": "closure_reason",
    "FECHA EFECTIVA DE BAJA": "closure_date",
    "UNIDAD MOVIL TIPO": "mobile_kind",
}
# Without these the file is not a CLUES catalogue we can use.
REQUIRED = ("CLUES", "CLAVE DE LA INSTITUCION", "CLAVE DE LA ENTIDAD", "NOMBRE DE LA UNIDAD", "LATITUD",
            "LONGITUD", "NOMBRE TIPO ESTABLECIMIENTO")

# Institution code → (short name, group).  Groups, in map order.
GROUPS = ("imss_bienestar", "state", "imss", "issste", "other_public", "private")
PUBLIC_GROUPS = GROUPS[:5]
INSTITUTIONS = {
    "IMB": ("IMSS-BIENESTAR", "imss_bienestar"),
    "SSA": ("SSA (servicios estatales)", "state"),
    "SME": ("Servicios médicos estatales", "state"),
    "IMS": ("IMSS", "imss"),
    "IMO": ("IMSS régimen Bienestar", "imss"),
    "IST": ("ISSSTE", "issste"),
    "PMX": ("PEMEX", "other_public"),
    "SDN": ("SEDENA", "other_public"),
    "SMA": ("SEMAR", "other_public"),
    "SMM": ("Servicios médicos municipales", "other_public"),
    "UNI": ("Servicios médicos universitarios", "other_public"),
    "DIF": ("DIF", "other_public"),
    "CIJ": ("Centros de Integración Juvenil", "other_public"),
    "SCT": ("SCT", "other_public"),
    "FGE": ("Fiscalía", "other_public"),
    "SSP": ("Seguridad pública", "other_public"),
    "HUN": ("Hospitales universitarios", "other_public"),
    "PGR": ("FGR (antes PGR)", "other_public"),
    "SMP": ("Servicios médicos privados", "private"),
    "CRO": ("Cruz Roja Mexicana", "private"),
}
# Unknown codes are reported and grouped by what the institution's name says.
_NAME_GROUPS = (("IMSS BIENESTAR", "imss_bienestar"), ("REGIMEN BIENESTAR", "imss"),
                ("SEGURO SOCIAL", "imss"), ("ISSSTE", "issste"), ("SEGURIDAD Y SERVICIOS SOCIALES", "issste"),
                ("PRIVAD", "private"), ("CRUZ ROJA", "private"), ("SECRETARIA DE SALUD", "state"),
                ("ESTATAL", "state"))

LEVELS = ("1", "2", "3", "")  # first, second, third level of care; "" = not stated
TYPES = ("hospital", "first_level", "other")
STATUSES = ("operating", "closed", "other")
ISSUE_KINDS = ("no_coordinates", "outside_mexico", "swapped", "outside_state", "duplicate_clues",
               "unknown_institution", "unknown_state")
TRANSFER_REASON = "POR CAMBIO DE INSTITUCION"

# Mainland + islands (Revillagigedo, Guadalupe), generous: the state check is the fine one.
MEXICO_BBOX = (-118.6, 14.3, -86.4, 32.8)  # lon_min, lat_min, lon_max, lat_max
# Natural Earth's simplified borders are coarse: a point within this distance of its state is in it.
STATE_TOLERANCE_DEG = 0.1  # ≈ 11 km; the Hidalgo extract is at most 0.02° outside

STATE_ABBR = {  # CLUES prefix → INEGI CVE_ENT
    "AS": "01", "BC": "02", "BS": "03", "CC": "04", "CL": "05", "CM": "06", "CS": "07", "CH": "08",
    "DF": "09", "DG": "10", "GT": "11", "GR": "12", "HG": "13", "JC": "14", "MC": "15", "MN": "16",
    "MS": "17", "NT": "18", "NL": "19", "OC": "20", "PL": "21", "QT": "22", "QR": "23", "SP": "24",
    "SL": "25", "SR": "26", "TC": "27", "TS": "28", "TL": "29", "VZ": "30", "YN": "31", "ZS": "32",
}

NORMALISED_COLUMNS = [
    "clues", "inst_code", "inst_short", "group", "cve_ent", "state_name", "mun_code", "municipality",
    "loc_code", "locality", "name", "level", "type", "mobile", "status", "status_label", "lat", "lon",
    "coord_issue", "mappable", "last_move", "last_move_date", "closure_code", "closure_reason",
    "closure_date", "transfer_date", "transfer_basis", "predecessor",
]


class CodedError(RequestError, ValueError):
    """An error whose ``str()`` is one English sentence, with a ``code`` and ``values`` that let the
    interface say it in the reader's language (catalogue keys ``<kind>_error.<code>``)."""


class CatalogueError(CodedError):
    """A file that cannot be used as a CLUES catalogue; ``str()`` is one English sentence.

    ``code`` and ``values`` let the interface say it in the reader's language
    (catalogue keys ``clues_error.<code>``).
    """


@dataclass
class SourceFile:
    name: str
    sha256: str
    format: str
    rows: int
    columns: int
    detail: str = ""  # sheet name or text encoding


@dataclass
class Catalogue:
    table: pd.DataFrame  # one row per distinct CLUES record, NORMALISED_COLUMNS
    issues: pd.DataFrame  # one row per (record, problem): kind, clues, name, inst_code, cve_ent, lat, lon, detail
    release: str | None  # "YYYY-MM" when known
    release_basis: str  # "file_name", "sheet", "latest_movement" or "unknown"
    sources: list[SourceFile] = field(default_factory=list)
    key: str = ""  # content hash of the source files (``cache_key``); "" when built by hand

    @property
    def issue_counts(self) -> dict[str, int]:
        counts = self.issues["kind"].value_counts()
        return {kind: int(counts.get(kind, 0)) for kind in ISSUE_KINDS}


def fold(text: object) -> str:
    """Upper case, no accents, single spaces, no underscores: how names and labels are compared."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip().upper()
