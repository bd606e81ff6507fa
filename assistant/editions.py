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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from core.types import KpiRecord
from ingest.normalize import nfkc

_ERA_YEAR = re.compile(r"(令和|平成)\s*(\d{1,2}|元)\s*(?:[（(]\s*(\d{4})\s*[）)])?\s*年度")
_WESTERN = re.compile(r"((?:19|20)\d\d)\s*年度")


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
def series_of(title: str) -> str:
    """A report's title without its edition year: the editions of one report share it."""
    t = _WESTERN.sub("", _ERA_YEAR.sub("", nfkc(title or "")))
    return re.sub(r"[\s()（）]", "", t)


_YEARS = re.compile(r"(?:令和|平成)\s*(?:\d{1,2}|元)\s*(?:\(\s*\d{4}\s*\))?\s*年度?|\bR\s*\d{1,2}\b|FY\s*\d{4}|(?:19|20)\d\d\s*年?度?")


def _repeat_key(c) -> tuple:
    """What makes two editions' passages one: the same text, or for prose the same text but for
    its years (「令和7年度から拡充」 reprinted as 「令和8年度から拡充」 next year). Tables keep
    their years: each edition's table holds figures of its own years."""
    if c.kind in ("table", "kpi"):
        return series_of(c.title), c.section, c.text
    return series_of(c.title), _YEARS.sub("〈年〉", c.section), _YEARS.sub("〈年〉", c.text)


def latest_copies(passages: list, prefer: tuple = ()) -> list[tuple[int, object]]:
    """Passages that several editions of one report repeat (word for word, or prose with only
    its years moved on), each kept once: the copy of the edition that reports a year in
    `prefer` (the years a question asks about), else the latest edition's, at the position of
    the first copy (returned with it); every other passage as it was."""
    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(passages):
        groups.setdefault(_repeat_key(c), []).append(i)
    keep: dict[int, object] = {}
    for idx in groups.values():
        if len({passages[i].source for i in idx}) < len(idx):
            # two of them in one edition differ in their years: distinct passages; only copies
            # word for word are one
            exact: dict[tuple, list[int]] = {}
            for i in idx:
                exact.setdefault((series_of(passages[i].title), passages[i].section, passages[i].text), []).append(i)
            parts = list(exact.values())
        else:
            parts = [idx]
        for part in parts:
            best = max(part, key=lambda i: (edition_of(passages[i].title) in prefer,
                                            edition_of(passages[i].title) or 0, -i))
            keep[part[0]] = passages[best]
    return sorted(keep.items())


def _key(name: str) -> str:
    return re.sub(r"[\s・「」『』()（）]", "", nfkc(name or ""))


def renamed_programs(records: list[KpiRecord], editions: dict[str, Optional[int]]) -> dict[tuple, str]:
    """One series across a renamed program: (doc type, article, indicator key, program key) →
    the program key of its latest edition, when the same indicator of the same article comes
    under different program names in different editions and no edition has both names."""
    by: dict[tuple, dict[str, set[str]]] = {}
    for r in records:
        by.setdefault((r.doc_type, r.article, _key(r.indicator)), {}).setdefault(_key(r.program), set()).add(r.source)
    out: dict[tuple, str] = {}
    for k, progs in by.items():
        # a program under the same name in every edition is its own series (an edition may print
        # one caption over two programs' tables); the others are one series renamed if no edition
        # has two of them
        every = set().union(*progs.values())
        progs = {p: srcs for p, srcs in progs.items() if srcs != every}
        if len(progs) < 2:
            continue
        sources = list(progs.values())
        if any(a & b for i, a in enumerate(sources) for b in sources[i + 1:]):
            continue  # two programs of one edition share the indicator name: different series
        latest = max(progs, key=lambda p: max(editions.get(s) or 0 for s in progs[p]))
        out.update({(*k, p): latest for p in progs})
    return out


def current(records: list[KpiRecord]) -> list[KpiRecord]:
    """One record per (program, indicator, year): the latest edition's; earlier editions'
    differing figures in `extra["revisions"]`, the edition in `extra["edition"]`."""
    editions = {r.source: edition_of(r.title) for r in records}
    if len({s for s in editions}) < 2 or len({e for e in editions.values() if e}) < 2:
        return records  # one edition (or undated documents): nothing to reconcile
    programs = renamed_programs(records, editions)
    groups: dict[tuple, list[KpiRecord]] = {}
    order: list[tuple] = []
    for r in records:
        prog = programs.get((r.doc_type, r.article, _key(r.indicator), _key(r.program)), _key(r.program))
        k = (r.doc_type, prog, _key(r.indicator), r.fiscal_year if r.fiscal_year else r.year)
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
        extra = {**latest.extra, "edition": editions.get(latest.source), "revisions": revisions,
                 "also_in": [r.source for r in rs[1:]]}
        earlier_names = sorted({r.program for r in rs[1:] if _key(r.program) != _key(latest.program)})
        if earlier_names:  # the match across a renamed program, with its evidence
            extra["series_match"] = {"earlier_program_names": earlier_names,
                                     "evidence": "same article and indicator; the program names never appear "
                                                 "together in one edition"}
        out.append(replace(latest, extra=extra))
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

    def all_kpis(self) -> list[KpiRecord]:
        """Every edition's rows, unreconciled (to compare editions)."""
        return self._store.kpis()

    def __getattr__(self, name):
        return getattr(self._store, name)


