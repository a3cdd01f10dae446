"""Keep the reports' tables derived from articles current.

``refresh(article_ids)`` is registered with the change seam (``reports.apps``): every
write path that changes articles calls it in its transaction. ``rebuild()`` writes the
tables again for the whole archive (``manage.py rebuild_reports``, the benchmark).
"""

import re
from collections import defaultdict

from django.db import connection, transaction

from articles.models import Article, Credit, Issue, Section
from organizations.models import Organization

from . import reprints
from .models import Contribution, Fingerprint, FingerprintBand, SimilarPair

WHITESPACE = re.compile(r"\s+")
CHUNK = 2000


def units_of(org_id, parents):
    """The organisation and the ancestors it counts for: every ancestor below the top
    (a county counts for its city; nothing rolls into the province, which is the paper)."""
    units = [org_id]
    seen = {org_id}
    parent = parents.get(org_id)
    while parent is not None and parents.get(parent) is not None and parent not in seen:
        units.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return units


def _load(ids):
    rows = list(
        Article.objects.filter(pk__in=ids).values_list(
            "id",
            "status",
            "title",
            "body",
            "captions",
            "page__number",
            "page__name",
            "page__issue__date",
            "page__issue__status",
            "column_run__column_id",
        )
    )
    found = [r[0] for r in rows]
    sections = defaultdict(list)
    for article_id, heading, body in Section.objects.filter(article_id__in=found).values_list(
        "article_id", "heading", "body"
    ):
        sections[article_id] += [heading, body]
    credited = defaultdict(set)
    for article_id, org_id, person_org_id in Credit.objects.filter(
        article_id__in=found
    ).values_list("article_id", "organization_id", "person__organization_id"):
        if org_id or person_org_id:
            credited[article_id].add(org_id or person_org_id)
    mentioned = defaultdict(set)
    for article_id, org_id in Article.organizations.through.objects.filter(
        article_id__in=found
    ).values_list("article_id", "organization_id"):
        mentioned[article_id].add(org_id)
    return rows, sections, credited, mentioned


def _derive(ids, parents):
    """Contribution rows, fingerprints and band keys for the existing articles of ``ids``."""
    rows, sections, credited, mentioned = _load(ids)
    contributions, fingerprints, bands, signatures = [], [], [], {}
    for (
        pk,
        status,
        title,
        body,
        captions,
        page_number,
        page_name,
        date,
        issue_status,
        column_id,
    ) in rows:
        text = reprints.article_text(title, body, sections[pk])
        published = status == Article.Status.PUBLISHED and issue_status == Issue.Status.PUBLISHED
        characters = len(WHITESPACE.sub("", "".join([body or "", *sections[pk][1::2]])))
        photos = sum(1 for line in (captions or "").splitlines() if line.strip())
        units = defaultdict(lambda: [False, False, False, False])
        for org in credited[pk]:
            for i, unit in enumerate(units_of(org, parents)):
                units[unit][0] = True
                units[unit][2] = units[unit][2] or i == 0
        for org in mentioned[pk]:
            for i, unit in enumerate(units_of(org, parents)):
                units[unit][1] = True
                units[unit][3] = units[unit][3] or i == 0
        for unit, (c, m, oc, om) in units.items():
            contributions.append(
                Contribution(
                    article_id=pk,
                    unit_id=unit,
                    credited=c,
                    mentioned=m,
                    own_credited=oc,
                    own_mentioned=om,
                    published=published,
                    date=date,
                    page_number=page_number,
                    page_name=page_name or "",
                    column_id=column_id,
                    characters=characters,
                    photos=min(photos, 32767),
                )
            )
        if status == Article.Status.WITHDRAWN:
            continue  # a withdrawn or replaced article is nobody's twin
        sig = reprints.signature(text)
        if sig is None:
            continue
        signatures[pk] = sig
        fingerprints.append(Fingerprint(article_id=pk, signature=reprints.to_bytes(sig)))
        bands += [FingerprintBand(article_id=pk, key=k) for k in reprints.band_keys(sig)]
    return contributions, fingerprints, bands, signatures


def parents_map():
    return dict(Organization.objects.values_list("id", "parent_id"))


