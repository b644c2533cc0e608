import csv
import io
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine.importing import (
    CSV_COLUMNS,
    VIETNAM,
    LineError,
    ParsedReport,
    parse_csv,
    parse_jsonl,
    parse_path,
    write_clusters,
)
from ctip.intel.engine.linking import ClusterIndex

GOOD = {
    "id": "R-1",
    "type": "investment",
    "reported_at": "2025-03-01T10:00:00+07:00",
    "amount_vnd": 15_000_000,
    "narrative": "Được mời đầu tư.",
    "indicators": [
        {"kind": "phone", "value": "0912 345 678"},
        {"kind": "phone", "value": "+84912345678"},
        {"kind": "bank_account", "value": "0011001234567", "bank": "VCB"},
        {"kind": "social", "value": "@scamjobs", "platform": "telegram"},
        {"kind": "phone", "value": "12"},
    ],
}


def test_a_good_line_becomes_a_report_with_deduplicated_indicators():
    (report,) = parse_jsonl([json.dumps(GOOD)])
    assert isinstance(report, ParsedReport)
    assert report.reported_at == datetime(2025, 3, 1, 3, tzinfo=UTC)
    assert [i.ref for i in report.indicators] == [
        "phone:+84912345678",
        "bank_account:970436:0011001234567",
        "social:telegram:scamjobs",
    ]
    assert [(r.kind, r.value) for r in report.rejected] == [("phone", "12")]
    assert report.rejected[0].label.en


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "Not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps({**GOOD, "id": ""}), "'id' is required"),
        (json.dumps({**GOOD, "type": "lottery"}), "Unknown report type"),
        (json.dumps({**GOOD, "reported_at": "yesterday"}), "ISO 8601"),
        (json.dumps({**GOOD, "amount_vnd": -5}), "negative"),
        (json.dumps({**GOOD, "amount_vnd": 1.5}), "whole number"),
        (json.dumps({**GOOD, "indicators": "0912345678"}), "must be a list"),
        ("[" * 100_000, "Not valid JSON"),
    ],
)
def test_bad_lines_are_reported_with_their_number(line, message):
    results = list(parse_jsonl([json.dumps(GOOD), line, "", json.dumps({**GOOD, "id": "R-2"})]))
    assert [type(r).__name__ for r in results] == ["ParsedReport", "LineError", "ParsedReport"]
    assert results[1].line == 2
    assert message in results[1].message
    assert results[2].line == 4


def test_naive_times_are_read_as_vietnam_time_and_defaults_apply():
    (report,) = parse_jsonl([json.dumps({"id": 7, "reported_at": "2025-03-01 10:00"})])
    assert report.id == "7"
    assert report.reported_at.utcoffset() == VIETNAM.utcoffset(None)
    assert (report.type, report.amount_vnd, report.narrative, report.indicators) == (
        "other",
        0,
        "",
        (),
    )


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().splitlines(keepends=True)


def test_csv_rows_of_one_report_are_grouped():
    lines = _csv(
        [
            ["R-1", "investment", "2025-03-01T10:00:00+07:00", "15000000", "dòng 1\ndòng 2",
             "phone", "0912 345 678", "", ""],
            ["R-1", "", "", "", "", "bank_account", "0011001234567", "VCB", ""],
            ["R-2", "ransom", "2025-03-02T10:00:00+07:00", "", "", "", "", "", ""],
            ["R-3", "romance", "2025-03-02T10:00:00+07:00", "1.000.000", "", "url",
             "https://www.scam.vn/x", "", ""],
        ]
    )  # fmt: skip
    results = list(parse_csv(lines))
    assert [r.id for r in results] == ["R-1", "R-2", "R-3"]
    assert [r.line for r in results] == [2, 5, 6]
    assert [i.ref for i in results[0].indicators] == [
        "phone:+84912345678",
        "bank_account:970436:0011001234567",
    ]
    assert results[0].narrative == "dòng 1\ndòng 2"
    assert results[1].indicators == ()
    assert results[2].amount_vnd == 1_000_000


