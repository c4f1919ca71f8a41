"""Everything that is not a widget. Never imports PySide6 (enforced by ruff's banned-api rule)."""
