"""Transparent rules: each flag names a sign of a lure or a scam and explains itself.

Patterns run on the folded text (lower case, no diacritics) and cover the teencode met
in posts ("lg cao", "k cần kn", "ib"). The signs come from DOMAIN.md ("Screening
indicators", recruitment stage), the ILO/EC Delphi indicators of deceptive recruitment,
and police and press warnings about "việc nhẹ lương cao" and task scams. A flag alone
decides nothing: the model weighs them with the words of the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from .anchors import ANCHORS, AnchoredPattern, GuardedPattern, Located
from .text import FoldedText
from .types import EntityRows, Flag, FlagRow, Polarity, gettext_noop


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    polarity: Polarity
    explanation: str
    pattern: re.Pattern[str] | None = None


def _p(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


# Phrases that can open on any word, each with a literal every match of it holds: a
# rule is run in full only on texts holding the literal (see ``GuardedPattern``).
_APK = r"\w+\.apk"
_GOV = r"\w+\.gov(?:\.\w\w)?"
_GUARDS = {_APK: ".apk", _GOV: ".gov"}

_NO = r"(?:khong|ko|k|kh|hong|hok|khg|kg|0|chang|chua|no|not|without)"
_EXP = r"(?:kinh nghiem|kn|knghiem|exp|experience|bang cap|bang|degree|trinh do|cv)"

RULES: tuple[Rule, ...] = (
    Rule(
        "EASY_JOB_HIGH_PAY",
        "risk",
        gettext_noop(
            "Promises 'easy job, high pay', the classic bait of rings that take people to scam "
            "compounds abroad."
        ),
        _p(
            r"viec nhe\W{0,3}(?:luong|lg|thu nhap)\s*cao",
            r"viec nhe\W{0,3}(?:luong|lg)\s*khung",
            r"(?:luong|lg)\s*cao\W{0,3}viec nhe",
            r"easy (?:job|work)s?\W{0,3}(?:with\s+)?(?:high|big|good) (?:pay|salary|income)",
            r"(?:high|big) (?:pay|salary)\W{0,3}easy (?:job|work)",
            r"nhan (?:tay|ha)\W{0,3}(?:luong|lg)\s*cao",
        ),
    ),
    Rule(
        "EASY_WORK",
        "risk",
        gettext_noop(
            "Describes the work as effortless ('just use a phone'): the real work is often hidden."
        ),
        _p(
            r"viec nhe(?: nhang)?",
            r"cong viec (?:nhe nhang|don gian|nhan)",
            r"viec nhan",
            r"chi can (?:biet )?(?:dung|su dung|choi|lam) "
            r"(?:dien thoai|dt|may tinh|mt|facebook|fb)",
            r"chi can (?:biet )?doc (?:biet )?viet",
            r"biet (?:go|danh) (?:phim|may|chu)",
            r"ngoi (?:may|phong) (?:lanh|dieu hoa)",
            r"phong (?:lanh|dieu hoa)",
            r"easy (?:job|work|tasks?)",
            r"simple (?:job|work|tasks?|typing)",
            r"light work",
            r"just (?:need|use) (?:a |your )?(?:phone|smartphone|computer)",
            r"typing jobs?",
        ),
    ),
    Rule(
        "NO_EXPERIENCE",
        "risk",
        gettext_noop(
            "Asks for no experience or qualification yet promises high pay: a sign the offer "
            "is not real."
        ),
        _p(
            rf"{_NO}\s*(?:can|yeu cau|doi hoi|need|need any|required?|requirement)?\s*{_EXP}",
            r"no (?:prior |previous )?(?:experience|degree|qualifications?)"
            r"(?: (?:needed|required))?",
            r"(?:experience|degree) not (?:needed|required)",
            r"(?:chi can|only need|just need)\s*(?:du\s*)?(?:18|tu 18)",
            r"bao (?:dao tao|day viec)\s*(?:tu dau|tu a-z|tu a den z)",
            r"(?:ai cung|moi nguoi deu) lam duoc",
            r"anyone can (?:do|apply)",
        ),
    ),
    Rule(
        "TRAVEL_PAID",
        "risk",
        gettext_noop(
            "Promises to pay travel, food and lodging: traffickers use this to move people and "
            "then turn the cost into a debt."
        ),
        _p(
            r"bao (?:ve|ve may bay|an o|an uong|an ngu|an|o|xe|di lai|chi phi|tat ca|het|"
            r"tron goi|visa|ho chieu)",
            r"(?:lo|chi tra|tai tro|ho tro) (?:het|toan bo|100%)?\s*"
            r"(?:chi phi|ve may bay|ve xe|an o|di lai)",
            r"(?:mien phi|free) (?:ve|ve may bay|an o|an uong|cho o)",
            r"(?:xe|nguoi) (?:dua don|don) (?:tan noi|tan nha|tai cho)",
            r"co (?:xe|nguoi) (?:dua don|ra don|don)",
            r"free (?:flight|flights|air ?ticket|tickets?|accommodation|lodging|food|"
            r"housing|visa|travel)",
            r"(?:flight|ticket|visa|travel|accommodation)s? (?:is |are )?"
            r"(?:paid|covered|provided|arranged)",
            r"(?:paid|covered) (?:flight|ticket|travel)",
            r"all expenses? paid",
        ),
    ),
    Rule(
        "IRREGULAR_CROSSING",
        "risk",
        gettext_noop(
            "Suggests crossing without a passport, off the border gates or on a tourist visa: "
            "working abroad this way is unlawful and dangerous."
        ),
        _p(
            r"duong (?:mon|tieu ngach|rung|song)",
            r"tieu ngach",
            r"vuot bien",
            r"di chui",
            r"qua bien gioi",
            r"(?:khong|ko|k) can (?:ho chieu|passport|visa|giay to)",
            r"chi can (?:cccd|cmnd|can cuoc|cmt)",
            r"(?:visa|thi thuc) du lich",
            r"(?:tourist|visit|visitor) visa",
            r"no (?:passport|visa) (?:needed|required)",
            r"cross(?:ing)? (?:the )?(?:border|river) (?:by|at night|on foot)",
        ),
    ),
    Rule(
        "PASSPORT_HELD",
        "risk",
        gettext_noop("Asks to keep the passport or identity papers: this is how workers are held."),
        _p(
            r"(?:giu|thu|nop lai|cam) (?:ho chieu|passport|giay to)",
            r"(?:company|employer) (?:will )?(?:keep|hold)s? (?:your )?passports?",
            r"(?:keep|hold) (?:your )?passports?",
            r"passports? (?:will be )?(?:kept|held)",
        ),
    ),
    Rule(
        "SCAM_COMPOUND_WORK",
        "risk",
        gettext_noop(
            "Work typical of scam compounds: casino, online games, chatting up clients, "
            "crypto, a 'Chinese company'."
        ),
        _p(
            r"casino",
            r"song (?:bai|bac)",
            r"game (?:online|ban ca|bai)",
            r"(?:chay|lam) (?:quang cao|ads) (?:game|casino|san)",
            r"keo khach",
            r"chat (?:voi|cung) khach",
            r"nhan vien (?:chat|nhan tin|tro chuyen)",
            r"tien (?:ao|dien tu|so)",
            r"san (?:giao dich|coin|crypto|forex)",
            r"(?:cong ty|sep|chu) (?:trung quoc|tau|tq|hoa)",
            r"biet tieng (?:trung|hoa)",
            r"online gaming|pogo",
            r"crypto(?:currency)?",
            r"usdt",
            r"chinese (?:company|boss|employer)",
            r"(?:customer service|cskh|marketing|telesales?|typist)s? (?:in|at|to|di|sang|tai) "
            r"(?:cambodia|campuchia|myanmar|laos|thailand|thai lan|sihanoukville|poipet|bavet)",
            r"(?:account|bank account)[- ]opening",
        ),
    ),
    Rule(
        "URGENCY",
        "risk",
        gettext_noop(
            "Presses to leave at once, 'limited slots': rushes the reader before they can check."
        ),
        _p(
            r"tuyen gap",
            r"can gap",
            r"(?:di|bay|xuat canh|len duong|nhan viec) (?:ngay|luon|trong tuan)",
            r"so luong co han",
            r"(?:chi con|con) \d+ (?:suat|slot|cho)",
            r"urgent(?:ly)?(?: hiring)?",
            r"limited (?:slots|seats|places|vacancies)",
            r"(?:start|fly|leave|depart) (?:immediately|this week|tomorrow|asap)",
            r"hurry",
        ),
    ),
    Rule(
        "MESSAGING_CONTACT",
        "risk",
        gettext_noop(
            "Only a Telegram, WhatsApp, Zalo or private-message contact, no public place to apply."
        ),
        _p(
            r"(?:ib|inbox|nhan tin|ket ban|add)\s*(?:rieng|ngay|minh|em|anh|chi|zalo|tele|page)",
            r"(?:lien he|lh|contact|message|text|dm|pm)\s*(?:qua|via|on|me on|us on|:)?\s*"
            r"(?:telegram|tele|whatsapp|zalo|wechat|viber|signal)",
            r"(?:telegram|whatsapp|zalo|wechat) only",
            r"send (?:your )?(?:cv|resume|details) (?:via|on|to) (?:whatsapp|telegram)",
        ),
    ),
    Rule(
        "UPFRONT_FEE",
        "risk",
        gettext_noop(
            "Asks for money up front (application fee, deposit, training or activation fee): "
            "real employers do not make applicants pay to be hired."
        ),
        _p(
            r"(?:phi|tien) (?:ho so|dang ky|dao tao|kich hoat|dong phuc|the|giu cho|bao lanh|"
            r"xu ly|mo tai khoan|co so|xac minh|kham)",
            r"(?:dat|nop|dong|chuyen) (?:tien )?coc",
            r"tien coc",
            r"nop (?:truoc|phi|tien)",
            r"dong phi",
            r"chuyen khoan (?:truoc|phi)",
            r"(?:registration|application|processing|training|activation|screening|medical|"
            r"visa|placement|interview|onboarding) fees?",
            r"(?:pay|send|transfer|deposit) (?:a |the )?(?:fee|deposit|amount)",
            r"refundable deposit",
            r"security deposit",
        ),
    ),
    Rule(
        "TASK_SCAM",
        "risk",
        gettext_noop(
            "'Missions', 'order matching', paid likes or reviews for commission: the task scam "
            "that makes people deposit to withdraw."
        ),
        _p(
            r"(?:lam|nhan) nhiem vu",
            r"nhiem vu (?:online|don gian|hang ngay)",
            r"chot don",
            r"don hang (?:ao|gia tri)",
            r"(?:like|tha tim|follow|share|xem|danh gia|review) (?:video|san pham|khach san|"
            r"tiktok|youtube|shopee|don)",
            r"hoan (?:tien|von)\s*(?:\+|va|kem)\s*(?:hoa hong|hh|lai)",
            r"(?:nap|chuyen) tien (?:de )?(?:lam|nhan|mo khoa|rut)",
            r"rut tien (?:ngay|ve)",
            r"(?:lap rap|rap) (?:but|do choi|linh kien)",
            r"(?:gap|dan|xau|dong goi) (?:giay|tem|hat|vong|tui) tai nha",
            r"ctv (?:shopee|lazada|tiki|tiktok|online|ban hang)",
            r"cong tac vien (?:shopee|lazada|tiki|tiktok|online)",
            r"(?:missions?|tasks?) (?:online|daily|to unlock|and commission)",
            r"(?:rate|review|like)s? (?:hotels|products|videos|apps)",
            r"(?:unlock|withdraw)(?:ing)? (?:your )?(?:tasks|commission|earnings|money)",
            r"order (?:matching|grabbing|boosting)",
            r"prepaid tasks?",
        ),
    ),
    Rule(
        "APP_OR_LINK",
        "risk",
        gettext_noop(
            "Asks to install an app, follow a link or fill a form: it can take over the phone "
            "and bank account."
        ),
        _p(
            r"(?:tai|cai|cai dat|download|install)\s*(?:ve\s*)?(?:app|ung dung|apk|phan mem)",
            _APK,
            r"(?:bam|nhan|click|truy cap)\s*(?:vao\s*)?(?:link|duong link|duong dan)",
            r"dien (?:form|link|thong tin (?:vao|theo) link)",
            r"(?:click|tap) (?:the |this )?link",
            r"(?:download|install) (?:the |our |this )?app",
        ),
    ),
    Rule(
        "ID_OR_BANK_DETAILS",
        "risk",
        gettext_noop(
            "Asks for ID or passport photos, bank details or OTP codes online: they can be "
            "misused for fraud or control."
        ),
        _p(
            r"(?:gui|chup|nop|cung cap) (?:anh |hinh )?(?:cccd|cmnd|can cuoc|ho chieu|passport)",
            r"ma otp|otp",
            r"(?:so|thong tin) tai khoan (?:ngan hang)?",
            r"(?:send|upload) (?:a )?(?:photo|copy|scan) of (?:your )?(?:id|passport)",
            r"bank (?:details|account details|login)",
        ),
    ),
    Rule(
        "RECRUIT_OTHERS",
        "risk",
        gettext_noop(
            "Pays a bonus for bringing others along: rings make victims recruit more people."
        ),
        _p(
            r"(?:ru|moi|gioi thieu|dan) (?:them )?(?:ban be|nguoi than|ban|nguoi) (?:di cung|"
            r"cung di|duoc thuong|nhan thuong|thuong)",
            r"(?:bring|refer) (?:a )?friends? (?:along|and get|for a bonus)",
            r"referral bonus",
        ),
    ),
    Rule(
        "LICENSED_RECRUITMENT",
        "trust",
        gettext_noop(
            "Cites a licence to send workers abroad or a registered contract: check the "
            "licence number with the Department of Overseas Labour Management."
        ),
        _p(
            r"giay phep (?:hoat dong )?(?:dich vu )?(?:dua nguoi lao dong|so)",
            r"(?:hop dong|hd) (?:da )?(?:dang ky|duoc dang ky) (?:voi|tai)",
            r"luat (?:so )?69/2020",
            r"(?:dao tao|boi duong) (?:kien thuc can thiet )?truoc (?:khi )?xuat canh",
            r"ban quan ly lao dong",
            r"(?:licensed|accredited) (?:recruitment|manpower|placement) "
            r"(?:agency|company|enterprise)",
            r"(?:dmw|poea|eps|sltb|nea)[- ](?:licen[cs]ed|accredited|license no)",
            r"registered (?:employment )?contracts?",
        ),
    ),
    Rule(
        "OFFICIAL_CHANNEL",
        "trust",
        gettext_noop(
            "Recruits through an official channel (public employment service, Department of "
            "Home Affairs, a State programme): still confirm on the published number."
        ),
        _p(
            r"trung tam dich vu viec lam",
            r"(?:ngay hoi|phien giao dich) viec lam",
            r"so noi vu",
            r"bo noi vu",
            r"cuc quan ly lao dong ngoai nuoc",
            r"trung tam lao dong ngoai nuoc|colab",
            r"(?:chuong trinh|he) eps",
            r"eps[- ]topik",
            r"eps\.go\.kr",
            _GOV,
            r"job fair",
            r"public employment service",
            r"(?:government|state)[- ](?:to|run|backed|approved)[- ]?(?:government)?",
        ),
    ),
    Rule(
        "EMPLOYMENT_TERMS",
        "trust",
        gettext_noop(
            "States clear terms (contract, social insurance, address, in-person interview): a "
            "sign of a real employer, still worth checking."
        ),
        _p(
            r"(?:ky |co )?hop dong lao dong",
            r"(?:dong |day du )?(?:bhxh|bhyt|bao hiem xa hoi|bao hiem y te)",
            r"phong van (?:truc tiep|tai van phong|tai cong ty)",
            r"nghi phep (?:nam|co luong)",
            r"(?:employment contract|social insurance|health insurance|paid leave|annual leave)",
            r"(?:interview|apply) in person",
            r"(?:salary|pay) (?:band|range|scale)",
        ),
    ),
    Rule(
        "NO_FEE_PROMISE",
        "trust",
        gettext_noop(
            "Commits to charging workers nothing and warns against brokers: what lawful "
            "recruiters do."
        ),
        _p(
            r"khong thu (?:bat ky )?(?:khoan )?(?:phi|tien)",
            r"(?:nguoi lao dong )?(?:hoan toan )?(?:mien phi|khong mat phi)(?: tham gia)?",
            r"(?:canh giac|khong qua|tranh) (?:voi )?(?:cac )?(?:doi tuong )?(?:moi gioi|co)",
            r"no (?:recruitment |placement )?fees?(?: charged)?",
            r"(?:free of charge|never (?:ask|charge)s?)",
            r"beware of (?:brokers|scams|fraudsters|fake)",
        ),
    ),
)


def _register(pattern: re.Pattern[str]) -> AnchoredPattern | GuardedPattern:
    for phrase, literal in _GUARDS.items():
        alternatives = pattern.pattern.replace("|" + phrase + "|", "|")
        if alternatives != pattern.pattern:
            return ANCHORS.add_guarded(pattern, re.compile(alternatives), literal)
    return ANCHORS.add(pattern)


_PATTERN_RULES: tuple[tuple[Rule, AnchoredPattern | GuardedPattern], ...] = tuple(
    (rule, _register(rule.pattern)) for rule in RULES if rule.pattern is not None
)
# Most rules can match only where their first words stand, and a post holds the first
# words of a few: ``evaluate`` visits those rules, found by the anchors the post has,
# and the few that must always run, instead of calling every rule.
_ANCHORED_RULES: dict[int, tuple[Rule, re.Pattern[str]]] = {
    pattern.id: (rule, pattern.pattern)
    for rule, pattern in _PATTERN_RULES
    if isinstance(pattern, AnchoredPattern) and pattern.id is not None
}
_ALWAYS_RULES: tuple[tuple[Rule, AnchoredPattern | GuardedPattern], ...] = tuple(
    (rule, pattern)
    for rule, pattern in _PATTERN_RULES
    if not isinstance(pattern, AnchoredPattern) or pattern.id is None
)

# Flags that come from entities rather than phrases.
ENTITY_RULES: tuple[Rule, ...] = (
    Rule(
        "SCAM_HUB_DESTINATION",
        "risk",
        gettext_noop("The workplace is in an area where many online scam compounds were reported."),
    ),
    Rule(
        "HIGH_RISK_COUNTRY",
        "risk",
        gettext_noop(
            "Work in Cambodia, Myanmar or Laos through an online offer: where tens of "
            "thousands were tricked into scam compounds."
        ),
    ),
    Rule(
        "BORDER_AREA",
        "risk",
        gettext_noop(
            "Meeting at a border gate or border area: often where people are taken across."
        ),
    ),
    Rule(
        "UNREALISTIC_PAY",
        "risk",
        gettext_noop("Pay far above what unskilled work earns, with no experience asked."),
    ),
    Rule(
        "TELEGRAM_WHATSAPP_HANDLE",
        "risk",
        gettext_noop("A personal Telegram, WhatsApp or Zalo account instead of a company address."),
    ),
    Rule(
        "LICENCE_NUMBER",
        "trust",
        gettext_noop(
            "Gives an overseas-recruitment licence number: look it up with the Department of "
            "Overseas Labour Management."
        ),
    ),
    Rule(
        "LOOKUP_LICENSED_RECRUITER",
        "trust",
        gettext_noop(
            "The enterprise is on the register of licensed overseas-recruitment enterprises."
        ),
    ),
    Rule(
        "LOOKUP_REPORTED_INDICATOR",
        "risk",
        gettext_noop("This phone number, account or website has been reported as a scam."),
    ),
)
ENTITY_RULE_BY_CODE = {rule.code: rule for rule in ENTITY_RULES}
RULE_BY_CODE = {rule.code: rule for rule in RULES + ENTITY_RULES}
ALL_CODES: tuple[str, ...] = tuple(r.code for r in RULES + ENTITY_RULES)

# Unskilled pay in Viet Nam is 5-10 million VND a month; above about 700 USD a month
# with no skill asked, the offer is too good to be true.
UNREALISTIC_USD_MONTH = 700
_MAX_FLAGS_PER_CODE = 5
_LOW_SKILL = frozenset({"NO_EXPERIENCE", "EASY_WORK", "EASY_JOB_HIGH_PAY"})
_CODE = itemgetter(2)


def flags_of(rows: list[FlagRow]) -> list[Flag]:
    """The ``Flag`` records of flag rows, each with its rule's polarity and explanation."""
    flags = []
    for start, end, code in rows:
        rule = RULE_BY_CODE[code]
        flags.append(Flag(code, start, end, rule.polarity, rule.explanation))
    return flags


