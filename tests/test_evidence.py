"""Supporting passages under a grounded answer: added once each, numbered, tables excerpted
around the rows the question names; abstentions get none."""
from assistant.evidence import HEADING, excerpt, mostly_shown, with_supporting_passages
from assistant.terms import Concept
from core.types import Answer, Chunk, Citation, Location


def chunk(cid, text, kind="text", line=None):
    line = line if line is not None else 10 * (ord(cid[0]) - ord("a")) + 1
    return Chunk(cid, text, "doc.txt", "Doc", "report", kind, ["Sec"], Location(line_start=line, line_end=line + 1))


def answer(citations, grounded=True, text="first line [1]", lang="en"):
    return Answer("q", text, grounded, citations, [], "extractive", lang)


def test_passages_are_appended_with_new_citation_numbers():
    cited = Citation("doc.txt", "Doc", None, [1, 2], "Sec", "quote", chunk_id="a")
    hits = [(chunk("a", "Alpha passage."), 1.0), (chunk("b", "Beta passage."), 0.9), (chunk("c", "Gamma."), 0.5)]
    out = with_supporting_passages(answer([cited]), hits, [], count=2, limit=600)
    assert HEADING["en"] in out.answer
    # the cited passage keeps its number; the new one gets the next
    assert "[1] Alpha passage." in out.answer and "[2] Beta passage." in out.answer
    assert "Gamma" not in out.answer
    assert [c.chunk_id for c in out.citations] == ["a", "b"]


def test_a_passage_already_shown_is_not_repeated():
    hits = [(chunk("a", "Alpha passage."), 1.0)]
    ans = answer([], text="Alpha passage. [1]")
    assert with_supporting_passages(ans, hits, [], count=4, limit=600) is ans


def test_abstentions_get_no_passages():
    ans = answer([], grounded=False, text="not in the documents")
    assert with_supporting_passages(ans, [(chunk("a", "Alpha"), 1.0)], [], 4, 600) is ans


def test_table_excerpt_keeps_header_and_the_rows_asked_about():
    rows = [f"row{i} | {i * 10}" for i in range(60)]
    table = chunk("t", "\n".join(["Caption of the table", "name | value"] + rows + ["harbour fees | 999"]), "table")
    text = excerpt(table, [Concept("harbour", ["harbour"], 3.0)], limit=200)
    assert text.startswith("Caption of the table\nname | value")
    assert "harbour fees | 999" in text and len(text) <= 200
    # rows keep the table's order
    lines = text.split("\n")[2:]
    assert lines == sorted(lines, key=lambda l: (rows + ["harbour fees | 999"]).index(l))


def test_long_prose_is_cut_with_a_mark():
    assert excerpt(chunk("p", "x" * 700), [], 600) == "x" * 600 + "…"


def test_one_passage_per_place_and_the_next_one_fills_in():
    # a table and its restatement at the same lines are one place; the next passage takes the slot
    hits = [(chunk("a", "Rows of the table | 5", line=3), 1.0), (chunk("b", "Table restated: 5", line=3), 0.9),
            (chunk("c", "Another passage.", line=40), 0.8)]
    out = with_supporting_passages(answer([]), hits, [], count=2, limit=600)
    assert "Rows of the table" in out.answer and "Table restated" not in out.answer and "Another passage." in out.answer


def test_a_passage_the_answer_quotes_line_by_line_is_not_repeated():
    article = chunk("a", "Article 23 (Publication)\nThe mayor shall publish the state of the measures every year.")
    ans = answer([], text="Article 23 provides: 「The mayor shall publish the state of the measures every year.」 [1]")
    assert mostly_shown(article.text, ans.answer) is False  # its heading line is not quoted…
    quoted = answer([], text="Article 23 (Publication)\n「The mayor shall publish the state of the measures every year.」")
    assert with_supporting_passages(quoted, [(article, 1.0)], [], 4, 600) is quoted  # …here both lines are


def test_a_passage_that_holds_none_of_the_questions_words_supports_nothing():
    hits = [(chunk("a", "Autumn leaves in the park draw many visitors."), 1.0), (chunk("b", "市長は毎年度公表する。"), 0.9)]
    concepts = [Concept("publish", ["公表"], 3.0), Concept("mayor", ["市長"], 3.0)]
    out = with_supporting_passages(answer([]), hits, concepts, count=2, limit=600)
    assert "Autumn" not in out.answer and "市長は毎年度公表する。" in out.answer
