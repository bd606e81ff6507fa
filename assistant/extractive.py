"""The plain "not in the documents" answer, for questions nothing can be asked of (empty)."""
from __future__ import annotations

from assistant.question import Query
from core.types import Answer

NOT_FOUND_JA = "文書にはこの質問に答える記載が見つかりませんでした。推測での回答は控えます。"
NOT_FOUND_EN = "The documents do not contain an answer to this question, so none is given rather than a guess."


def not_found(q: Query, reason: str = "") -> Answer:
    msg = NOT_FOUND_JA if q.lang == "ja" else NOT_FOUND_EN
    return Answer(q.text, msg + (f"({reason})" if reason else ""), False, [], [], "none", q.lang)
