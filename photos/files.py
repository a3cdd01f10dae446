"""Files are written when the transaction that refers to them commits, deleted likewise.

A photo's row names its files before they exist; the bytes (made in memory by
``photos.images`` or ``photos.pdf``) reach the storage in ``on_commit``. A refused
upload or a rolled-back transaction therefore leaves no file on disk or in the bucket,
and a deleted photo or facsimile takes its files with it once the delete is committed.
Names carry a digest of the content, so a name is never reused for other bytes.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction


def write_on_commit(files, storage=None):
    """``files``: {name: bytes}; written after commit (at once outside a transaction)."""
    files = dict(files)

    def write():
        target = storage or default_storage
        for name, data in files.items():
            if not target.exists(name):
                saved = target.save(name, ContentFile(data))
                assert saved == name, (saved, name)

    transaction.on_commit(write)


def delete_on_commit(names, storage=None, keep=()):
    """Delete ``names`` after commit, except those still referred to (``keep``)."""
    names = [n for n in names if n and n not in set(keep)]

    def delete():
        target = storage or default_storage
        for name in names:
            target.delete(name)

    if names:
        transaction.on_commit(delete)
