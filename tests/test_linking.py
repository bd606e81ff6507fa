"""Entity linking (linking.py): indicators scored against a question by their names, their
program, and the document's own introduction of what they measure."""
from assistant.linking import IndicatorLinker, introductions
from assistant.question import analyze
from assistant.terms import TermStats, question_concepts
from core.types import Chunk, KpiRecord, Location


def rec(ind, prog, line):
    return KpiRecord("r.txt", "テスト町 報告", "report", 3, "販路の開拓", prog, 1, "", ind, "人", "R6年度", 2024, "100", "120",
                     100.0, 120.0, "met", "", Location(line_start=line, line_end=line + 2))


def prose(text, prog, line):
    return Chunk(f"c{line}", text, "r.txt", "テスト町 報告", "report", "text", ["第3条", prog], Location(line_start=line),
                 article=3, program=prog)


RECORDS = [rec("まちフェス来場者数", "商業振興事業", 10), rec("相談件数", "経営相談事業", 40)]
CHUNKS = [prose("秋に駅前で開く商店の合同市「まちフェス」を開催した。", "商業振興事業", 5),
          prose("翌年度は会場を広げる。", "商業振興事業", 20),  # after the table: not its introduction
          prose("経営の相談窓口を設けた。", "経営相談事業", 8)]


def test_the_introduction_is_the_prose_just_before_the_table_in_its_program():
    intro = introductions(RECORDS, CHUNKS)
    assert intro[("まちフェス来場者数", "商業振興事業")].startswith("秋に駅前で")
    assert intro[("相談件数", "経営相談事業")] == "経営の相談窓口を設けた。"


def test_a_question_in_the_documents_own_description_links_through_the_introduction():
    stats = TermStats([["秋", "駅前", "合同", "市", "開催"], ["相談", "件数"], ["人出"], ["経営", "相談", "窓口"]])
    q = analyze("秋に駅前で開く合同市の人出はどうだった？")
    concepts = question_concepts(q, stats)
    without = IndicatorLinker(RECORDS, None).link(q, concepts)
    with_intro = IndicatorLinker(RECORDS, None, CHUNKS).link(q, concepts)
    score = {l.name: l.score for l in without}
    assert with_intro[0].name == "まちフェス来場者数" and with_intro[0].score > with_intro[1].score
    assert with_intro[0].score > score["まちフェス来場者数"]  # the name alone shares nothing with the question


def test_a_question_that_says_the_doers_with_a_verb_meets_the_indicators_agent_noun():
    from assistant.linking import _agent_nouns

    assert _agent_nouns("町で創業した人は何人？") == ["創業者"] and _agent_nouns("講座に参加した方の数") == ["参加者"]
    records = [rec("創業者数", "創業支援事業", 10), rec("創業相談件数", "創業支援事業", 40)]
    stats = TermStats([["創業", "者", "数"], ["創業", "相談", "件数"], ["町"]])
    q = analyze("町で創業した人は何人？")
    links = IndicatorLinker(records, None).link(q, question_concepts(q, stats))
    assert links[0].name == "創業者数" and links[0].evidence["name_recall"] > links[1].evidence["name_recall"]
