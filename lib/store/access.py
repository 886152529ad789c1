"""Read-only mode, enforced where the store is written (not only where pages hide controls).

Every function that writes to a store calls `require_writable()` first; with
`settings.READ_ONLY` on (env LIB_READ_ONLY=1) it raises, so a request forged past
the pages still changes nothing.
"""
from __future__ import annotations

from lib import settings

__all__ = ["ReadOnlyError", "require_writable", "is_read_only"]


class ReadOnlyError(PermissionError):
    """A write was attempted while the product runs read-only."""


def is_read_only() -> bool:
    return bool(settings.READ_ONLY)


def require_writable(action: str = "write to the store") -> None:
    """Raise ReadOnlyError when the product is read-only; `action` names what was refused."""
    if is_read_only():
        raise ReadOnlyError(f"refused to {action}: this dashboard is read-only (settings.READ_ONLY, env LIB_READ_ONLY)")
