"""The article the page builder is filling: its lines so far, paragraphs with a
broken flag, roundup sections, captions and credits."""

from __future__ import annotations

from dataclasses import dataclass, field

from .contract import Credit


@dataclass
class OpenArticle:
    title: str
    kicker: str | None
    subtitle: str | None
    column: str | None
    banner: str | None
    level: int
    blocks: list[int] = field(default_factory=list)
    paragraphs: list[list] = field(default_factory=list)  # [text, broken]
    sections: list[tuple[str, list[list]]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    ended: bool = False
    roundup: bool = False
    flags: list[str] = field(default_factory=list)

    def target(self) -> list[list]:
        return self.sections[-1][1] if self.sections else self.paragraphs

    def last_para(self) -> list | None:
        t = self.target()
        return t[-1] if t else None
