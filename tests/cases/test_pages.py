"""Pages: intake form, handover import, case page, errors as form errors (never a 500)."""

import io

from openpyxl import Workbook

from ctip.cases.models import Case, HandoverImport
from ctip.core import actions as core_actions
from tests.cases.factories import days_ago, make_decision, make_followup
from tests.conftest import PASSWORD

CSV = (
    "Họ tên,Ngày sinh,Giới tính,Quê quán,CCCD\n"
    "Nguyễn Văn Hùng,14/03/1998,Nam,Nghệ An,038098001111\n"
    "Trần Thị Lan,31/02/2001,Nữ,Hà Tĩnh,\n"
    ",01/01/1990,Nam,Hà Nội,\n"
    "Lê Văn Tâm,2001-05-06,Nam,Atlantis,\n"
    "Phạm Văn Đức,1995-01-01,Nam,Hà Tây,038095002222\n"
)


def _upload(client, content, name="list.csv"):
    # The list is checked in the request and imported by a job; its page shows the result.
    return client.post(
        "/cases/import/",
        {
            "file": _named(content, name),
            "handover_date": days_ago(1).isoformat(),
            "intake_channel": "handover",
            "exploitation_country": "KH",
        },
        follow=True,
    )


def actions_user(world, role: str, username: str):
    return core_actions.user_create(
        actor=None, agency=world.agency, username=username, password=PASSWORD, roles=[role]
    )


