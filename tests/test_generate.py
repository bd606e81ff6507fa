"""Questions generated from the stores: gold answers are the store's own values, the
unanswerable variants ask for years and articles the documents do not have."""
import re

from assistant.eval.generate import generate
from assistant.eval.scoring import passes


def test_generated_questions_have_gold_from_the_store(fixture_service):
    store = fixture_service.index.store
    questions = generate(store, seed=1)
    kpis = store.kpis()
    assert any(q["type"] == "lookup" for q in questions) and any(q["type"] == "unanswerable" for q in questions)
    assert {q["lang"] for q in questions} == {"ja", "en"}
    for q in questions:
        name = re.search(r"「(.+?)」", q["question"])
        if q["type"] == "lookup":
            assert any(r.indicator == name.group(1) and r.actual.replace(" ", "") == q["must_include"][0] for r in kpis)
        elif q["type"] == "unanswerable" and name:
            years = {r.fiscal_year for r in kpis if r.indicator == name.group(1)}
            asked = int(re.search(r"20\d\d", q["question"]).group()) if re.search(r"20\d\d", q["question"]) else \
                2018 + int(re.search(r"令和(\d+)", q["question"]).group(1))
            assert years and asked not in years


def test_the_assistant_answers_generated_questions_and_refuses_their_absent_variants(fixture_service):
    questions = generate(fixture_service.index.store, seed=2)
    results = [passes(q, fixture_service.ask(q["question"]).to_dict())[0] for q in questions]
    assert sum(results) >= 0.9 * len(questions)
    unanswerable = [ok for q, ok in zip(questions, results) if q["type"] == "unanswerable"]
    assert unanswerable and all(unanswerable)
