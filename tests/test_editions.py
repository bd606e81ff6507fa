"""Editions of one report indexed together: one series per indicator, the latest edition's
figure is current, an earlier edition's different figure is shown as a revision; dropping an
edition leaves the series consistent."""
from pathlib import Path

import pytest

from assistant.editions import current, edition_of
from tests.conftest import FIXTURES


def test_edition_is_read_from_the_title():
    assert edition_of("令和6（2024）年度 テスト市 施策の実施状況の検証について") == 2024
    assert edition_of("令和7年度 検証報告") == 2025 and edition_of("2023年度版 進捗報告") == 2023
    assert edition_of("施策の検証") is None


def next_edition(tmp_path: Path) -> Path:
    """The fixture report as next year's edition would print it: another title and one figure
    of R6 revised (起業セミナー参加者数 118 → 121)."""
    text = (FIXTURES / "mini_report.txt").read_text(encoding="utf-8")
    text = text.replace("令和6（2024）年度", "令和7（2025）年度", 1).replace("110\t95\t118", "110\t95\t121")
    assert "121" in text
    out = tmp_path / "mini_report_r7.txt"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture
def two_editions(tmp_path):
    from assistant.answer_service import AnswerService
    from core.settings import Settings

    s = AnswerService(Settings(home=tmp_path / "home", embedder="hash"))
    assert not s.index.ingest([FIXTURES / "mini_report.txt", next_edition(tmp_path)]).errors
    return s


def test_the_latest_edition_is_current_and_the_revision_is_said(two_editions):
    rows = [r for r in two_editions.store.kpis() if r.indicator == "起業セミナー参加者数" and r.fiscal_year == 2024]
    assert len(rows) == 1 and rows[0].actual == "121" and rows[0].extra["edition"] == 2025
    assert rows[0].extra["revisions"][0]["actual"] == "118"
    a = two_editions.ask("起業セミナー参加者数の令和6年度の実績は？")
    assert "121" in a.answer and "令和6年度版では118" in a.answer
    assert a.records[0]["edition"] == 2025 and a.records[0]["revisions"][0]["actual"] == "118"
    from assistant.presentation import records_table

    row = records_table(a, "ja")[0]
    assert row[-2] == "令和7年度版" and "令和6年度版: 120 / 118" in row[-1]  # the CSV carries both
    # a figure both editions agree on is listed once, with no revision
    scope = two_editions.ask("第12条の事業で令和5年度に目標を達成できなかったものは？")
    from assistant.evidence import HEADING

    listing = scope.answer.split(HEADING["ja"])[0]  # the verdict, above the supporting passages
    assert listing.count("起業セミナー参加者数") == 1


def test_dropping_an_edition_leaves_one_consistent_series(two_editions):
    assert two_editions.index.drop("mini_report_r7.txt")
    rows = [r for r in two_editions.store.kpis() if r.indicator == "起業セミナー参加者数" and r.fiscal_year == 2024]
    assert len(rows) == 1 and rows[0].actual == "118" and not rows[0].extra.get("revisions")


def test_one_edition_passes_through_unchanged():
    from core.types import KpiRecord, Location

    r = KpiRecord("a.txt", "令和6年度 報告", "report", 1, "", "P", 1, "", "I", "人", "R6年度", 2024, "1", "2", 1, 2,
                  "met", "", Location())
    assert current([r]) == [r]


