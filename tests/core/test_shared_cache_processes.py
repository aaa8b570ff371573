"""Two web processes on one Redis (CACHE_URL=redis://…, Django's own Redis backend), as two web
hosts behind a load balancer: an organiser publishes on one and an anonymous visitor of the other
sees the new page at once; a visitor's rate limit counts its requests on both.

With each process's own memory cache both would fail: the second host would serve its stale copy
for CMS_CACHE_SECONDS, and allow the limit once per host.
"""

import pytest
import redis
from django.urls import reverse

from cms.publishing import publish_to_site
from tests.cluster import REDIS_URL, Browser, Web, needs_redis, shared_cache_env
from tests.factories import PASSWORD, EntryFactory, UserFactory
from tests.factories.certificates import make_certificate
from tests.factories.showcase import award, showcase
from tests.processes import needs_postgres

pytestmark = [needs_postgres, needs_redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_hosts(tmp_path):
    env = shared_cache_env() | {"CMS_CACHE_SECONDS": 300}
    hosts = [Web(tmp_path / f"web-{name}.log", **env) for name in "ab"]
    try:
        yield [host.wait_ready() for host in hosts], env["CACHE_KEY_PREFIX"]
    finally:
        for host in hosts:
            host.stop()
        for log in sorted(tmp_path.glob("web-*.log")):
            print(log.name, log.read_text(errors="replace")[-3000:])  # shown if the test failed


def test_a_publish_on_one_host_is_seen_on_the_other_at_once(two_hosts, contest):
    (a, b), prefix = two_hosts
    organiser = UserFactory(username="btc-cum", roles=["organiser"])
    first = EntryFactory(contest=contest, title="Mô hình đã đăng từ trước")
    award(first)
    showcase(first)
    second = EntryFactory(contest=contest, title="Mô hình mới được duyệt đăng")
    award(second, prize_name="Giải Nhì", prize_code="nhi", rank=2)
    [draft] = publish_to_site(entries=[second], by=organiser).created

    visitor = Browser(b.base)
    before = visitor.get("/mo-hinh/").decode()
    assert "Mô hình đã đăng từ trước" in before and "Mô hình mới được duyệt đăng" not in before
    assert visitor.get("/mo-hinh/").decode() == before  # from the cache now
    assert redis.Redis.from_url(REDIS_URL).keys(f"{prefix}:*cms:page:*"), "the page is cached in Redis"

    editor = Browser(a.base)
    editor.login(organiser.username, PASSWORD)
    publish = f"/quan-tri/bulk/wagtailcore/page/publish/?id={draft.pk}&next=/quan-tri/"
    status, _ = editor.post_form(publish, {"include_descendants": ""})
    assert status == 200
    draft.refresh_from_db()
    assert draft.live

    after = visitor.get("/mo-hinh/").decode()
    assert "Mô hình mới được duyệt đăng" in after
    assert visitor.status(draft.url) == 200


def test_a_rate_limit_counts_on_every_host(two_hosts, settings, entry):
    (a, b), _prefix = two_hosts
    certificate = make_certificate(entry)
    page = reverse("certificate-verify", args=[certificate.token])
    visitor_on = {host: Browser(host.base) for host in (a, b)}
    # 30 a minute per visitor (contest/certificates/views/verification.py): 15 on each host.
    statuses = [visitor_on[host].status(page) for _ in range(15) for host in (a, b)]
    assert statuses == [200] * 30
    assert visitor_on[a].status(page) == 429
    assert visitor_on[b].status(page) == 429
