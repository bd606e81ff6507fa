"""Question reading: a question becomes slots, each with its evidence.

Slots: articles (one, a list, a range), fiscal years (one, a list, a range, in any of
令和N年度 / RN / FY2024 / 2024年度 / "in 2023" / 平成), the operations the wording points to
(each with a confidence from the cues that matched), the chapter, quoted names and the
language. Cue lexicons describe the language of questions in general (ways of saying
"missed", "how many", "what will the city do"); no cue exists for one known question.
The answerers read these slots; the verifier decides among their candidates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.normalize import has_japanese, nfkc

# --- years --------------------------------------------------------------------------------
_ERA = {"令和": 2018, "平成": 1988}
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _fiscal(year: int, month: int) -> int:
    """The fiscal year (April to March) a calendar month falls in: March 2025 is FY2024."""
    return year - 1 if month <= 3 else year


_YEAR_PATTERNS = [
    # a year with its month is a date: the fiscal year it falls in (April 2024 to March 2025 is FY2024)
    (re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?((?:19|20)\d\d)(?!\d)", re.I),
     lambda m: _fiscal(int(m.group(2)), _MONTHS[m.group(1).lower()])),
    (re.compile(r"(?<![\d.,])((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月"), lambda m: _fiscal(int(m.group(1)), int(m.group(2)))),
    (re.compile(r"(令和|平成)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月"),
     lambda m: _fiscal(_ERA[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2))), int(m.group(3)))),
    (re.compile(r"(令和|平成)\s*(\d{1,2}|元)\s*(?:\(\s*\d{4}\s*\)\s*)?年度?"), lambda m: _ERA[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))),
    # 令和4～6年度 / 令和4・5年度: the era's first year before a second that carries 年度
    (re.compile(r"(令和|平成)\s*(\d{1,2}|元)(?=\s*(?:から|〜|~|～|-|–|—|、|・|と|及び)\s*\d{1,2}\s*年)"),
     lambda m: _ERA[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))),
    (re.compile(r"(?<![A-Za-z0-9])([RH])\s*(\d{1,2}|元)(?![\d])(?:\s*年度?)?"), lambda m: _ERA["令和" if m.group(1).upper() == "R" else "平成"] + (1 if m.group(2) == "元" else int(m.group(2)))),
    (re.compile(r"(?<![A-Za-z0-9])FY\s*'?(\d{4}|\d{2})(?!\d)", re.I), lambda m: int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1))),
    # a year, not part of a number (2,024 / 2024.5 / 2024%): punctuation after it is fine ("fiscal 2023, and")
    (re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?!\d|[.,]\d|%)(?:\s*年度?)?"), lambda m: int(m.group(1))),
]
_RANGE_JOIN = re.compile(r"^\s*(?:年度)?\s*(?:から|〜|~|～|-|–|—|to|through|thru|until|till|and)\s*$", re.I)
_BETWEEN = re.compile(r"\b(?:between|from)\s*$", re.I)
# the second year of a pair written with its era or century left out: 令和4年度から6年度,
# 令和4～6年度, 令和4・5年度, R4-6, FY2022-24, 2022～24年度
_ELIDED = re.compile(r"\s*(?:年度|年)?\s*(から|〜|~|～|-|–|—|to|through|thru|、|,|・|と|及び|and)\s*"
                     r"(?:第)?(\d{1,2})(?!\d)\s*(年度|年)?(?![\d.,]|\s*(?:%|％|件|人|名|社|回|円|団体|か所|ヶ所|者|店))", re.I)
_RANGE_WORDS = {"から", "〜", "~", "～", "-", "–", "—", "to", "through", "thru"}

# --- articles -----------------------------------------------------------------------------
_ART_NUM = r"(\d{1,3})"
_ART_PATTERNS = [
    re.compile(r"第\s*" + _ART_NUM + r"\s*条"),
    re.compile(r"(?<![\d第.])" + _ART_NUM + r"\s*条"),
    re.compile(r"\bart(?:icles?|s?\.)\s*" + _ART_NUM + r"\b", re.I),
]
# 第12条から第14条 / 12〜14条 / Articles 12-14 / Articles 12 through 14
_ART_RANGE = re.compile(r"(?:第\s*)?(\d{1,3})\s*(?:条\s*)?(?:から|〜|~|～|-|–|—|to|through|thru)\s*(?:第\s*)?(\d{1,3})\s*条"
                        r"|\bart(?:icles?|s?\.)\s*(\d{1,3})\s*(?:-|–|—|to|through|thru)\s*(\d{1,3})\b", re.I)
# "Articles 12, 13 and 14" / 第12条・第14条 / 12、13条
_ART_LIST_EN = re.compile(r"\bart(?:icles?|s?\.)\s*((?:\d{1,3}\s*(?:,|and|&|or)\s*)+\d{1,3})\b", re.I)
_ART_LIST_JA = re.compile(r"((?:\d{1,3}\s*[、,・と及びおよび]+\s*(?:第\s*)?)+\d{1,3})\s*条")

# --- operations: cue lexicons, each a family of ways to say the same thing ---------------------
# the counters a Japanese "how many" question puts after 何 (何人, 何機関, 何か国): what it counts
# (not 何年/何月/何日, which ask when, nor 何区/何者, which ask which or who)
JA_COUNTER = (r"(?:人|名|件|社|回|か所|カ所|ヶ所|箇所|店舗|店|団体|機関|校|台|品目|種類|か国|カ国|ヵ国|ヶ国|事業所|施設|組|"
              r"チーム|商品|区画|戸|棟|軒)")


OP_CUES: dict[str, re.Pattern] = {
    "missed": re.compile(
        r"未達|達成でき(?:な|ず)|達成して(?:い)?な|達成しな|達成されな|届か|届いてい?な|下回|足りな|及ばな|不足|割り込|割った|"
        r"miss(?:ed|es|ing)?\b|fell short|fall(?:s|ing)? short|short of|(?:(?:fall(?:s|ing|en)?|fell|drop(?:s|ped|ping)?|go(?:es|ing)?|went|c[ao]me|stay(?:s|ed)?|remain(?:s|ed)?) )?below|under (?:the |its |their )?(?:target|goal)|"
        r"came in under|come in under|not (?:meet|met|reach|achieve|hit)|(?:didn't|did not|failed to|fail to|couldn't) "
        r"(?:meet|reach|hit|achieve|make)|fail(?:ed|ing)?\b|underperform|shortfall|behind (?:target|schedule)|lagg", re.I),
    "met": re.compile(
        r"達成し(?!な)|達成でき(?:た|てい|ました)|達成され(?!な)|クリア|上回|超え|突破|届い(?!てい?な)|到達し(?!な)|"
        r"(?:目標|目標値)に達し(?!な)|"
        r"\bmet\b|achiev|exceed|surpass|on target|"
        # verbs that mean "met" only with a target after them ("hit by high prices" is no status)
        r"\b(?:meet(?:s|ing)?|reach(?:ed|es)?|hit|beat) (?:the |its |their |a |this |that )?(?:targets?|goals?|objectives?)", re.I),
    # "when" asks for a time only as a question word (when was…, if so when?), not as a
    # conjunction ("the rate when the plan was drafted", "what the city does when it orders")
    "when": re.compile(r"いつ|どの年度|何年度|どの年|ever\b|which (?:fiscal )?years?|in what years?|any year|"
                       r"\bwhen\s*(?:[?？]|$)|\bwhen\s+(?:was|is|were|are|did|does|do|will|would|can|could|has|have|had|"
                       r"should|exactly|roughly|approximately)\b|^\s*when\b(?!\s+(?:the|a|an|it|they|we|you|i|companies|firms)\b)", re.I),
    "trend": re.compile(
        r"推移|経年|毎年|各年度|年度ごと|年ごと|(?<!目標と)(?<!目標に)(?<!目標値と)(?<!目標値に)(?:比べ|比較)|変化|変わ|増え|減っ|減り|減少|増加|伸び|違い|差は|差が|過去\s*\d*\s*年|\d\s*年間|(?:ここ|この)\s*\d+\s*年|どう\s*動|"
        r"compar(?![a-z]*\s+(?:it\s+|them\s+|this\s+|that\s+)?(?:with|to|against)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?:[a-z]+\s+)?(?:targets?|goals?|objectives?)\b)|\bchange|trend|\bgrow(?!ers?\b)|increase|decrease|\brise\b|\brose\b|declin|over the (?:years|period)|each year|every year|"
        r"year by year|year-on-year|year over year|across (?:the )?years|\bfewer\b|last (?:three|3|two|2) years|highest|lowest|peak|best year|worst year", re.I),
    "number": re.compile(
        r"何\s*" + JA_COUNTER + r"|何%|何パーセント|何ヘクタール|何平方|いくら|いくつ|どのくらい|どれくらい|どれだけ|"
        r"数は|率は|額は|実績|目標(?!を?達成)|数値|割合|"
        r"how many|how much|what (?:was|is|were|are) the (?:number|rate|figure|total|target|actual|value|share|amount|ratio|count)|"
        r"number of|\brate\b|figure|\btarget\b|\bgoal\b|\bactual\b|\bcount\b|\btotal\b|percentage|\bshare\b|amount", re.I),
    "count": re.compile(
        r"何事業|いくつの|何項目|何指標|何本|事業数|項目数|指標数|委員数|(?:もの|指標|事業|項目)は?いくつ|"
        r"how many (?:[\w-]+ ){0,2}(?:programs?|projects?|articles?|measures?|items?|indicators?|members?|policies|strategies|businesses)\b", re.I),
    # "which Article 16 programs" names the article: it does not ask for one
    "which_article": re.compile(r"第何条|何条|どの条|(?:which|what) article(?!\s*\d)|under which (?:article|provision)(?!\s*\d)", re.I),
    "article_text": re.compile(r"定め|規定|内容|何と書|書かれて|とは|what does .{0,40}\b(?:say|provide|stipulate|state|set out|lay down|require|expect|ask|oblige|commit|mandate)|"
                               # (what the city or the council said is what was said, not the text of an article)
                               r"(?<!city )(?<!they )(?<!it )(?<!council )(?<!committee )(?<!members )(?<!member )\bsays?\b|provide[sd]?\b|stipulat|lay(?:s)? down|set(?:s)? out|defin", re.I),
    # what a term means: an ordinance answers it in its definitions article
    "definition": re.compile(r"定義|とは(?:何|なに|どう|どんな|どのような|誰)|(?:の|という)意味|に(?:当た[るり]|該当)|"
                             r"\bdefin(?:e|es|ed|ition)\b|\b(?:what|who) (?:exactly )?counts? as\b|\bwhat is meant by\b|"
                             r"\bmeaning of\b|\bqualif(?:y|ies) as\b", re.I),
    "ordinance": re.compile(r"条例|ordinance|bylaw|by-law", re.I),
    # what a body said, not the body itself: "who sits on the committee" asks for members
    "opinion": re.compile(r"検証意見|意見|指摘|提言|という話|話が(?:出|あ)|声が(?:出|あ|上が)|言って|述べ|コメント|見解|opinion|views? (?:of|from|on)|said about|say about|what (?:was|has been|had been) said|(?:council|committee|panel|members?|experts?|anyone|anybody|someone)\b.{0,30}\b(?:say|said)\b|"
                          r"(?:council|committee|panel|members?|experts?|reviewers?|evaluators?)\s+(?:\w+\s+)?(?:noted|observed|remarked|flagged|highlighted|stressed|mentioned|criticised|criticized)\b|"
                          # what members proposed or put forward (「委員から…提案」「委員は…方向性を示して」)
                          # (the speaker is the cue; the words between it and the verb are the topic, not cue words)
                          r"(?:委員|部会|協議会|審議会|有識者)(?=(?:から|は|が|の方|さん|たち|の皆さん)?.{0,30}?(?:提案|示し(?:て|た|まし)|(?:アイデア|案|要望)が出))|提案(?=が(?:あ|出)|は(?:あ|出))|"
                          r"(?:council|committee|panel|members?|experts?|anyone|someone)\b(?=.{0,30}\b(?:propos(?:e|ed|al|als)|ideas?|put forward|rais(?:e|ed))\b)|"
                          r"comment|feedback|recommend|suggest|point(?:ed)? out|concerns?\b|"
                          r"\braised? (?:any|anything|something|concerns?|issues?|questions?|points?|about)\b|members? (?:think|thought|argue|said|say)|"
                          r"(?:council|committee|panel|members?) (?:think|thought|felt|wanted|asked|urged|warned|argued|called)", re.I),
    # 「対応する事務事業」 (corresponding, before a noun) is no response; 「どう対応する」「対応は」 is
    "response": re.compile(r"対応(?!(?:する|した|している|していない)[一-龥ァ-ヶ])|(?<!有効)(?:回答|返答)(?=は|として|内容)|(?:どう|どのように)(?:回答|返答)|(?:どう|どのように|何と|なんと)(?=.{0,20}?答え(?:て|た|る|ま))|(?:市|町|県|区|村|国)(?:は|が|として)(?=.{0,30}?答え(?:て|た|る|ま))|意見に対し|つもり|今後|以降|方針|予定|取り組む|していく|what will|will the city|plan(?:s|ning)? to|next (?:year|step)|"
                           # (whole words: not correspond, satisfaction; a survey's responses or response
                           # rate, "contracts going to SMEs" and the "action program" are no response)
                           r"(?:\bis|\bare|\bwas|\bwere|'s|'re)\s+(?:\w+\s+){0,3}going to\b|"
                           r"(?<!how many )\b(?:respond(?:s|ed|ing)?|responses?)\b(?! rates?)|\bactions?\b(?! (?:program|plan))|"
                           r"follow[- ]?up|going forward|future|\b(?:doing|do)\b.{0,25}\babout\b|"
                           # "what did the city say it will do", "what support does the city plan", "from FY2025 on"
                           r"\bsay (?:it|they) (?:will|would|is going to|plans? to)\b|"
                           r"\b(?:city|council|government|ministry|agency|town|prefecture|department)'s (?:answer|reply|response)\b|"
                           r"\bhow (?:did|does|will) (?:the )?(?:city|council|government|ministry|agency|town|prefecture|department) (?:answer|reply)\b|\b(?:does|do|will|did) (?:the )?(?:city|they|it) (?:plan|intend)\b|"
                           r"\b(?:from|after) (?:FY|fiscal(?: year)?)? ?20\d\d (?:on|onwards?)\b", re.I),
    "why": re.compile(r"なぜ|どうして|何故|理由|原因|要因|背景|\bwhy\b|\breasons?\b|\bcaus(?:e|ed)\b|explain", re.I),
    # where an event was held or a place is: a venue, not a figure (not "where does it stand", nor
    # 「どこの課」「どこの国」, which ask who or which)
    # (the cue is the question word alone: the words between it and "held" are the topic)
    "where": re.compile(r"どこで(?=開催|開か|行われ|行い|行っ|実施|催|やっ|やる|やり)|(?=(?:開催|実施)(?:場所|会場|地)|会場)|"
                        r"\bwhere(?= (?:was|is|were|will|does|did) (?:the |it |they )?[^?.]{0,60}?\b(?:held|hosted|take place|took place|"
                        r"taking place|located|be held)\b)|\b(?:which|what) (?:venue|park|hall)s?\b|\bvenues?\b", re.I),
    # (a stated amount, "orders over 1 million yen", 「100万円以上」, is a condition, not the figure asked)
    "budget": re.compile(r"予算|事業費|決算|費用|経費|支出|執行額|金額|budget|cost|spend|spent|expenditure|"
                         r"(?<![\d,.万億千百])(?<![\d,.] )(?<!million )(?<!billion )(?<!thousand )(?<!hundred )(?:\byen\b|円)", re.I),
    # "who" as a question word, not a relative pronoun ("people who want to open a shop")
    "who": re.compile(r"誰|だれ|どなた|氏名|名簿|どの委員|\bwhich(?= (?:\w+ ){0,2}(?:members?|persons?|officials?|speakers?|experts?|chairs?|chairperson)\b)|(?:方|人|者|企業|会社|団体)(?:々)?の名前|名前\s*(?:と|を|は|って|も|が|、|[?？])|(?:^|[.?!;:,(—–-]\s*|\b(?:and|or|but|know|me|asks?|wondering|find out|see)\s+)who(?:m|'s)?\b|\bnames? of\b|\btheir names\b", re.I),
    "items": re.compile(r"取組項目|取り組み項目|program items?|\bitems? (?:of|in|under) the (?:[\w-]+ ){0,3}(?:program|plan)", re.I),
    "projects": re.compile(r"事務事業|(?:主な|対応する|どの|どんな|どういった|どのような)事業(?!者)|事業を(?:挙げ|列挙|すべて|全て|全部)|"
                           r"\bprojects? (?:that|which) implement|programs? (?:that )?implement|which projects|"
                           r"\blist (?:the |all )?(?:main )?(?:programs|programmes|projects)\b", re.I),
    "latest": re.compile(r"last year|latest|most recent|昨年度|最新|直近", re.I),
    "everything": re.compile(r"everything|all about|overview of|全体像|総まとめ|関連する情報|に関する情報|"
                             r"(?:すべて|全て|全部|まとめて)(?:教えて|知りたい|説明)", re.I),
}
# who gives opinions: a cue only next to what they said (「協議会の意見」), a topic otherwise (「協議会の会長」)
_SPEAKER = re.compile(r"[一-龥]*(?:協議会|部会|委員会|審議会)|委員|council|committee|panel|subcommittee|members?", re.I)
CHAPTER = re.compile(r"第\s*(\d{1,2})\s*章|\bchapter\s*(\d{1,2})\b", re.I)


@dataclass
class Query:
    text: str
    lang: str
    articles: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # fiscal years, e.g. 2024
    year_range: bool = False  # the years came as a range ("FY2022–FY2024")
    ops: dict[str, float] = field(default_factory=dict)  # operation → confidence (0..1)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # slot → the words that set it
    quoted: list[str] = field(default_factory=list)  # 「…」 names
    chapter: Optional[int] = None
    editions: list[int] = field(default_factory=list)  # report editions named (「令和6年度版」, "the FY2024 report")

    def op(self, name: str) -> float:
        return self.ops.get(name, 0.0)

    @property
    def year(self) -> Optional[int]:
        return self.years[0] if self.years else None

    # the operations as yes/no, for the answerers that only need that
    @property
    def missed(self) -> bool:
        return self.op("missed") > 0

    @property
    def met(self) -> bool:
        return self.op("met") > 0 and not self.missed

    @property
    def status(self) -> bool:
        return self.missed or self.met

    @property
    def trend(self) -> bool:
        return self.op("trend") > 0 or (len(self.years) >= 2)

    @property
    def ordinance(self) -> bool:
        return self.op("ordinance") > 0

    @property
    def opinion(self) -> bool:
        return self.op("opinion") > 0

    @property
    def response(self) -> bool:
        return self.op("response") > 0

    @property
    def budget(self) -> bool:
        return self.op("budget") > 0

    def to_dict(self) -> dict:
        return {"text": self.text, "lang": self.lang, "articles": self.articles, "years": self.years,
                "year_range": self.year_range, "ops": self.ops, "evidence": self.evidence,
                "chapter": self.chapter, "quoted": self.quoted, "editions": self.editions}


def _spans(patterns, text: str) -> list[tuple[int, int, int]]:
    """(start, end, fiscal year) of every year mention, overlapping mentions collapsed."""
    found = []
    for rx, conv in patterns:
        for m in rx.finditer(text):
            fy = conv(m)
            if 1989 <= fy <= 2099:
                found.append((m.start(), m.end(), fy))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, int]] = []
    for s, e, fy in found:
        if out and s < out[-1][1]:  # inside the previous mention: 令和6(2024)年度 is one year
            continue
        out.append((s, e, fy))
    return out


def _elided(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Years written without their era or century after a full one (see _ELIDED)."""
    out = []
    starts = {s for s, _, _ in spans}
    for s, e, fy in spans:
        m = _ELIDED.match(text, e)
        if not m or m.start(2) in starts or any(a <= m.start(2) < b for a, b, _ in spans):
            continue
        n, ranged = int(m.group(2)), m.group(1).lower() in _RANGE_WORDS
        head = text[s:e].lstrip()
        if re.match(r"(令和|平成|[RH])", head, re.I):  # the same era: its first year is fy - (the era year)
            first = re.search(r"\d+", head)  # none for 元 (the era's first year)
            new = fy - (int(first.group(0)) if first else 1) + n
        elif ranged:  # FY2022-24: the same century, a later year
            new = fy - fy % 100 + n
            if new == fy + 1 and m.group(1) in ("-", "–") and not m.group(3) and not text[s:e].strip().endswith("年度"):
                continue  # 2021-22, 2023–24: one fiscal year that straddles two calendar years
        else:
            continue
        if not (m.group(3) or ranged):
            continue  # 「令和6年度、3件」: a count, not a year
        if fy < new <= fy + 30:
            out.append((m.start(2), m.end(), new))
    return out


