"""Entity linking with evidence: the thing a question asks about → KPI indicators.

The catalog is built from the KPI store (every indicator with its program, article and
unit). A question is scored against each entry by three signals, each of which holds in
either language:
- term coverage: the question's weighted concepts (see terms.py) found in the entry's
  indicator/program/document text (and, at half weight, in the prose that introduces the
  indicator's table), and how much of the indicator's own name the question repeats;
- embedding similarity of the question and the entry (multilingual, so English
  descriptions of Japanese names still meet);
- the rank of the entry's own KPI passage in hybrid retrieval for the question.
Links carry their evidence (concepts matched, similarity, margin over the runner-up); the
answerers use the score as their support, and the verifier decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from assistant.terms import Concept, Coverage, coverage, lexical_share
from core.types import KpiRecord
from ingest.normalize import nfkc
from vectorstore.embeddings import cached_passages


RETRIEVAL_BONUS = (0.12, 0.06, 0.03, 0.0)
INTRO_SHARE = 0.5  # what a word counts when only the indicator's introduction has it


@dataclass
class Link:
    name: str  # indicator
    program: str
    score: float
    evidence: dict = field(default_factory=dict)
    intro: str = ""  # the prose that introduces the indicator's table, when the linker read it


# 「創業した人」「参加する方」: a verbal noun done by people, which an indicator names 創業者, 参加者
_DOER = re.compile(r"([\u3400-\u9fff]{2,})(?:を|に)?(?:した|する|している|していた|された)(?:人|方|者)")


def _agent_nouns(text: str) -> list[str]:
    """The agent nouns a Japanese question says with a verb (創業した人 → 創業者)."""
    return [m.group(1) + "者" for m in _DOER.finditer(nfkc(text))]


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s「」『』()（）、。・?？]", "", nfkc(s))
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _core(name: str) -> str:
    return re.sub(r"\(.*?\)|（.*?）", "", name)


def _line(loc) -> int:
    return loc.line_start if loc.line_start is not None else (loc.page_start or 0) * 10000


def introductions(records: list[KpiRecord], chunks: list) -> dict[tuple[str, str], str]:
    """(indicator, program) → the prose passage just before the indicator's table in its
    program's section: the document's own words for what the indicator measures ("the joint
    PR of 14 autumn events around the station"), which a question may use instead of the name."""
    prose: dict[tuple[str, str], list] = {}
    for c in chunks:
        if c.kind == "text" and c.program:
            prose.setdefault((c.source, c.program), []).append(c)
    out: dict[tuple[str, str], str] = {}
    for r in records:
        key = (r.indicator, r.program)
        if key in out or not r.program:
            continue
        before = [c for c in prose.get((r.source, r.program), []) if _line(c.loc) <= _line(r.loc)]
        if before:
            out[key] = max(before, key=lambda c: _line(c.loc)).text[:600]
    return out


class IndicatorLinker:
    def __init__(self, records: list[KpiRecord], embedder, chunks: Optional[list] = None) -> None:
        seen: dict[tuple[str, str], KpiRecord] = {}
        for r in records:
            seen.setdefault((r.indicator, r.program), r)
        self.entries = list(seen)
        # the document an indicator comes from (a publisher's name in the question counts)
        self.titles = [seen[e].title for e in self.entries]
        self.names = [n for n, _ in self.entries]
        self.texts = [f"{n} ({p})" if p else n for n, p in self.entries]
        intro = introductions(records, chunks or [])
        self.intros = [intro.get(e, "") for e in self.entries]
        self.embedder = embedder
        self._grams = [_bigrams(_core(n)) or _bigrams(n) for n in self.names]

    def _sims(self, text: str, qvec=None) -> np.ndarray:
        if self.embedder is None or not self.texts:
            return np.zeros(len(self.texts))
        vec = np.asarray(qvec if qvec is not None else self.embedder.embed_query(text), dtype=np.float32)
        return cached_passages(self.embedder, self.texts) @ vec

    def link(self, q, concepts: list[Concept], top: int = 3, retrieved: Optional[list[tuple[str, str]]] = None,
             qvec=None) -> list[Link]:
        """`retrieved`: (indicator, program) of the KPI passages hybrid retrieval ranked first
        for the question, best first; their rank adds to the score (a third, independent signal
        that also reads the indicator's table and section)."""
        if not self.entries:
            return []
        qb = _bigrams(q.text) | _bigrams(" ".join(_agent_nouns(q.text)))
        sims = self._sims(q.text, qvec)  # qvec: the question's embedding, when retrieval already has it
        # similarities are relative: what matters is how far an entry stands above the field
        mu, sd = float(np.mean(sims)), float(np.std(sims)) or 1.0
        # the question's heaviest word: an indicator that lacks it is about something else
        known = sorted((c for c in concepts if c.known and c.forms and len(c.label) >= 2), key=lambda c: -c.weight)
        heaviest = known[0] if known else None
        rank = {e: r for r, e in reversed(list(enumerate(retrieved or [])))}
        out = []
        for i, ((name, prog), grams) in enumerate(zip(self.entries, self._grams)):
            name_recall = len(qb & grams) / len(grams) if grams else 0.0
            cov = coverage(concepts, f"{name} {prog} {self.titles[i]}")
            if self.intros[i]:
                # the introduction describes the program around the indicator, not the indicator
                # itself: what only it covers counts half
                wide = coverage(concepts, f"{name} {prog} {self.titles[i]} {self.intros[i]}")
                cov = Coverage(cov.score + INTRO_SHARE * (wide.score - cov.score), wide.covered, wide.missing,
                               wide.missing_names)
            z = (float(sims[i]) - mu) / sd
            emb = min(1.0, max(0.0, (z - 1.0) / 3.0))  # z 1 → 0, z 4 → 1
            lexical = max(name_recall, cov.score) if q.lang == "ja" else cov.score
            share = lexical_share(q.lang)
            score = share * lexical + (1 - share) * emb
            r = rank.get((name, prog))
            if r is not None:
                score += RETRIEVAL_BONUS[min(r, len(RETRIEVAL_BONUS) - 1)]
            # (Japanese only: an English word's dictionary forms are too loose to insist on)
            if q.lang == "ja" and heaviest is not None and not heaviest.in_text(f"{name} {prog} {self.titles[i]}"):
                score *= 0.75
            # ranked on the uncapped score (two entries that both reach 1.0 are still told apart),
            # reported capped at 1.0 (it is a support)
            out.append(Link(name, prog, score, {"name_recall": round(name_recall, 2), "concepts": cov.covered,
                                                "missing": cov.missing, "similarity": round(float(sims[i]), 3),
                                                "z": round(z, 2), "retrieval_rank": None if r is None else r + 1},
                            self.intros[i]))
        out.sort(key=lambda l: (l.score, l.evidence["name_recall"]), reverse=True)
        best = out[:top]
        for j, l in enumerate(best):
            nxt = next((o for o in out[j + 1:] if o.name != l.name), None)
            l.evidence["margin"] = round(min(1.0, l.score) - min(1.0, nxt.score if nxt else 0.0), 3)
        for l in best:
            l.score = min(1.0, l.score)
        return best


def linked_records(records: list[KpiRecord], link: Optional[Link]) -> list[KpiRecord]:
    if link is None:
        return []
    return [r for r in records if r.indicator == link.name and r.program == link.program]