def test_csv_errors_do_not_stop_the_file():
    rows = [
        ["R-1", "investment", "2025-03-01T10:00:00", "1", "", "phone", "0912345678", "", ""],
        ["R-1", "romance", "", "", "", "phone", "0987654321", "", ""],
        ["", "", "", "", "", "phone", "0912345678", "", ""],
        ["R-2", "other", "not a date", "", "", "", "", "", ""],
        ["R-3", "other", "2025-03-01", "", "", "phone", "0987654321", "", ""],
    ]
    lines = [*_csv(rows), "R-4,too,few\n"]
    results = list(parse_csv(lines))
    summary = [(type(r).__name__, r.line) for r in results]
    assert summary == [
        ("LineError", 3),
        ("LineError", 4),
        ("ParsedReport", 2),
        ("LineError", 5),
        ("LineError", 7),
        ("ParsedReport", 6),
    ]
    assert "differs" in results[0].message


def test_csv_without_the_required_columns_is_one_error():
    (error,) = parse_csv(["name,phone\n", "a,b\n"])
    assert isinstance(error, LineError)
    assert "lacks id, reported_at" in error.message


def test_jsonl_and_csv_files_give_the_same_reports(tmp_path):
    jsonl = tmp_path / "reports.jsonl"
    jsonl.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = [
        ["R-1", "investment", "2025-03-01T10:00:00+07:00", "15000000", "Được mời đầu tư.",
         i["kind"], i["value"], i.get("bank", ""), i.get("platform", "")]
        for i in GOOD["indicators"]
    ]  # fmt: skip
    path = tmp_path / "reports.csv"
    path.write_text("\ufeff" + "".join(_csv(rows)), encoding="utf-8")
    from_jsonl = list(parse_path(jsonl))
    from_csv = list(parse_path(path))
    assert [(r.id, r.indicators, r.rejected, r.amount_vnd) for r in from_jsonl] == [
        (r.id, r.indicators, r.rejected, r.amount_vnd) for r in from_csv
    ]


@given(st.lists(st.text(max_size=80), max_size=20))
def test_any_input_yields_one_result_per_nonblank_line_and_never_raises(lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    results = list(parse_jsonl(lines))
    assert len(results) == sum(1 for line in lines if line.strip())


@given(st.lists(st.lists(st.text(max_size=15), min_size=0, max_size=10), max_size=10))
def test_any_csv_never_raises(rows):
    lines = _csv(rows)
    for result in parse_csv(lines):
        assert isinstance(result, ParsedReport | LineError)


def test_clusters_are_written_one_per_line():
    index = ClusterIndex()
    for report in parse_jsonl([json.dumps(GOOD), json.dumps({**GOOD, "id": "R-2"})]):
        index.add(report.id, report.indicators, reported_at=report.reported_at)
    out = io.StringIO()
    assert write_clusters(index.clusters(), out) == 1
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["cluster"].startswith("c-")
    assert record["reports"] == ["R-1", "R-2"]
    assert "phone:+84912345678" in record["indicators"]


def test_a_line_of_bad_bytes_is_reported_and_the_rest_imported(tmp_path):
    good = (
        '{"id": "r1", "type": "other", "reported_at": "2026-01-02T00:00:00Z",'
        ' "indicators": [{"kind": "phone", "value": "0912345678"}]}\n'
    )
    path = tmp_path / "reports.jsonl"
    path.write_bytes(b"\xff\xfe not text\n" + good.encode())
    results = list(parse_path(path))
    assert isinstance(results[0], LineError)
    assert results[0].line == 1
    assert "UTF-8" in results[0].message
    assert [r.id for r in results if not isinstance(r, LineError)] == ["r1"]


def test_a_csv_row_of_bad_bytes_is_reported(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_bytes(
        b"id,type,reported_at,amount_vnd,narrative,kind,value,bank,platform\n"
        b"r1,other,2026-01-02T00:00:00Z,0,\xff\xfe,phone,0912345678,,\n"
        b"r2,other,2026-01-02T00:00:00Z,0,ok,phone,0912345679,,\n"
    )
    results = list(parse_path(path))
    errors = [r for r in results if isinstance(r, LineError)]
    assert [e.line for e in errors] == [2]
    assert [r.id for r in results if not isinstance(r, LineError)] == ["r2"]
