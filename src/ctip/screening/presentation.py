"""Turn an assessment into what the page shows: marked text, signs, places, advice.

Everything the person pasted reaches the template as plain strings, so Django's
autoescaping covers all of it; the marks are built from flag offsets, never by
inserting markup into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from ctip.core.labels import label
from ctip.screening.engine import Assessment, Entities, Flag, Pay, band

COUNTRY_NAMES = {
    "AE": gettext_lazy("United Arab Emirates"),
    "AU": gettext_lazy("Australia"),
    "CN": gettext_lazy("China"),
    "DE": gettext_lazy("Germany"),
    "HK": gettext_lazy("Hong Kong"),
    "JP": gettext_lazy("Japan"),
    "KH": gettext_lazy("Cambodia"),
    "KR": gettext_lazy("South Korea"),
    "LA": gettext_lazy("Laos"),
    "MM": gettext_lazy("Myanmar"),
    "MY": gettext_lazy("Malaysia"),
    "PH": gettext_lazy("Philippines"),
    "SG": gettext_lazy("Singapore"),
    "TH": gettext_lazy("Thailand"),
    "TW": gettext_lazy("Taiwan"),
    "VN": gettext_lazy("Viet Nam"),
}

CATEGORY_VERDICTS = {
    "trafficking_lure": gettext_lazy(
        "This post bears the marks of a lure into a scam compound, where people are "
        "held and forced to defraud others."
    ),
    "job_scam": gettext_lazy(
        "This post bears the marks of a job scam: it is after your money or your data."
    ),
    "legitimate": gettext_lazy(
        "No strong warning signs were found. That does not prove the offer is real: "
        "still check the points below."
    ),
}

LEVEL_LABELS = {
    "high": gettext_lazy("High risk"),
    "medium": gettext_lazy("Medium risk"),
    "low": gettext_lazy("Low risk"),
}

# The calibrated risk in words: a short label and what it means, never a percentage.
BAND_LABELS = {
    "very_likely": gettext_lazy("Very likely a scam or a lure"),
    "likely": gettext_lazy("Likely a scam or a lure"),
    "uncertain": gettext_lazy("Uncertain"),
    "unlikely": gettext_lazy("Unlikely to be a scam or a lure"),
    "very_unlikely": gettext_lazy("Very unlikely to be a scam or a lure"),
}

BAND_MEANINGS = {
    "very_likely": gettext_lazy(
        "Of the posts that score like this one, 9 or more in 10 are lures or scams."
    ),
    "likely": gettext_lazy(
        "Of the posts that score like this one, about 7 to 9 in 10 are lures or scams."
    ),
    "uncertain": gettext_lazy(
        "Of the posts that score like this one, between 3 and 7 in 10 are lures or scams: "
        "the text alone does not settle it, so check the points below."
    ),
    "unlikely": gettext_lazy(
        "Of the posts that score like this one, about 1 to 3 in 10 are lures or scams."
    ),
    "very_unlikely": gettext_lazy(
        "Of the posts that score like this one, fewer than 1 in 10 are lures or scams."
    ),
}

# Flags that mean the job is abroad or the journey is the risk.
ABROAD_CODES = frozenset(
    {
        "TRAVEL_PAID",
        "IRREGULAR_CROSSING",
        "PASSPORT_HELD",
        "SCAM_HUB_DESTINATION",
        "HIGH_RISK_COUNTRY",
        "BORDER_AREA",
    }
)
# Flags that mean money or data is asked of the applicant.
MONEY_CODES = frozenset({"UPFRONT_FEE", "TASK_SCAM", "ID_OR_BANK_DETAILS", "APP_OR_LINK"})

CHANNEL_LABELS = {
    "telegram": "Telegram",
    "zalo": "Zalo",
    "whatsapp": "WhatsApp",
    "facebook": "Facebook",
}


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


@dataclass(frozen=True)
class Segment:
    """A run of the pasted text; ``signs`` are the numbers of the signs it shows."""

    text: str
    signs: tuple[int, ...] = ()
    polarity: str = ""


@dataclass
class Sign:
    """One kind of warning (or trust) sign, with the passages where it was seen."""

    number: int
    code: str
    polarity: str
    explanation: str
    quotes: list[str] = field(default_factory=list)


def explanation(flag: Flag) -> str:
    """The sign's explanation in the reader's language, with the number of reports and
    the registry's detail a sign from a registry adds."""
    words = [_(flag.explanation)]
    if flag.reports:
        words.append(_("({count} reports)").format(count=flag.reports))
    words.extend(label(sentence) for sentence in flag.detail)
    return " ".join(words)


def highlight(text: str, flags: tuple[Flag, ...]) -> tuple[list[Segment], list[Sign]]:
    """Split ``text`` into plain and marked segments; number the signs in reading order.

    Overlapping flags share one mark that refers to all their signs, so marks never
    nest and each character is shown exactly once.
    """
    signs: dict[str, Sign] = {}
    for flag in sorted(flags, key=lambda f: (f.start, f.end)):
        sign = signs.get(flag.code)
        if sign is None:
            sign = signs[flag.code] = Sign(
                len(signs) + 1, flag.code, flag.polarity, explanation(flag)
            )
        quote = text[flag.start : flag.end]
        if quote and quote not in sign.quotes:
            sign.quotes.append(quote)
    spans = sorted((f for f in flags if 0 <= f.start < f.end <= len(text)), key=lambda f: f.start)
    segments: list[Segment] = []
    pos = 0
    i = 0
    while i < len(spans):
        start, end = spans[i].start, spans[i].end
        group = [spans[i]]
        i += 1
        while i < len(spans) and spans[i].start < end:
            end = max(end, spans[i].end)
            group.append(spans[i])
            i += 1
        if start > pos:
            segments.append(Segment(text[pos:start]))
        numbers = tuple(sorted({signs[f.code].number for f in group}))
        polarity = "risk" if any(f.polarity == "risk" for f in group) else "trust"
        segments.append(Segment(text[start:end], numbers, polarity))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments, list(signs.values())


