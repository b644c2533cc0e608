import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ctip.core.models import AuditEvent
from ctip.stats.models import Survey


def survey_csv(n=4000, seed=5):
    rng = np.random.default_rng(seed)
    lines = ["year,stratum,psu,weight,victim"]
    for i in range(n):
        year = 2024 if i % 2 else 2025
        rate = 0.045 if year == 2024 else 0.018
        lines.append(
            f"{year},s{i % 4},p{i % 40},{rng.uniform(50, 150):.2f},{int(rng.random() < rate)}"
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_import_a_survey_and_compare_two_years(world, client_for):
    client = client_for(world.users["national_statistician"])
    answer = client.post(
        "/stats/surveys/",
        {"name": "Khảo sát 2024-2025", "file": SimpleUploadedFile("s.csv", survey_csv())},
    )
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "2024" in page
    assert "2025" in page
    event = AuditEvent.objects.get(event_type="STATS_SURVEY_IMPORTED")
    assert event.data == {"respondents": 4000, "years": [2024, 2025]}
    # A statistician reads the estimates but cannot import.
    reader = client_for(world.users["statistician"])
    assert reader.get(answer["Location"]).status_code == 200
    refused = reader.post(
        "/stats/surveys/", {"name": "x", "file": SimpleUploadedFile("s.csv", survey_csv(10))}
    )
    assert refused.status_code in (403, 404)


@pytest.mark.django_db
def test_a_survey_with_missing_weights_is_refused_whole(world, client_for):
    client = client_for(world.users["national_statistician"])
    bad = b"year,stratum,psu,weight,victim\n2025,a,1,100,0\n2025,a,2,,1\n"
    answer = client.post("/stats/surveys/", {"name": "x", "file": SimpleUploadedFile("s.csv", bad)})
    assert answer.status_code == 400
    assert "3" in answer.content.decode()  # the line of the missing weight
    assert not Survey.objects.exists()