@pytest.fixture(scope="module")
def shared_two_editions(tmp_path_factory):
    """The shared report plus next year's edition made by tests/edition_maker.py (years moved
    on, a new year column, a renamed program, the KBIC occupancy rate of R6 revised 97 → 88)."""
    from assistant.answer_service import AnswerService
    from core.settings import Settings
    from tests.conftest import CORPUS
    from tests.edition_maker import next_edition, revise

    report = CORPUS / "text" / "verification_report_r6.txt"
    if not report.exists():
        pytest.skip("../shared/corpus is not beside the project")
    text = next_edition(report.read_text(encoding="utf-8"))
    lines = text.split("\n")
    rate_row = lines[[i for i, ln in enumerate(lines) if ln.startswith("KBIC入居率")][0] + 1]  # actuals: R5, R6, R7
    r5, r6, r7 = rate_row.split("\t")[-3:]
    assert r6 == "97"
    text = revise(text, rate_row, "\t".join(rate_row.split("\t")[:-3] + [r5, "88", r7]))
    tmp = tmp_path_factory.mktemp("two-editions")
    (tmp / "docs").mkdir()
    new = tmp / "docs" / "verification_report_r7.txt"
    new.write_text(text, encoding="utf-8")
    s = AnswerService(Settings(home=tmp / "home", embedder="hash"))
    assert not s.index.ingest([report, new]).errors
    return s, r7


@pytest.mark.corpus
def test_shared_report_and_its_scripted_next_edition(shared_two_editions):
    """Indexed with no code change: the R7 figures come from the new edition, the revision is said."""
    s, r7 = shared_two_editions
    by_source = {d["source"]: d["n_kpi"] for d in s.store.documents()}
    assert by_source["verification_report_r7.txt"] == by_source["verification_report_r6.txt"]
    a = s.ask("KBIC入居率の令和6年度実績は？")
    assert "88" in a.answer and "令和6年度版では97" in a.answer
    assert a.citations[0].source == "verification_report_r7.txt"
    b = s.ask("KBIC入居率の令和7年度の実績は？")
    assert r7 in b.answer and b.citations[0].source == "verification_report_r7.txt"
    c = s.ask("第16条の事業で令和5年度に目標を達成できなかったものは？")
    names = [r["indicator"] for r in c.records]
    assert names and len(names) == len(set(names))  # one series per indicator, not one per edition
    assert all(r.get("edition") == 2025 for r in c.records)


@pytest.mark.corpus
def test_a_question_naming_an_edition_reads_that_edition(shared_two_editions):
    s, _ = shared_two_editions
    a = s.ask("令和6年度版の報告書では、KBIC入居率の令和6年度実績は？")
    assert "97" in a.answer and "88" not in a.answer
    assert {c.source for c in a.citations} == {"verification_report_r6.txt"}
    b = s.ask("According to the FY2025 report, what was the KBIC occupancy rate in FY2024?")
    assert "88" in b.answer and {c.source for c in b.citations} == {"verification_report_r7.txt"}
    missing = s.ask("令和5年度版ではKBIC入居率は？")
    assert not missing.grounded and "令和5年度版" in missing.answer and "令和7年度版" in missing.answer


@pytest.mark.corpus
def test_what_changed_between_the_editions(shared_two_editions):
    s, _ = shared_two_editions
    for q in ("令和6年度版と令和7年度版で何が変わった？", "What changed between the two reports?"):
        a = s.ask(q)
        assert a.grounded, q
        assert "KBIC入居率" in a.answer and "97" in a.answer and "88" in a.answer, q
        assert ("令和7年度" in a.answer) or ("FY2025" in a.answer), q  # the newly reported year
        assert a.records and a.records[0]["actual"] == "88" and a.citations


def test_nothing_to_compare_with_one_edition(fixture_service):
    a = fixture_service.ask("前回の報告書から何が変わった？")
    assert not a.grounded and "比べられる版がありません" in a.answer


@pytest.mark.corpus
def test_a_renamed_program_stays_one_series(shared_two_editions):
    """The scripted edition renames a program (its name carries a year that moved on): its
    indicator is one series, matched with evidence, not two."""
    s, _ = shared_two_editions
    import collections

    rows = [r for r in s.store.kpis() if r.doc_type == "report"]
    # (the report itself prints one caption over two programs' tables: those are two series in every edition)
    programs = collections.defaultdict(set)
    for r in rows:
        programs[(r.source, r.article, r.indicator)].add(r.program)
    shared = {(a, i) for (_, a, i), p in programs.items() if len(p) > 1}
    per_year = collections.Counter((r.article, r.indicator, r.fiscal_year) for r in rows if (r.article, r.indicator) not in shared)
    assert max(per_year.values()) == 1
    matched = [r for r in rows if r.extra.get("series_match")]
    assert matched and all(r.source == "verification_report_r7.txt" for r in matched)
    assert matched[0].extra["series_match"]["earlier_program_names"]


