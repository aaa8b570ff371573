"""/healthz, /readyz and /metrics: what a load balancer and Prometheus get, and what nobody else
learns from them (no internals, no cache, no metrics outside the allow-list)."""

import json

import pytest
from django.utils import timezone

from contest.core.models import WorkerHeartbeat
from contest.dossiers.tasks import send_receipt_email
from tests.core.test_settings_and_setup import production_env, run_python

OUTSIDE = "203.0.113.66"


def _json(response):
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and _json(response) == {"status": "ok"}


@pytest.mark.django_db
def test_probes_by_address_over_plain_http_are_answered(client, settings):
    """A load balancer asks the web host by its address, over HTTP: no host check, no redirect."""
    settings.ALLOWED_HOSTS = ["dvk.example.vn"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        assert client.get(path, HTTP_HOST="10.0.0.12:8000").status_code == 200
    # Everything else is still refused for an unknown host (the probes are the exception).
    assert client.get("/", HTTP_HOST="10.0.0.12:8000").status_code == 400


@pytest.mark.django_db
def test_readyz_reports_each_check_and_the_worker_heartbeat(client, settings):
    settings.READYZ_WORKER_MAX_AGE_SECONDS = 300
    body = _json(client.get("/readyz"))
    # No worker ran yet: reported, but the web host stays in rotation (see services/health.py).
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "worker": "failed"},
    }
    settings.READYZ_WORKER_REQUIRED = True
    assert client.get("/readyz").status_code == 503
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="worker-1", pid=1, started_at=now, seen_at=now)
    response = client.get("/readyz")
    assert response.status_code == 200 and _json(response)["checks"]["worker"] == "ok"
    WorkerHeartbeat.objects.update(seen_at=now - timezone.timedelta(seconds=301))
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_readyz_fails_on_an_unreachable_cache_or_storage_and_tells_nothing_more(client, settings, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.STORAGES = {
        **settings.STORAGES,
        # Under a file: no folder can ever be made there.
        "private": {"BACKEND": "contest.core.storage.PrivateFileSystemStorage", "OPTIONS": {"location": blocked / "x"}},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = _json(response)
    assert body["status"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == body["checks"]["storage"] == "failed"
    text = response.content.decode()
    for secret in ("127.0.0.1", "6379", "Connection", "Error", str(tmp_path)):
        assert secret not in text


@pytest.mark.django_db
def test_metrics_only_for_the_allow_list_or_the_token(client, settings, organiser):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.9.0/24"]
    settings.METRICS_TOKEN = "the-scraper-token"
    assert client.get("/metrics", REMOTE_ADDR="10.0.9.7").status_code == 200
    # Not on the list: a bare 404, logged in or not.
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404
    client.force_login(organiser)
    refused = client.get("/metrics", REMOTE_ADDR=OUTSIDE)
    assert refused.status_code == 404 and refused.content == b""
    # Through our nginx (a trusted proxy on loopback) the visitor's own address counts.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    allowed = client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer the-scraper-token")
    assert allowed.status_code == 200
    assert "no-store" in allowed["Cache-Control"]


@pytest.mark.django_db
def test_metrics_count_requests_and_show_the_queue(client, settings, entry):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.get("/tai-khoan/dang-nhap/")
    send_receipt_email.enqueue(entry.pk)
    send_receipt_email.enqueue(entry.pk)
    text = client.get("/metrics").content.decode()
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert "django_http_responses_total_by_status_total" in text
    assert "dvk_jobs_waiting 2.0" in text
    assert "dvk_jobs_running 0.0" in text
    assert "dvk_jobs_failed_total 0.0" in text
    assert "dvk_workers_alive 0.0" in text
    oldest = next(line for line in text.splitlines() if line.startswith("dvk_jobs_oldest_waiting_seconds "))
    assert 0 <= float(oldest.split()[1]) < 60


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    generated = client.get("/tai-khoan/dang-nhap/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-abc123")["X-Request-ID"] == "nginx-abc123"


LOG = (
    "import django; django.setup(); import logging; logging.getLogger('contest.test').warning('Xin chào %s', 'Đà Nẵng')"
)


def test_json_logs_are_one_object_per_line_with_the_request_id(tmp_path):
    result = run_python(["-c", LOG], env=production_env(tmp_path, LOG_FORMAT="json"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["level"] == "WARNING" and record["logger"] == "contest.test"
    assert record["message"] == "Xin chào Đà Nẵng" and record["request_id"] == "-"
    plain = run_python(["-c", LOG], env=production_env(tmp_path))
    assert "WARNING [-] contest.test: Xin chào Đà Nẵng" in plain.stderr
    refused = run_python(["-c", LOG], env=production_env(tmp_path, LOG_FORMAT="xml"))
    assert refused.returncode != 0 and "LOG_FORMAT must be" in refused.stderr
