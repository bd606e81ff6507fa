"""python -m assistant ask ["QUESTION"] [--json] — answer one question, or one per stdin line."""
from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant")
    sub = ap.add_subparsers(dest="cmd", required=True)
    ask = sub.add_parser("ask", help="answer a question (or questions from stdin, one per line)")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--json", action="store_true", help="print JSON (always JSON when reading stdin)")
    ask.add_argument("--home", help="index home (default: DOCQA_HOME or .docqa)")
    ask.add_argument("--collection", help="the collection to answer from (default: DOCQA_COLLECTION or default)")
    args = ap.parse_args(argv)
    import os

    if args.home:
        os.environ["DOCQA_HOME"] = args.home
    if args.collection:
        os.environ["DOCQA_COLLECTION"] = args.collection
    from assistant.answer_service import AnswerService
    from core.settings import Settings

    try:
        service = AnswerService(Settings())
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not service.store.documents():
        print("error: the index is empty; build it first: python -m ingest ../shared/corpus/pdf", file=sys.stderr)
        return 2
    if args.question:
        ans = service.ask(args.question)
        if args.json:
            print(json.dumps(ans.to_dict(), ensure_ascii=False))
        else:
            print(ans.answer)
            for i, c in enumerate(ans.citations, 1):
                print(f"  [{i}] {c.label()}")
        return 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        print(json.dumps(service.ask(line).to_dict(), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
