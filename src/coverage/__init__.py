"""IMSS-BIENESTAR coverage: data, rollout model, maps and exports (no Streamlit in here)."""

__version__ = "0.1.0"