def read_years(text: str) -> tuple[list[int], bool, list[str]]:
    spans = _spans(_YEAR_PATTERNS, text)
    spans = sorted(spans + _elided(text, spans))
    years: list[int] = []
    is_range = False
    for i, (s, e, fy) in enumerate(spans):
        if i > 0:
            ps, pe, pfy = spans[i - 1]
            between = text[pe:s]
            joined = _RANGE_JOIN.match(between)
            word = between.strip().lower()
            ranged = joined and (word not in ("and",) or _BETWEEN.search(text[:ps]))
            if ranged and pfy < fy <= pfy + 30:
                years.extend(range(pfy + 1, fy))
                is_range = True
        years.append(fy)
    return list(dict.fromkeys(years)), is_range, [text[s:e] for s, e, _ in spans]


def read_articles(text: str) -> tuple[list[int], list[str]]:
    arts: list[int] = []
    ev: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in _ART_RANGE.finditer(text):
        a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if 0 < a < b <= a + 40:
            arts.extend(range(a, b + 1))
            ev.append(m.group(0))
            taken.append(m.span())
    for rx in (_ART_LIST_EN, _ART_LIST_JA):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            arts.extend(int(n) for n in re.findall(r"\d{1,3}", m.group(1)))
            ev.append(m.group(0))
            taken.append(m.span())
    for rx in _ART_PATTERNS:
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            arts.append(int(m.group(1)))
            ev.append(m.group(0))
    return [a for a in dict.fromkeys(arts) if a > 0], ev


