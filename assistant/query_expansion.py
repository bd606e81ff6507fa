"""English → Japanese domain terms for the keyword side of retrieval.

BM25 over Sudachi tokens scores an English question 0 on Japanese text, so an English
question would get dense results only. Appending the Japanese terms of a small policy
glossary lets the keyword index contribute. This is vocabulary of the domain (what the
words mean), not answers: no entry names a program, figure or page.
"""
from __future__ import annotations

import re

from ingest.normalize import has_japanese

# stem (matched at a word start, case-insensitive) → Japanese terms
GLOSSARY: dict[str, str] = {
    "program": "事業", "project": "事業", "measure": "施策", "policy": "施策 政策",
    "verif": "検証", "evaluat": "検証 評価", "review": "検証",
    "target": "目標", "goal": "目標", "actual": "実績", "result": "実績 成果", "indicator": "指標",
    "outcome": "成果指標", "achiev": "達成", "council": "意見 専門部会", "committee": "意見 専門部会",
    "opinion": "意見", "ordinance": "条例", "article": "条", "chapter": "章",
    "startup": "起業 創業 スタートアップ", "start-up": "起業 創業", "entrepreneur": "起業 創業",
    "business succession": "事業承継", "succession": "承継", "management": "経営",
    "innovation": "イノベーション 革新", "research": "研究", "development": "開発",
    "intellectual property": "知的財産", "patent": "知的財産 特許", "creative": "クリエイティブ",
    "quantum": "量子", "digital": "デジタル DX", "productivity": "生産性", "loan": "融資",
    "financ": "融資 資金", "subsid": "補助 助成", "shopping street": "商店街", "shopping district": "商店街",
    "store": "店舗", "shop": "商店 店舗", "commerc": "商業", "cashless": "キャッシュレス",
    "agricultur": "農業 農", "farm": "農業 農地 農", "green": "緑地 グリーン", "tourism": "観光",
    "tourist": "観光", "inbound": "インバウンド", "fireworks": "花火", "convention": "コンベンション",
    "employment": "雇用 就業", "job": "就業 雇用", "human resource": "人材", "talent": "人材",
    "worker": "勤労者 労働", "labor": "労働", "labour": "労働", "skill": "技能",
    "overseas": "海外", "foreign": "海外 外国人", "export": "海外展開", "investment": "投資",
    "procurement": "調達 受注 入札", "bid": "入札", "contract": "契約 受注", "public works": "公共工事",
    "survey": "調査", "small and medium": "中小企業", "sme": "中小企業", "company": "企業",
    "companies": "企業", "enterprise": "企業", "environment": "環境", "welfare": "福祉",
    "social business": "ソーシャルビジネス", "seminar": "セミナー", "event": "イベント",
    "participant": "参加者", "visitor": "来場者 入込", "occupancy": "入居率", "area": "面積",
    "plan": "計画 プラン", "position": "位置付け", "comprehensive plan": "総合計画",
    "budget": "予算 事業費", "response": "対応", "action": "対応", "challenge": "課題", "issue": "課題",
}
_RX = [(re.compile(r"\b" + re.escape(k), re.I), v) for k, v in GLOSSARY.items()]


def expand_for_keywords(query: str) -> str:
    """The query plus Japanese glossary terms when it is written in English."""
    if has_japanese(query):
        return query
    extra = [v for rx, v in _RX if rx.search(query)]
    return query + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


COUNTED = {"program": "事業", "project": "事業", "article": "条", "measure": "施策", "item": "取組項目",
           "事業": "事業", "条": "条", "施策": "施策"}


def count_pattern(query: str) -> "re.Pattern[str] | None":
    """For "how many programs…" / 「いくつの事業」: a passage answers it when it states a
    number of that thing (「33の事業」「7つの中小企業活性化施策」)."""
    m = re.search(r"how many (\w+?)s?\b|いくつの(事業|条|施策)|何(事業)|(事業)数", query, re.I)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    term = COUNTED.get(word.lower())
    if not term:
        return None
    return re.compile(r"\d+\s*(?:つ)?の?[^\s。、]{0,12}?" + term)
