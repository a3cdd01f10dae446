"""Sponsor lists (本版协办单位): found around their labels, or unlabelled."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .contract import ParsedPage
from .lexicon import (
    CITIES,
    HAN_RE,
    SPONSOR_LABEL_RE,
    UNORDERED_RE,
    ends_final,
    is_dateline,
    is_org,
    is_person_name,
)

if TYPE_CHECKING:
    from .lines import Line


def unit_tokens(s: str, bullet: bool, lenient: bool) -> list[str] | None:
    """The units of a sponsor-list line, or None when it is not one."""
    s = UNORDERED_RE.sub(" ", SPONSOR_LABEL_RE.sub(" ", s)).strip()
    if s.startswith(("- ", "* ")):
        s = s[2:]
    if not s:
        return []
    if re.search(r"[。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09:\uff1a]", s) or ends_final(
        s
    ):
        return None
    toks = [t for t in re.split(r"[\s\u3000、]+", s) if t]
    if not toks:
        return []
    if all(is_org(t) or t in CITIES for t in toks):
        return toks
    # beside the labels, any short Han names (bulleted or not, but no personal names
    # unless bulleted); without labels only organisations count: "- 全面把握、学深悟透"
    # items in an article's body are not a sponsor list
    if lenient and all(2 <= len(t) <= 24 and HAN_RE.search(t) for t in toks):
        if bullet or not any(is_person_name(t) and not is_org(t) and t not in CITIES for t in toks):
            return toks
    return None


def find_sponsors(blocks: list[Line], page: ParsedPage) -> None:
    """Mark sponsor lists (本版协办单位) and collect their units in printed order."""
    n = len(blocks)
    labels = [i for i, b in enumerate(blocks) if b.kind == "label"]
    used: set[int] = set()
    groups: list[list[int]] = []
    for li in labels:
        if li in used:
            continue
        group = [li]
        used.add(li)
        # neighbouring labels (the two labels on two lines)
        j = li + 1
        while j < n and blocks[j].kind == "label":
            group.append(j)
            used.add(j)
            j += 1
        # units after the labels
        while j < n and blocks[j].kind in ("heading", "text", "label") and j not in used:
            b = blocks[j]
            if b.kind != "label":
                toks = unit_tokens(b.text, b.bullet, lenient=True)
                if not toks:
                    break
                # past a blank line after the list, only organisation names go on it: a
                # banner or headline printed below the list is not a unit
                if (
                    b.gap
                    and blocks[group[-1]].kind != "label"
                    and unit_tokens(b.text, b.bullet, lenient=False) is None
                ):
                    break
                # a lone org line followed by body text is a kicker/sub-heading, not a unit
                nxt = blocks[j + 1] if j + 1 < n else None
                if (
                    len(toks) == 1
                    and nxt is not None
                    and nxt.kind == "text"
                    and not b.bullet
                    and j == group[-1] + 1
                    and len(group) > 0
                    and nxt.gap <= b.gap
                    and not unit_tokens(nxt.text, nxt.bullet, lenient=False)
                ):
                    break
                b.data = {"units": toks}
            group.append(j)
            used.add(j)
            j += 1
        # units before the labels
        k = li - 1
        while k >= 0 and blocks[k].kind in ("heading", "text", "label") and k not in used:
            b = blocks[k]
            if b.kind != "label":
                toks = unit_tokens(b.text, b.bullet, lenient=True)
                if not toks:
                    break
                below = blocks[group[0]]
                if (
                    below.gap
                    and below.kind != "label"
                    and unit_tokens(b.text, b.bullet, lenient=False) is None
                ):
                    break
                b.data = {"units": toks}
            group.insert(0, k)
            used.add(k)
            k -= 1
        groups.append(sorted(group))
    # unlabelled lists: three or more adjacent lines of organisation names, or one
    # line with four or more of them
    i = 0
    while i < n:
        if i in used or blocks[i].kind not in ("heading", "text"):
            i += 1
            continue
        run = []
        j = i
        while j < n and j not in used and blocks[j].kind in ("heading", "text"):
            toks = unit_tokens(blocks[j].text, blocks[j].bullet, lenient=False)
            if not toks or (run and blocks[j].gap > 0 and not blocks[j].bullet):
                break
            run.append((j, toks))
            j += 1
        # lines right above a lead (本报讯…) are its kicker, headline and subtitle:
        # "科普进社区" ends like a place, it is no sponsor
        above_lead = j < n and blocks[j].kind == "text" and is_dateline(blocks[j].text)
        if not above_lead and (len(run) >= 3 or (len(run) == 1 and len(run[0][1]) >= 4)):
            for k, toks in run:
                blocks[k].data = {"units": toks}
                used.add(k)
            groups.append([k for k, _ in run])
            i = j
        else:
            i += 1
    groups.sort()
    for g in groups:
        units: list[str] = []
        has_label = False
        for k in g:
            b = blocks[k]
            if b.kind == "label":
                has_label = True
                if "排名不分先后" in b.text:
                    page.sponsors_unordered = True
                toks = unit_tokens(b.text, b.bullet, lenient=True)
                if toks:
                    units.extend(toks)
            else:
                units.extend(b.data.get("units", []))
            b.kind = "sponsor"
        units = [u.strip("、") for u in units if u.strip("、")]
        if not units:
            page.warnings.append(
                "版面印有「本版协办单位」标签,但没有找到协办单位名单,请核对原版面。"
            )
        elif not has_label:
            page.warnings.append(
                "发现一组未标注「本版协办单位」的单位名单,已按本版协办单位处理:" + "、".join(units)
            )
        page.sponsors.extend(units)
