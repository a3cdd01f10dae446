"""Keep the reports' tables derived from articles current.

``refresh(article_ids)`` is registered with the change seam (``reports.apps``): every
write path that changes articles calls it in its transaction. It rewrites only what
changed: contribution rows that differ, and the fingerprint, bands and similar pairs of
an article whose signature changed (an article saved with the same text keeps its
pairs, which were computed from that very signature). ``rebuild()`` writes the tables
again for the whole archive (``manage.py rebuild_reports``, the benchmark).
"""

import re
from collections import defaultdict

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from articles.models import Article, Credit, Issue, Section
from organizations.models import Organization

from . import reprints
from .models import (
    Contribution,
    Fingerprint,
    FingerprintBand,
    MonthlyArticles,
    MonthlyTotal,
    SimilarPair,
)

WHITESPACE = re.compile(r"\s+")
CHUNK = 2000
COMPARED = 4_000_000  # signature values compared at once (a block of a chunk × candidates)

CONTRIBUTION_FIELDS = [
    "credited",
    "mentioned",
    "own_credited",
    "own_mentioned",
    "published",
    "date",
    "page_number",
    "page_name",
    "column_id",
    "characters",
    "photos",
]


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


def _load(ids, *, stored=False):
    """The articles of ``ids`` that exist, their sections, and the organisations credited
    (a credited person's unit) and mentioned: three statements. With ``stored`` each
    article row ends with what the reports hold for it now: its stored signature (or
    None) and whether it has contribution rows."""
    fields = [
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
    ]
    articles = Article.objects.filter(pk__in=ids)
    if stored:
        articles = articles.annotate(
            counted=Exists(Contribution.objects.filter(article=OuterRef("pk")))
        )
        fields += ["fingerprint__signature", "counted"]
    rows = list(articles.values_list(*fields))
    found = [r[0] for r in rows]
    sections = defaultdict(list)
    for article_id, heading, body in Section.objects.filter(article_id__in=found).values_list(
        "article_id", "heading", "body"
    ):
        sections[article_id] += [heading, body]
    credits = (
        Credit.objects.filter(article_id__in=found)
        .annotate(unit=Coalesce("organization_id", "person__organization_id"), mention=Value(0))
        .filter(unit__isnull=False)
        .order_by()
        .values_list("article_id", "unit", "mention")
    )
    mentions = (
        Article.organizations.through.objects.filter(article_id__in=found)
        .annotate(mention=Value(1))
        .order_by()
        .values_list("article_id", "organization_id", "mention")
    )
    credited, mentioned = defaultdict(set), defaultdict(set)
    for article_id, org_id, mention in credits.union(mentions, all=True):
        (mentioned if mention else credited)[article_id].add(org_id)
    return rows, sections, credited, mentioned


