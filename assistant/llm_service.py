"""Optional LLM answers (DOCQA_LLM_BASE_URL): fluent prose over the same evidence, checked.

The LLM gets the evidence of the offline answer (its cited passages and KPI rows, numbered)
and must cite them as [n]. Its answer is kept only if every marker points to a supplied
item and every number it writes appears in an item it cites; otherwise, or when the server
is down or slow, the offline answer is returned with a note (and a log line). KPI answers
keep their exact rows under the prose.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from core.settings import Settings
from core.types import Answer
from ingest.normalize import nfkc

log = logging.getLogger("docqa.llm")
PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=4)
def load_prompt(lang: str) -> tuple[str, str, str]:
    """(version, system, user template) of prompts/answer_<lang>.txt."""
    text = (PROMPTS / f"answer_{'ja' if lang == 'ja' else 'en'}.txt").read_text(encoding="utf-8")
    version = re.search(r"^# version: (\S+)", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    system = body.split("[system]", 1)[1].split("[user]", 1)[0].strip()
    user = body.split("[user]", 1)[1].strip()
    return (version.group(1) if version else "?"), system, user


def evidence_items(base: Answer) -> list[str]:
    """Numbered evidence in the order of the offline answer's citations: [n] matches."""
    items = []
    for i, c in enumerate(base.citations, 1):
        rows = [r for r in base.records if r.get("citation") == i and "indicator" in r]
        row_text = "; ".join(f"{r.get('program', '')} {r['indicator']} {r.get('year', '')}: 目標 {r.get('target') or '—'}"
                             f" / 実績 {r.get('actual') or '—'} {r.get('unit') or ''}" for r in rows)
        items.append(f"{c.label()}\n{row_text or c.quote}")
    return items


def check_answer(text: str, items: list[str]) -> Optional[str]:
    """Why an LLM answer cannot be shown, or None when it passes."""
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", text)]
    if not markers:
        return "no citation markers"
    bad = sorted({m for m in markers if not 1 <= m <= len(items)})
    if bad:
        return f"cites passages that were not supplied: {bad}"
    cited = nfkc(" ".join(items[m - 1] for m in set(markers))).replace(",", "")
    label_free = re.sub(r"\[\d+\]", "", nfkc(text))
    for num in NUMBER.findall(label_free):
        plain = num.replace(",", "")
        if plain not in cited:
            return f"the number {num} is not in the cited passages"
    return None


class LlmService:
    def __init__(self, settings: Settings, chat_model=None) -> None:
        self.settings = settings
        self._model = chat_model

    @property
    def enabled(self) -> bool:
        return self._model is not None or bool(self.settings.llm_base_url)

    def model(self):
        if self._model is None:
            from langchain_openai import ChatOpenAI

            self._model = ChatOpenAI(base_url=self.settings.llm_base_url, model=self.settings.llm_model or "default",
                                     api_key=self.settings.llm_api_key or "not-needed", timeout=self.settings.llm_timeout,
                                     max_retries=0, temperature=0)
        return self._model

    def messages(self, base: Answer) -> tuple[str, list]:
        from langchain_core.messages import HumanMessage, SystemMessage

        version, system, user = load_prompt(base.lang)
        items = evidence_items(base)
        passages = "\n\n".join(f"[{i}] {t}" for i, t in enumerate(items, 1))
        return version, [SystemMessage(system), HumanMessage(user.format(passages=passages, question=base.question))]

    def stream(self, base: Answer) -> Iterator[str]:
        """Yield the LLM's text as it arrives (the caller checks it with finish())."""
        _, msgs = self.messages(base)
        for chunk in self.model().stream(msgs):
            if chunk.content:
                yield chunk.content if isinstance(chunk.content, str) else str(chunk.content)

    def applies(self, base: Answer) -> bool:
        """Only answers with evidence are rewritten: "not in the documents" stays as it is."""
        return base.grounded and bool(base.citations)

    def finish(self, base: Answer, text: str) -> Answer:
        """The checked LLM answer, or the offline one with the reason noted."""
        version = load_prompt(base.lang)[0]
        why = check_answer(text, evidence_items(base))
        if why:
            log.warning("LLM answer rejected (prompt v%s): %s; showing the extractive answer", version, why)
            return replace(base, notes=base.notes + [f"llm_rejected: {why}"])
        prose = text.strip()
        if base.mode == "kpi":  # the exact rows stay under the prose
            prose += "\n\n" + base.answer
        return replace(base, answer=prose, mode="llm", notes=base.notes + [f"llm prompt v{version}"])

    def rewrite(self, base: Answer) -> Answer:
        """Non-streaming: ask, check, fall back. Never raises for a server problem."""
        if not self.applies(base):
            return base
        try:
            text = "".join(self.stream(base))
        except Exception as exc:  # connection refused, timeout, HTTP error: the offline answer stands
            return self.unavailable(base, exc)
        return self.finish(base, text)

    def unavailable(self, base: Answer, exc: Exception) -> Answer:
        log.warning("LLM server unavailable (%s: %s); showing the extractive answer", type(exc).__name__, exc)
        return replace(base, notes=base.notes + [f"llm_unavailable: {type(exc).__name__}"])
