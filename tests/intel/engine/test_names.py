import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import LINKING_KINDS, InvalidIndicator, normalise
from ctip.intel.engine.names import fold


@pytest.mark.parametrize(
    "typed",
    [
        "Công ty TNHH Việt Đức",
        "CÔNG TY TNHH VIỆT ĐỨC",
        "Cty TNHH Viet Duc",
        "Công ty Cổ phần Việt - Đức",
        "Viet Duc Co., Ltd.",
        "VIET DUC JSC",
        "Việt Đức Company Limited",
        "Công ty trách nhiệm hữu hạn một thành viên Việt Đức",
    ],
)
def test_legal_forms_diacritics_and_case_fold_away(typed):
    found = normalise("name", typed)
    assert found.key == "viet duc"
    assert found.display == " ".join(typed.split())
    assert found.links is False


def test_names_never_link():
    assert "name" not in LINKING_KINDS


def test_a_name_that_is_only_a_legal_form_is_kept():
    assert normalise("name", "Công ty").key == "cong ty"


def test_an_empty_name_is_refused():
    with pytest.raises(InvalidIndicator):
        normalise("name", " ,. ")


def test_fold_handles_the_vietnamese_d():
    assert fold("Đặng Thị Ánh") == "dang thi anh"


@given(st.text(max_size=40))
def test_name_keys_are_idempotent(text):
    try:
        found = normalise("name", text)
    except InvalidIndicator:
        return
    assert normalise("name", found.key).key == found.key
    assert normalise("name", found.display).key == found.key