def similar_to(signatures, exclude=()):
    """Pairs (low id, high id, similarity) of the given signatures with the archive's,
    from one indexed lookup of their band keys and one read of the candidates."""
    keys = defaultdict(set)
    for pk, sig in signatures.items():
        for key in reprints.band_keys(sig):
            keys[key].add(pk)
    if not keys:
        return []
    candidates = defaultdict(set)
    for other, key in FingerprintBand.objects.filter(key__in=list(keys)).values_list(
        "article_id", "key"
    ):
        for pk in keys[key]:
            if other != pk and other not in exclude:
                candidates[pk].add(other)
    wanted = set().union(*candidates.values()) if candidates else set()
    stored = {
        pk: reprints.from_bytes(data)
        for pk, data in Fingerprint.objects.filter(pk__in=wanted).values_list("pk", "signature")
    }
    stored.update(signatures)
    pairs = {}
    for pk, others in candidates.items():
        for other in others:
            if other in stored:
                s = reprints.similarity(signatures[pk], stored[other])
                if s >= reprints.THRESHOLD:
                    pairs[(min(pk, other), max(pk, other))] = s
    return [(a, b, s) for (a, b), s in sorted(pairs.items())]


def refresh(article_ids):
    """Write the contributions, fingerprint and similar pairs of these articles again."""
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    parents = parents_map()
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            Contribution.objects.filter(article_id__in=chunk).delete()
            FingerprintBand.objects.filter(article_id__in=chunk).delete()
            Fingerprint.objects.filter(article_id__in=chunk).delete()
            SimilarPair.objects.filter(article_id__in=chunk).delete()
            SimilarPair.objects.filter(similar_id__in=chunk).delete()
            contributions, fingerprints, bands, signatures = _derive(chunk, parents)
            Contribution.objects.bulk_create(contributions, batch_size=1000)
            Fingerprint.objects.bulk_create(fingerprints, batch_size=1000)
            FingerprintBand.objects.bulk_create(bands, batch_size=2000)
            SimilarPair.objects.bulk_create(
                [
                    SimilarPair(article_id=a, similar_id=b, similarity=s)
                    for a, b, s in similar_to(signatures)
                ],
                ignore_conflicts=True,
            )


def rebuild(progress=None):
    """Every table again from the whole archive; returns (articles, fingerprints, pairs)."""
    parents = parents_map()
    all_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    fingerprinted = 0
    with transaction.atomic():
        for model in (SimilarPair, FingerprintBand, Fingerprint, Contribution):
            model.objects.all().delete()
        for start in range(0, len(all_ids), CHUNK):
            chunk = all_ids[start : start + CHUNK]
            contributions, fingerprints, bands, _ = _derive(chunk, parents)
            Contribution.objects.bulk_create(contributions, batch_size=5000)
            Fingerprint.objects.bulk_create(fingerprints, batch_size=5000)
            FingerprintBand.objects.bulk_create(bands, batch_size=10000)
            fingerprinted += len(fingerprints)
            if progress:
                progress(len(chunk))
        pairs = _pairs_from_bands()
        SimilarPair.objects.bulk_create(
            [SimilarPair(article_id=a, similar_id=b, similarity=s) for a, b, s in pairs],
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Contribution, Fingerprint, FingerprintBand, SimilarPair):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return len(all_ids), fingerprinted, len(pairs)


def _pairs_from_bands():
    """Candidate pairs are articles sharing a band key; each is confirmed on its signature."""
    table = FingerprintBand._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT a.article_id, b.article_id FROM {table} a "
            f"JOIN {table} b ON a.key = b.key AND a.article_id < b.article_id"
        )
        candidates = cursor.fetchall()
    if not candidates:
        return []
    needed = {pk for pair in candidates for pk in pair}
    signatures = {}
    needed = sorted(needed)
    for start in range(0, len(needed), 5000):
        for pk, data in Fingerprint.objects.filter(pk__in=needed[start : start + 5000]).values_list(
            "pk", "signature"
        ):
            signatures[pk] = reprints.from_bytes(data)
    pairs = []
    for a, b in candidates:
        s = reprints.similarity(signatures[a], signatures[b])
        if s >= reprints.THRESHOLD:
            pairs.append((a, b, s))
    return pairs