def document_editions(documents: list[dict]) -> dict[str, Optional[int]]:
    """source → the edition its title names (None for undated documents: the program, the ordinance)."""
    return {d["source"]: edition_of(d.get("title") or "") for d in documents}


class EditionView:
    """The store as one named edition reads ("according to the 令和6年度 report"): KPI rows of
    that edition and of undated documents only, with no reconciliation across editions."""

    def __init__(self, store, edition: int) -> None:
        self._store = store
        self.edition = edition
        eds = document_editions(store.documents())
        self.excluded = frozenset(s for s, e in eds.items() if e is not None and e != edition)

    def kpis(self) -> list[KpiRecord]:
        return [replace(r, extra={**r.extra, "edition": edition_of(r.title)})
                for r in self._store.kpis() if r.source not in self.excluded]

    def __getattr__(self, name):
        return getattr(self._store, name)


@dataclass
class EditionChanges:
    older: int
    newer: int
    revised: list[tuple[KpiRecord, KpiRecord]]  # (older row, newer row) for the same indicator and year
    added: list[str]  # programs only the newer edition reports
    removed: list[str]  # programs only the older edition reports
    renamed: list[tuple[str, str]]  # (older name, newer name) of one program under another name
    rows: dict[str, KpiRecord]  # a row of each named program, for its citation
    moved: list[tuple[str, Optional[int], Optional[int]]] = field(default_factory=list)  # (program, article before, after)


def compare_editions(records: list[KpiRecord], older: int, newer: int) -> EditionChanges:
    """What the newer edition of a report changed against the older: revised figures of the
    years both report, programs added or removed, and programs renamed (an old and a new name
    under the same article whose indicators are the same, or whose names are close)."""
    from difflib import SequenceMatcher

    by_ed: dict[int, list[KpiRecord]] = {older: [], newer: []}
    for r in records:
        e = edition_of(r.title)
        if e in by_ed and r.doc_type == "report":
            by_ed[e].append(r)
    old_rows = {(_key(r.program), _key(r.indicator), r.fiscal_year): r for r in by_ed[older]}
    revised = []
    for r in by_ed[newer]:
        o = old_rows.get((_key(r.program), _key(r.indicator), r.fiscal_year))
        if o is not None and (nfkc(o.target), nfkc(o.actual)) != (nfkc(r.target), nfkc(r.actual)):
            revised.append((o, r))
    progs = {e: {} for e in by_ed}
    for e, rows in by_ed.items():
        for r in rows:
            progs[e].setdefault(_key(r.program), r)
    gone = [k for k in progs[older] if k not in progs[newer]]
    new = [k for k in progs[newer] if k not in progs[older]]
    renamed = []
    for k in list(gone):
        o = progs[older][k]
        o_inds = {_key(r.indicator) for r in by_ed[older] if _key(r.program) == k}

        def likeness(n: str) -> float:
            r = progs[newer][n]
            n_inds = {_key(x.indicator) for x in by_ed[newer] if _key(x.program) == n}
            same_article = r.article == o.article
            shared = len(o_inds & n_inds) / max(1, len(o_inds | n_inds))
            return (shared if same_article else 0.0) + SequenceMatcher(None, k, n).ratio() * 0.5

        best = max(new, key=likeness, default=None)
        if best is not None and likeness(best) >= 0.6:
            renamed.append((o.program, progs[newer][best].program))
            gone.remove(k)
            new.remove(best)
    moved = [(progs[newer][k].program, progs[older][k].article, progs[newer][k].article)
             for k in progs[newer] if k in progs[older] and progs[older][k].article != progs[newer][k].article]
    rows = {**{r.program: r for r in progs[older].values()}, **{r.program: r for r in progs[newer].values()}}
    return EditionChanges(older, newer, revised, [progs[newer][k].program for k in new],
                          [progs[older][k].program for k in gone], renamed, rows, moved)
