"""Answers computed from the KPI store: missed/met targets by article and year, single
indicator look-ups. Every row carries its citation; nothing is read off a chunk by a model."""
from __future__ import annotations

import re

from typing import Optional

from assistant.citations import from_kpi
from assistant.question import Query
from core.types import Answer, KpiRecord


STATUS_LABELS = {"ja": {"met": "達成", "missed": "未達", "undecidable": "判定不可", "no_target": "目標設定なし",
                        "plan": "計画"},
                 "en": {"met": "met", "missed": "missed", "undecidable": "undecidable", "no_target": "no target",
                        "plan": "plan"}}


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS["ja" if lang == "ja" else "en"].get(status, status)


# the extractors write their reasons in Japanese; an English answer gives them in English
_REASONS_EN = [
    (r"表に(\S+?)(年度|年)の値がない", r"the table has no \1 figure"),
    (r"表の見出しは(\d+)か年度分だが値は(\d+)個のため、前の年度から順に対応させた\(年度対応は推定\)",
     r"the header names \1 years but the row has \2 values, so they were aligned from the earliest year (inferred)"),
    (r"表の下に単独で記載された値をこの年度の実績とみなした\(推定\)", "a lone value under the table was taken as this year's actual (inferred)"),
    (r"この年度の目標値の記載がない", "no target is given for this year"),
    (r"この年度の実績値の記載がない", "no actual is given for this year"),
    (r"目標が「—」\(設定なし\)", "no target is set (—)"),
    (r"目標の設定がない\(実績のみの表\)", "no target (the table gives actuals only)"),
    (r"目標値の記載がない", "no target is given"),
    (r"実績値の記載がない", "no actual is given"),
    (r"値の記載がない", "no figures are given"),
    (r"目標は(.+?)の値で、まだ届いていない", r"the target is for \1 and is not reached yet"),
    (r"基準値より低い目標\(値が小さいほど良い指標\)", "the target is below the baseline (lower is better)"),
    (r"^基準値$", "baseline"),
    (r"実績が「(.+?)」", r"the actual is given as 「\1」"),
]


def reason_text(reason: str, lang: str) -> str:
    if lang == "ja" or not reason:
        return reason
    out = reason
    for rx, en in _REASONS_EN:
        out = re.sub(rx, en, out)
    return out


def wareki(fy: int) -> str:
    return f"令和{fy - 2018}年度"


def target_year_note(r: KpiRecord, lang: str) -> str:
    """A target set for a later year than the figure it is compared with says which year."""
    ty = r.extra.get("target_year")
    if not ty or ty == r.fiscal_year:
        return ""
    printed = r.extra.get("target_year_label") or (wareki(ty) if lang == "ja" else f"FY{ty}")
    return f"、{printed}の目標" if lang == "ja" else f", the {printed} target"


def notes_text(r: KpiRecord, lang: str) -> str:
    """The table's own notes on the figure (its rate, grade or remark), as printed."""
    notes = r.extra.get("notes") or []
    if not notes:
        return ""
    sep = "、" if lang == "ja" else ", "
    return sep + sep.join(f"{h} {v}" for h, v in notes)


def fmt_row(r: KpiRecord, lang: str) -> str:
    from assistant.editions import revision_note

    unit = r.unit or ""
    if lang == "ja":
        return (f"{r.indicator}: 実績 {r.actual or '—'}{unit} / 目標 {r.target or '—'}{unit}({r.year}"
                f"{target_year_note(r, lang)}{notes_text(r, lang)}){revision_note(r, lang)}")
    return (f"{r.indicator}: actual {r.actual or '—'} {unit} vs target {r.target or '—'} {unit} ({r.year}"
            f"{target_year_note(r, lang)}{notes_text(r, lang)}){revision_note(r, lang)}")


def record_dict(r: KpiRecord, n: int) -> dict:
    return {"program": r.program, "indicator": r.indicator, "year": r.year, "fiscal_year": r.fiscal_year,
            "target": r.target, "actual": r.actual, "target_value": r.target_value, "actual_value": r.actual_value,
            "unit": r.unit, "status": r.status, "reason": r.reason,
            "flags": r.flags, "article": r.article, "citation": n, "source": r.source,
            "edition": r.extra.get("edition"), "revisions": r.extra.get("revisions", [])}


def latest_year(records: list[KpiRecord]) -> Optional[int]:
    """The latest year with a reported figure (a target set for a later year is not a result)."""
    ys = [r.fiscal_year for r in records if r.fiscal_year and r.actual] or \
        [r.fiscal_year for r in records if r.fiscal_year and r.target]
    return max(ys) if ys else None


