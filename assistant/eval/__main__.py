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
    ap.add_argument("questions", help="JSONL: {id, question, type, must_include, must_exclude?, source?, source_lines?}")
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
        questions = load_questions(args.questions)
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
    results = run(service, questions)
    if args.answers_out:
        with open(args.answers_out, "w", encoding="utf-8") as f:
            for r in results:
                f.write(json.dumps(r.answer, ensure_ascii=False) + "\n")
    summary = summarise(results)
    print(json.dumps(summary, ensure_ascii=False, indent=1) if args.json else format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
