"""The bundled national catalogue: YAML data only (read-only; `pjd init DIR` makes a copy to edit)."""

from importlib.resources import files
from pathlib import Path


def path() -> Path:
    """The folder that holds the bundled catalogue's YAML files."""
    return Path(str(files(__name__)))