def band_words(risk: float) -> tuple[str, str]:
    """The risk's band as (label, meaning) in the page language."""
    name = band(risk)
    return str(BAND_LABELS[name]), str(BAND_MEANINGS[name])


def _money(value: int) -> str:
    # Grouped in the page language's way (20.000.000 in Vietnamese, 20,000,000 in
    # English); Django's own grouping is off for Vietnamese.
    return f"{value:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def _millions(value: int) -> str:
    # 15000000 -> "15", 12500000 -> "12,5" (in the page language's decimal mark).
    text = f"{value / 1_000_000:.1f}".removesuffix(".0")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def _range(low: int, high: int, fmt: object) -> str:
    return fmt(high) if low in (0, high) else f"{fmt(low)}–{fmt(high)}"  # type: ignore[operator]


def pay_line(pay: Pay) -> str:
    """A pay figure as the post gave it, a range kept a range: "15–20 million VND a
    month (about 590–790 USD)"."""
    low, high = pay.vnd_month_min, pay.vnd_month
    if high >= 1_000_000 and high % 100_000 == 0 and low % 100_000 == 0:
        vnd = _("%(amount)s million VND") % {"amount": _range(low, high, _millions)}
    else:
        vnd = _("%(amount)s VND") % {"amount": _range(low, high, _money)}
    usd = _range(pay.usd_month_min, pay.usd_month, _money)
    return _("%(vnd)s a month (about %(usd)s USD)") % {"vnd": vnd, "usd": usd}


def entity_lists(entities: Entities) -> list[tuple[str, list[str]]]:
    """The extracted facts as (heading, lines), only the kinds the post contains."""
    pay = list(dict.fromkeys(pay_line(p) for p in entities.pay))
    places = []
    for d in entities.destinations:
        country = country_name(d.country)
        with override("en"):
            same = d.name == country_name(d.country)
        line = country if same else f"{d.name} ({country})"
        if line not in places:
            places.append(line)
    contacts = [
        f"{CHANNEL_LABELS.get(c.channel, c.channel)}: {c.handle}" if c.handle else c.channel
        for c in entities.contacts
    ]
    groups = [
        (_("Pay promised"), pay),
        (_("Destinations"), places),
        (_("Contacts"), list(dict.fromkeys(contacts))),
        (_("Phone numbers"), list(dict.fromkeys(p.e164 for p in entities.phones))),
        (_("Web addresses"), list(dict.fromkeys(u.url for u in entities.urls))),
        (_("Recruiters named"), list(dict.fromkeys(r.name for r in entities.recruiters))),
        (_("Licence numbers"), list(dict.fromkeys(lic.number for lic in entities.licences))),
    ]
    return [(heading, lines) for heading, lines in groups if lines]


def goes_abroad(assessment: Assessment) -> bool:
    """Whether the post is about work abroad: a place outside Viet Nam, a journey or a
    border, or the marks of a lure."""
    return (
        assessment.category == "trafficking_lure"
        or any(d.country != "VN" for d in assessment.entities.destinations)
        or any(f.code in ABROAD_CODES for f in assessment.flags)
    )


def advice(assessment: Assessment) -> list[str]:
    """What to check before answering this offer, the most urgent first: work abroad
    and work at home call for different checks."""
    codes = {f.code for f in assessment.flags}
    items: list[str] = []
    if assessment.category == "trafficking_lure":
        items.append(
            _(
                "Do not go. If someone you know has already left after such an offer and "
                "cannot be reached, call 111 or the police (113) now."
            )
        )
    if codes & MONEY_CODES or assessment.category == "job_scam":
        items.append(
            _(
                "Do not pay or top up anything. A real employer does not ask for a deposit, "
                "a “commitment” or “slot” fee, a uniform fee or money to unlock tasks."
            )
        )
    if goes_abroad(assessment):
        items += [
            _(
                "Check that the recruiter is an enterprise licensed to send workers "
                "abroad: the Department of Overseas Labour Management publishes the list."
            ),
            _(
                "Ask for a written contract registered with the authorities. Never go "
                "abroad to work on a tourist visa, even if they say it will be "
                "“converted on arrival”."
            ),
            _(
                "Fees for lawful work abroad are set by law and paid to a licensed "
                "enterprise against a receipt, never to a person or to “hold a slot”."
            ),
            _("Never hand over your passport or ID card to the recruiter."),
            _("Never cross a border by a trail or with someone who “handles everything”."),
            _("Tell your family where you are going, with the address and the employer's name."),
        ]
    else:
        items += [
            _(
                "Meet the employer at the workplace before you start, and ask for a labour "
                "contract that states the pay and hours."
            ),
            _(
                "Never send photos of your ID card, your bank card or a one-time code (OTP), "
                "and never install an app from a link to apply."
            ),
            _("Tell your family or a friend where you will work."),
        ]
    items.append(_("If in doubt, call the hotline 111 before you answer the post."))
    return items
