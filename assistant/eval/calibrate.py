"""Fit the verifier's abstention threshold on labelled question sets.

python -m assistant.eval.calibrate SET.jsonl [SET.jsonl@HOME ...] [--home DIR]

A set written SET.jsonl@HOME is answered from the index at HOME (sets about other documents
live in their own index); the others from --home.

Every question is answered once with the threshold at 0, so the verifier never abstains
for low support; the answer's support and whether it passes the set's scoring rules are
recorded. For each threshold t the outcome is then known without re-running: a question
with support < t becomes "not in the documents", right for an unanswerable question and
wrong for an answerable one. The threshold with the best accuracy (ties: the lower one)
is printed with abstention precision and recall, per set and overall.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass


@dataclass
class Point:
    set: str
    unanswerable: bool
    support: float
    passes_if_answered: bool  # the answer given at threshold 0 passes the rules
    refused_anyway: bool  # an answerer itself found the documents silent (grounded false)


def outcome(p: Point, t: float) -> tuple[bool, bool]:
    """(correct, abstained) at threshold t."""
    abstained = p.refused_anyway or p.support < t
    if p.unanswerable:
        return abstained, abstained
    return (not abstained and p.passes_if_answered), abstained


def sweep(points: list[Point], thresholds: list[float]) -> list[dict]:
    rows = []
    for t in thresholds:
        res = [outcome(p, t) for p in points]
        correct = sum(c for c, _ in res)
        abst = [p for p, (_, a) in zip(points, res) if a]
        tp = sum(p.unanswerable for p in abst)
        n_un = sum(p.unanswerable for p in points)
        rows.append({"threshold": t, "accuracy": correct / max(1, len(points)), "correct": correct, "n": len(points),
                     "abstain_precision": tp / len(abst) if abst else None,
                     "abstain_recall": tp / n_un if n_un else None,
                     "answerable_refused": sum(not p.unanswerable for p in abst)})
    return rows


def best_threshold(points: list[Point]) -> dict:
    grid = [round(0.05 * i, 2) for i in range(0, 17)]
    return max(sweep(points, grid), key=lambda r: (r["correct"], -r["threshold"]))


def collect(service, questions: list[dict], set_name: str) -> list[Point]:
    from assistant.eval.scoring import passes

    points = []
    for q in questions:
        a = service.ask(q["question"])
        d = a.to_dict()
        ok, _ = passes(q | {"type": "answerable"} if q["type"] == "unanswerable" else q, d)
        chosen_none = not a.grounded
        points.append(Point(set_name, q["type"] == "unanswerable", a.support or 0.0, ok and a.grounded, chosen_none))
    return points


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.eval.calibrate")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--home", help="index home (default: DOCQA_HOME or .docqa)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.home:
        os.environ["DOCQA_HOME"] = args.home
    from assistant.answer_service import AnswerService
    from assistant.eval.runner import load_questions
    from core.settings import Settings

    services: dict[str, AnswerService] = {}

    def service_for(home: str | None) -> AnswerService:
        key = home or ""
        if key not in services:
            settings = Settings(abstain_threshold=0.0, **({"home": home} if home else {}))
            services[key] = AnswerService(settings)
            services[key].warm()
        return services[key]

    points: list[Point] = []
    for spec in args.sets:
        path, _, home = spec.partition("@")
        points += collect(service_for(home or None), load_questions(path), os.path.basename(path))
    best = best_threshold(points)
    per_set = {}
    for name in dict.fromkeys(p.set for p in points):
        per_set[name] = sweep([p for p in points if p.set == name], [best["threshold"]])[0]
    out = {"best": best, "per_set": per_set,
           "curve": sweep(points, [round(0.05 * i, 2) for i in range(0, 17)])}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(f"threshold {best['threshold']:.2f}: accuracy {best['correct']}/{best['n']} = {best['accuracy']:.3f}, "
              f"abstention precision {best['abstain_precision']}, recall {best['abstain_recall']}")
        for name, r in per_set.items():
            print(f"  {name}: {r['correct']}/{r['n']} = {r['accuracy']:.3f}; abstention P={r['abstain_precision']} "
                  f"R={r['abstain_recall']}; answerable refused {r['answerable_refused']}")
        for r in out["curve"]:
            print(f"  t={r['threshold']:.2f} acc={r['accuracy']:.3f} P={r['abstain_precision']} R={r['abstain_recall']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
