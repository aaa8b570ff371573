"""The gate on the decision marked final, and the organisers' written overrides on the minutes."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse

from contest.notices.enums import GateAction
from contest.notices.services import notices as notice_services
from contest.results import documents
from tests.notices.data import out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)

REASON = "Quyết định số 7/QĐ-BTC của Trưởng Ban Tổ chức rút ngắn thời gian lấy ý kiến để kịp lễ trao giải 15/10."


@pytest.fixture
def snapshot(frozen):  # noqa: F811
    return frozen[0]


def test_an_override_and_its_reason_appear_on_the_minutes(snapshot, organiser):
    out_for_opinions(snapshot, organiser)
    before = render_to_string("contest/results/pdf/result_minutes.html", documents.minutes_context(snapshot))
    assert "VƯỢT ĐIỀU KIỆN" not in before
    notice_services.override(round=snapshot.round, action=GateAction.FINAL_PUBLICATION, reason=REASON, by=organiser)
    html = render_to_string("contest/results/pdf/result_minutes.html", documents.minutes_context(snapshot))
    assert "VII. QUYẾT ĐỊNH VƯỢT ĐIỀU KIỆN LẤY Ý KIẾN, KHIẾU NẠI" in html
    assert REASON in html and "Công bố chính thức kết quả" in html and organiser.full_name in html
    assert "Thời gian lấy ý kiến, khiếu nại chưa kết thúc" in html  # what held it back then


def test_the_decision_marked_final_waits_for_the_gate(client, snapshot, organiser, secretariat):
    notice = out_for_opinions(snapshot, organiser)
    url = reverse("contest_result_documents:decision-final", args=[snapshot.pk])
    client.force_login(secretariat)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("contest_results:round", args=[snapshot.round_id])
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Chưa thể hoàn thiện quyết định để trình ký" in message
    assert f"đến hết ngày {notice.last_day:%d/%m/%Y}" in message
    # An override of the final publication does not cover the decision: each is its own.
    notice_services.override(round=snapshot.round, action=GateAction.FINAL_PUBLICATION, reason=REASON, by=organiser)
    assert notice_services.blockers(snapshot.round, GateAction.DECISION)
    notice_services.override(round=snapshot.round, action=GateAction.DECISION, reason=REASON, by=organiser)
    assert notice_services.blockers(snapshot.round, GateAction.DECISION) == []


def test_the_final_decision_has_no_draft_mark(snapshot):
    draft = render_to_string("contest/results/pdf/result_decision.html", documents.decision_context(snapshot))
    final = render_to_string("contest/results/pdf/result_decision.html", documents.decision_context(snapshot, True))
    assert "DỰ THẢO" in draft and "DỰ THẢO" not in final
    assert "QUYẾT ĐỊNH" in final
    assert documents.decision_title(snapshot, True).startswith("Quyết định công nhận kết quả")


@pytest.mark.pdf
def test_once_allowed_the_organiser_downloads_the_final_decision(client, snapshot, organiser):
    from tests.judging.test_paper_sheets import text_of

    client.force_login(organiser)  # no notice rules: nothing holds it back
    response = client.get(reverse("contest_result_documents:decision-final", args=[snapshot.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "quyet-dinh-" in response["Content-Disposition"]
    assert "DỰ THẢO" not in text_of(response.content)
