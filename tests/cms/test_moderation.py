"""Wagtail's moderation workflow for the public site: the secretariat submits, the organisers
approve, and only an approved page is live (cms/roles.py sets the permissions up after migrate)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Site

from cms.models import ShowcasePage
from cms.publishing import publish_to_site
from cms.roles import ensure_site_permissions
from tests.factories.showcase import award, gallery


@pytest.fixture
def draft(entry, organiser):
    award(entry)
    [page] = publish_to_site(entries=[entry], by=organiser).created
    return ShowcasePage.objects.get(pk=page.pk)


def _public_url(page):
    return f"{gallery().url}{page.slug}/"


def test_organisers_publish_and_the_secretariat_only_submits(draft, organiser, secretariat):
    organiser_perms = draft.permissions_for_user(organiser)
    secretariat_perms = draft.permissions_for_user(secretariat)
    assert organiser_perms.can_edit() and organiser_perms.can_publish()
    assert secretariat_perms.can_edit() and secretariat_perms.can_submit_for_moderation()
    assert not secretariat_perms.can_publish()


def test_the_organisers_are_reviewers_of_the_sites_workflow(draft, organiser, secretariat):
    workflow = draft.get_workflow()
    [task] = [t.specific for t in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert Group.objects.get(name="organiser") in task.groups.all()
    assert [a[0] for a in task.get_actions(draft, organiser)] == ["reject", "approve", "approve"]
    assert task.get_actions(draft, secretariat) == []


def test_a_submitted_draft_goes_live_only_when_an_organiser_approves(client, draft, organiser, secretariat):
    state = draft.get_workflow().start(draft, secretariat)
    task_state = state.current_task_state
    assert client.get(_public_url(draft)).status_code == 404

    # The secretariat cannot approve its own submission through the admin.
    client.force_login(secretariat)
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    client.post(url)
    draft.refresh_from_db()
    assert not draft.live
    client.logout()
    assert client.get(_public_url(draft)).status_code == 404

    client.force_login(organiser)
    client.post(url)
    draft.refresh_from_db()
    assert draft.live
    client.logout()
    response = client.get(_public_url(draft))
    assert response.status_code == 200
    assert draft.title in response.content.decode()


def test_a_rejected_draft_stays_invisible(client, draft, organiser, secretariat):
    state = draft.get_workflow().start(draft, secretariat)
    state.current_task_state.reject(user=organiser)
    draft.refresh_from_db()
    assert not draft.live
    assert client.get(_public_url(draft)).status_code == 404


def test_the_setup_is_idempotent(db):
    home = Site.objects.get(is_default_site=True).root_page
    before = GroupPagePermission.objects.filter(page=home).count()
    ensure_site_permissions()
    ensure_site_permissions()
    assert GroupPagePermission.objects.filter(page=home).count() == before
    codenames = set(
        GroupPagePermission.objects.filter(page=home, group__name="secretariat").values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    root_workflow = Page.get_first_root_node().get_workflow()
    assert [t.specific.groups.filter(name="organiser").count() for t in root_workflow.tasks] == [1]


def test_an_install_with_wagtails_english_workflow_gets_it_named_in_vietnamese(draft):
    workflow = Page.get_first_root_node().get_workflow()
    workflow.name = "Moderators approval"
    workflow.save()
    for task in workflow.tasks.all():
        task.name = "Moderators approval"
        task.save()

    ensure_site_permissions()

    workflow.refresh_from_db()
    assert workflow.name == "Ban Tổ chức duyệt"
    assert [task.name for task in workflow.tasks.all()] == ["Ban Tổ chức duyệt"]
