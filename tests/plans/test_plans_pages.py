"""The plan, consultation and task pages at work: forms keep the user's typing, conflicts,
confirmation steps, the diff view, the cascade form and the exports opened back."""
from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from trienkhai.core.context import acting_as
from trienkhai.plans.models import Handling, Plan, PlanStatus, Task
from trienkhai.plans.services.consultation import comment_add, comment_handle, invite_add
from trienkhai.plans.services.plans import plan_adopt, plan_amend, plan_update, section_update

from .factories import make_plan, make_task

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(world, client):
    client.force_login(world.user("editor"))  # writes the city ("own")
    return client


def _plan(world, **kw):
    return make_plan(world.units["own"], **kw)


def test_create_keeps_typing_on_errors(world, editor):
    response = editor.post(reverse("plan-create"), {
        "unit": world.units["own"].pk, "kind": "plan", "title": "Kế hoạch giữ chữ",
        "start_date": "01/06/2025", "end_date": "01/01/2025", "confidentiality": 0,
        "aggregation_rule": "weighted", "remind_days_before": 7, "escalate_after_days": 5})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch giữ chữ" in html and "01/06/2025" in html
    assert response.context["form"].errors["end_date"]
    assert not Plan.objects.exists()


def test_create_then_detail(world, editor):
    response = editor.post(reverse("plan-create"), {
        "unit": world.units["own"].pk, "kind": "programme", "title": "Chương trình mới",
        "start_date": "01/01/2025", "end_date": "31/12/2030", "confidentiality": 0,
        "aggregation_rule": "weighted", "remind_days_before": 7, "escalate_after_days": 5})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail",
                                                                           args=[plan.pk])
    page = editor.get(response["Location"]).content.decode()
    assert "Chương trình mới" in page
    for name in ("plan-edit", "plan-section-add", "task-create", "plan-open-consultation",
                 "plan-adopt"):
        assert reverse(name, args=[plan.pk]) in page, name


