"""python -m assistant.eval QUESTIONS.jsonl [--docs DIR] [--home DIR] [--answers-out FILE] [--json]

Without --docs the existing index (DOCQA_HOME) is used; with --docs those documents are
indexed first (unchanged files are skipped, so a second run is quick).
"""
from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.eval")
    ap.add_argument("questions", nargs="+",
                    help="one or more JSONL sets: {id, question, type, must_include, must_exclude?, lang?}; each is reported apart")
    ap.add_argument("--baseline", action="store_true",
                    help="also run the naive RAG baseline (1,000-char chunks, same embedder, top 4) on the same sets")
    ap.add_argument("--docs", nargs="*", help="index these files or folders first")
    ap.add_argument("--home", help="index home (default: DOCQA_HOME or .docqa)")
    ap.add_argument("--answers-out", help="write one answer JSON per line (the `ask --json` format)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    if args.home:
        os.environ["DOCQA_HOME"] = args.home
    from assistant.answer_service import AnswerService
    from assistant.eval.runner import format_summary, load_questions, run, summarise
    from core.settings import Settings

    try:
        sets = [(path, load_questions(path)) for path in args.questions]
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    service = AnswerService(Settings())
    if args.docs:
        rep = service.index.ingest(args.docs)
        for path, why in rep.errors:
            print(f"error: {path}: {why}", file=sys.stderr)
    if not service.store.documents():
        print("error: the index is empty; pass --docs DIR or build it with python -m ingest", file=sys.stderr)
        return 2
    baseline = None
    if args.baseline:
        from pathlib import Path

        from benchmarks.naive_rag import NaiveRag

        baseline = NaiveRag(service.index.embedder)
        baseline.ingest_files([Path(d["path"]) for d in service.store.documents() if Path(d["path"]).exists()])
    out = {}
    all_answers = []
    for path, questions in sets:
        results = run(service, questions)
        all_answers += [r.answer for r in results]
        summary = summarise(results)
        if baseline is not None:
            from assistant.eval.scoring import passes

            ok = sum(passes(q, baseline.ask(q["question"]))[0] for q in questions)
            summary["baseline"] = {"correct": ok, "n": len(questions), "accuracy": ok / max(1, len(questions))}
        out[path] = summary
        if not args.json:
            print(f"== {path}")
            print(format_summary(summary))
            if baseline is not None:
                b = summary["baseline"]
                print(f"naive RAG baseline, same run: {b['correct']}/{b['n']} = {b['accuracy']:.3f}")
    if args.answers_out:
        with open(args.answers_out, "w", encoding="utf-8") as f:
            for a in all_answers:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(out if len(out) > 1 else next(iter(out.values())), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