def _strip_names(text: str) -> str:
    return re.sub(r"[「『][^」』]*[」』]", "", text)


# a clause that reports what the asker heard or read: what they know, not what they ask
_HEARSAY = re.compile(r"[^。？?！!、,]*(?:と聞き(?:ました|まして)|と聞いた|と聞いて|と伺い(?:ました)?|と耳にし(?:ました)?|"
                      r"と読みました|そうですが|そうですね|らしいですが|らしいけど)[。、,]?|"
                      r"\b(?:I(?:'ve| have)? (?:heard|read)|I was told|I understand)\b[^.?!;]*[.;,]", re.I)


def _without_hearsay(text: str) -> str:
    """The text without clauses of hearsay that a question follows (one that ends the text,
    「…という話が出たそうですが？」, is itself the question)."""
    return _HEARSAY.sub(lambda m: " " if len(re.sub(r"[\s?？。!！]", "", text[m.end():])) >= 4 else m.group(0), text)


_SCRIPT_EDGE = re.compile(r"(?<=[^\x00-\x7f])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[^\x00-\x7f])")


# --- editions: "according to the 令和6年度 report", 「令和6年度版では」 ------------------------------
# (a year may carry its other spelling in brackets: "FY2025 (令和7年度) edition")
_EDITION_AFTER = re.compile(r"(\s*[(（][^()（）]{1,14}[)）])?"
                            r"(?:\s*(?:年度)?\s*(?:の\s*)?(?:版|(?:検証)?報告書|検証報告|検証結果|報告)"
                            r"|\s*(?:'s\s+)?(?:verification\s+)?(?:report|edition|review)\b)", re.I)
