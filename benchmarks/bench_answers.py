"""Accuracy and warm latency on a question set, ours beside the naive RAG baseline.

Ours: the index home given (build it with `python -m ingest ../shared/corpus/pdf`), every
question through AnswerService after a warm-up, as the app answers. Baseline: see
benchmarks/naive_rag.py, built in the same run with the same embedder. Both are scored by
the gold set's rules (assistant/eval/scoring.py).

Run: python -m benchmarks.bench_answers [--home DIR] [--questions FILE ...] [--repeat N]
(default: every question set in benchmarks/common.py QUESTION_SETS, each reported apart)
"""
from __future__ import annotations

import argparse
import json
import os
import time

from benchmarks.common import CORPUS, QUESTION_SETS


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=os.environ.get("DOCQA_HOME", ".docqa"))
    ap.add_argument("--questions", nargs="+", default=[str(p) for p in QUESTION_SETS if p.exists()])
    ap.add_argument("--repeat", type=int, default=3, help="passes over the questions for the latency figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ["DOCQA_HOME"] = args.home
    from assistant.answer_service import AnswerService
    from assistant.eval.runner import STRUCTURED_MODES, load_questions, percentile, run, summarise
    from assistant.eval.scoring import passes
    from benchmarks.naive_rag import NaiveRag
    from core.settings import Settings

    service = AnswerService(Settings())
    if not service.store.documents():
        raise SystemExit(f"the index at {args.home} is empty: python -m ingest ../shared/corpus/pdf --home {args.home}")
    base = NaiveRag(service.index.embedder)
    n_chunks, base_ingest = base.ingest_pdfs(CORPUS / "pdf")
    out = {"sets": {}, "baseline_chunks": n_chunks, "baseline_ingest_s": round(base_ingest, 1)}
    all_results, base_ms = [], []
    for path in args.questions:
        questions = load_questions(path)
        results = run(service, questions)
        for _ in range(args.repeat - 1):
            all_results += run(service, questions, warmup=False)
        all_results += results
        ours = summarise(results)
        base_ok = 0
        for q in questions:
            t0 = time.perf_counter()
            a = base.ask(q["question"])
            base_ms.append((time.perf_counter() - t0) * 1000)
            base_ok += passes(q, a)[0]
        out["sets"][os.path.basename(path)] = {
            "n": len(questions), "ours_correct": ours["correct"], "ours_accuracy": round(ours["accuracy"], 3),
            "baseline_correct": base_ok, "baseline_accuracy": round(base_ok / len(questions), 3),
            "by_lang": ours["by_lang"], "abstention": ours["abstention"], "by_type": ours["by_type"]}
    ms = [r.ms for r in all_results]
    st = [r.ms for r in all_results if r.mode in STRUCTURED_MODES]
    rt = [r.ms for r in all_results if r.mode not in STRUCTURED_MODES]
    out["latency_ms"] = {"p50": round(percentile(ms, 50), 1), "p95": round(percentile(ms, 95), 1),
                         "structured_p50": round(percentile(st, 50), 1), "structured_p95": round(percentile(st, 95), 1),
                         "retrieval_p50": round(percentile(rt, 50), 1), "retrieval_p95": round(percentile(rt, 95), 1),
                         "samples": len(ms)}
    out["baseline_latency_ms"] = {"p50": round(percentile(base_ms, 50), 1), "p95": round(percentile(base_ms, 95), 1)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    for name, r in out["sets"].items():
        ab = r["abstention"]
        langs = ", ".join(f"{l} {v['correct']}/{v['n']}" for l, v in r["by_lang"].items())
        print(f"{name}: ours {r['ours_correct']}/{r['n']} = {r['ours_accuracy']}, naive RAG {r['baseline_correct']}/{r['n']} "
              f"= {r['baseline_accuracy']}; {langs}; refused {ab['refused']} (unanswerable caught {ab['caught']} of "
              f"{ab['unanswerable']}, answerable refused {ab['answerable_refused']})")
    lat = out["latency_ms"]
    print(f"warm latency over {lat['samples']} answers: p50 {lat['p50']} ms, p95 {lat['p95']} ms; structured p50 "
          f"{lat['structured_p50']} / p95 {lat['structured_p95']} ms; retrieval p50 {lat['retrieval_p50']} / "
          f"p95 {lat['retrieval_p95']} ms")
    modes = sorted({r.mode for r in all_results})
    print("p95 by answer mode: " + ", ".join(
        f"{m} {percentile([r.ms for r in all_results if r.mode == m], 95):.1f} ms" for m in modes))
    print(f"baseline: {n_chunks} chunks of 1,000 chars, ingest {out['baseline_ingest_s']} s, latency p50 "
          f"{out['baseline_latency_ms']['p50']} ms / p95 {out['baseline_latency_ms']['p95']} ms")


if __name__ == "__main__":
    main()