def answer_status(q: Query, records: list[KpiRecord]) -> Optional[Answer]:
    """Missed / met questions about the report's programs."""
    rep = [r for r in records if r.status != "plan"]
    if q.articles:
        rep = [r for r in rep if r.article in q.articles]
    if not rep:
        return None
    if q.trend and not q.year:
        return _status_every_year(q, rep)
    fy = q.year or latest_year(rep)
    year_note = "" if q.year else ("(年度の指定がないため最新の" + wareki(fy) + "で判定)" if q.lang == "ja"
                                   else f"(no year given, so the latest year in the data, FY{fy}, is used)")
    rows = [r for r in rep if r.fiscal_year == fy]
    latest = {} if q.year else {src: latest_year([r for r in rep if r.source == src]) for src in {r.source for r in rep}}
    mixed = len(set(latest.values())) > 1
    if mixed:
        # documents that report different years (another publisher's plan, a report one year
        # behind): each is judged at its own latest reported year, not at the newest of all
        rows = [r for r in rep if r.fiscal_year == latest[r.source]]
        year_note = ("(年度の指定がないため文書ごとの最新年度で判定)" if q.lang == "ja"
                     else "(no year given, so each document's latest reported year is used)")
    when_ja, when_en = ("", "") if mixed else (f"{wareki(fy)}に", f" in FY{fy}")
    if not rows:  # a year the tables do not have: say so instead of "none missed"
        have = "、".join(sorted({r.year for r in rep if r.year}))
        scope_ = "・".join(f"第{a}条" for a in q.articles)
        msg = (f"文書には{scope_}の事業の{wareki(fy)}の目標・実績の記載がありません(掲載は {have} のみ)。" if q.lang == "ja"
               else f"The documents give no FY{fy} targets or results{' for ' + scope_ if scope_ else ''} (only {have}).")
        return Answer(q.text, msg, False, [from_kpi(rep[0])], [], "none", q.lang)
    want = "met" if q.met else "missed"
    hits = [r for r in rows if r.status == want]
    others = [r for r in rows if r.status in ("met", "missed") and r.status != want]
    undecidable = [r for r in rows if r.status == "undecidable"]
    scope = "・".join(f"第{a}条" for a in q.articles) if q.articles else ("対象のすべて" if q.lang == "ja" else "all programs")
    citations, out_records, lines = [], [], []

    def add(r: KpiRecord) -> int:
        citations.append(from_kpi(r))
        out_records.append(record_dict(r, len(citations)))
        return len(citations)

    progs = list(dict.fromkeys(r.program for r in hits))
    if q.lang == "ja":
        verb = "目標を達成した" if want == "met" else "目標を達成できなかった"
        if hits:
            lines.append(f"{scope}の事業で{when_ja}{verb}のは{len(progs)}事業({len(hits)}指標)です{year_note}。")
        else:
            lines.append(f"{scope}の事業で{when_ja}{verb}ものはありません{year_note}。")
    else:
        verb = "met their targets" if want == "met" else "missed their targets"
        lines.append((f"{len(progs)} program(s) under {scope} ({len(hits)} indicator(s)) {verb}{when_en}" if hits
                      else f"No program under {scope} {verb}{when_en}") + f" {year_note}.")
    for p in progs:
        rs = [r for r in hits if r.program == p]
        lines.append(f"- {p}: " + "; ".join(f"{fmt_row(r, q.lang)} [{add(r)}]" + (((" ※年度対応は推定" if q.lang == "ja" else " (year inferred)") if "year_inferred" in r.flags else "")) for r in rs))
    if others:
        head = ("目標を達成した指標" if want == "missed" else "目標を達成できなかった指標") if q.lang == "ja" else \
               ("Indicators that met their target" if want == "missed" else "Indicators that missed")
        if not hits or len(others) <= 6:
            lines.append(head + ":")
            for r in others:
                lines.append(f"- {r.program}: {fmt_row(r, q.lang)} [{add(r)}]")
        else:
            lines.append(f"{head}: {len(others)}")
    if undecidable:
        lines.append("判定できないもの:" if q.lang == "ja" else "Cannot be judged:")
        for p in dict.fromkeys(r.program for r in undecidable):
            rs = [r for r in undecidable if r.program == p]
            why = "; ".join(f"{r.indicator}({reason_text(r.reason, q.lang)})" for r in rs)
            n = add(rs[0])
            # every indicator that cannot be judged is a row of the table, under one citation
            out_records.extend(record_dict(r, n) for r in rs[1:])
            lines.append(f"- {p}: {why} [{n}]")
    # programs with no figure at all for the year, unless already listed as undecidable
    no_data = sorted({r.program for r in rep} - {r.program for r in rows if r.actual or r.target}
                     - {r.program for r in undecidable})
    for p in no_data if not mixed else []:
        lines.append((f"- {p}: {wareki(fy)}の数値が表にない" if q.lang == "ja" else f"- {p}: no FY{fy} figures in the table"))
    return Answer(question=q.text, answer="\n".join(lines), grounded=True, citations=citations,
                  records=out_records, mode="kpi", lang=q.lang)


