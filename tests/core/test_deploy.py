"""CTIP behind deploy/nginx/ctip.conf, the reverse proxy an operator installs, on loopback.

The configuration is used as shipped, with only its names, ports and paths pointed at a
temporary instance: Debian's nginx with a self-signed certificate made here, CTIP under
the production settings (`ctip serve` and its worker), secrets read from files.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.serving import ctip, free_port, served

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENT = "127.0.0.5"  # the browser's address; nginx and CTIP talk over 127.0.0.1
DATA_KEY = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
CSV = "full_name,birth_date,sex,home_province\nNguyễn Văn An,01/02/2000,Nam,Hà Tĩnh\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(NGINX).exists() and not os.environ.get("CTIP_REQUIRE_NGINX"),
        reason="nginx is not installed (apt-get install nginx)",
    ),
]


def _site(https: int, http: int, upstream: int, static: Path, cert: Path, key: Path) -> str:
    site = (ROOT / "deploy" / "nginx" / "ctip.conf").read_text()
    for old, new in (
        ("ctip.example.gov.vn", "localhost"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen [::]:80;", ""),
        ("/etc/ssl/ctip/fullchain.pem", str(cert)),
        ("/etc/ssl/ctip/privkey.pem", str(key)),
        ("/var/lib/ctip/static/", f"{static}/"),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}"),
    ):
        assert old in site, old
        site = site.replace(old, new)
    return site


def _nginx_conf(tmp: Path, site: str) -> Path:
    conf = tmp / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {tmp}/body;\n proxy_temp_path {tmp}/proxy;\n"
        f" fastcgi_temp_path {tmp}/fcgi;\n uwsgi_temp_path {tmp}/uwsgi;\n"
        f" scgi_temp_path {tmp}/scgi;\n{site}\n}}\n"
    )
    return conf


def _request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(
        "localhost", port, context=context, timeout=30, source_address=(CLIENT, 0)
    )
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.headers, data


SETUP = (
    "import django, sys; django.setup();"
    "from ctip.core import actions; from ctip.core.models import Agency;"
    "agency = actions.agency_create(actor=None, code='national', type='oversight',"
    " name_vi='Quốc gia', name_en='National', country='VN');"
    "user = actions.user_create(actor=None, agency=agency, username='intake',"
    " password='a long enough password 1', roles=['intake_officer']);"
    "print(actions.token_create(actor=None, user=user, name='deploy test',"
    " scopes=['cases.intake']).secret)"
)


def test_ctip_behind_the_shipped_nginx(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    secret = tmp_path / "secret_key"
    secret.write_text(uuid.uuid4().hex * 3 + "\n")
    audit_key = tmp_path / "audit_key"
    audit_key.write_text("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="ctip.config.settings.prod",
        CTIP_VAR_DIR=str(var),
        CTIP_SECRET_KEY_FILE=str(secret),
        CTIP_AUDIT_KEY_FILE=str(audit_key),
        CTIP_DATA_KEY=DATA_KEY,
        CTIP_ALLOWED_HOSTS="localhost,127.0.0.1",
        DATABASE_URL=f"sqlite:///{var / 'ctip.sqlite3'}",
    )
    ctip(env, "migrate", "--verbosity", "0")
    ctip(env, "collectstatic", "--noinput", "--verbosity", "0")
    token = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    https, plain = free_port(), free_port()
    upstream = free_port()
    site = _site(https, plain, upstream, var / "static", cert, key)
    conf = _nginx_conf(tmp_path, site)
    subprocess.run([NGINX, "-t", "-c", str(conf)], check=True, capture_output=True)
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"])
    try:
        with served(
            env,
            command=[sys.executable, "-m", "ctip", "serve", "--port", str(upstream)],
            port=upstream,
        ):
            _check(var, https, plain, token)
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)


def _check(var: Path, https: int, plain: int, token: str) -> None:
    # Plain HTTP goes to HTTPS.
    conn = http.client.HTTPConnection("127.0.0.1", plain, timeout=10)
    conn.request("GET", "/login/", headers={"Host": "localhost"})
    moved = conn.getresponse()
    assert moved.status == 301
    assert moved.headers["Location"] == "https://localhost/login/"

    # A page: every security header, no server name or version.
    status, headers, _ = _request(https, "GET", "/login/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Server"] == "nginx"

    # A static file, from nginx, cached.
    status, headers, body = _request(https, "GET", "/static/core/ctip.css")
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert "immutable" in headers["Cache-Control"]
    assert body

    # Metrics are not reachable through the public address.
    assert _request(https, "GET", "/metrics")[0] == 404

    # An upload through the proxy; the client sends its own X-Forwarded-For, which
    # nginx replaces, so CTIP logs the address nginx saw.
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="handover_date"\r\n\r\n'
        f'2026-01-05\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n{CSV}\r\n--{boundary}--\r\n'
    ).encode()
    status, headers, answer = _request(
        https,
        "POST",
        "/api/v1/cases/imports",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Authorization": f"Bearer {token}",
            "X-Forwarded-For": "203.0.113.66",
        },
    )
    assert status == 202, answer
    progress_url = json.loads(answer)["progress_url"]
    request_id = headers["X-Request-ID"]
    assert len(request_id) == 32  # nginx's $request_id, kept by CTIP
    lines = _log_lines(var / "serve.log", request_id)
    access = next(line for line in lines if line["logger"] == "ctip.access")
    assert access["client"] == CLIENT
    assert access["path"] == "/api/v1/cases/imports"
    assert access["status"] == 202
    # The worker imports the list; the job says when it is done and what it opened.
    deadline = time.monotonic() + 60
    while True:
        job = json.loads(
            _request(https, "GET", progress_url, headers={"Authorization": f"Bearer {token}"})[2]
        )
        if job["status"] == "done":
            break
        assert job["status"] in {"queued", "running"}, job
        assert time.monotonic() < deadline, "the worker never imported the list"
        time.sleep(1)
    assert len(job["summary"]["created"]) == 1
    assert "203.0.113.66" not in (var / "serve.log").read_text()
    assert "Nguyễn" not in (var / "serve.log").read_text()

    # Probes through the proxy; the worker's heartbeat makes it ready.
    assert _request(https, "GET", "/healthz")[0] == 200
    deadline = time.monotonic() + 60
    while _request(https, "GET", "/readyz")[0] != 200:
        assert time.monotonic() < deadline, "the worker never reported"
        time.sleep(1)


def _log_lines(path: Path, request_id: str) -> list[dict]:
    """The JSON lines CTIP wrote for one request (waits briefly for them)."""
    for _ in range(50):
        found = []
        for raw in path.read_text().splitlines():
            if raw.startswith("{"):
                line = json.loads(raw)
                if line.get("request_id") == request_id:
                    found.append(line)
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no log line for {request_id}:\n{path.read_text()[-3000:]}")
