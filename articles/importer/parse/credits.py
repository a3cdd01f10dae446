"""Bylines: the inside of "(本报记者 张三 通讯员 李四)" as people and organisations."""

from __future__ import annotations

import re

from .contract import Credit
from .lexicon import (
    GLUED_SUFFIX_ROLES,
    HAN,
    PREFIX_ROLES,
    SUFFIX_ROLES,
    han_len,
    is_org,
    is_person_name,
)


def _split_credit_tokens(content: str) -> list[str]:
    return [t for t in re.split(r"[\s\u3000]+", content.strip()) if t]


def parse_credit_text(content: str) -> list[Credit] | None:
    """Parse the inside of a byline "本报记者 张三 通讯员 李四" / "攀枝花市科协".

    Returns None when the text does not look like a byline at all."""
    content = content.strip()
    if not content or len(content) > 60:
        return None
    if re.search(r"[。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09\d]", content):
        return None
    toks = _split_credit_tokens(content)
    if not toks or len(toks) > 12:
        return None
    out: list[Credit] = []
    role = ""
    role_pending_first = False
    for tok in toks:
        tok = tok.strip("、")
        if not tok:
            continue
        if tok in PREFIX_ROLES:
            role = tok
            role_pending_first = True
            continue
        if tok in SUFFIX_ROLES and out:
            out[-1].role = "摄影" if tok == "摄" else tok
            continue
        names = [t for t in re.split(r"[、,\uff0c]", tok) if t]
        for nm in names:
            r = role
            rf = role_pending_first
            # "本报记者张三": role glued before the name
            if not r:
                for pr in PREFIX_ROLES:
                    if len(pr) >= 2 and nm.startswith(pr) and len(nm) > len(pr) + 1:
                        r, nm, rf = pr, nm[len(pr) :], True
                        break
            suffix_role = ""
            for sr in GLUED_SUFFIX_ROLES:
                if nm.endswith(sr) and len(nm) > len(sr) + 1:
                    nm, suffix_role = nm[: -len(sr)], sr
                    break
            if not re.fullmatch(rf"[{HAN}A-Za-z··•・./\-]+", nm) or len(nm) > 24:
                return None
            kind = "organization" if is_org(nm) or han_len(nm) > 4 else "person"
            if kind == "person" and not is_person_name(nm) and han_len(nm) < 2:
                return None
            out.append(Credit(name=nm, role=suffix_role or r, kind=kind, role_first=rf))
        role_pending_first = False
    return out or None


def photo_only(creds: list[Credit]) -> bool:
    """A photo credit (张三 摄): the article's text may go on after it."""
    return all(cr.role in ("摄影", "摄", "供图", "图") for cr in creds)
