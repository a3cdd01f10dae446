"""Admin screens write through the change seam: one batch per request."""

from articles import changes


class ChangesBatchedAdmin:
    """Every admin request that can write (the change form with its inlines, deletes,
    list actions and list editing) runs in one ``changes.batch()``: whatever the saves
    and their signals announce is indexed once, in the request's transaction, and the
    reader cache is bumped once when it commits."""

    def changeform_view(self, request, *args, **kwargs):
        with changes.batch():
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with changes.batch():
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().changelist_view(request, *args, **kwargs)
        with changes.batch():
            return super().changelist_view(request, *args, **kwargs)
