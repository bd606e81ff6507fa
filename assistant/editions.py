"""Editions: the same report published every year, each repeating the last years' figures.

A document's edition is the fiscal year its title says it covers (「令和7（2025）年度 …の検証」,
「2025年度版」). The same indicator in several editions is one series, matched on its
(normalised) program and indicator name; for each fiscal year the current figure is the one
of the latest edition that reports it, and what an earlier edition said, when different, is
kept beside it as a revision. Answers read `current(records)`, so a figure is never listed
twice and a revised one says so.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from core.types import KpiRecord
from ingest.normalize import nfkc

_ERA_YEAR = re.compile(r"(令和|平成)\s*(\d{1,2}|元)\s*(?:[（(]\s*(\d{4})\s*[）)])?\s*年度")
_WESTERN = re.compile(r"((?:19|20)\d\d)\s*年度")


def edition_of(title: str) -> Optional[int]:
    """The fiscal year a report's title says it covers, or None."""
    t = nfkc(title or "")
    m = _ERA_YEAR.search(t)
    if m:
        if m.group(3):
            return int(m.group(3))
        n = 1 if m.group(2) == "元" else int(m.group(2))
        return (2018 if m.group(1) == "令和" else 1988) + n
    m = _WESTERN.search(t)
    return int(m.group(1)) if m else None


def edition_label(fy: Optional[int], lang: str = "ja") -> str:
    if fy is None:
        return ""
    return f"令和{fy - 2018}年度版" if lang == "ja" and fy > 2018 else (f"{fy}年度版" if lang == "ja" else f"FY{fy} edition")


def series_of(title: str) -> str:
    """A report's title without its edition year: the editions of one report share it."""
    t = _WESTERN.sub("", _ERA_YEAR.sub("", nfkc(title or "")))
    return re.sub(r"[\s()（）]", "", t)


def latest_copies(passages: list) -> list[tuple[int, object]]:
    """Passages repeated word for word by several editions of one report, each kept once: the
    latest edition's copy, at the position of the first copy (returned with it); every other
    passage as it was."""
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(passages):
        groups.setdefault((series_of(c.title), c.section, c.text), []).append(i)
    keep: dict[int, object] = {}
    for idx in groups.values():
        best = max(idx, key=lambda i: (edition_of(passages[i].title) or 0, -i))
        keep[idx[0]] = passages[best]
    return sorted(keep.items())


def _key(name: str) -> str:
    return re.sub(r"[\s・「」『』()（）]", "", nfkc(name or ""))


def current(records: list[KpiRecord]) -> list[KpiRecord]:
    """One record per (program, indicator, year): the latest edition's; earlier editions'
    differing figures in `extra["revisions"]`, the edition in `extra["edition"]`."""
    editions = {r.source: edition_of(r.title) for r in records}
    if len({s for s in editions}) < 2 or len({e for e in editions.values() if e}) < 2:
        return records  # one edition (or undated documents): nothing to reconcile
    groups: dict[tuple, list[KpiRecord]] = {}
    order: list[tuple] = []
    for r in records:
        k = (r.doc_type, _key(r.program), _key(r.indicator), r.fiscal_year if r.fiscal_year else r.year)
        if k not in groups:
            groups[k] = []
            order.append(k)
        groups[k].append(r)
    out = []
    for k in order:
        rs = groups[k]
        if len({r.source for r in rs}) == 1:
            out.extend(replace(x, extra={**x.extra, "edition": editions.get(x.source)}) for x in rs)
            continue
        rs = sorted(rs, key=lambda r: editions.get(r.source) or 0, reverse=True)
        latest = rs[0]
        revisions = [{"edition": editions.get(r.source), "source": r.source, "target": r.target, "actual": r.actual,
                      "status": r.status} for r in rs[1:] if (r.target, r.actual) != (latest.target, latest.actual)]
        out.append(replace(latest, extra={**latest.extra, "edition": editions.get(latest.source),
                                          "revisions": revisions, "also_in": [r.source for r in rs[1:]]}))
    return out


def revision_note(r: KpiRecord, lang: str) -> str:
    """「(令和6年度版では97%)」 when an earlier edition gave another figure."""
    revs = r.extra.get("revisions") or []
    if not revs:
        return ""
    parts = []
    for v in revs:
        label = edition_label(v["edition"], lang) or v["source"]
        parts.append(f"{label}では{v['actual'] or '—'}{r.unit or ''}" if lang == "ja"
                     else f"{label}: {v['actual'] or '—'}{(' ' + r.unit) if r.unit else ''}")
    head = edition_label(r.extra.get("edition"), lang)
    return (f"({head}の数値。" + "、".join(parts) + ")") if lang == "ja" else \
        (f" ({head} figure; " + "; ".join(parts) + ")")


class CurrentView:
    """The structured store as answers see it: KPI rows reconciled across editions (cached
    until the indexed documents change); everything else passes through."""

    def __init__(self, store) -> None:
        self._store = store
        self._key: Optional[tuple] = None
        self._kpis: list[KpiRecord] = []

    def kpis(self) -> list[KpiRecord]:
        key = tuple((d["source"], d.get("sha256", "")) for d in self._store.documents())
        if key != self._key:
            self._kpis = current(self._store.kpis())
            self._key = key
        return self._kpis

    def __getattr__(self, name):
        return getattr(self._store, name)
