"""Gradio UI. UI only: answers come from assistant.AnswerService, what is shown for them from
assistant.presentation, indexing from vectorstore.IndexService (through DocumentService).

Run: python app.py  (indexes DOCQA_DOCS on first start, then serves on DOCQA_HOST:DOCQA_PORT)
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.answer_service import AnswerService  # noqa: E402
from assistant.collections import Collections, UnknownCollection  # noqa: E402
from assistant.presentation import (answer_markdown, chart_rows, citation_choices, highlight_passage,  # noqa: E402
                                    panel_table, trace_markdown, write_csv, PANEL_HEADERS, TRACE_HEAD)
from core.memory import release_freed_memory  # noqa: E402
from core.settings import get_settings, load_auth  # noqa: E402

EXAMPLES = [
    "第16条の事業で目標を達成できなかったものは？",
    "Which Article 16 programs missed targets?",
    "What did the council say about quantum computing?",
    "条例第23条は何を定めている？",
    "KBIC入居率のR6実績は？",
    "海外市場の開拓はどの条で扱われている？",
]

# UI text, Japanese first; the toggle switches every label below
T = {
    "ja": {"title": "## 川崎市 中小企業活性化施策 Q&A\n検証報告書・第3期実行プログラム・条例に基づき、出典(文書・ページ・節)付きで回答します。文書に記載がないときはそう答えます。",
           "chat": "質問と回答", "q": "質問", "q_ph": "例: 第15条の事業で令和6年度に目標を達成できなかったものは？",
           "send": "送信", "clear": "会話をクリア", "ask_tab": "質問", "docs_tab": "文書",
           "sources": "出典パネル", "pick": "出典を選択", "page": "原本のページ", "kpi": "KPI(目標と実績)",
           "csv": "CSVをダウンロード", "chart": "実績の目標に対する割合(%)", "trace": TRACE_HEAD["ja"],
           "docs_head": "### 索引済みの文書", "upload": "PDF / TXT / MD を追加", "add": "索引に追加",
           "doc_pick": "文書を選択", "reindex": "再索引", "remove": "索引から削除", "examples": "質問の例",
           "doc_headers": ["ファイル", "タイトル", "版(年度)", "種類", "ページ/行", "チャンク", "KPI行", "索引日時"]},
    "en": {"title": "## Kawasaki SME policy Q&A\nAnswers from the verification report, the 3rd execution program and the ordinance, each with its source (document, page, section). When the documents do not say, it says so.",
           "chat": "Questions and answers", "q": "Question", "q_ph": "e.g. Which Article 16 programs missed targets?",
           "send": "Ask", "clear": "Clear conversation", "ask_tab": "Ask", "docs_tab": "Documents",
           "sources": "Sources", "pick": "Choose a source", "page": "Original page", "kpi": "KPI (target vs actual)",
           "csv": "Download CSV", "chart": "Actual as % of target", "trace": TRACE_HEAD["en"],
           "docs_head": "### Indexed documents", "upload": "Add PDF / TXT / MD", "add": "Add to the index",
           "doc_pick": "Choose a document", "reindex": "Re-index", "remove": "Remove from the index", "examples": "Examples",
           "doc_headers": ["File", "Title", "Edition (FY)", "Type", "Pages/lines", "Chunks", "KPI rows", "Indexed at"]},
}

# after an answer: its first line at the top of the chat, not the end of a long answer
SCROLL_TO_ANSWER = """() => {
  const bots = document.querySelectorAll('#chat [data-testid="bot"]');
  if (bots.length) bots[bots.length - 1].scrollIntoView({block: 'start', behavior: 'instant'});
}"""

CSS = """
.source-card {border-left: 4px solid #e6a100; padding: 6px 10px; background: var(--block-background-fill);}
.source-where {font-size: 0.85em; opacity: 0.8; margin-bottom: 4px;}
.source-text mark {background: #ffe27a; color: inherit;}
.cite-table {font-size: 0.85em; border-collapse: collapse; margin: 4px 0;}
.cite-table th, .cite-table td {border: 1px solid var(--border-color-primary); padding: 2px 6px;}
.cite-rows {font-size: 0.8em; opacity: 0.8;}
@media (max-width: 900px) { .side-panel {min-width: 100% !important;} }
"""


def build(collections: Collections) -> gr.Blocks:
    def respond(message, history, state, ui_lang, coll):
        """Stream the answer into the chat, then fill the sources panel and the KPI table."""
        message = (message or "").strip()
        if not message:
            yield history, state, "", *_panels(None, ui_lang)
            return
        try:
            service, _ = collections.get(coll)
        except UnknownCollection as exc:
            history = list(history or []) + [{"role": "user", "content": message},
                                             {"role": "assistant", "content": str(exc)}]
            yield history, state, KEEP, *_panels(None, ui_lang)
            return
        history = list(history or []) + [{"role": "user", "content": message}, {"role": "assistant", "content": ""}]
        ans, shown = None, ""
        # the question shows at once and the box is cleared once; later updates leave the box
        # alone, so whatever the user types meanwhile is kept (and queued: always_last below)
        yield history, state, gr.update(value=""), *_panels(None, ui_lang, keep=True)
        for kind, value in service.ask_stream(message, previous=state.get("query")):
            if kind == "text":  # an LLM's words as they arrive
                shown += value
                history[-1] = {"role": "assistant", "content": shown}
                yield history, state, KEEP, *_panels(None, ui_lang, keep=True)
            else:
                ans = value
        state = {"query": ans.follow_up.get("query"), "answer": ans, "collection": coll}
        final = answer_markdown(ans, ui_lang)
        if not shown:  # offline answers: show them piece by piece so long ones start at once
            for piece in _stream_pieces(final):
                shown += piece
                history[-1] = {"role": "assistant", "content": shown}
                yield history, state, KEEP, *_panels(None, ui_lang, keep=True)
        history[-1] = {"role": "assistant", "content": final}
        yield history, state, KEEP, *_panels(ans, ui_lang)

    def _panels(ans, ui_lang, keep=False):
        if keep:
            return (gr.update(),) * 7
        choices = citation_choices(ans)
        rows = panel_table(ans, ui_lang)
        chart = chart_rows(ans, ui_lang)
        first = choices[0] if choices else None
        passage, image = show_source(first, {"answer": ans})
        return (gr.update(choices=choices, value=first), passage, image,
                gr.update(value=rows, visible=bool(rows)),
                gr.update(value=_figure(chart, ui_lang) if chart else None, visible=bool(chart)),
                gr.update(value=write_csv(ans, ui_lang), visible=bool(rows)),
                trace_markdown(ans, ui_lang))

    def show_source(choice, state):
        ans = (state or {}).get("answer")
        if not ans or not choice:
            return "", gr.update(value=None, visible=False)
        n = int(choice.split("]", 1)[0].lstrip("[")) - 1
        if not 0 <= n < len(ans.citations):
            return "", gr.update(value=None, visible=False)
        c = ans.citations[n]
        docs = collections.get(state.get("collection"))[1]
        img = docs.page_image(c)
        # the page panel shows only for PDF sources (text files have no page to show)
        return highlight_passage(c, docs.passage_text(c)), gr.update(value=img, visible=img is not None)

    def clear():
        return [], {}, *_panels(None, "ja")

    def switch_language(ui_lang):
        t = T[ui_lang]
        return (t["title"], gr.update(label=t["chat"]), gr.update(label=t["q"], placeholder=t["q_ph"]),
                gr.update(value=t["send"]), gr.update(value=t["clear"]), gr.update(label=t["pick"]),
                gr.update(label=t["page"]), gr.update(label=t["kpi"], headers=PANEL_HEADERS[ui_lang]),
                gr.update(label=t["csv"]), t["docs_head"], gr.update(label=t["upload"]), gr.update(value=t["add"]),
                gr.update(label=t["doc_pick"]), gr.update(value=t["reindex"]), gr.update(value=t["remove"]),
                gr.update(headers=t["doc_headers"]), gr.update(label=t["trace"]), gr.update(label=t["chart"]))

    def doc_table(coll=None):
        try:
            docs = collections.get(coll)[1]
        except UnknownCollection:
            return []
        return [[d["source"], d["title"], d.get("edition") or "", d["doc_type"], d["n_pages"] or d["n_lines"], d["n_chunks"],
                 d["n_kpi"], d["indexed"]] for d in docs.list()]

    def refresh_docs(coll=None):
        table = doc_table(coll)
        names = [r[0] for r in table]
        return table, gr.update(choices=names, value=names[0] if names else None)

    def upload(files, coll, progress=gr.Progress()):
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        try:  # an upload into a collection that does not exist yet creates it
            docs = collections.get(coll, create=True)[1]
        except UnknownCollection as exc:
            return (str(exc), *refresh_docs(None), gr.update())
        msg = docs.add_uploads(paths, lambda text, done, total: progress((done, max(total, 1)), desc=text))
        return (msg, *refresh_docs(coll), gr.update(choices=collections.names(), value=coll))

    def reindex(name, coll, progress=gr.Progress()):
        docs = collections.get(coll)[1]
        msg = docs.reindex(name, lambda text, done, total: progress((done, max(total, 1)), desc=text))
        return (msg, *refresh_docs(coll))

    def remove(name, coll):
        return (collections.get(coll)[1].remove(name), *refresh_docs(coll))

    def switch_collection(coll):
        """Another collection: a fresh conversation and its own documents."""
        return [], {}, *_panels(None, "ja"), *refresh_docs(coll)

    def warming(coll, ui_lang):
        """While vectors are still being computed (first start), say so; gone when complete."""
        try:
            done, total = collections.get(coll)[0].index.vector_status()
        except UnknownCollection:
            done, total = 0, 0
        if done >= total:  # complete: the message goes and the timer stops asking
            return gr.update(value="", visible=False), gr.Timer(active=False)
        msg = (f"⏳ 意味検索を準備中（{done}/{total} 節）— 表・条例・キーワードによる回答はすでに使えます。"
               if ui_lang == "ja" else
               f"⏳ Semantic search is warming up ({done}/{total} passages); table, ordinance and keyword "
               "answers already work.")
        return gr.update(value=msg, visible=True), gr.Timer(active=True)

    t = T["ja"]
    with gr.Blocks(title="川崎市 中小企業施策 Q&A") as demo:
        state = gr.State({})
        with gr.Row(equal_height=False):
            title = gr.Markdown(t["title"])
            # one service can hold several cities' or departments' documents; answers never mix them
            # (each control in its own column: side by side, not stacked in one grey block)
            with gr.Column(scale=0, min_width=190):
                coll_pick = gr.Dropdown(collections.names(), value=collections.default,
                                        label="コレクション / Collection", allow_custom_value=True, elem_id="collection")
            with gr.Column(scale=0, min_width=170):
                ui_lang = gr.Radio(["ja", "en"], value="ja", label="表示言語 / Language", elem_id="ui-lang")
        warm_md = gr.Markdown(visible=False, elem_id="warming")
        with gr.Tab(t["ask_tab"], id="ask"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=360):
                    # no autoscroll to the end: a finished answer is scrolled to its own first line
                    chat = gr.Chatbot(label=t["chat"], height=520, elem_id="chat", sanitize_html=True,
                                      render_markdown=True, autoscroll=False)
                    with gr.Row():
                        box = gr.Textbox(label=t["q"], placeholder=t["q_ph"], scale=5, elem_id="question",
                                         autofocus=True, submit_btn=False)
                        send = gr.Button(t["send"], variant="primary", scale=1, elem_id="send")
                    clear_btn = gr.Button(t["clear"], size="sm")
                    gr.Examples(EXAMPLES, inputs=box, label=t["examples"])
                with gr.Column(scale=2, min_width=320, elem_classes=["side-panel"]):
                    pick = gr.Dropdown([], label=t["pick"], elem_id="source-pick", interactive=True)
                    passage = gr.HTML(elem_id="source-passage")
                    # the page opens full screen at a readable size
                    page_img = gr.Image(label=t["page"], type="pil", interactive=False, elem_id="page-image", visible=False,
                                        height=520, buttons=["fullscreen", "download"])
                    table = gr.Dataframe(headers=PANEL_HEADERS["ja"], label=t["kpi"], visible=False, wrap=True,
                                         column_widths=["36%", "13%", "13%", "13%", "11%", "14%"],
                                         interactive=False, elem_id="kpi-table")
                    chart = gr.Plot(label=t["chart"], visible=False, elem_id="kpi-chart")
                    csv_btn = gr.DownloadButton(t["csv"], visible=False, elem_id="kpi-csv")
                    with gr.Accordion(t["trace"], open=False, elem_id="trace-panel") as trace_box:
                        trace_md = gr.Markdown(elem_id="trace")
        with gr.Tab(t["docs_tab"], id="docs"):
            docs_head = gr.Markdown(t["docs_head"])
            doc_df = gr.Dataframe(value=doc_table(), headers=t["doc_headers"], interactive=False, elem_id="doc-table")
            with gr.Row():
                files = gr.File(label=t["upload"], file_count="multiple", file_types=[".pdf", ".txt", ".md"],
                                elem_id="upload")
                with gr.Column():
                    add_btn = gr.Button(t["add"], variant="primary", elem_id="add-docs")
                    names = [d["source"] for d in collections.get()[1].list()]
                    doc_pick = gr.Dropdown(names, value=names[0] if names else None, label=t["doc_pick"],
                                           elem_id="doc-pick")
                    with gr.Row():
                        reindex_btn = gr.Button(t["reindex"], size="sm")
                        remove_btn = gr.Button(t["remove"], size="sm", variant="stop")
            doc_status = gr.Markdown(elem_id="doc-status")

        outs = [chat, state, box, pick, passage, page_img, table, chart, csv_btn, trace_md]
        # always_last: a question sent while the previous answer is finishing waits its turn
        # instead of being dropped
        for trigger in (send.click, box.submit):
            trigger(respond, [box, chat, state, ui_lang, coll_pick], outs, api_visibility="private",
                    trigger_mode="always_last").then(None, None, None, js=SCROLL_TO_ANSWER)
        clear_btn.click(clear, None, [chat, state, pick, passage, page_img, table, chart, csv_btn, trace_md],
                        api_visibility="private")
        pick.change(show_source, [pick, state], [passage, page_img], api_visibility="private")
        ui_lang.change(switch_language, ui_lang,
                       [title, chat, box, send, clear_btn, pick, page_img, table, csv_btn, docs_head, files, add_btn,
                        doc_pick, reindex_btn, remove_btn, doc_df, trace_box, chart], api_visibility="private")
        add_btn.click(upload, [files, coll_pick], [doc_status, doc_df, doc_pick, coll_pick], api_visibility="private")
        reindex_btn.click(reindex, [doc_pick, coll_pick], [doc_status, doc_df, doc_pick], api_visibility="private")
        remove_btn.click(remove, [doc_pick, coll_pick], [doc_status, doc_df, doc_pick], api_visibility="private")
        coll_pick.change(switch_collection, coll_pick,
                         [chat, state, pick, passage, page_img, table, chart, csv_btn, trace_md, doc_df, doc_pick],
                         api_visibility="private")

        warm_timer = gr.Timer(2.0)
        warm_timer.tick(warming, [coll_pick, ui_lang], [warm_md, warm_timer], api_visibility="private",
                        show_progress="hidden")
        demo.load(warming, [coll_pick, ui_lang], [warm_md, warm_timer], api_visibility="private")

        def ask(question: str, collection: str = "") -> dict:
            """Answer one question: {question, answer, grounded, citations, records, mode, lang}.
            `collection` picks a collection (default: DOCQA_COLLECTION)."""
            try:
                service = collections.get(collection)[0]
            except UnknownCollection as exc:
                return {"question": question, "error": str(exc)}
            return service.ask(question).to_dict()

        gr.api(ask, api_name="ask")  # the app's API (gradio_client: client.predict(q, api_name="/ask"))
    return demo


KEEP = gr.update()  # leave a component as it is


def _stream_pieces(text: str, size: int = 40):
    """The answer in small pieces, so a long answer starts to show at once."""
    for i in range(0, len(text), size):
        yield text[i:i + size]


STATUS_COLOURS = {"達成": "#4c78a8", "met": "#4c78a8", "未達": "#e45756", "missed": "#e45756"}


def _figure(rows: list[dict], ui_lang: str):
    """Horizontal bars (labels stay readable on the left), each actual as a percentage of its
    target, with the 100 % line where the target is met exactly."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for status in dict.fromkeys(r["series"] for r in rows):
        rs = [r for r in rows if r["series"] == status]
        fig.add_bar(y=[r["indicator"] for r in rs], x=[r["value"] for r in rs], orientation="h", name=status,
                    marker_color=STATUS_COLOURS.get(status, "#9d9d9d"), text=[f"{r['value']:.0f}%" for r in rs],
                    textposition="auto")
    fig.add_vline(x=100, line_dash="dash", line_color="#333")
    fig.update_layout(height=120 + 36 * len(rows), margin=dict(l=10, r=10, t=10, b=30), barmode="group",
                      xaxis=dict(title="%", range=[0, max(120, max(r["value"] for r in rows) * 1.1)]),
                      yaxis=dict(autorange="reversed", automargin=True), legend_orientation="h")
    return fig


def _fill_vectors(service: AnswerService) -> None:
    try:
        n = service.index.fill_vectors()
        print(f"semantic search ready ({n} documents embedded)", file=sys.stderr)
    except Exception as exc:  # the app goes on with keyword retrieval; the next start retries
        print(f"warning: embedding in the background failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def main() -> int:
    settings = get_settings()
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not settings.allow_network:
        print(f"refusing to serve on {settings.host}: set DOCQA_ALLOW_NETWORK=true (and DOCQA_AUTH) to serve on a network",
              file=sys.stderr)
        return 2
    try:
        auth = load_auth(settings)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if settings.allow_network and not auth:
        print("serving on a network requires DOCQA_AUTH (user:password, or a file of such lines)", file=sys.stderr)
        return 2
    try:
        service = AnswerService(settings)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    collections = Collections(settings, service)
    docs = collections.get()[1]
    if not service.store.documents() and not Path(settings.docs).exists():
        print(f"note: the documents folder {settings.docs} (DOCQA_DOCS) does not exist; starting with an empty "
              "index: add documents in the Documents tab", file=sys.stderr)
    elif not service.store.documents():
        # tables, articles and keywords first (seconds), parsed in a child process whose memory
        # goes back to the system when it exits; the vectors follow here, in the background
        print(f"first start: indexing {settings.docs} …", file=sys.stderr)
        docs.publish_folder_in_child(Path(settings.docs))
        service = service.reopened()  # the stores as the child left them
        collections = Collections(settings, service)
    release_freed_memory()
    done, total = service.index.vector_status()
    if done < total:
        print(f"semantic search warming up: embedding {total - done} passages in the background "
              "(the app answers meanwhile)", file=sys.stderr)
        threading.Thread(target=_fill_vectors, args=(service,), daemon=True, name="fill-vectors").start()
    service.warm()
    demo = build(collections)
    # answers are read-only on shared, thread-safe services: several may run at once
    demo.queue(default_concurrency_limit=settings.concurrency)
    demo.launch(server_name=settings.host, server_port=settings.port, auth=auth or None,
                                max_file_size=f"{int(settings.max_file_mb)}mb", css=CSS,
                                allowed_paths=[], footer_links=["api"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
