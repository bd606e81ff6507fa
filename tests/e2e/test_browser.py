"""End-to-end in a real browser: ask, read the answer and its citations, open a source,
switch the UI language, upload a document and see it indexed. Screenshots go to
screenshots/ (DOCQA_SCREENSHOTS)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS


def ask(page, question: str) -> None:
    """Type and send a question, see it appear in the chat, and wait until no answer is
    pending."""
    n = page.locator("#chat [data-testid='user']").count()
    page.fill("#question textarea", question)
    expect(page.locator("#question textarea")).to_have_value(question)
    page.click("#send")
    expect(page.locator("#chat [data-testid='user']")).to_have_count(n + 1, timeout=30000)
    expect(page.locator("#chat .pending")).to_have_count(0, timeout=60000)
    expect(page.locator("#source-pick, #chat").first).to_be_visible()


def test_kpi_question_shows_answer_citations_table_and_chart(page):
    page.set_viewport_size({"width": 1400, "height": 1000})  # the inquiry desk's screen
    ask(page, "第12条の事業で令和6年度に目標を達成できなかったものは？")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    expect(bot).to_contain_text("起業支援事業", timeout=30000)
    expect(bot).to_contain_text("118")
    expect(bot).to_contain_text("[1]")
    expect(page.locator("#kpi-table")).to_contain_text("起業セミナー参加者数", timeout=15000)
    expect(page.locator("#kpi-chart")).to_be_visible()
    expect(page.locator("#kpi-chart")).to_contain_text("%")  # actual as a percentage of target
    expect(page.locator("#kpi-csv")).to_be_visible()
    expect(page.locator("#source-passage")).to_contain_text("mini_report")
    # the answer's first line is in view, not the end of the answer
    page.wait_for_timeout(500)
    top = bot.evaluate("e => { const r = e.getBoundingClientRect(); const c = document.querySelector('#chat').getBoundingClientRect();"
                       " return [r.top - c.top, c.height]; }")
    assert 0 <= top[0] < top[1] / 2, top
    # the KPI table fits its panel: nothing scrolls sideways
    wide = page.locator("#kpi-table").evaluate("e => [...e.querySelectorAll('*')].filter(x => x.scrollWidth > x.clientWidth + 2"
                                               " && ['auto', 'scroll'].includes(getComputedStyle(x).overflowX)).map(x => x.tagName + '.' + x.className + ' ' + x.scrollWidth + '/' + x.clientWidth)")
    assert not wide, wide
    # a KPI citation opens as a small table with its header row
    cite = bot.locator("details", has=page.locator("summary", has_text="[1]")).first
    cite.locator("summary").click()
    expect(cite.locator("table th").first).to_be_visible(timeout=5000)
    expect(cite.locator("table").first).to_contain_text("年度")
    page.screenshot(path=str(SHOTS / "01_kpi_answer.png"), full_page=True)


def test_follow_up_keeps_the_question(page):
    ask(page, "第12条の事業で令和6年度に目標を達成できなかったものは？")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']")
    expect(bot.last).to_contain_text("起業支援事業", timeout=30000)
    ask(page, "令和5年度は？")
    expect(bot.last).to_contain_text("令和5年度", timeout=30000)
    expect(bot.last).to_contain_text("95")  # 起業セミナー R5: 95 / 100
    page.screenshot(path=str(SHOTS / "02_follow_up.png"), full_page=True)


def test_not_in_documents_state(page):
    ask(page, "起業支援事業の令和6年度の予算はいくら？")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    expect(bot).to_contain_text("文書に記載なし", timeout=30000)


def test_source_panel_shows_pdf_page_with_highlight(page):
    ask(page, "観光案内所の来訪者はどうなった？")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    expect(bot).to_contain_text("来訪者", timeout=30000)
    expect(page.locator("#source-passage mark").first).to_be_visible(timeout=15000)
    expect(page.locator("#page-image img")).to_be_visible(timeout=15000)
    page.screenshot(path=str(SHOTS / "03_source_page.png"), full_page=True)


def test_english_toggle(page):
    page.locator("#ui-lang").get_by_text("en", exact=True).click()
    expect(page.locator("#send")).to_have_text("Ask", timeout=10000)
    ask(page, "Which Article 12 programs missed targets?")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    expect(bot).to_contain_text("FY2024", timeout=30000)
    # the Japanese it quotes is glossed for the English reader, folded under the answer
    glosses = bot.locator("details", has=page.locator("summary", has_text="Key terms")).first
    expect(glosses).to_be_attached(timeout=5000)
    assert glosses.get_attribute("open") is None
    glosses.locator("summary").click()
    expect(glosses).to_contain_text("·")
    page.screenshot(path=str(SHOTS / "04_english.png"), full_page=True)


def test_upload_indexes_a_file_and_reports_bad_ones(page, tmp_path):
    good = tmp_path / "新しい報告.md"
    good.write_text("# 新しい報告\n\n第9章 追加資料\n\n商店街の空き店舗対策として、家賃補助を新たに始めました。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.get_by_role("tab", name=re.compile("文書|Documents")).click()
    # the Japanese UI is Japanese in Gradio's own widgets too (the upload area)
    upload_text = page.locator("#upload").inner_text()
    page.screenshot(path=str(SHOTS / "05a_upload_empty.png"), full_page=True)
    assert not re.search(r"Drop File|Click to Upload", upload_text), upload_text
    page.locator("#upload input[type=file]").set_input_files([str(good), str(empty)])
    page.click("#add-docs")
    status = page.locator("#doc-status")
    expect(status).to_contain_text("新しい報告.md: indexed", timeout=60000)
    expect(status).to_contain_text("empty.txt")
    expect(status).to_contain_text("empty")
    expect(page.locator("#doc-table")).to_contain_text("新しい報告.md")
    page.screenshot(path=str(SHOTS / "05_upload.png"), full_page=True)
    page.get_by_role("tab", name=re.compile("質問|Ask")).click()
    ask(page, "空き店舗対策は？")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    expect(bot).to_contain_text("家賃補助", timeout=30000)


def test_tablet_layout_has_no_horizontal_scroll(browser, app_server):
    ctx = browser.new_context(viewport={"width": 820, "height": 1000}, locale="ja-JP", has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(app_server[0])
        page.wait_for_selector("#question textarea", timeout=60000)
        ask(page, "第12条について協議会はどんな意見を出した？")
        expect(page.locator("#chat [data-testid='bot']").last).to_contain_text("量子", timeout=30000)
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        # a KPI answer's table fits the narrow panel too
        ask(page, "第12条の事業で令和6年度に目標を達成できなかったものは？")
        expect(page.locator("#kpi-table")).to_contain_text("起業セミナー参加者数", timeout=15000)
        wide = page.locator("#kpi-table").evaluate(
            "e => [...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 2"
            " && ['auto', 'scroll'].includes(getComputedStyle(x).overflowX))")
        assert not wide
        page.screenshot(path=str(SHOTS / "06_tablet.png"), full_page=True)
    finally:
        ctx.close()