def test_compare_editions_finds_revised_added_removed_renamed_and_moved():
    from assistant.editions import compare_editions
    from core.types import KpiRecord, Location

    def row(title, article, program, indicator, fy, actual):
        return KpiRecord("r7.txt" if "7" in title else "r6.txt", title, "report", article, "", program, 1, "",
                         indicator, "人", f"R{fy - 2018}年度", fy, "10", actual, 10, float(actual), "met", "", Location())

    old, new = "令和6年度 検証", "令和7年度 検証"
    records = [row(old, 12, "起業支援事業", "セミナー参加者数", 2024, "12"), row(new, 12, "起業支援事業", "セミナー参加者数", 2024, "14"),
               row(old, 13, "旧名の交流事業", "交流会参加者数", 2024, "30"), row(new, 13, "新名の交流事業", "交流会参加者数", 2024, "30"),
               row(old, 14, "廃止された事業", "講座数", 2024, "5"), row(new, 15, "新しい事業", "相談件数", 2025, "7"),
               row(old, 16, "移った事業", "来場者数", 2024, "9"), row(new, 17, "移った事業", "来場者数", 2024, "9")]
    ch = compare_editions(records, 2024, 2025)
    assert [(o.actual, n.actual) for o, n in ch.revised] == [("12", "14")]
    assert ch.renamed == [("旧名の交流事業", "新名の交流事業")]
    assert ch.added == ["新しい事業"] and ch.removed == ["廃止された事業"]
    assert ch.moved == [("移った事業", 16, 17)]


def _passage(pid, source, title, section, text, kind="text"):
    from core.types import Chunk, Location

    return Chunk(pid, text, source, title, "report", kind, section.split(" › "), Location(line_start=1), 3)


def test_repeated_passages_are_read_once_from_the_latest_edition():
    from assistant.editions import latest_copies

    r6, r7 = "令和6（2024）年度 テスト市 施策の検証", "令和7（2025）年度 テスト市 施策の検証"
    passages = [
        _passage("a6", "r6.txt", r6, "第3条 › 令和7年度以降の対応", "令和7年度から相談窓口を拡充します。"),
        _passage("a7", "r7.txt", r7, "第3条 › 令和8年度以降の対応", "令和8年度から相談窓口を拡充します。"),  # years moved on
        _passage("b6", "r6.txt", r6, "第3条", "R4年度 | R5年度 | R6年度 / 実績 | 1 | 2 | 3", "table"),
        _passage("b7", "r7.txt", r7, "第3条", "R5年度 | R6年度 | R7年度 / 実績 | 2 | 3 | 4", "table"),  # other years' figures
        _passage("c6", "r6.txt", r6, "第3条", "令和4年度は相談を受けました。"),
        _passage("d6", "r6.txt", r6, "第3条", "令和5年度は相談を受けました。"),  # one edition: two statements
    ]
    kept = [c.id for _, c in latest_copies(passages)]
    assert kept == ["a7", "b6", "b7", "c6", "d6"]
    # a question about FY2024 reads the copy of the edition that reports FY2024
    assert [c.id for _, c in latest_copies(passages, prefer=(2024,))] == ["a6", "b6", "b7", "c6", "d6"]


