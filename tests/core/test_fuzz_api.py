"""The API conforms to its own OpenAPI document under generated input.

Schemathesis reads the document from a real `ctip serve` on a demo instance and calls
every operation with examples generated from it, authenticated with a token that holds
every role and scope (on the embedded database, or on the PostgreSQL database named by
CTIP_FUZZ_DATABASE_URL, which it fills with the demo). The run fails on any server error
and on any response the document does not declare: a status it does not list, another
content type, a body of another shape. A few random examples per operation by default;
CI (CI=1) runs more, and the coverage and stateful phases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import demo, instance_env, served

CI = bool(os.environ.get("CI"))
EXAMPLES = int(os.environ.get("CTIP_FUZZ_EXAMPLES") or (40 if CI else 4))
# Everyday runs generate examples at random; CI adds the coverage phase (every boundary
# value and every way to break each field, many times the requests) and the stateful one.
PHASES = "examples,coverage,fuzzing,stateful" if CI else "examples,fuzzing"

# A user with every role in the demo's first agency, and a token with every scope.
MAKE_TOKEN = """
from ctip.core import actions
from ctip.core.models import Agency
from ctip.core.roles import PERMISSIONS, ROLES
agency = Agency.objects.filter(parent__isnull=False).order_by("pk").first()
user = actions.user_create(actor=None, agency=agency, username="fuzz-all-roles",
    password="fuzz all roles passphrase", roles=list(ROLES))
print(actions.token_create(actor=None, user=user, name="fuzz", scopes=sorted(PERMISSIONS)).secret)
"""


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    var = tmp_path_factory.mktemp("fuzz")
    # The fuzzer calls public operations far more often than a person would.
    database = (
        {"DATABASE_URL": os.environ["CTIP_FUZZ_DATABASE_URL"]}
        if os.environ.get("CTIP_FUZZ_DATABASE_URL")
        else {}
    )
    env = instance_env(
        var,
        **database,
        CTIP_DEMO="1",
        CTIP_SCREENING_RATE_PER_MINUTE="100000",
        CTIP_INTEL_LOOKUPS_PER_MINUTE="100000",
        CTIP_INTEL_REPORTS_PER_MINUTE="100000",
    )
    demo(env, tmp_path_factory.getbasetemp())
    made = subprocess.run(
        [sys.executable, "-m", "ctip", "shell", "-c", MAKE_TOKEN],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    token = made.stdout.strip().splitlines()[-1]
    with served(env, wait=180) as server:
        yield server.url, token


# Operations that can end the caller's own access (revoke its token, deactivate its
# account or take its roles away): fuzzed last, so that they do not turn every later
# request into a 401.
LAST = ("ctip_core_api_token_revoke", "ctip_core_api_user_patch")


def _schemathesis(url: str, token: str, cwd: Path, *selection: str, last: bool = False) -> str:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{url}/api/v1/openapi.json",
            "--url",
            url,
            "--header",
            f"Authorization: Bearer {token}",
            *selection,
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance,response_headers_conformance",
            "--phases",
            PHASES,
            "--max-examples",
            str(EXAMPLES),
            "--seed",
            os.environ.get("CTIP_FUZZ_SEED", "20261206"),
            # The token is the credential: no generated bearer or session cookie over it.
            "--generation-with-security-parameters",
            "false",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=cwd,  # its own working files stay out of the repository
    )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
    # A run refused at the door would pass without testing anything (the last run may
    # lock itself out: that is what those operations are for).
    assert last or "Authentication failed" not in run.stdout, run.stdout[-5000:]
    return run.stdout


@pytest.mark.fuzz
def test_api_conforms_to_its_document(fuzz_target: tuple[str, str], tmp_path: Path) -> None:
    url, token = fuzz_target
    excluded = [arg for op in LAST for arg in ("--exclude-operation-id", op)]
    report = _schemathesis(url, token, tmp_path, *excluded)
    assert "Tested: " in report
    included = [arg for op in LAST for arg in ("--include-operation-id", op)]
    _schemathesis(url, token, tmp_path, *included, last=True)