def _named(content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_intake_form_opens_a_case_and_a_double_submit_does_not_duplicate(world, client_for):
    client = client_for(world.users["intake_officer"])
    page = client.get("/cases/new/")
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    data = {
        "idempotency_key": key,
        "full_name": "Nguyễn Thị Mai",
        "sex": "female",
        "age": "24",
        "intake_channel": "border_detection",
        "intake_date": days_ago(0).isoformat(),
        "exit_mode": "escape",
        "consent_processing": "on",
    }
    first = client.post("/cases/new/", data)
    second = client.post("/cases/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    assert Case.objects.get().consents.get().processing


def test_intake_form_bad_input_is_a_form_error(world, client_for):
    client = client_for(world.users["intake_officer"])
    response = client.post(
        "/cases/new/",
        {
            "idempotency_key": "k1",
            "full_name": "X",
            "sex": "male",
            "birth_date": "2999-01-01",
            "age": "200",
            "intake_channel": "hotline",
            "intake_date": "not a date",
            "exit_mode": "escape",
            "exploitation_country": "K1",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "intake_date" in errors
    assert "exploitation_country" in errors
    assert Case.objects.count() == 0


def test_handover_csv_with_broken_rows(world, client_for):
    client = client_for(world.users["intake_officer"])
    response = _upload(client, CSV.encode())
    assert response.status_code == 200
    report = response.context["report"]
    assert len(report.created) == 2
    rows = {p.row for p in report.problems}
    assert rows == {3, 4, 5}
    assert Case.objects.count() == 2
    again = _upload(client, CSV.encode())
    assert again.context["report"].already_imported
    assert Case.objects.count() == 2
    fixed = CSV.replace("31/02/2001", "28/02/2001")
    third = _upload(client, fixed.encode())
    assert len(third.context["report"].created) == 1
    assert len(third.context["report"].skipped) == 2
    assert Case.objects.count() == 3
    assert HandoverImport.objects.count() == 2


def test_handover_xlsx(world, client_for):
    book = Workbook()
    sheet = book.active
    sheet.append(["full_name", "birth_date", "sex", "home_province"])
    sheet.append(["Hoàng Văn Long", "12/12/1999", "nam", "Quảng Trị"])
    sheet.append(["Bùi Thị Hà", "", "nữ", "Quảng Bình"])
    sheet.append(["Đỗ Văn Khoa", "", "x", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(world.users["intake_officer"])
    report = _upload(client, buffer.getvalue(), "list.xlsx").context["report"]
    assert len(report.created) == 2
    assert [(p.row, p.field) for p in report.problems] == [(4, "sex")]


def test_garbage_file_is_a_form_error(world, client_for):
    client = client_for(world.users["intake_officer"])
    response = _upload(client, b"PK\x03\x04garbage", "list.xlsx")
    assert response.status_code == 400
    response = _upload(client, "\n".join(["a,b", "1,2"]).encode(), "list.csv")
    assert response.status_code == 400
    response = _upload(client, "Họ tên\nAn".encode("utf-16"), "list.csv")
    assert response.status_code == 400


def test_case_page_and_list(world, client_for, case):
    client = client_for(world.users["case_worker"])
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    listing = client.get("/cases/")
    assert case.reference in listing.content.decode()
    outsider = client_for(world.other_users["case_worker"])
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    assert case.reference not in outsider.get("/cases/?show=all").content.decode()


def test_stale_move_shows_a_conflict(world, client_for, case):
    client = client_for(world.users["case_worker"])
    client.post(f"/cases/{case.pk}/move/", {"version": 1, "target": "screening"})
    response = client.post(
        f"/cases/{case.pk}/move/", {"version": 1, "target": "screening"}, follow=True
    )
    assert response.status_code == 200
    assert "Someone else saved this case" in response.content.decode() or (
        "Người khác" in response.content.decode()
    )
    assert Case.objects.get(pk=case.pk).status == "screening"


def test_screening_form_in_both_languages(world, client_for, case):
    client = client_for(world.users["intake_officer"])
    assert "How did you hear" in client.get(f"/cases/{case.pk}/screening/?lang=en").content.decode()
    response = client.post(
        f"/cases/{case.pk}/screening/",
        {
            "version": case.version,
            "interviewed_on": days_ago(0).isoformat(),
            "r_work_differed": "yes",
            "e_forced_to_defraud": "yes",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).screenings.get().recommendation == "possible_victim"


def test_print_needs_export_and_names_the_user(world, client_for, case):
    assert client_for(world.users["case_worker"]).get(f"/cases/{case.pk}/print/").status_code == 403
    page = client_for(world.users["supervisor"]).get(f"/cases/{case.pk}/print/")
    assert "supervisor-a" in page.content.decode()


def test_the_author_of_a_decision_is_not_offered_to_approve_it(world, client_for):
    decision = make_decision(world)
    url = f"/cases/{decision.case_id}/"
    author = client_for(world.users["supervisor"]).get(url).content.decode()
    assert f"/cases/decisions/{decision.pk}/approve/" not in author
    second = actions_user(world, "supervisor", "supervisor-a2")
    other = client_for(second).get(url).content.decode()
    assert f"/cases/decisions/{decision.pk}/approve/" in other


def test_an_overdue_follow_up_is_marked_on_the_case_page(world, client_for):
    item = make_followup(world)
    page = client_for(world.users["case_worker"]).get(f"/cases/{item.case_id}/")
    assert page.context["today"] > item.due_on
    assert f'data-testid="followup-{item.sequence}"' in page.content.decode()
    assert '<strong class="error">' in page.content.decode()


def test_screening_result_reads_as_sentences_by_ilo_dimension(world, client_for):
    from tests.cases.factories import make_case, screened

    worker = world.users["case_worker"]
    case = screened(make_case(worker), worker)
    page = client_for(worker).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
    text = page.decode()
    assert "Deceptive recruitment — made out" in text
    assert "Deceived about the nature of the job, location or employer" in text
    assert "Forced to commit criminal acts (Law 53/2024/QH15)" in text
    assert "r_work_differed" not in text
    assert "e_forced_to_defraud" not in text
    # Sensitive indicators are left out, and counted, for staff who may not read them.
    investigator = client_for(world.users["investigator"])
    hidden = investigator.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 sensitive indicator is hidden." in hidden
    assert "Sexual violence" not in hidden
