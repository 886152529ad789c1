"""Where the reference data lives: word lists, the gazetteer, the outlet registry
and the other files under data/reference/.

Modules find their files through REFERENCE_DIR rather than their own `__file__`,
which for a compiled module (lib.compiled) is under build/, not lib/."""
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