def _status_every_year(q: Query, rep: list[KpiRecord]) -> Answer:
    """Indicators whose status was the asked one in every year that could be judged (at
    least two years), each year cited."""
    want = "met" if q.met else "missed"
    by_ind: dict[tuple, list[KpiRecord]] = {}
    for r in rep:
        if r.status in ("met", "missed"):
            by_ind.setdefault((r.program, r.indicator), []).append(r)
    citations, out, lines = [], [], []
    hits = {k: sorted(rs, key=lambda r: r.fiscal_year or 0) for k, rs in by_ind.items()
            if len(rs) >= 2 and all(r.status == want for r in rs)}
    scope = "・".join(f"第{a}条" for a in q.articles) if q.articles else ("対象のすべて" if q.lang == "ja" else "all programs")
    if q.lang == "ja":
        verb = "毎年度目標を達成した" if want == "met" else "毎年度目標を達成できなかった"
        lines.append(f"{scope}で{verb}指標は{len(hits)}件です(判定できた年度がすべて該当し、2年度以上あるもの)。")
    else:
        verb = "met the target" if want == "met" else "missed the target"
        lines.append(f"{len(hits)} indicator(s) under {scope} {verb} in every year that could be judged (two years or more).")
    if not hits:  # the finding is "none": cite the tables it was read from
        for t in dict.fromkeys(r.table_id for r in rep):
            citations.append(from_kpi(next(r for r in rep if r.table_id == t)))
        lines.append(("判定に使った表: " if q.lang == "ja" else "Tables checked: ")
                     + " ".join(f"[{i}]" for i in range(1, len(citations) + 1)))
    for (prog, ind), rs in hits.items():
        parts = []
        for r in rs:
            citations.append(from_kpi(r))
            out.append(record_dict(r, len(citations)))
            parts.append(f"{r.year} {r.actual}/{r.target}{r.unit or ''} [{len(citations)}]")
        lines.append(f"- {prog} › {ind}: " + "; ".join(parts))
    return Answer(q.text, "\n".join(lines), True, citations, out, "kpi", q.lang)


def answer_lookup(q: Query, records: list[KpiRecord], name: str) -> Optional[Answer]:
    rs = [r for r in records if r.indicator == name]
    if not rs:
        return None
    citations, out = [], []
    if rs[0].status == "plan":
        r = rs[0]
        ex = r.extra
        label = {"baseline": "計画策定時", "current": "現状", "phase2_target": "第2期目標値", "phase3_target": "第3期目標値"}
        parts = [f"{label[k]} {ex[k]['value']}{ex[k]['year']}" for k in label if k in ex]
        citations.append(from_kpi(r))
        out.append(record_dict(r, 1) | {"plan": {k: ex[k] for k in label if k in ex}})
        head = f"成果指標「{r.indicator}」" if q.lang == "ja" else f"Outcome indicator 「{r.indicator}」"
        return Answer(q.text, f"{head}: " + "、".join(parts) + " [1]", True, citations, out, "kpi", q.lang)
    years = {r.fiscal_year for r in rs}
    if q.year and q.year not in years:
        have = "、".join(sorted({r.year for r in rs}))
        msg = (f"文書に{wareki(q.year)}の「{name}」の記載はありません(掲載は {have} のみ)。" if q.lang == "ja"
               else f"The documents do not give 「{name}」 for FY{q.year} (only {have}).")
        return Answer(q.text, msg, False, [from_kpi(rs[0])], [], "none", q.lang)
    fy = q.year or latest_year(rs)
    sel = sorted(rs, key=lambda r: r.fiscal_year or 0) if (q.trend and not q.year) else \
        ([r for r in rs if r.fiscal_year == fy] or rs)
    lines = []
    for r in sel:
        citations.append(from_kpi(r))
        out.append(record_dict(r, len(citations)))
        status = status_label(r.status, q.lang) if q.lang == "ja" else r.status
        lines.append(f"{r.program} › {fmt_row(r, q.lang)} — {status} [{len(citations)}]" + (f"({reason_text(r.reason, q.lang)})" if r.reason else ""))
    if not q.year and not q.trend:
        lines.append(f"(年度の指定がないため最新の{wareki(fy)}を表示)" if q.lang == "ja" else f"(no year given: latest, FY{fy})")
    return Answer(q.text, "\n".join(lines), True, citations, out, "kpi", q.lang)
