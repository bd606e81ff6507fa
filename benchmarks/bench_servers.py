"""The shared-store backend (PostgreSQL + a Chroma server) against the embedded default, in
one run, on throwaway servers started here (tests/servers.py):

1. parity and query latency: the shared text corpus on both backends; every question of every
   set in QUESTION_SETS asked on both (warm, --repeat passes); answers compared, p50/p95 each;
2. scale: the shared text corpus plus N editions of the report made by tests/edition_maker.py,
   ingested one by one into one collection; ingest seconds per edition; query p95 (every
   question of every set) and the development sets' scores with 1 and with N+1 editions.

Run: python -m benchmarks.bench_servers [--editions 9] [--repeat 2] [--json]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.common import CORPUS, DEV_QUESTIONS, QUESTION_SETS


def _latencies(service, questions: list[str], repeat: int) -> tuple[list[float], dict[str, dict]]:
    service.warm()
    ms, answers = [], {}
    for _ in range(repeat):
        for q in questions:
            t0 = time.perf_counter()
            a = service.ask(q)
            ms.append((time.perf_counter() - t0) * 1000)
            d = a.to_dict()
            d.pop("trace", None)
            answers[q] = d
    return ms, answers


def _score(service, paths: list[Path]) -> dict[str, str]:
    from assistant.eval.runner import load_questions, run, summarise

    out = {}
    for p in paths:
        if p.exists():
            s = summarise(run(service, load_questions(p), warmup=False))
            out[p.name] = f"{s['correct']}/{s['n']}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--editions", type=int, default=9, help="generated editions added in the scale part")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from assistant.answer_service import AnswerService
    from assistant.eval.runner import load_questions, percentile
    from core.settings import Settings
    from tests.edition_maker import next_edition
    from tests.servers import chroma_server, postgres_server
    from vectorstore.index_service import IndexService

    questions = list(dict.fromkeys(q["question"] for p in QUESTION_SETS if p.exists() for q in load_questions(p)))
    dev_sets = [DEV_QUESTIONS, DEV_QUESTIONS.with_name("dev_questions_2.jsonl")]
    out: dict = {"questions": len(questions)}
    with tempfile.TemporaryDirectory() as tmp, postgres_server() as pg, chroma_server() as chroma:
        tmp = Path(tmp)
        # ---- 1. parity and latency -----------------------------------------------------------
        t0 = time.perf_counter()
        embedded = AnswerService(Settings(home=tmp / "embedded"))
        embedded.index.ingest([CORPUS / "text"])
        out["embedded_ingest_s"] = round(time.perf_counter() - t0, 1)
        s = Settings(home=tmp / "embedded", database_url=pg, chroma_url=chroma, collection="bench")
        t0 = time.perf_counter()
        server = AnswerService(s, IndexService(s, embedder=embedded.index.embedder))
        server.index.ingest([CORPUS / "text"])  # the vector cache is shared: this times the stores
        out["server_ingest_cached_vectors_s"] = round(time.perf_counter() - t0, 1)
        ms_e, ans_e = _latencies(embedded, questions, args.repeat)
        ms_s, ans_s = _latencies(server, questions, args.repeat)
        out["identical_answers"] = sum(ans_e[q] == ans_s[q] for q in questions)
        out["embedded_ms"] = {"p50": round(percentile(ms_e, 50), 1), "p95": round(percentile(ms_e, 95), 1)}
        out["server_ms"] = {"p50": round(percentile(ms_s, 50), 1), "p95": round(percentile(ms_s, 95), 1)}
        out["p95_ratio"] = round(out["server_ms"]["p95"] / out["embedded_ms"]["p95"], 2)

        # ---- 2. scale: editions in one collection (fresh vector cache: real ingest cost) -------
        s = Settings(home=tmp / "scale", database_url=pg, chroma_url=chroma, collection="scale")
        scale = AnswerService(s, IndexService(s, embedder=embedded.index.embedder))
        t0 = time.perf_counter()
        scale.index.ingest([CORPUS / "text"])
        per_edition = [round(time.perf_counter() - t0, 1)]
        # every question of every set, as in part 1: a p95 over a few dozen questions moves by a
        # third from run to run
        ms_1, _ = _latencies(scale, questions, args.repeat)
        score_1 = _score(scale, dev_sets)
        report = (CORPUS / "text" / "verification_report_r6.txt").read_text(encoding="utf-8")
        docs = tmp / "editions"
        docs.mkdir()
        for step in range(1, args.editions + 1):
            path = docs / f"verification_report_r{6 + step}.txt"
            path.write_text(next_edition(report, step), encoding="utf-8")
            t0 = time.perf_counter()
            rep = scale.index.ingest([path])
            assert not rep.errors, rep.errors
            per_edition.append(round(time.perf_counter() - t0, 1))
        # a fresh service, as for one edition: each question pays its one embedding in the first
        # pass here too (the first service has every question's vector cached by now)
        scale_n = AnswerService(s, IndexService(s, embedder=embedded.index.embedder))
        ms_n, _ = _latencies(scale_n, questions, args.repeat)
        out["scale"] = {
            "editions": args.editions + 1, "ingest_s_per_edition": per_edition,
            "query_ms_1_edition": {"p50": round(percentile(ms_1, 50), 1), "p95": round(percentile(ms_1, 95), 1)},
            "query_ms_all_editions": {"p50": round(percentile(ms_n, 50), 1), "p95": round(percentile(ms_n, 95), 1)},
            # the later passes alone, with the question's vector cached: the stores' share
            "warm_vector_p95_1_edition": round(percentile(ms_1[len(questions):], 95), 1),
            "warm_vector_p95_all_editions": round(percentile(ms_n[len(questions):], 95), 1),
            "dev_scores_1_edition": score_1, "dev_scores_all_editions": _score(scale_n, dev_sets),
            "kpi_rows_current": len(scale.store.kpis()), "chunks": len(scale.index.keywords)}
        out["scale"]["p95_growth"] = round(out["scale"]["query_ms_all_editions"]["p95"]
                                           / out["scale"]["query_ms_1_edition"]["p95"], 2)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"parity: {out['identical_answers']}/{out['questions']} answers identical on both backends")
    print(f"query latency over {out['questions']} questions x {args.repeat}: embedded p50 {out['embedded_ms']['p50']} / "
          f"p95 {out['embedded_ms']['p95']} ms; PostgreSQL + Chroma server p50 {out['server_ms']['p50']} / p95 "
          f"{out['server_ms']['p95']} ms (p95 ratio {out['p95_ratio']})")
    print(f"ingest of the shared text corpus: embedded {out['embedded_ingest_s']} s; servers with cached vectors "
          f"{out['server_ingest_cached_vectors_s']} s")
    sc = out["scale"]
    print(f"scale: {sc['editions']} editions in one collection; ingest s per edition {sc['ingest_s_per_edition']}; "
          f"query p95 {sc['query_ms_1_edition']['p95']} ms with 1, {sc['query_ms_all_editions']['p95']} ms "
          f"with {sc['editions']} (x{sc['p95_growth']}); with the question's vector cached "
          f"{sc['warm_vector_p95_1_edition']} → {sc['warm_vector_p95_all_editions']} ms "
          f"(x{round(sc['warm_vector_p95_all_editions'] / sc['warm_vector_p95_1_edition'], 2)}); "
          f"dev scores {sc['dev_scores_1_edition']} → "
          f"{sc['dev_scores_all_editions']}; {sc['chunks']} passages")


if __name__ == "__main__":
    main()
