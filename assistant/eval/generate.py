"""Questions generated from an index's own stores, with gold answers, to test and calibrate on
any document set (a new city's report has no hand-written questions yet).

python -m assistant.eval.generate --home DIR [--out FILE] [--per-indicator N] [--seed S]

- every KPI indicator × a year it reports: its actual, asked in Japanese and in English
  with several templates (the gold is the actual as printed);
- every ordinance article: what it provides (the gold is its title);
- unanswerable variants made from the same entries: a year the indicator's table does not
  have, an article number the ordinance does not have.

The names are quoted as the document prints them, so these questions test the structured
path and the verifier's handling of absent years and articles, not paraphrase; the blind
sets written by people test the rest.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Iterable

from core.types import Article, KpiRecord

JA_ACTUAL = ["「{name}」の{wareki}の実績は？", "{wareki}の「{name}」はどれくらいでしたか。", "「{name}」、{wareki}の実績値を教えて"]
EN_ACTUAL = ["What was the FY{fy} actual for 「{name}」?", "How did 「{name}」 turn out in FY{fy}?",
             "In fiscal {fy}, what figure was reported for 「{name}」?"]
# any publisher's ordinance: the templates name none
JA_ARTICLE = ["条例第{n}条は何を定めている？", "条例の第{n}条の内容を教えてください。"]
EN_ARTICLE = ["What does Article {n} of the ordinance provide?", "Summarise Article {n} of the ordinance."]


def wareki(fy: int) -> str:
    return f"令和{fy - 2018}年度" if fy >= 2019 else f"平成{fy - 1988}年度"


def _q(qid: str, lang: str, qtype: str, text: str, gold: list[str], answer: str) -> dict:
    return {"id": qid, "lang": lang, "type": qtype, "question": text, "must_include": gold, "answer": answer,
            "source": "generated"}


def indicator_questions(kpis: Iterable[KpiRecord], rng: random.Random, per_indicator: int = 1) -> list[dict]:
    """One answerable question per indicator and language (a year with an actual), and one
    unanswerable one (a year two after the last the table reports)."""
    series: dict[tuple[str, str], list[KpiRecord]] = {}
    for r in kpis:
        if r.fiscal_year and r.indicator:
            series.setdefault((r.indicator, r.program), []).append(r)
    names = [n for n, _ in series]
    out = []
    for (name, program), rows in sorted(series.items()):
        if names.count(name) > 1:
            continue  # the same name under two programs: the question would be ambiguous
        with_actual = [r for r in rows if r.actual and r.status != "plan"]
        for r in rng.sample(with_actual, min(per_indicator, len(with_actual))):
            fy = r.fiscal_year
            gold = [r.actual.replace(" ", "")]
            ans = f"{name}: {r.actual}{r.unit or ''} ({r.year})"
            out.append(_q(f"g-kpi-ja-{len(out)}", "ja", "lookup",
                          rng.choice(JA_ACTUAL).format(name=name, wareki=wareki(fy)), gold, ans))
            out.append(_q(f"g-kpi-en-{len(out)}", "en", "lookup", rng.choice(EN_ACTUAL).format(name=name, fy=fy), gold, ans))
        years = sorted({r.fiscal_year for r in rows})
        absent = years[-1] + 2
        lang = rng.choice(["ja", "en"])
        text = (rng.choice(JA_ACTUAL).format(name=name, wareki=wareki(absent)) if lang == "ja"
                else rng.choice(EN_ACTUAL).format(name=name, fy=absent))
        out.append(_q(f"g-kpi-un-{len(out)}", lang, "unanswerable", text, [],
                      f"the table of {name} has no FY{absent} (it reports {years[0]}–{years[-1]})"))
    return out


def article_questions(articles: Iterable[Article], rng: random.Random) -> list[dict]:
    """What each numbered, titled article provides (gold: its title), and two articles past the
    last one, which the documents cannot answer."""
    numbered = sorted((a for a in articles if 0 < a.number < 99 and a.title), key=lambda a: a.number)
    out = []
    for a in numbered:
        for lang, templates in (("ja", JA_ARTICLE), ("en", EN_ARTICLE)):
            out.append(_q(f"g-art-{lang}-{a.number}", lang, "article", rng.choice(templates).format(n=a.number),
                          [a.title], f"第{a.number}条({a.title})"))
    if numbered:
        last = numbered[-1].number
        for k, lang in ((last + 3, "ja"), (last + 10, "en")):
            out.append(_q(f"g-art-un-{k}", lang, "unanswerable",
                          rng.choice(JA_ARTICLE if lang == "ja" else EN_ARTICLE).format(n=k), [],
                          f"the ordinance ends at Article {last}"))
    return out


def generate(store, seed: int = 0, per_indicator: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return indicator_questions(store.kpis(), rng, per_indicator) + article_questions(store.articles(), rng)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m assistant.eval.generate")
    ap.add_argument("--home", help="index home (default: DOCQA_HOME or .docqa)")
    ap.add_argument("--out", help="JSONL file to write (default: standard output)")
    ap.add_argument("--per-indicator", type=int, default=1, help="years asked per indicator and language")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.home:
        os.environ["DOCQA_HOME"] = args.home
    from core.settings import Settings
    from vectorstore.index_service import IndexService

    store = IndexService(Settings()).store
    questions = generate(store, args.seed, args.per_indicator)
    if not questions:
        print("error: the index holds no KPI rows or ordinance articles to generate questions from", file=sys.stderr)
        return 2
    lines = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(lines)
        n_un = sum(q["type"] == "unanswerable" for q in questions)
        print(f"{len(questions)} questions ({n_un} unanswerable) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
