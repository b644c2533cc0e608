"""``ctip persons match`` and ``ctip persons rekey``."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from ctip.cases import duplicates
from ctip.cases.models import PersonKey
from tests.cases.factories import make_case

ON_FILE = [
    {"id": "A", "name": "Nguyễn Văn An", "sex": "M", "date": "1998-05-02"},
    {"id": "B", "name": "Lò Thị Mai", "sex": "F", "year": 1995},
]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def test_match_writes_candidates(tmp_path):
    on = _jsonl(tmp_path / "on.jsonl", ON_FILE)
    new = _jsonl(tmp_path / "new.jsonl", [{"id": "x", "name": "AN NGUYEN VAN", "sex": "M",
                                          "date": "1998-05-02"}])  # fmt: skip
    out = tmp_path / "out.jsonl"
    call_command("persons", "match", "--on-file", on, "--new", new, "--output", out)
    (line,) = out.read_text().splitlines()
    result = json.loads(line)
    assert result["id"] == "x"
    assert [c["id"] for c in result["candidates"]] == ["A"]
    assert result["candidates"][0]["level"] == "likely"


def test_a_bad_line_exits_non_zero_naming_it_and_writes_nothing(tmp_path, capsys):
    on = _jsonl(tmp_path / "on.jsonl", ON_FILE)
    new = tmp_path / "new.jsonl"
    new.write_text('{"id": "x", "name": "An", "sex": "M"}\n{"id": "y", "name": "An", "sex": "X"}\n')
    out = tmp_path / "out.jsonl"
    # As `ctip persons match …` runs it (argument parsing, error to stderr, exit status),
    # without the minute a fresh interpreter costs on the test machine; in a thread of its
    # own, as a command runs, away from any event loop an earlier test left in this one.
    argv = ["ctip", "persons", "match", "--on-file", str(on), "--new", str(new),
            "--output", str(out)]  # fmt: skip
    with ThreadPoolExecutor(1) as pool:
        ran = pool.submit(ManagementUtility(argv).fetch_command("persons").run_from_argv, argv)
        with pytest.raises(SystemExit) as exited:
            ran.result()
    assert exited.value.code != 0
    stderr = capsys.readouterr().err
    assert f"{new}, line 2" in stderr
    assert "Nothing was written" in stderr
    assert not out.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command(
            "persons", "match", "--on-file", tmp_path / "none.jsonl",
            "--new", tmp_path / "none.jsonl", "--output", tmp_path / "out.jsonl",
        )  # fmt: skip


@pytest.mark.django_db
def test_rekey_recomputes_the_stored_keys(worker):
    case = make_case(worker, "Nguyễn Văn An")
    person = case.person
    expected = set(PersonKey.objects.filter(person=person).values_list("key_hash", flat=True))
    # As an earlier engine left them: fewer keys than the current one derives.
    PersonKey.objects.filter(person=person).exclude(key_hash__in=list(expected)[:2]).delete()
    call_command("persons", "rekey")
    assert set(PersonKey.objects.filter(person=person).values_list("key_hash", flat=True)) == (
        expected
    )


@pytest.mark.django_db
def test_the_name_frequency_comes_from_the_hashed_keys(worker):
    for _ in range(3):
        make_case(worker, "Nguyễn Văn Hùng")
    make_case(worker, "Vàng A Sử")
    common = duplicates.name_frequency(duplicates.facts_from_values(full_name="HUNG NGUYEN VAN"))
    rare = duplicates.name_frequency(duplicates.facts_from_values(full_name="Vang A Su"))
    assert common("name:hung nguyen van") > rare("name:a su vang")
    assert common("name:someone else") is None
