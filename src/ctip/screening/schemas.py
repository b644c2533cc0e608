from ninja import Field, Schema

from ctip.screening.checking import MAX_POST_BYTES


class AssessIn(Schema):
    # The body as a whole is bounded (``checking.MAX_POST_BYTES``); so is the text.
    text: str = Field(..., max_length=MAX_POST_BYTES)
    keep: bool = False
    province: str | None = Field(None, max_length=40)  # a province code, optional


class ExplanationOut(Schema):
    vi: str
    en: str


class FlagOut(Schema):
    code: str
    start: int
    end: int
    polarity: str
    explanation: ExplanationOut


class PayOut(Schema):
    start: int
    end: int
    currency: str
    period: str
    amount: float
    vnd_month: int
    usd_month: int
    vnd_month_min: int
    usd_month_min: int


class DestinationOut(Schema):
    start: int
    end: int
    name: str
    country: str
    hub: bool


class PostContactOut(Schema):
    start: int
    end: int
    channel: str
    handle: str | None


class PhoneOut(Schema):
    start: int
    end: int
    e164: str


class UrlOut(Schema):
    start: int
    end: int
    url: str
    domain: str


class RecruiterOut(Schema):
    start: int
    end: int
    name: str


class LicenceOut(Schema):
    start: int
    end: int
    number: str


class EntitiesOut(Schema):
    pay: list[PayOut]
    destinations: list[DestinationOut]
    contacts: list[PostContactOut]
    phones: list[PhoneOut]
    urls: list[UrlOut]
    recruiters: list[RecruiterOut]
    licences: list[LicenceOut]


class BandOut(Schema):
    """The risk in words, in both languages."""

    vi: str
    en: str


class AssessmentOut(Schema):
    category: str
    risk: float = Field(
        description="Calibrated probability that the post is a lure or a scam, 0.01 to 0.99."
    )
    band: str = Field(
        description=(
            "The risk's band: very_likely (0.9 and up), likely (0.7 to 0.9), "
            "uncertain (0.3 to 0.7), unlikely (0.1 to 0.3), very_unlikely (under 0.1)."
        )
    )
    band_label: BandOut
    level: str
    language: str
    flags: list[FlagOut]
    entities: EntitiesOut
    kept: bool
