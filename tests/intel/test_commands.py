"""`ctip intel import`, `ctip intel clusters`, `ctip intel rebuild` on small real files."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ctip.intel.engine.importing import ParsedReport, parse_path, write_clusters
from ctip.intel.engine.linking import ClusterIndex
from ctip.intel.models import Cluster, Indicator, Report
from tests.intel.factories import make_report

JSONL = "\n".join(
    [
        json.dumps(
            {
                "id": "R-1",
                "type": "investment",
                "reported_at": "2025-03-01T10:00:00+07:00",
                "amount_vnd": 15000000,
                "narrative": "Đầu tư tiền ảo",
                "indicators": [
                    {"kind": "phone", "value": "0912 345 678"},
                    {"kind": "bank_account", "value": "0011 0012 3456", "bank": "VCB"},
                ],
            },
            ensure_ascii=False,
        ),
        '{"id": "R-2", "type": "romance", "reported_at": "2025-03-02T09:00:00", "indicators": '
        '[{"kind": "phone", "value": "+84912345678"}, {"kind": "phone", "value": "999"}]}',
        '{"id": "R-3", "type": "investment", "reported_at": "2025-03-0',
        "",
        '{"type": "other", "reported_at": "2025-03-03T00:00:00+07:00"}',
        '{"id": "R-4", "type": "lottery", "reported_at": "2025-03-03T00:00:00+07:00"}',
        '{"id": "R-5", "type": "gambling", "reported_at": "2025-03-04T00:00:00+07:00", '
        '"amount_vnd": -4}',
        '{"id": "R-6", "type": "recruitment", "reported_at": "2025-03-05T08:00:00+07:00", '
        '"indicators": [{"kind": "social", "value": "@ScamJobs", "platform": "telegram"}, '
        '{"kind": "url", "value": "https://t.me/scamjobs"}]}',
        '{"id": "R-1", "type": "investment", "reported_at": "2025-03-01T10:00:00+07:00"}',
        "[1, 2]",
    ]
)

CSV = (
    "\ufeffid,type,reported_at,amount_vnd,narrative,indicator_kind,indicator_value,"
    "indicator_bank,indicator_platform\n"
    'C-1,investment,2025-04-01T10:00:00+07:00,5000000,"Lừa, ""đầu tư""",phone,0912 345 678,,\n'
    "C-1,,,,,bank_account,001100123456,Vietcombank,\n"
    "C-2,ransom,2025-04-02T10:00:00+07:00,100000000,,ewallet,0987 654 321,MoMo,\n"
    "C-2,romance,,,,phone,0987654321,,\n"
    "C-3,other,2025-04-03,,,,,,\n"
    "C-4,other,not a date,,,,,,\n"
    "C-5,other,2025-04-03T00:00:00+07:00,,,,,,\n"
)


def _import(path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command("intel", "import", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_jsonl_import_reports_bad_lines_and_is_idempotent(world, tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    out, err = _import(path)
    assert "3 reports imported" in out
    assert "1 already present" in out
    for line in ("line 3:", "line 5:", "line 6:", "line 7:", "line 10:"):
        assert line in err
    assert set(Report.objects.values_list("ref", flat=True)) == {"R-1", "R-2", "R-6"}
    r2 = Report.objects.get(ref="R-2")
    assert r2.unparsed[0]["value"] == "999"
    assert r2.agency == world.national
    phone = Indicator.objects.get(kind="phone")
    assert phone.reports == 2
    assert Report.objects.get(ref="R-1").cluster_id == r2.cluster_id
    again, _ = _import(path)
    assert "0 reports imported" in again
    assert "4 already present" in again
    assert Report.objects.count() == 3
    assert Indicator.objects.get(kind="phone").reports == 2


def test_csv_import(world, tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text(CSV, encoding="utf-8")
    out, err = _import(path, "--agency", "t-police-hn")
    assert "4 reports imported" in out
    assert "line 5:" in err  # C-2's second row names another type
    assert "line 7:" in err  # C-4 has no ISO 8601 time
    c1 = Report.objects.get(ref="C-1")
    assert c1.narrative == 'Lừa, "đầu tư"'
    assert c1.agency == world.agency
    assert c1.indicators.count() == 2
    assert Report.objects.get(ref="C-2").indicators.count() == 1
    assert Report.objects.get(ref="C-3").indicators.count() == 0


def test_import_extends_what_was_filed_one_by_one(world, tmp_path, investigator):
    filed = make_report(investigator)
    path = tmp_path / "reports.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    _import(path)
    filed.refresh_from_db()
    assert Report.objects.filter(cluster_id=filed.cluster_id).count() == 3
    assert Indicator.objects.get(kind="phone").reports == 3


def test_clusters_output_is_the_engine_s(world, tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    _import(path)
    target = tmp_path / "clusters.jsonl"
    out = io.StringIO()
    call_command("intel", "clusters", "--output", str(target), stdout=out)
    index = ClusterIndex()
    for item in parse_path(path):
        if isinstance(item, ParsedReport) and item.id not in index._by_id:
            index.add(item.id, item.indicators, reported_at=item.reported_at)
    expected = io.StringIO()
    write_clusters(index.clusters(), expected)
    assert target.read_text() == expected.getvalue()
    assert f"{Cluster.objects.count()} clusters written" in out.getvalue()


def test_rebuild_command_keeps_the_clusters(world, tmp_path, investigator):
    for _ in range(3):
        make_report(investigator)
    make_report(None)
    before = sorted(Report.objects.values_list("ref", "cluster_id"))
    out = io.StringIO()
    call_command("intel", "rebuild", stdout=out, stderr=io.StringIO())
    assert "4 reports in 1 clusters" in out.getvalue()
    assert sorted(Report.objects.values_list("ref", "cluster_id")) == before


def test_bad_files_are_clear_errors(world, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _import(tmp_path / "missing.jsonl")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "X", "narrative": "caf\xe9"}\n'.encode("latin-1"))
    _out, err = _import(latin)
    assert "line 1: Not valid UTF-8 text." in err
    with pytest.raises(CommandError, match="No active agency"):
        _import(latin, "--agency", "nowhere")


def test_an_import_killed_before_linking_is_finished_by_running_it_again(world, tmp_path):
    from ctip.intel import imports

    path = tmp_path / "reports.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    # The batches were committed, then the process was killed before the rebuild.
    imports.import_reports(path, agency=world.national, rebuild=False)
    assert Report.objects.filter(cluster__isnull=True).count() == 3
    out, _ = _import(path)
    assert "0 reports imported" in out
    assert not Report.objects.filter(cluster__isnull=True).exists()
    r1, r2 = Report.objects.get(ref="R-1"), Report.objects.get(ref="R-2")
    assert r1.cluster_id == r2.cluster_id
