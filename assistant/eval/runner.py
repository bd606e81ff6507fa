"""Run a question set through AnswerService (the path the UI and CLI use) and summarise."""
from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from assistant.eval.scoring import passes, recall_at_k


@dataclass
class QuestionResult:
    id: str
    type: str
    ok: bool
    why: str
    mode: str
    ms: float
    recall_doc: Optional[bool]
    recall_lines: Optional[bool]
    answer: dict = field(repr=False, default_factory=dict)
    lang: str = ""
    grounded: bool = True


def load_questions(path: str | Path) -> list[dict]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                q = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
            if "question" not in q or "type" not in q:
                raise ValueError(f"{path}:{n}: needs at least 'question' and 'type'")
            q.setdefault("id", f"q{n}")
            out.append(q)
    return out


def run(service, questions: list[dict], warmup: bool = True) -> list[QuestionResult]:
    doc_types = {d["source"]: d["doc_type"] for d in service.store.documents()}
    if warmup:
        service.warm()  # what the app does at start: latency below is a warm app's
    results = []
    for q in questions:
        t0 = time.perf_counter()
        ans = service.ask(q["question"])
        ms = (time.perf_counter() - t0) * 1000
        a = ans.to_dict()
        ok, why = passes(q, a)
        rec = recall_at_k(q, a, doc_types)
        results.append(QuestionResult(q["id"], q["type"], ok, why, ans.mode, ms, rec["doc"], rec["lines"], a,
                                      q.get("lang", ans.lang), ans.grounded))
    return results


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    i = min(len(v) - 1, max(0, round(p / 100 * (len(v) - 1))))
    return v[i]


STRUCTURED_MODES = {"kpi", "article", "mapping", "policy"}


def summarise(results: list[QuestionResult]) -> dict:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        by_type[r.type][0] += r.ok
        by_type[r.type][1] += 1
    docs = [r.recall_doc for r in results if r.recall_doc is not None]
    lines = [r.recall_lines for r in results if r.recall_lines is not None]
    ms = [r.ms for r in results]
    structured = [r.ms for r in results if r.mode in STRUCTURED_MODES]
    retrieval = [r.ms for r in results if r.mode not in STRUCTURED_MODES]
    n_ok = sum(r.ok for r in results)
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        by_lang[r.lang][0] += r.ok
        by_lang[r.lang][1] += 1
    refused = [r for r in results if not r.grounded]
    unanswerable = [r for r in results if r.type == "unanswerable"]
    caught = sum(r.type == "unanswerable" for r in refused)
    return {
        "n": len(results), "correct": n_ok, "accuracy": n_ok / max(1, len(results)),
        "by_type": {t: {"correct": k, "n": n} for t, (k, n) in sorted(by_type.items())},
        "by_lang": {l: {"correct": k, "n": n} for l, (k, n) in sorted(by_lang.items())},
        "abstention": {"refused": len(refused), "unanswerable": len(unanswerable), "caught": caught,
                       "precision": caught / len(refused) if refused else None,
                       "recall": caught / len(unanswerable) if unanswerable else None,
                       "answerable_refused": len(refused) - caught,
                       "answerable_refused_share": (len(refused) - caught) / max(1, len(results) - len(unanswerable))},
        "recall@5_doc": sum(docs) / len(docs) if docs else None, "recall@5_doc_n": len(docs),
        "recall@5_lines": sum(lines) / len(lines) if lines else None, "recall@5_lines_n": len(lines),
        "latency_ms": {"p50": percentile(ms, 50), "p95": percentile(ms, 95),
                       "structured_p50": percentile(structured, 50), "structured_p95": percentile(structured, 95),
                       "retrieval_p50": percentile(retrieval, 50), "retrieval_p95": percentile(retrieval, 95)},
        "failures": [{"id": r.id, "why": r.why} for r in results if not r.ok],
    }


def format_summary(s: dict) -> str:
    def pct(x):
        return "n/a" if x is None else f"{x:.3f}"

    out = [f"{t}: {v['correct']}/{v['n']}" for t, v in s["by_type"].items()]
    out.append("by language: " + ", ".join(f"{l} {v['correct']}/{v['n']}" for l, v in s["by_lang"].items()))
    ab = s["abstention"]
    out.append(f"abstention: refused {ab['refused']}, of which unanswerable {ab['caught']} of {ab['unanswerable']} "
               f"(precision {pct(ab['precision'])}, recall {pct(ab['recall'])}); answerable refused "
               f"{ab['answerable_refused']} ({ab['answerable_refused_share']:.1%})")
    out.append(f"retrieval recall@5 (named document): {pct(s['recall@5_doc'])} over {s['recall@5_doc_n']} questions")
    out.append(f"retrieval recall@5 (named lines, text index only): {pct(s['recall@5_lines'])} "
               f"over {s['recall@5_lines_n']} questions")
    lat = s["latency_ms"]
    out.append(f"latency ms: p50 {lat['p50']:.1f}, p95 {lat['p95']:.1f}; structured p50 {lat['structured_p50']:.1f} "
               f"p95 {lat['structured_p95']:.1f}; retrieval p50 {lat['retrieval_p50']:.1f} p95 {lat['retrieval_p95']:.1f}")
    for f in s["failures"]:
        out.append(f"FAIL {f['id']}: {f['why']}")
    out.append(f"accuracy {s['correct']}/{s['n']} = {s['accuracy']:.3f}")
    return "\n".join(out)
