"""The fixed labels of the verification request form in the languages of the counterparts.

A request travels as a bilingual packet: each label in the counterpart's language beside
the English one. Vietnamese and English come from the translation catalogues like every
other word; Khmer, Lao, Thai and Burmese are kept here as data because the interface is not
offered in them. They await review by the counterparts' liaison officers
(docs/apps/cooperation.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LANGUAGES = {
    "vi": "Tiếng Việt",
    "en": "English",
    "km": "ភាសាខ្មែរ",
    "lo": "ພາສາລາວ",
    "th": "ภาษาไทย",
    "my": "မြန်မာဘာသာ",
}

# key -> English (also the msgid), then the four languages kept as data.
LABELS: dict[str, dict[str, str]] = {
    "title": {
        "en": "Verification request",
        "km": "សំណើផ្ទៀងផ្ទាត់",
        "lo": "ຄຳຮ້ອງຂໍກວດສອບ",
        "th": "คำขอตรวจสอบ",
        "my": "စိစစ်အတည်ပြုရန် တောင်းဆိုချက်",
    },
    "answer_by": {
        "en": "Answer by",
        "km": "ឆ្លើយតបមុនថ្ងៃ",
        "lo": "ຕອບກ່ອນວັນທີ",
        "th": "ตอบกลับภายในวันที่",
        "my": "ဖြေကြားရမည့် နောက်ဆုံးနေ့",
    },
    "full_name": {
        "en": "Full name",
        "km": "ឈ្មោះពេញ",
        "lo": "ຊື່ ແລະ ນາມສະກຸນ",
        "th": "ชื่อ-นามสกุล",
        "my": "အမည်အပြည့်အစုံ",
    },
    "sex": {"en": "Sex", "km": "ភេទ", "lo": "ເພດ", "th": "เพศ", "my": "ကျား/မ"},
    "birth": {
        "en": "Date of birth",
        "km": "ថ្ងៃខែឆ្នាំកំណើត",
        "lo": "ວັນເດືອນປີເກີດ",
        "th": "วันเกิด",
        "my": "မွေးသက္ကရာဇ်",
    },
    "home_place": {
        "en": "Home place",
        "km": "ស្រុកកំណើត",
        "lo": "ບ້ານເກີດ",
        "th": "ภูมิลำเนา",
        "my": "ဇာတိ",
    },
    "document_number": {
        "en": "Passport or ID number",
        "km": "លេខលិខិតឆ្លងដែន ឬអត្តសញ្ញាណប័ណ្ណ",
        "lo": "ເລກໜັງສືຜ່ານແດນ ຫຼື ບັດປະຈຳຕົວ",
        "th": "เลขหนังสือเดินทางหรือบัตรประจำตัว",
        "my": "နိုင်ငံကူးလက်မှတ် သို့မဟုတ် မှတ်ပုံတင်အမှတ်",
    },
    "answer": {"en": "Answer", "km": "ចម្លើយ", "lo": "ຄຳຕອບ", "th": "คำตอบ", "my": "အဖြေ"},
    "confirmed": {
        "en": "Confirmed citizen",
        "km": "បានបញ្ជាក់ថាជាពលរដ្ឋ",
        "lo": "ຢືນຢັນວ່າເປັນພົນລະເມືອງ",
        "th": "ยืนยันว่าเป็นพลเมือง",
        "my": "နိုင်ငံသားအဖြစ် အတည်ပြုပြီး",
    },
    "not_found": {
        "en": "Not found",
        "km": "រកមិនឃើញ",
        "lo": "ບໍ່ພົບ",
        "th": "ไม่พบข้อมูล",
        "my": "ရှာမတွေ့ပါ",
    },
    "more_info": {
        "en": "More information needed",
        "km": "ត្រូវការព័ត៌មានបន្ថែម",
        "lo": "ຕ້ອງການຂໍ້ມູນເພີ່ມເຕີມ",
        "th": "ต้องการข้อมูลเพิ่มเติม",
        "my": "နောက်ထပ်အချက်အလက် လိုအပ်သည်",
    },
    "pending": {
        "en": "Not answered yet",
        "km": "មិនទាន់ឆ្លើយតប",
        "lo": "ຍັງບໍ່ໄດ້ຕອບ",
        "th": "ยังไม่ได้ตอบ",
        "my": "မဖြေကြားရသေးပါ",
    },
}

# The Vietnamese (and English) words, through the catalogues.
CATALOGUED = {
    "title": _("Verification request"),
    "answer_by": _("Answer by"),
    "full_name": _("Full name"),
    "sex": _("Sex"),
    "birth": _("Date of birth"),
    "home_place": _("Home place"),
    "document_number": _("Passport or ID number"),
    "answer": _("Answer"),
    "confirmed": _("Confirmed citizen"),
    "not_found": _("Not found"),
    "more_info": _("More information needed"),
    "pending": _("Not answered yet"),
}


def labels(language: str) -> dict[str, str]:
    """Every fixed label in ``language`` (vi, en, km, lo, th, my; English otherwise)."""
    if language == "vi":
        from django.utils import translation

        with translation.override("vi"):
            return {key: str(text) for key, text in CATALOGUED.items()}
    return {key: texts.get(language, texts["en"]) for key, texts in LABELS.items()}