_EDITION_BEFORE = re.compile(r"\b(?:report|edition|review)\s+(?:for|of|on|covering)\s+(?:the\s+)?"
                             r"(?:fiscal\s+(?:year\s+)?)?$", re.I)
# "what changed between the reports": a change word and a word for an edition or report
_CHANGE_WORD = re.compile(r"変わ|変更|違い|差分|改訂|訂正|修正|追加され|加わ|なくな|削除|廃止|新たに載|"
                          r"\bchang|\bdiffer|\brevis|\bcorrect|\badded\b|\bremoved\b|\bdropped\b", re.I)
_REPORT_WORD = re.compile(r"版|報告書|前回|前年度の報告|両報告|\breports?\b|\beditions?\b|\bversions?\b", re.I)


def read_editions(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Fiscal years the question names as a report's edition, with their spans."""
    out, spans = [], []
    for s, e, fy in _spans(_YEAR_PATTERNS, text):
        after = _EDITION_AFTER.match(text[e:])
        if after or _EDITION_BEFORE.search(text[:s]):
            out.append(fy)
            spans.append((s, e + len(after.group(1) or "") if after else e))
    return list(dict.fromkeys(out)), spans


def analyze(question: str) -> Query:
    q = nfkc(question).strip()
    # "\b" does not fall between 「は」 and "met": English words in Japanese text get spaces
    spaced = _SCRIPT_EDGE.sub(" ", q)
    # a quoted name, or what the asker says they heard (「…を超えたと聞きました。」), sets no operation
    body = _without_hearsay(_strip_names(spaced))
    editions, ed_spans = read_editions(q)
    years, is_range, year_ev = read_years(q)
    if editions and ed_spans:
        # the edition's year is not a year asked about, unless it is the only year named
        rest = q
        for s_, e_ in reversed(ed_spans):
            rest = rest[:s_] + " " * (e_ - s_) + rest[e_:]
        other, other_range, other_ev = read_years(rest)
        if other:
            years, is_range, year_ev = other, other_range, other_ev
    # article numbers are read where the years are not (第2024条 is no article)
    articles, art_ev = read_articles(re.sub(r"(?:19|20)\d\d", " ", spaced))
    ops: dict[str, float] = {}
    evidence: dict[str, list[str]] = {"years": year_ev, "articles": art_ev}
    for name, rx in OP_CUES.items():
        hits = [m.group(0) for m in rx.finditer(body)]
        if hits:
            ops[name] = min(1.0, 0.6 + 0.2 * (len(hits) - 1))
            evidence[name] = hits
    if "opinion" in ops:  # the body that gave the opinion is part of the cue, not the topic
        evidence["opinion"] += [m.group(0) for m in _SPEAKER.finditer(body)]
    changes = [m.group(0) for m in _CHANGE_WORD.finditer(body)]
    reports = [m.group(0) for m in _REPORT_WORD.finditer(body)]
    if changes and reports and (len(editions) != 1 or len(years) == 1):
        ops["changes"] = 0.8
        evidence["changes"] = changes + reports
    if editions:
        evidence["editions"] = [str(e) for e in editions]
    if "missed" in ops and "met" in ops:
        # 「達成できなかった」 also matches 達成; a negative cue outranks the positive one
        ops["met"] = 0.3 if len(evidence["met"]) <= len(evidence["missed"]) else ops["met"]
    ch = CHAPTER.search(q)
    lang = "ja" if has_japanese(_strip_names(q)) else "en"
    return Query(text=q, lang=lang, articles=articles, years=years, year_range=is_range, ops=ops, editions=editions,
                 evidence=evidence, quoted=re.findall(r"[「『]([^」』]+)[」』]", q),
                 chapter=int(ch.group(1) or ch.group(2)) if ch else None)
