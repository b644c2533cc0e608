"""Who is a child, and who may speak for one (pure Python).

A person is **under 16** (the Law on Children) or **under 18** (the law on trafficking
victims) on a date. When only an estimated age is known and its range reaches below 18,
the person is **presumed a child** until the age is determined: the presumption of age in
international guidance, so that nobody loses a child's protection because their papers
were taken. A recorded determination settles it either way.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from ctip.cases.engine.followup import DEFAULT_OFFSETS_MONTHS
from ctip.cases.engine.labels import Label
from ctip.cases.engine.validation import Issue, age_on

CHILD_AGE = 18
YOUNG_CHILD_AGE = 16
# A date of birth outside these ages on the intake date is almost always a slip in the year.
PLAUSIBLE_AGES = (5, 80)
MAX_ESTIMATE_SPAN = 10


class AgeBand(enum.StrEnum):
    UNDER_16 = "under_16"
    UNDER_18 = "under_18"
    PRESUMED_CHILD = "presumed_child"
    ADULT = "adult"
    UNKNOWN = "unknown"


AGE_BAND_LABELS = {
    AgeBand.UNDER_16: Label("Trẻ em dưới 16 tuổi", "Child under 16"),
    AgeBand.UNDER_18: Label("Người chưa thành niên dưới 18 tuổi", "Minor under 18"),
    AgeBand.PRESUMED_CHILD: Label(
        "Được coi là trẻ em cho đến khi xác định được tuổi",
        "Presumed a child until the age is determined",
    ),
    AgeBand.ADULT: Label("Người thành niên", "Adult"),
    AgeBand.UNKNOWN: Label("Chưa rõ tuổi", "Age not known"),
}


class AgeBasis(enum.StrEnum):
    DOCUMENT = "document"
    STATED = "stated"
    RELATIVE = "relative"
    APPEARANCE = "appearance"
    MEDICAL = "medical"
    OTHER = "other"


AGE_BASIS_LABELS = {
    AgeBasis.DOCUMENT: Label("Theo giấy tờ", "From a document"),
    AgeBasis.STATED: Label("Người đó tự khai", "Stated by the person"),
    AgeBasis.RELATIVE: Label("Người thân cho biết", "Stated by a relative"),
    AgeBasis.APPEARANCE: Label(
        "Ước đoán qua ngoại hình và trao đổi", "Estimated from appearance and the interview"
    ),
    AgeBasis.MEDICAL: Label("Giám định y tế", "Medical examination"),
    AgeBasis.OTHER: Label("Cách khác", "Another way"),
}


@dataclass(frozen=True, slots=True)
class AgeFacts:
    birth_date: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    # The year the estimate was made: an estimate of 14-16 in 2025 is 15-17 in 2026.
    estimated_in: int | None = None
    # A recorded determination: True (a child), False (an adult), None (not determined).
    determined_child: bool | None = None
    determined_age: int | None = None


def age_band(facts: AgeFacts, on: dt.date) -> AgeBand:
    """The band the person is treated in on ``on``, the presumption applied."""
    if facts.birth_date is not None:
        return _band(age_on(facts.birth_date, on))
    if facts.determined_child is False:
        return AgeBand.ADULT
    if facts.determined_age is not None:
        return _band(facts.determined_age)
    if facts.age_min is not None:
        shift = on.year - facts.estimated_in if facts.estimated_in else 0
        low = facts.age_min + shift
        high = (facts.age_max if facts.age_max is not None else facts.age_min) + shift
        if high < YOUNG_CHILD_AGE:
            return AgeBand.UNDER_16
        if high < CHILD_AGE:
            return AgeBand.UNDER_18
        if low < CHILD_AGE:
            return AgeBand.UNDER_18 if facts.determined_child else AgeBand.PRESUMED_CHILD
        return AgeBand.ADULT
    if facts.determined_child:
        return AgeBand.UNDER_18
    return AgeBand.UNKNOWN


def facts_from_birth(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> AgeFacts:
    """What a list's birth date or year says of the age on ``on``. A year alone gives two
    possible ages; the younger one reaching below 18 presumes a child."""
    if birth_date is not None:
        return AgeFacts(birth_date=birth_date)
    if birth_year is not None and birth_year <= on.year:
        oldest = on.year - birth_year
        return AgeFacts(age_min=max(oldest - 1, 0), age_max=oldest, estimated_in=on.year)
    return AgeFacts()


CHILD_BANDS = frozenset({AgeBand.UNDER_16, AgeBand.UNDER_18, AgeBand.PRESUMED_CHILD})


def is_child(facts: AgeFacts, on: dt.date) -> bool:
    """Whether the person is treated as a child: under 18, or presumed so."""
    return age_band(facts, on) in CHILD_BANDS


def _band(age: int) -> AgeBand:
    if age < YOUNG_CHILD_AGE:
        return AgeBand.UNDER_16
    if age < CHILD_AGE:
        return AgeBand.UNDER_18
    return AgeBand.ADULT


def check_age(facts: AgeFacts, on: dt.date) -> list[Issue]:
    """Ages a slip of the keyboard produces: a birth date giving 3 or 90, a vague range."""
    issues: list[Issue] = []
    low, high = PLAUSIBLE_AGES
    if facts.birth_date is not None and facts.birth_date <= on:
        age = age_on(facts.birth_date, on)
        if not low <= age <= high:
            issues.append(
                Issue(
                    "birth_date",
                    "implausible_age",
                    Label(
                        f"Ngày sinh này cho tuổi {age} vào ngày tiếp nhận, ngoài khoảng "
                        f"{low}–{high} tuổi. Kiểm tra lại năm sinh; nếu không rõ, hãy ghi "
                        "tuổi ước tính.",
                        f"This date of birth makes the person {age} on the intake date, "
                        f"outside {low} to {high}. Check the year; if it is not known, record "
                        "an estimated age.",
                    ),
                )
            )
    if (
        facts.age_min is not None
        and facts.age_max is not None
        and facts.age_max - facts.age_min > MAX_ESTIMATE_SPAN
    ):
        issues.append(
            Issue(
                "age_max",
                "vague_estimate",
                Label(
                    f"Khoảng tuổi ước tính rộng hơn {MAX_ESTIMATE_SPAN} năm.",
                    f"The estimated age range is wider than {MAX_ESTIMATE_SPAN} years.",
                ),
            )
        )
    return issues


class Relation(enum.StrEnum):
    FATHER = "father"
    MOTHER = "mother"
    GRANDPARENT = "grandparent"
    RELATIVE = "relative"
    GUARDIAN = "guardian"
    APPOINTED = "appointed"


RELATION_LABELS = {
    Relation.FATHER: Label("Cha", "Father"),
    Relation.MOTHER: Label("Mẹ", "Mother"),
    Relation.GRANDPARENT: Label("Ông, bà", "Grandparent"),
    Relation.RELATIVE: Label("Người thân khác", "Other relative"),
    Relation.GUARDIAN: Label("Người giám hộ", "Legal guardian"),
    Relation.APPOINTED: Label("Người đại diện được chỉ định", "Appointed representative"),
}


CHILD_QUESTIONNAIRE = "child-2025.1"

ADULT_INTERVIEW_FOR_CHILD = Label(
    "Người này là trẻ em hoặc được coi là trẻ em cho đến khi xác định được tuổi: hãy dùng "
    "phiếu phỏng vấn dành cho trẻ em, có người hỗ trợ bên cạnh.",
    "This person is a child, or presumed one until the age is determined: use the child "
    "interview, with a support person present.",
)

CHILD_ALONE = Label(
    "Trẻ em không tự mình đồng ý: cần cha mẹ, người giám hộ hoặc người đại diện "
    "được chỉ định. Ý kiến của trẻ được ghi bên cạnh.",
    "A child does not consent alone: a parent, a guardian or an appointed "
    "representative gives consent, and the child's views are recorded beside it.",
)


@dataclass(frozen=True, slots=True)
class Representative:
    relation: Relation
    suspected: bool = False
    appointed_by: str = ""


def check_representative(rep: Representative | None) -> Label | None:
    """Why this person may not consent and decide for a child, or None when they may."""
    if rep is None:
        return CHILD_ALONE
    if rep.suspected:
        return Label(
            "Người này bị nghi có liên quan đến việc mua bán hoặc khoản nợ, nên không được "
            "quyết định thay trẻ. Hãy chỉ định người đại diện.",
            "This person is suspected of involvement in the trafficking or the debt and may "
            "not decide for the child. Appoint a representative.",
        )
    if rep.relation == Relation.APPOINTED and not rep.appointed_by.strip():
        return Label(
            "Ghi rõ cơ quan hoặc người đã chỉ định người đại diện.",
            "Say who appointed the representative.",
        )
    return None


class Placement(enum.StrEnum):
    FAMILY = "family"
    RELATIVES = "relatives"
    SHELTER = "shelter"


PLACEMENT_LABELS = {
    Placement.FAMILY: Label("Về với gia đình", "Back to the family"),
    Placement.RELATIVES: Label("Ở với họ hàng", "With relatives"),
    Placement.SHELTER: Label("Ở cơ sở bảo trợ", "In a shelter"),
}

TRI_STATE = ("yes", "no", "unknown")
SAFETY = ("safe", "unsafe", "unknown")


def check_placement(
    placement: Placement, family_involved: str, safety_at_home: str
) -> Label | None:
    """Why a child may not be placed so, or None: never back to a family that took part in
    the trafficking or the debt, or to a home that is not safe."""
    if placement is Placement.FAMILY and (family_involved == "yes" or safety_at_home == "unsafe"):
        return Label(
            "Không đưa trẻ về gia đình đã tham gia vào việc mua bán hoặc khoản nợ, hoặc khi "
            "ở nhà không an toàn: chọn họ hàng hoặc cơ sở bảo trợ.",
            "A child is not returned to a family that took part in the trafficking or the "
            "debt, or to a home that is not safe: choose relatives or a shelter.",
        )
    return None


BEST_INTERESTS_MISSING = Label(
    "Trước khi tái hòa nhập, hồ sơ của trẻ cần có đánh giá lợi ích tốt nhất và quyết định nơi ở.",
    "Before reintegration, a child's case needs a best-interests assessment and a placement "
    "decision.",
)

_ADULT_VISITS = ", ".join(str(m) for m in DEFAULT_OFFSETS_MONTHS)
FOLLOWUPS_LESS_OFTEN = Label(
    f"Trẻ em được thăm theo dõi ít nhất thường xuyên như người lớn (sau {_ADULT_VISITS} "
    "tháng): lịch này thưa hơn hoặc kết thúc sớm hơn.",
    f"A child is visited at least as often as an adult (after {_ADULT_VISITS} months): this "
    "schedule visits less often or ends sooner.",
)

# Decree 56/2017/NĐ-CP: the steps of child-protection case management.
STEPS = (
    ("receive", Label("Tiếp nhận", "Receive")),
    ("assess", Label("Đánh giá", "Assess")),
    ("plan", Label("Lập kế hoạch", "Plan")),
    ("carry_out", Label("Thực hiện", "Carry out")),
    ("review", Label("Rà soát", "Review")),
    ("close", Label("Đóng hồ sơ", "Close")),
)
