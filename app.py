"""Gradio chat UI. UI only: every answer comes from assistant.AnswerService.

Run: python app.py  (indexes DOCQA_DOCS on first start, then serves on DOCQA_HOST:DOCQA_PORT)
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.answer_service import AnswerService  # noqa: E402
from core.settings import get_settings  # noqa: E402

EXAMPLES = [
    "第16条の事業で目標を達成できなかったものは？",
    "Which Article 16 programs missed targets?",
    "What did the council say about quantum computing?",
    "条例第23条は何を定めている？",
    "KBIC入居率のR6実績は？",
]


def render(ans) -> str:
    out = [ans.answer]
    if not ans.grounded:
        out.insert(0, "**文書に記載なし / Not in the documents**")
    if ans.citations:
        out.append("\n---\n**出典 / Sources**")
        for i, c in enumerate(ans.citations, 1):
            quote = c.quote.replace("\n", " ")
            out.append(f"<details><summary>[{i}] {c.label()}</summary>\n\n> {quote}\n\n</details>")
    return "\n".join(out)


def build(service: AnswerService) -> gr.Blocks:
    state: dict = {}

    def respond(message, history):
        prev = state.get("last")
        ans = service.ask(message, previous=prev)
        state["last"] = ans.follow_up.get("query")
        return render(ans)

    with gr.Blocks(title="川崎市 中小企業施策 Q&A") as demo:
        gr.Markdown("## 川崎市 中小企業活性化施策 Q&A\n文書(検証報告書・実行プログラム・条例)に基づいて、出典付きで回答します。")
        gr.ChatInterface(respond, examples=EXAMPLES)
        with gr.Tab("Documents"):
            gr.Dataframe(value=[[d["source"], d["title"], d["doc_type"], d["n_pages"] or d["n_lines"], d["n_chunks"], d["n_kpi"]]
                                for d in service.store.documents()],
                         headers=["file", "title", "type", "pages/lines", "chunks", "KPI rows"])
    return demo


def main() -> int:
    settings = get_settings()
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.allow_network:
        print("refusing to bind to a network address without DOCQA_ALLOW_NETWORK=true (and DOCQA_AUTH)", file=sys.stderr)
        return 2
    if settings.allow_network and not settings.auth:
        print("serving on a network requires DOCQA_AUTH=user:password", file=sys.stderr)
        return 2
    service = AnswerService(settings)
    if not service.store.documents():
        print(f"first start: indexing {settings.docs} …", file=sys.stderr)
        from ingest.__main__ import main as ingest_main
        ingest_main([str(settings.docs), "--home", str(settings.home)])
    auth = tuple(settings.auth.split(":", 1)) if settings.auth else None
    build(service).launch(server_name=settings.host, server_port=settings.port, auth=auth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