def test_stale_edit_keeps_text_and_then_overwrites(world, editor):
    plan = _plan(world)
    opened = plan.version
    with acting_as(None, "someone else"):
        plan_update(plan=plan, title="Tên của người khác")
    data = {"kind": "plan", "title": "Tên của tôi", "confidentiality": 0,
            "aggregation_rule": "weighted", "remind_days_before": 7, "escalate_after_days": 5,
            "version": opened}
    response = editor.post(reverse("plan-edit", args=[plan.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên của tôi" in html and "Tên của người khác" in html  # theirs shown, mine kept
    assert response.context["conflict"]
    again = dict(data, version=response.context["form"].data["version"])
    assert editor.post(reverse("plan-edit", args=[plan.pk]), again).status_code == 302
    assert Plan.objects.get(pk=plan.pk).title == "Tên của tôi"


def test_adopted_plan_edit_locks_content(world, editor):
    plan = _plan(world, status=PlanStatus.ADOPTED)
    response = editor.post(reverse("plan-edit", args=[plan.pk]), {
        "kind": "plan", "title": "Tên mới", "confidentiality": 0, "aggregation_rule": "average",
        "remind_days_before": 3, "escalate_after_days": 5, "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title != "Tên mới" and plan.aggregation_rule == "average"


def test_steps_need_confirmation(world, editor):
    plan = _plan(world, sections=1)
    url = reverse("plan-adopt", args=[plan.pk])
    page = editor.get(url)
    assert page.status_code == 200 and Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert b"version 1" in page.content or "phiên bản 1" in page.content.decode()
    done = editor.post(url, {"adopted_on": "15/03/2025", "version": plan.version})
    assert done.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED


def test_illegal_step_says_why(world, editor):
    plan = _plan(world)
    response = editor.post(reverse("plan-close", args=[plan.pk]), {"version": plan.version})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_step_with_a_stale_version_is_refused(world, editor):
    plan = _plan(world, status=PlanStatus.ADOPTED)
    response = editor.post(reverse("plan-close", args=[plan.pk]), {"version": plan.version - 1})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED


def test_comments_only_in_consultation_page_says_why(world, editor):
    plan = _plan(world, sections=1)
    page = editor.get(reverse("consultation-comment", args=[plan.pk]))
    assert page.status_code == 200 and not page.context["allowed"] and page.context["why_not"]
    posted = editor.post(reverse("consultation-comment", args=[plan.pk]),
                         {"author": "Hội đồng", "text": "Ý kiến giữ lại"})
    assert posted.status_code == 200 and "Ý kiến giữ lại" in posted.content.decode()
    assert not plan.comments.exists()


def test_consultation_flow_on_pages(world, editor):
    plan = _plan(world, status=PlanStatus.CONSULTATION, sections=2)
    section = plan.sections.get(position=2)
    assert editor.post(reverse("consultation-invite", args=[plan.pk]), {
        "name": "Hội đồng Lý luận Thành ủy", "due_on": "30/06/2025"}).status_code == 302
    invite = plan.invites.get()
    assert editor.post(reverse("consultation-comment", args=[plan.pk]), {
        "section": section.pk, "invite": invite.pk, "received_on": "01/06/2025",
        "text": "Cần làm rõ chỉ tiêu"}).status_code == 302
    comment = plan.comments.get()
    assert comment.author == "Hội đồng Lý luận Thành ủy" and comment.section == section
    missing = editor.post(reverse("consultation-handle", args=[comment.pk]), {
        "handling": "explained", "response": "", "version": 1})
    assert missing.status_code == 200 and missing.context["form"].errors["response"]
    assert editor.post(reverse("consultation-handle", args=[comment.pk]), {
        "handling": "explained", "response": "Đã có ở Phần 1", "version": 1}).status_code == 302
    page = editor.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Cần làm rõ chỉ tiêu" in page and "Đã có ở Phần 1" in page
    assert reverse("consultation-docx", args=[plan.pk]) in page


def test_versions_and_diff_page(world, editor):
    plan = _plan(world, sections=2)
    task = make_task(plan, title="Nhiệm vụ cũ")
    with acting_as(None, "test"):
        plan = plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
        plan = plan_amend(plan=plan)
        section_update(section=plan.sections.get(position=1),
                       body="Nội dung phần 1 đã được sửa đổi.")
        make_task(plan, title="Nhiệm vụ bổ sung")
        from trienkhai.plans.services.tasks import task_remove

        task_remove(task=task)
        plan_adopt(plan=plan, adopted_on=D(2025, 6, 1), note="Bổ sung")
    page = editor.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert reverse("plan-diff", args=[plan.pk]) + "?from=1&amp;to=2" in page
    diff = editor.get(reverse("plan-diff", args=[plan.pk]), {"from": 1, "to": 2})
    html = diff.content.decode()
    assert "<ins>được sửa đổi.</ins>" in html or "<ins>" in html
    assert "Nhiệm vụ bổ sung" in html and "Nhiệm vụ cũ" in html
    assert editor.get(reverse("plan-diff", args=[plan.pk]), {"from": 1, "to": 9}
                      ).status_code == 404
    version = editor.get(reverse("plan-version", args=[plan.pk, 1])).content.decode()
    assert "Nhiệm vụ cũ" in version and "Nhiệm vụ bổ sung" not in version


def test_task_form_keeps_typing_and_shows_field_errors(world, editor):
    plan = _plan(world)
    response = editor.post(reverse("task-create", args=[plan.pk]), {
        "title": "Tỷ lệ đảng viên học tập", "kind": "key", "owner_unit": world.units["own"].pk,
        "indicator_type": "percent", "target_value": "120", "weight": "0",
        "recurrence": "none", "deadline": "31/12/2026"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"target_value", "weight"} <= set(errors)
    assert "Tỷ lệ đảng viên học tập" in response.content.decode()
    ok = editor.post(reverse("task-create", args=[plan.pk]), {
        "title": "Tỷ lệ đảng viên học tập", "kind": "key", "owner_unit": world.units["own"].pk,
        "coordinating_units": [world.units["descendant"].pk], "indicator_type": "percent",
        "target_value": "95", "weight": "1", "recurrence": "quarterly",
        "deadline": "31/12/2026"})
    assert ok.status_code == 302
    task = Task.objects.get()
    assert list(task.coordinating_units.all()) == [world.units["descendant"]]


def test_cascade_form(world, editor):
    plan = _plan(world)
    task = make_task(plan, indicator_type="count", target_value=4, recurrence="yearly",
                     measure="mô hình")
    with acting_as(None, "test"):
        plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
    url = reverse("task-cascade", args=[task.pk])
    page = editor.get(url).content.decode()
    assert world.units["descendant"].name in page and world.units["descendant2"].name in page
    ward, ward2 = world.units["descendant"], world.units["descendant2"]
    too_much = editor.post(url, {f"unit_{ward.pk}": "on", f"share_{ward.pk}": "0.7",
                                 f"unit_{ward2.pk}": "on", f"share_{ward2.pk}": "0.6"})
    assert too_much.status_code == 200 and too_much.context["form"].non_field_errors()
    assert not task.subtasks.exists()
    done = editor.post(url, {f"unit_{ward.pk}": "on", f"share_{ward.pk}": "0.75",
                             f"unit_{ward2.pk}": "on", f"share_{ward2.pk}": "0.25"})
    assert done.status_code == 302
    assert sorted(task.subtasks.values_list("target_value", flat=True)) == [
        Decimal(1), Decimal(3)]
    detail = editor.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert ward.name in detail and ward2.name in detail
    assert not editor.post(url, {}).context["form"].is_valid()  # nothing chosen


def test_cascade_form_before_adoption_explains(world, editor):
    task = make_task(_plan(world))
    page = editor.get(reverse("task-cascade", args=[task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    explained = translation.gettext(
        "Tasks are assigned to the units below once the plan is adopted.")
    assert explained in html
    assert re.search(r'<button type="submit" class="primary" disabled>', html)


def test_plan_list_shows_own_and_from_above(world, client):
    client.force_login(world.user("viewer"))
    mine = _plan(world, title="Kế hoạch của Thành ủy")
    above = make_plan(world.units["root"], status=PlanStatus.ADOPTED, title="Kế hoạch Trung ương")
    draft_above = make_plan(world.units["root"], title="Dự thảo Trung ương")
    below = make_plan(world.units["descendant"], title="Kế hoạch phường")
    html = client.get(reverse("plan-list")).content.decode()
    assert mine.title in html and above.title in html
    assert draft_above.title not in html and below.title not in html
    at_ward = client.get(reverse("plan-list"), {"unit": world.units["descendant"].pk})
    assert below.title in at_ward.content.decode()
    assert client.get(reverse("plan-list"), {"unit": world.units["sibling"].pk}
                      ).status_code == 404


# --- exports ----------------------------------------------------------------------------------


@pytest.fixture
def consulted(world):
    plan = _plan(world, status=PlanStatus.CONSULTATION, sections=2,
                 title="Kế hoạch xây dựng không gian văn hóa Hồ Chí Minh")
    with acting_as(None, "test"):
        invite = invite_add(plan=plan, name="Hội đồng Lý luận Thành ủy", due_on=D(2025, 6, 30))
        first = comment_add(plan=plan, invite=invite, section=plan.sections.get(position=1),
                            text="Làm rõ tiêu chí năm 2030", received_on=D(2025, 6, 1))
        comment_handle(comment=first, handling=Handling.PARTLY, response="Tiếp thu một phần ý")
        comment_add(plan=plan, author="Liên hiệp các Hội Khoa học và Kỹ thuật",
                    text="Thống nhất", received_on=D(2025, 6, 2))
    return plan


def test_docx_export(consulted, editor):
    from docx import Document as Docx

    response = editor.get(reverse("consultation-docx", args=[consulted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    doc = Docx(io.BytesIO(response.content))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    header = doc.tables[0]
    texts = [p.text for cell in header.rows[0].cells for p in cell.paragraphs]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    assert "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH" in texts and "*" in texts
    assert any(t.startswith("Hồ Chí Minh, ") or "Hồ Chí Minh," in t for t in texts)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Kế hoạch xây dựng không gian văn hóa Hồ Chí Minh" in body
    table = doc.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(rows) == 3
    assert rows[1][2] == "Thống nhất" or rows[2][2] == "Thống nhất"
    handled = next(r for r in rows if r[2] == "Làm rõ tiêu chí năm 2030")
    assert handled[3] == "Hội đồng Lý luận Thành ủy" and handled[5] == "Tiếp thu một phần ý"
    assert handled[1].startswith("1. Phần 1")


def test_xlsx_export(consulted, editor):
    from openpyxl import load_workbook

    response = editor.get(reverse("consultation-xlsx", args=[consulted.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "Kế hoạch xây dựng không gian văn hóa Hồ Chí Minh" in values[0][0]
    data = [row for row in values[4:] if row[0]]
    assert len(data) == 2
    assert {row[2] for row in data} == {"Làm rõ tiêu chí năm 2030", "Thống nhất"}
    assert any(row[5] == "Tiếp thu một phần ý" for row in data)


def test_confidential_plan_in_the_docx_is_marked(world, editor):
    world.user("editor").clearance = 1
    world.user("editor").save()
    plan = _plan(world, status=PlanStatus.CONSULTATION, confidentiality=1)
    from docx import Document as Docx

    editor.force_login(world.user("editor"))
    response = editor.get(reverse("consultation-docx", args=[plan.pk]))
    body = [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    assert any(t.isupper() and t.strip() for t in body[:3])


def test_task_edit_conflict_keeps_typing(world, editor):
    plan = _plan(world)
    task = make_task(plan, title="Bản đầu")
    with acting_as(None, "someone else"):
        from trienkhai.plans.services.tasks import task_update

        task_update(task=task, title="Bản của người khác")
    data = {"title": "Bản của tôi", "kind": "regular", "owner_unit": world.units["own"].pk,
            "indicator_type": "percent", "target_value": "100", "weight": "1",
            "recurrence": "none", "deadline": "31/12/2026", "version": 1}
    response = editor.post(reverse("task-edit", args=[task.pk]), data)
    assert response.status_code == 200 and response.context["conflict"]
    assert "Bản của tôi" in response.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Bản của người khác"


def test_subtask_is_written_by_its_unit_and_the_assigning_unit(world, client):
    from ..conftest import make_user

    plan = _plan(world)
    task = make_task(plan)
    with acting_as(None, "test"):
        plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
    from .factories import make_subtasks

    [sub] = make_subtasks(task, [world.units["descendant"]])
    ward_editor = make_user("ward-editor", world.units["descendant"], "editor")
    client.force_login(ward_editor)
    assert client.get(reverse("task-edit", args=[sub.pk])).status_code == 200
    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 200  # from above
    assert client.get(reverse("task-edit", args=[task.pk])).status_code == 403
    assert client.get(reverse("task-cascade", args=[task.pk])).status_code == 403
    assert client.get(reverse("task-cascade", args=[sub.pk])).status_code == 200
    client.force_login(world.user("editor"))  # the city, which assigned it
    assert client.get(reverse("task-edit", args=[sub.pk])).status_code == 200
