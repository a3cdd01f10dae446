"""A page PDF waiting between the import's preview and its confirmation.

The preview is a dry run: nothing reaches the database or the media storage. The
uploaded PDF, too large for the session, waits in ``IMPORT_PENDING_ROOT`` under a
random name the session holds; confirming takes it (the facsimile's files are then
written when the import commits), cancelling or a new upload deletes it, and files
left by abandoned previews are swept after a day whenever another is kept.
"""

import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE = 24 * 3600
NAME_LENGTH = 32  # secrets.token_hex(16)


def root():
    return Path(settings.IMPORT_PENDING_ROOT)


def _path(token):
    if not (isinstance(token, str) and len(token) == NAME_LENGTH and token.isalnum()):
        return None
    return root() / f"{token}.pdf"


def keep(data):
    """Keep ``data`` for a later confirmation; returns {"token", "sha256"} for the session."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    sweep()
    token = secrets.token_hex(NAME_LENGTH // 2)
    path = _path(token)
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(path)  # never a half-written file under the name the session holds
    return {"token": token, "sha256": hashlib.sha256(data).hexdigest()}


def take(ref):
    """The kept bytes of ``ref`` (checked against its digest), or None when gone."""
    path = _path((ref or {}).get("token"))
    if path is None or not path.exists():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != ref.get("sha256"):
        return None
    return data


def discard(ref):
    path = _path((ref or {}).get("token"))
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(now=None):
    """Delete pending files older than a day (abandoned previews)."""
    now = now or time.time()
    folder = root()
    if not folder.exists():
        return
    for path in folder.iterdir():
        if path.suffix in (".pdf", ".part") and now - path.stat().st_mtime > MAX_AGE:
            path.unlink(missing_ok=True)