def evaluate(
    folded: FoldedText, entities: EntityRows, located: Located | None = None
) -> list[FlagRow]:
    """Return the flags raised by the text and its entities, in text order.

    ``located`` is ``ANCHORS.locate(folded.folded)`` when the caller already has it.
    """
    flags: list[FlagRow] = []
    text = folded.folded
    span = folded.span
    if located is None:
        located = ANCHORS.locate(text)
    for anchor_id, starts in located.starts.items():
        found = _ANCHORED_RULES.get(anchor_id)
        if found is None:
            continue
        rule, pattern = found
        code = rule.code
        # What AnchoredPattern.finditer does, inline: a generator per rule and post
        # cost as much as the matching.
        match = pattern.match
        end = count = 0
        for pos in starts:
            if pos < end:
                continue
            m = match(text, pos)
            if m is not None:
                end = m.end()
                flags.append((*span(pos, end), code))
                count += 1
                if count == _MAX_FLAGS_PER_CODE:
                    break
    for rule, always in _ALWAYS_RULES:
        for n, m in enumerate(always.finditer(text, located)):
            if n == _MAX_FLAGS_PER_CODE:
                break
            flags.append((*span(m.start(), m.end()), rule.code))
    if not _LOW_SKILL.isdisjoint(map(_CODE, flags)):
        for pay in entities.pay:
            if pay[6] >= UNREALISTIC_USD_MONTH:
                flags.append((pay[0], pay[1], "UNREALISTIC_PAY"))
    for start, end, _, country, hub in entities.destinations[:_MAX_FLAGS_PER_CODE]:
        if country == "VN":
            flags.append((start, end, "BORDER_AREA"))
        elif hub:
            flags.append((start, end, "SCAM_HUB_DESTINATION"))
        elif country in {"KH", "MM", "LA"}:
            flags.append((start, end, "HIGH_RISK_COUNTRY"))
    for start, end, channel, handle in entities.contacts[:_MAX_FLAGS_PER_CODE]:
        if handle and channel in {"telegram", "whatsapp", "zalo", "unknown"}:
            flags.append((start, end, "TELEGRAM_WHATSAPP_HANDLE"))
    for start, end, _ in entities.licences[:_MAX_FLAGS_PER_CODE]:
        flags.append((start, end, "LICENCE_NUMBER"))
    # Rows sort by (start, end, code): the order of the flags.
    flags.sort()
    return flags