def test_a_table_that_prints_no_year_reports_its_editions_year():
    """Two editions' contract tables, neither printing its year: a question about one year
    quotes the table of the edition that reports that year."""
    from assistant.answerers import Context, _quote
    from assistant.question import analyze
    from assistant.terms import TermStats, question_concepts

    r5, r6 = "令和5（2023）年度 テスト市 施策の検証", "令和6（2024）年度 テスト市 施策の検証"
    t5 = _passage("t5", "r5.txt", r5, "第19条 › 契約実績", "区分 | 件数 | 金額 / 工事 | 12件 | 3,400千円", "table")
    t6 = _passage("t6", "r6.txt", r6, "第19条 › 契約実績", "区分 | 件数 | 金額 / 工事 | 15件 | 4,100千円", "table")

    class Store:
        def documents(self):
            return [{"source": "r5.txt", "title": r5}, {"source": "r6.txt", "title": r6}]

    for year, want in (("令和5年度", "12件"), ("令和6年度", "15件")):
        q = analyze(f"{year}の工事の契約件数は？")
        stats = TermStats([["工事", "契約", "件数"], ["区分", "金額"]])
        ctx = Context(q, question_concepts(q, stats), Store(), None, None, [], 4, [t6, t5], None)
        cand = _quote(ctx, [(t6, 1.0), (t5, 1.0)], {})
        assert want in cand[0].answer.answer.split("\n")[0]
    # two publishers' documents of two years are not editions of one report: no year is implied
    ctx = Context(analyze("令和5年度の件数は？"), [], type("S", (), {"documents": lambda self: [
        {"source": "a.txt", "title": "令和5年度 A町 評価"}, {"source": "b.txt", "title": "令和6年度 B市 報告"}]})(),
        None, None, [], 4, [], None)
    assert ctx.edition_years(t5) == [] and ctx.edition_years(_passage("x", "a.txt", "令和5年度 A町 評価", "s", "t")) == []


def test_a_year_two_editions_print_is_read_from_the_later_one():
    """The R7 edition reprints R6's figure, revised: a question about R6 quotes the R7 copy."""
    from assistant.answerers import Context, _one_edition_per_table, _quote
    from assistant.question import analyze
    from assistant.terms import TermStats, question_concepts

    r6, r7 = "令和6（2024）年度 テスト市 施策の検証", "令和7（2025）年度 テスト市 施策の検証"
    t6 = _passage("t6", "r6.txt", r6, "第3条 › 交流会", "区分 | R5年度 | R6年度 / 交流会参加者数 | 281 | 331", "table")
    t7 = _passage("t7", "r7.txt", r7, "第3条 › 交流会", "区分 | R6年度 | R7年度 / 交流会参加者数 | 313 | 350", "table")
    store = type("S", (), {"documents": lambda self: [{"source": "r6.txt", "title": r6}, {"source": "r7.txt", "title": r7}]})()
    q = analyze("令和6年度の交流会参加者数は？")
    ctx = Context(q, question_concepts(q, TermStats([["交流", "会", "参加", "者", "数"], ["区分"]])), store, None, None,
                  [], 4, [t6, t7], None)
    hits = _one_edition_per_table(ctx, [(t6, 1.0), (t7, 1.0)])
    assert [c.source for c in _quote(ctx, hits, {})[0].answer.citations] == ["r7.txt"]


def test_a_rename_is_found_beside_a_program_that_shares_the_indicator_name_in_every_edition():
    from assistant.editions import _key, renamed_programs
    from core.types import KpiRecord, Location

    def row(src, program):
        return KpiRecord(src, src, "report", 19, "", program, 1, "", "実施件数", "件", "R6年度", 2024, "", "5", None, 5.0,
                         "no_target", "", Location())

    records = [row("r6.txt", "入札方式の見直し"), row("r7.txt", "入札方式の見直し"),  # the same name in both editions
               row("r6.txt", "本格実施(R4年度~)"), row("r7.txt", "本格実施(R5年度~)")]  # renamed
    out = renamed_programs(records, {"r6.txt": 2024, "r7.txt": 2025})
    assert out[("report", 19, _key("実施件数"), _key("本格実施(R4年度~)"))] == _key("本格実施(R5年度~)")
    assert ("report", 19, _key("実施件数"), _key("入札方式の見直し")) not in out
