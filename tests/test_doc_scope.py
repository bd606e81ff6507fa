"""A name the question uses that only some documents contain says which document is meant."""
from dataclasses import replace

from assistant.doc_scope import document_texts, named_documents
from assistant.question import analyze
from assistant.terms import Concept, TermStats, question_concepts
from assistant.verifier import verify
from core.types import Answer, Candidate, Chunk, Citation, Location


def chunk(source, title, text):
    return Chunk(f"{source}-1", text, source, title, "other", "text", ["1"], Location(line_start=1), 1)


CHUNKS = [chunk("a.md", "緑町 商工振興報告", "緑町の創業支援補助金は12件でした。"),
          chunk("b.md", "青浜市 観光報告", "青浜市の創業支援補助金は30件でした。"),
          chunk("c.md", "Harlow Business Report", "Harlow awarded 40 start-up grants.")]


def cand(source, support=0.8):
    cite = Citation(source, source, None, [1], "sec", "創業支援補助金")
    return Candidate("passage", Answer("q", f"{source} [1]", True, [cite]), support, "創業支援補助金", {}, {"number", "quantity"})


def test_a_name_in_some_documents_scopes_the_question_to_them():
    texts = document_texts(CHUNKS)
    stats = TermStats([["緑町", "創業", "支援", "補助金"], ["青浜", "市", "創業"], ["harlow", "grants"]],
                      [c.text for c in CHUNKS])
    ja = question_concepts(analyze("緑町の創業支援補助金は何件？"), stats)
    assert named_documents(ja, texts) == {"緑町": frozenset({"a.md"})}
    en = question_concepts(analyze("How many start-up grants did Harlow award?"), stats)
    assert named_documents(en, texts) == {"Harlow": frozenset({"c.md"})}


def test_a_name_every_document_contains_scopes_nothing():
    texts = document_texts([replace(c, text=c.text + " 県") for c in CHUNKS])
    assert named_documents([Concept("県", ["県"], 1.0, name=True)], texts) == {}
    assert named_documents([Concept("創業", ["創業"], 1.0)], document_texts(CHUNKS)) == {}  # not a name


def test_an_answer_from_another_publishers_document_loses_to_one_from_the_named_document():
    named = {"緑町": frozenset({"a.md"})}
    concepts = [Concept("補助金", ["補助金"], 2.0)]
    q = analyze("緑町の創業支援補助金は何件？")
    v = verify([cand("b.md", 0.8), cand("a.md", 0.6)], concepts, 0.3, q, named)
    assert v.chosen.candidate.answer.citations[0].source == "a.md"
    alone = verify([cand("b.md", 0.8)], concepts, 0.3, q, named)
    assert alone.abstained  # the only answer is about another place


def test_a_name_every_document_mentions_is_the_setting_not_a_requirement():
    from assistant.doc_scope import names_everywhere

    chunks = [chunk("r.md", "年次報告", "白浜市の創業支援は12件。"), chunk("p.md", "計画", "白浜市の産業振興計画。"),
              chunk("r.md", "年次報告", "インキュベーション施設の入居率は97%。")]
    texts = document_texts(chunks)
    city = Concept("白浜市", ["白浜市"], 2.0, required=True, name=True)
    other = Concept("青浜市", ["青浜市"], 2.0, required=True, name=True)
    assert names_everywhere([city, other], texts) == {"白浜市"}
    # one document alone cannot tell its setting from what it names
    assert names_everywhere([city], document_texts(chunks[:1])) == set()
