"""Optional LLM answers: prompts, the citation and number checks, fallbacks. A stub
OpenAI-compatible server and LangChain's fake chat model stand in for a real model."""
from __future__ import annotations

import pytest

from assistant.llm_service import LlmService, check_answer, evidence_items, load_prompt
from tests.llm_stub import StubLlm

MISSED = "第12条の事業で令和6年度に目標を達成できなかったものは？"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_prompt_templates_load_with_both_placeholders(lang):
    version, system, user = load_prompt(lang)
    assert version == "1" and system and "{passages}" in user and "{question}" in user
    assert "指示" in system or "instructions" in system  # the injection warning is part of every template


def test_check_catches_bad_markers_and_invented_numbers():
    items = ["報告書 | p.3\n起業支援事業 起業セミナー参加者数 R6年度: 目標 120 / 実績 118 人", "p.4\n相談件数は1,234件でした。"]
    assert check_answer("起業セミナーの参加者は118人で、目標120人に届きませんでした [1]。", items) is None
    assert check_answer("相談件数は1234件でした [2]。", items) is None  # thousands separator ignored
    assert "not supplied" in check_answer("参加者は118人でした [3]。", items)
    assert "number 150" in check_answer("参加者は150人でした [1]。", items)
    assert "number 1,234" in check_answer("参加者は118人、相談は1,234件 [1]。", items)  # not in the cited item
    assert check_answer("参加者は118人でした。", items) == "no citation markers"


def _service(fixture_service, settings, **llm):
    from assistant.answer_service import AnswerService

    s = settings.model_copy(update=llm)
    return AnswerService(s, fixture_service.index)


def test_fake_chat_model_answer_is_used_when_it_checks_out(fixture_service, settings):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from assistant.answer_service import AnswerService

    base = fixture_service.ask(MISSED)
    good = "起業支援事業は起業セミナー参加者数が118人で、目標の120人に届きませんでした [1]。"
    service = AnswerService(settings, fixture_service.index,
                            LlmService(settings, GenericFakeChatModel(messages=iter([good]))))
    ans = service.ask(MISSED)
    assert ans.mode == "llm" and ans.answer.startswith(good)
    assert base.answer in ans.answer  # the exact KPI rows stay under the prose
    assert len(evidence_items(base)) == len(ans.citations)


def test_stub_server_good_bad_and_down(fixture_service, settings):
    pytest.importorskip("langchain_openai")
    stub = StubLlm()
    try:
        service = _service(fixture_service, settings, llm_base_url=stub.url, llm_model="stub", llm_timeout=5)
        offline = service.ask_offline(MISSED).answer
        stub.script = ["起業支援事業の起業セミナー参加者数は118人で、目標120人を下回りました [1]。"]
        ok = service.ask(MISSED)
        assert ok.mode == "llm" and "118人で、目標120人" in ok.answer and ok.citations
        sent = stub.requests[-1]["messages"]
        assert "[1]" in sent[-1]["content"] and "118" in sent[-1]["content"]  # the evidence went to the model
        stub.script = ["起業支援事業の参加者は135人でした [1]。"]  # hallucinated number
        bad_num = service.ask(MISSED)
        assert bad_num.mode == "kpi" and bad_num.answer == offline and "llm_rejected" in bad_num.notes[-1]
        stub.script = ["起業支援事業は目標に届きませんでした [99]。"]  # cites a passage that was not given
        bad_cite = service.ask(MISSED)
        assert bad_cite.answer == offline and "not supplied" in bad_cite.notes[-1]
        # streaming: the words arrive in pieces, the final answer is the checked one
        stub.script = ["起業支援事業の起業セミナー参加者数は118人でした [1]。"]
        events = list(service.ask_stream(MISSED))
        assert sum(1 for k, _ in events if k == "text") > 1 and events[-1][1].mode == "llm"
        assert stub.rejected == []
    finally:
        stub.stop()
    down = service.ask(MISSED)  # the server is gone: the offline answer, with a note
    assert down.answer == offline and "llm_unavailable" in down.notes[-1]
    events = list(service.ask_stream(MISSED))
    assert events[-1][1].answer == offline


def test_not_in_documents_never_reaches_the_llm(fixture_service, settings):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from assistant.answer_service import AnswerService

    model = GenericFakeChatModel(messages=iter(["予算は5億円です [1]。"]))
    service = AnswerService(settings, fixture_service.index, LlmService(settings, model))
    ans = service.ask("起業支援事業の令和6年度の予算はいくら？")
    assert ans.grounded is False and "5億円" not in ans.answer


def test_stub_rejects_what_a_real_server_would():
    from tests.llm_stub import request_problem

    ok = {"model": "m", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}]}
    assert request_problem("/v1/chat/completions", ok) == ""
    assert "model" in request_problem("/v1/chat/completions", {**ok, "model": ""})
    assert "messages" in request_problem("/v1/chat/completions", {"model": "m", "messages": []})
    assert "bad message" in request_problem("/v1/chat/completions", {"model": "m", "messages": [{"role": "x"}]})
    assert "endpoint" in request_problem("/v1/completions", ok)