def parents_map(org_ids=None):
    """Each organisation's parent: of all of them, or of ``org_ids`` and their ancestors
    only (one recursive statement, whatever the depth)."""
    if org_ids is None:
        return dict(Organization.objects.values_list("id", "parent_id"))
    org_ids = sorted({int(pk) for pk in org_ids})
    if not org_ids:
        return {}
    table = connection.ops.quote_name(Organization._meta.db_table)
    marks = ", ".join(["%s"] * len(org_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE up(id, parent_id) AS ("
            f"SELECT id, parent_id FROM {table} WHERE id IN ({marks}) "
            f"UNION SELECT o.id, o.parent_id FROM {table} o JOIN up ON o.id = up.parent_id"
            f") SELECT id, parent_id FROM up",
            org_ids,
        )
        return dict(cursor.fetchall())


def _derive(loaded, parents):
    """Contribution rows and signatures (None: not fingerprinted) of the loaded articles."""
    rows, sections, credited, mentioned = loaded
    contributions, signatures = [], {}
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
        *_stored,
    ) in rows:
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
            # a withdrawn or replaced article is nobody's twin
            signatures[pk] = None
        else:
            signatures[pk] = reprints.signature(reprints.article_text(title, body, sections[pk]))
    return contributions, signatures


def _fingerprint_rows(signatures):
    fingerprints, bands = [], []
    for pk, sig in signatures.items():
        fingerprints.append(Fingerprint(article_id=pk, signature=reprints.to_bytes(sig)))
        bands += [FingerprintBand(article_id=pk, key=k) for k in reprints.band_keys(sig)]
    return fingerprints, bands


def similar_to(signatures, exclude=()):
    """Pairs (low id, high id, similarity) of the given signatures with the archive's.

    One statement: the signatures of the articles sharing a band key with any of them
    (an indexed lookup). Each is compared, in arrays, with those of ``signatures`` it
    shares a band with (equal band values are equal band keys)."""
    if not signatures:
        return []
    keys = {key for sig in signatures.values() for key in reprints.band_keys(sig)}
    found = (
        Fingerprint.objects.filter(
            pk__in=FingerprintBand.objects.filter(key__in=sorted(keys)).values("article_id")
        )
        .exclude(pk__in=list(exclude))
        .values_list("pk", "signature")
    )
    others, stored = [], []
    for pk, data in found:
        others.append(pk)
        stored.append(bytes(data))
    if not others:
        return []
    stored = np.frombuffer(b"".join(stored), dtype="<u4").reshape(len(others), -1)
    mine = list(signatures)
    return _compare(mine, np.stack([signatures[pk] for pk in mine]), others, stored)


def _compare(mine, signatures, others, stored):
    """Pairs of ``mine`` × ``others`` sharing a band and at or above the threshold."""
    mine, others = np.asarray(mine, dtype=np.int64), np.asarray(others, dtype=np.int64)
    block = max(1, COMPARED // (len(others) * reprints.PERMUTATIONS))
    pairs = {}
    for start in range(0, len(mine), block):
        equal = signatures[start : start + block, None, :] == stored[None, :, :]
        shared = equal.reshape(*equal.shape[:2], reprints.BANDS, reprints.ROWS)
        shared = shared.all(axis=3).any(axis=2)
        agreeing = np.count_nonzero(equal, axis=2)
        ids = mine[start : start + block, None]
        hits = shared & (agreeing >= reprints.THRESHOLD * reprints.PERMUTATIONS)
        hits &= ids != others[None, :]
        i, j = np.nonzero(hits)
        a, b = mine[start + i], others[j]
        low, high = np.minimum(a, b).tolist(), np.maximum(a, b).tolist()
        agreed = (agreeing[i, j] / reprints.PERMUTATIONS).tolist()
        pairs.update(zip(zip(low, high, strict=True), agreed, strict=True))
    return [(a, b, s) for (a, b), s in sorted(pairs.items())]


def _contribution_key(c):
    return tuple(getattr(c, name) for name in CONTRIBUTION_FIELDS)


TOTALS = [
    "published",
    "own_published",
    "mentioned",
    "own_mentioned",
    "characters",
    "own_characters",
    "photos",
    "own_photos",
]


def _totals(row):
    """A contribution row's share of its unit's month (``MonthlyTotal``), in ``TOTALS`` order."""
    c, own_c = row["credited"], row["own_credited"]
    chars, photos = row["characters"], row["photos"]
    return (
        int(c),
        int(own_c),
        int(row["mentioned"] and not c),
        int(row["own_mentioned"] and not own_c),
        chars if c else 0,
        chars if own_c else 0,
        photos if c else 0,
        photos if own_c else 0,
    )


class _Changes:
    """What rewriting contribution rows changes in the monthly totals."""

    def __init__(self):
        self.units = defaultdict(lambda: [0] * len(TOTALS))
        self.paper = defaultdict(int)
        self.before, self.after = {}, {}  # article -> month it counts for the paper in

    def row(self, row, sign):
        if not (row["published"] and row["date"]):
            return
        month = row["date"].replace(day=1)
        sums = self.units[(row["unit_id"], month)]
        for i, value in enumerate(_totals(row)):
            sums[i] += sign * value
        if row["credited"]:
            (self.before if sign < 0 else self.after)[row["article_id"]] = month

    def write(self):
        for month in self.before.values():
            self.paper[month] -= 1
        for month in self.after.values():
            self.paper[month] += 1
        # in key order, so that two saves locking the same rows take them in one order
        _add_totals(
            MonthlyTotal,
            ["unit_id", "month"],
            [(*key, *sums) for key, sums in sorted(self.units.items()) if any(sums)],
            TOTALS,
        )
        _add_totals(
            MonthlyArticles,
            ["month"],
            [(month, n) for month, n in sorted(self.paper.items()) if n],
            ["published"],
        )


def _add_totals(model, keys, rows, fields):
    """Add ``rows`` (keys, then increments) to ``model``'s rows, creating missing ones: one
    upsert, which two transactions may run on the same month at once."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name).column for name in keys + fields]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    added = ", ".join(
        f"{connection.ops.quote_name(c)} = {table}.{connection.ops.quote_name(c)}"
        f" + excluded.{connection.ops.quote_name(c)}"
        for c in columns[len(keys) :]
    )
    conflict = ", ".join(connection.ops.quote_name(c) for c in columns[: len(keys)])
    month = keys.index("month")
    params = []
    for row in rows:
        row = list(row)
        row[month] = connection.ops.adapt_datefield_value(row[month])
        params += row
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {marks} "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {added}",
            params,
        )


def _write_contributions(ids, contributions, counted):
    """Delete the rows that differ from ``contributions``, insert the missing ones, and
    carry the difference into the monthly totals (``counted``: whether any of the articles
    has rows now; if none has, nothing is read)."""
    wanted = {(c.article_id, c.unit_id): c for c in contributions}
    stale = []
    changes = _Changes()
    existing = (
        Contribution.objects.filter(article_id__in=ids).values(
            "pk", "article_id", "unit_id", *CONTRIBUTION_FIELDS
        )
        if counted
        else []
    )
    for row in existing:
        c = wanted.get((row["article_id"], row["unit_id"]))
        if c is not None and _contribution_key(c) == tuple(row[f] for f in CONTRIBUTION_FIELDS):
            del wanted[(row["article_id"], row["unit_id"])]
            if row["credited"] and row["published"] and row["date"]:
                changes.before[row["article_id"]] = row["date"].replace(day=1)
        else:
            stale.append(row["pk"])
            changes.row(row, -1)
    for c in contributions:
        if c.credited and c.published and c.date:
            changes.after[c.article_id] = c.date.replace(day=1)
    for c in wanted.values():
        changes.row(vars(c), +1)
    if stale:
        Contribution.objects.filter(pk__in=stale).delete()
    if wanted:
        Contribution.objects.bulk_create(wanted.values(), batch_size=1000)
    changes.write()


def article_deleting(sender, instance, **kwargs):
    """``pre_delete`` of an article: its contributions leave the monthly totals before the
    database's cascade removes them unseen."""
    _write_contributions([instance.pk], [], counted=True)


def rebuild_totals():
    """The monthly totals again from every contribution row: two grouped statements."""
    MonthlyTotal.objects.all().delete()
    MonthlyArticles.objects.all().delete()
    credited, own = Q(credited=True), Q(own_credited=True)
    sums = {
        "published": Count("pk", filter=credited),
        "own_published": Count("pk", filter=own),
        "mentioned": Count("pk", filter=Q(mentioned=True, credited=False)),
        "own_mentioned": Count("pk", filter=Q(own_mentioned=True, own_credited=False)),
        "characters": Coalesce(Sum("characters", filter=credited), 0),
        "own_characters": Coalesce(Sum("characters", filter=own), 0),
        "photos": Coalesce(Sum("photos", filter=credited), 0),
        "own_photos": Coalesce(Sum("photos", filter=own), 0),
    }
    rows = (
        Contribution.objects.filter(published=True, date__isnull=False)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("unit_id", "month")
        .annotate(**{f"sum_{name}": value for name, value in sums.items()})
    )
    MonthlyTotal.objects.bulk_create(
        (
            MonthlyTotal(
                unit_id=row["unit_id"],
                month=row["month"],
                **{name: row[f"sum_{name}"] for name in sums},
            )
            for row in rows
        ),
        batch_size=5000,
    )
    months = (
        Contribution.objects.filter(published=True, date__isnull=False, credited=True)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(published=Count("article", distinct=True))
    )
    MonthlyArticles.objects.bulk_create(MonthlyArticles(**row) for row in months)


def _insert(model, fields, rows):
    """Insert plain rows (tuples in the order of ``fields``), skipping any already there.

    On PostgreSQL one ``INSERT … SELECT FROM unnest(…)`` with an array a column: a reprint
    found across the archive may bring hundreds of similar pairs, and building a model
    instance for each cost more than writing it. Elsewhere ``bulk_create``."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        attnames = [model._meta.get_field(name).attname for name in fields]
        model.objects.bulk_create(
            [model(**dict(zip(attnames, row, strict=True))) for row in rows],
            batch_size=1000,
            ignore_conflicts=True,
        )
        return
    columns = [model._meta.get_field(name) for name in fields]
    arrays = ", ".join(f"%s::{c.db_type(connection)}[]" for c in columns)
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING",
            [list(values) for values in zip(*rows, strict=True)],
        )


def _refresh_chunk(ids):
    loaded = _load(ids, stored=True)
    rows, _sections, credited, mentioned = loaded
    deleted = sorted(set(ids) - {row[0] for row in rows})
    if deleted:
        # Rows cascade with the article, but a part deleted with it (a credit, a section)
        # announces itself before the article row goes and may have written them again.
        SimilarPair.objects.filter(Q(article_id__in=deleted) | Q(similar_id__in=deleted)).delete()
        for model in (FingerprintBand, Fingerprint):
            model.objects.filter(article_id__in=deleted).delete()
        _write_contributions(deleted, [], counted=True)
    orgs = set().union(*credited.values(), *mentioned.values())
    contributions, signatures = _derive(loaded, parents_map(orgs))
    _write_contributions(ids, contributions, counted=any(row[-1] for row in rows))

    stored = {row[0]: row[-2] for row in rows}
    changed = {}
    for pk, sig in signatures.items():
        before = stored[pk]
        now = None if sig is None else reprints.to_bytes(sig)
        if (None if before is None else bytes(before)) != now:
            changed[pk] = sig
    replaced = [pk for pk in changed if stored[pk] is not None]
    if replaced:
        SimilarPair.objects.filter(Q(article_id__in=replaced) | Q(similar_id__in=replaced)).delete()
        FingerprintBand.objects.filter(article_id__in=replaced).delete()
        Fingerprint.objects.filter(article_id__in=replaced).delete()
    new = {pk: sig for pk, sig in changed.items() if sig is not None}
    if not new:
        return
    _insert(
        Fingerprint,
        ["article", "signature"],
        [(pk, reprints.to_bytes(sig)) for pk, sig in new.items()],
    )
    _insert(
        FingerprintBand,
        ["article", "key"],
        [(pk, key) for pk, sig in new.items() for key in reprints.band_keys(sig)],
    )
    _insert(SimilarPair, ["article", "similar", "similarity"], similar_to(new))


def refresh(article_ids):
    """Bring the contributions, fingerprints and similar pairs of these articles up to
    date (deleted articles took theirs with them)."""
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _refresh_chunk(ids[start : start + CHUNK])


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
            contributions, signatures = _derive(_load(chunk), parents)
            fingerprints, bands = _fingerprint_rows(
                {pk: sig for pk, sig in signatures.items() if sig is not None}
            )
            Contribution.objects.bulk_create(contributions, batch_size=5000)
            Fingerprint.objects.bulk_create(fingerprints, batch_size=5000)
            FingerprintBand.objects.bulk_create(bands, batch_size=10000)
            fingerprinted += len(fingerprints)
            if progress:
                progress(len(chunk))
        rebuild_totals()
        pairs = _pairs_from_bands()
        SimilarPair.objects.bulk_create(
            [SimilarPair(article_id=a, similar_id=b, similarity=s) for a, b, s in pairs],
            batch_size=5000,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (
                Contribution,
                MonthlyTotal,
                MonthlyArticles,
                Fingerprint,
                FingerprintBand,
                SimilarPair,
            ):
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
