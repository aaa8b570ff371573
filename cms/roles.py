"""What the staff roles may do with the public site's pages, images and documents.

The contest's groups (contest/roles.py) know nothing of Wagtail pages, since ``contest`` never
imports ``cms``; this adds the page side after every migrate and flush. Idempotent: adds what is
missing, never removes what an admin granted.

- Ban Tổ chức (organiser): add, edit, publish, lock and unlock the home page and every page under it, and is a
  reviewer of the moderation workflow that covers the site (Wagtail's "Moderators approval" on the
  root page, renamed "Ban Tổ chức duyệt", its task too): approving a submitted page publishes it.
- Tổ Thư ký (secretariat): add and edit pages and submit them for moderation, never publish.
- Both: add, edit and choose images and documents (the photos of a model, an announcement's files).
- Ban Tổ chức only: the portal's settings (organiser's name, emblem, contacts in the footer).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from contest.core.enums import StaffRole

PAGE_PERMS = {
    StaffRole.ORGANISER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    StaffRole.SECRETARIAT: ["add_page", "change_page"],
}
COLLECTION_PERMS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
WORKFLOW_NAME = "Ban Tổ chức duyệt"
# Wagtail's migrations create a workflow and a task with this English name; editors read it in
# "Gửi duyệt theo quy trình …" and in the moderation e-mails, so existing installs get ours.
WAGTAIL_DEFAULT_NAME = "Moderators approval"


def ensure_site_permissions(**kwargs):
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if root is None or site is None:  # a flushed database before Wagtail's pages are back
        return
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in PAGE_PERMS}
    page_type = ContentType.objects.get_for_model(Page)
    for role, codenames in PAGE_PERMS.items():
        for permission in Permission.objects.filter(content_type=page_type, codename__in=codenames):
            GroupPagePermission.objects.get_or_create(group=groups[role], page=site.root_page, permission=permission)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app, model, codenames in COLLECTION_PERMS:
            for permission in Permission.objects.filter(
                content_type__app_label=app, content_type__model=model, codename__in=codenames
            ):
                for group in groups.values():
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )
    _organisers_approve(root, groups[StaffRole.ORGANISER])
    # The portal's header and footer (Cài đặt → Cổng thông tin): the organisers' to change.
    settings_permission = Permission.objects.filter(
        content_type__app_label="cms", codename="change_portalsettings"
    ).first()
    if settings_permission is not None:
        groups[StaffRole.ORGANISER].permissions.add(settings_permission)


def _organisers_approve(root, organisers):
    """Make the organisers reviewers of every approval step of the site's workflow (creating one
    on the root page if an admin removed Wagtail's default)."""
    workflow = root.get_workflow()
    if workflow is None:
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    if workflow.name == WAGTAIL_DEFAULT_NAME:
        workflow.name = WORKFLOW_NAME
        workflow.save(update_fields=["name"])
    tasks = [task.specific for task in workflow.tasks.filter(active=True)]
    for task in tasks:
        if task.name == WAGTAIL_DEFAULT_NAME:
            task.name = WORKFLOW_NAME
            task.save(update_fields=["name"])
    approvals = [task for task in tasks if isinstance(task, GroupApprovalTask)]
    if not approvals:
        task, _ = GroupApprovalTask.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        approvals = [task]
    for task in approvals:
        task.groups.add(organisers)
