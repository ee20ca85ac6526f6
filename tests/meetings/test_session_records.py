"""The new working session page, a session's attendees and conclusions (add, edit, remove with
confirmation, turn into a task), the lists' unit filter and the query counts of the pages."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from trienkhai.audit.models import AuditAction, AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.meetings.models import ArticleReview, Attendee, Conclusion, WorkingSession
from trienkhai.meetings.services import attendee_add, conclusion_add
from trienkhai.meetings.services_tasks import conclusion_to_task, plan_for_conclusions
from trienkhai.plans.models import Plan, PlanStatus, Task
from trienkhai.plans.services.plans import plan_create

from .support import D, make_review, make_session, registered_document

MODELS = (WorkingSession, Attendee, Conclusion, Plan, Task)


@pytest.fixture(autouse=True)
def english(settings: Any) -> Any:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def editor_client(client_for: Any, world: Any) -> Any:
    return client_for(world.user("editor"))


def counts() -> tuple[int, ...]:
    return (AuditEntry.objects.count(), *(m.objects.count() for m in MODELS))


def entries(obj: Any, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower,
                                          object_id=str(obj.pk), action=action))


def session_form(world: Any, **overrides: Any) -> dict[str, Any]:
    return {"unit": world.units["own"].pk, "title": "Làm việc với Ban Tuyên giáo",
            "held_on": "13/07/2022", "place": "Hội trường Thành ủy",
            "visiting_unit": world.units["root"].pk, "summary": "Tóm tắt.\nDòng hai.",
            "confidentiality": 0, **overrides}


# --- a new session ----------------------------------------------------------------------------


def test_a_new_session_is_recorded_with_its_documents(editor_client: Any, world: Any) -> None:
    document = registered_document(world)
    page = editor_client.get(reverse("meetings:session-create"))
    assert page.status_code == 200
    units = list(page.context["form"].fields["unit"].queryset)
    assert units == [world.units["own"]]  # an editor writes their own unit only
    assert document in page.context["form"].fields["documents"].queryset
    response = editor_client.post(reverse("meetings:session-create"),
                                  session_form(world, documents=[document.pk]))
    session = WorkingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:session-detail", args=[session.pk])
    assert (session.unit, session.held_on, session.visiting_unit) == (
        world.units["own"], D(2022, 7, 13), world.units["root"])
    assert session.summary == "Tóm tắt.\nDòng hai."
    assert list(session.documents.all()) == [document]
    [entry] = entries(session, AuditAction.CREATE)
    assert entry.actor == world.user("editor")
    assert entry.changes["documents"] == [[], [document.pk]]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"held_on": "31/02/2022"}, "held_on"),
    ({"held_on": ""}, "held_on"),
    ({"title": ""}, "title"),
    ({"confidentiality": 1}, "confidentiality"),  # above the editor's clearance
    ({"unit": "descendant"}, "unit"),  # read, not written, by an editor
    ({"unit": "sibling"}, "unit"),
    ({"visiting_unit": "own"}, "visiting_unit"),  # the service's rule: not the host itself
])
def test_bad_input_says_where_and_writes_nothing(editor_client: Any, world: Any,
                                                 overrides: dict[str, Any], field: str) -> None:
    for name in ("unit", "visiting_unit"):
        if overrides.get(name) in world.units:
            overrides = {**overrides, name: world.units[overrides[name]].pk}
    before = counts()
    response = editor_client.post(reverse("meetings:session-create"),
                                  session_form(world, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Làm việc với Ban Tuyên giáo" in response.content.decode() or field == "title"
    assert counts() == before


def test_the_list_offers_a_new_session_only_to_writers(client_for: Any, world: Any) -> None:
    url = reverse("meetings:session-create")
    for role, can in (("viewer", False), ("supervisor", False), ("editor", True)):
        client = client_for(world.user(role))
        assert (url in client.get(reverse("meetings:session-list")).content.decode()) == can
        assert client.get(url).status_code == (200 if can else 403)
    own = world.units["own"]
    page = client_for(world.user("editor")).get(reverse("meetings:session-list"),
                                                {"unit": own.pk}).content.decode()
    assert f"{url}?unit={own.pk}" in page


# --- attendees --------------------------------------------------------------------------------


def test_attendees_are_added_edited_and_removed(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    ward_person = world.people["descendant"]
    add = reverse("meetings:attendee-add", args=[session.pk])
    people = editor_client.get(add).context["form"].fields["person"].queryset
    assert ward_person in people and world.people["sibling"] not in people
    assert editor_client.post(add, {"person": ward_person.pk, "title": "Bí thư"}).status_code \
        == 302
    registered = Attendee.objects.get(person=ward_person)
    assert (registered.name, registered.title) == ("Nguyễn Văn Hiếu", "Bí thư")
    assert editor_client.post(add, {"name": "  Trần   Khách ", "title": "Khách mời"}
                              ).status_code == 302
    typed = Attendee.objects.get(name="Trần Khách")
    assert typed.person is None and typed.order == 3
    assert len(entries(registered, AuditAction.CREATE)) == 1
    assert len(entries(typed, AuditAction.CREATE)) == 1

    edit = reverse("meetings:attendee-edit", args=[session.pk, typed.pk])
    assert editor_client.get(edit).context["form"].initial["name"] == "Trần Khách"
    assert editor_client.post(edit, {"name": "Trần Văn Khách", "title": "Khách mời"}
                              ).status_code == 302
    typed.refresh_from_db()
    assert typed.name == "Trần Văn Khách"
    [update] = entries(typed, AuditAction.UPDATE)
    assert update.changes["name"] == ["Trần Khách", "Trần Văn Khách"]

    remove = reverse("meetings:attendee-remove", args=[session.pk, typed.pk])
    confirm = editor_client.get(remove)
    assert confirm.status_code == 200 and "Trần Văn Khách" in confirm.content.decode()
    assert Attendee.objects.filter(pk=typed.pk).exists()  # asking changes nothing
    assert editor_client.post(remove).status_code == 302
    assert not Attendee.objects.filter(pk=typed.pk).exists()
    assert len(entries(typed, AuditAction.DELETE)) == 1
    detail = editor_client.get(reverse("meetings:session-detail", args=[session.pk]))
    assert reverse("meetings:attendee-edit", args=[session.pk, registered.pk]) in \
        detail.content.decode()


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "", "title": "Bí thư"}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"person": "sibling"}, "person"),  # a person the editor does not read
    ({"person": "999999"}, "person"),
])
def test_a_bad_attendee_writes_nothing(editor_client: Any, world: Any, data: dict[str, Any],
                                       field: str) -> None:
    session = make_session(world.units["own"])
    if data.get("person") in world.people:
        data = {**data, "person": world.people[data["person"]].pk}
    before = counts()
    response = editor_client.post(reverse("meetings:attendee-add", args=[session.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert counts() == before


def test_an_attendee_of_another_session_is_not_found(editor_client: Any, world: Any) -> None:
    first = make_session(world.units["own"], title="Một")
    second = make_session(world.units["own"], title="Hai")
    other = second.attendees.get()
    for name in ("meetings:attendee-edit", "meetings:attendee-remove"):
        assert editor_client.post(reverse(name, args=[first.pk, other.pk]),
                                  {"name": "Đổi"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Người dự"


def test_an_unreadable_person_stays_linked_on_edit(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    with acting_as(None, "test"):
        outsider = attendee_add(session=session, name="Trần Văn An",
                                person=world.people["sibling"])
    edit = reverse("meetings:attendee-edit", args=[session.pk, outsider.pk])
    assert "person" not in editor_client.get(edit).context["form"].fields
    assert editor_client.post(edit, {"name": "Trần Văn An", "title": "Bí thư Tỉnh ủy"}
                              ).status_code == 302
    outsider.refresh_from_db()
    assert (outsider.person, outsider.title) == (world.people["sibling"], "Bí thư Tỉnh ủy")


def test_attendee_edits_without_a_version_last_write_wins(editor_client: Any,
                                                          world: Any) -> None:
    """Attendees have no version field: two people editing, the second save overwrites."""
    session = make_session(world.units["own"])
    attendee = session.attendees.get()
    edit = reverse("meetings:attendee-edit", args=[session.pk, attendee.pk])
    editor_client.post(edit, {"name": "Người A", "title": ""})
    assert editor_client.post(edit, {"name": "Người B", "title": ""}).status_code == 302
    attendee.refresh_from_db()
    assert attendee.name == "Người B"
    assert len(entries(attendee, AuditAction.UPDATE)) == 2


def test_an_attendee_removed_meanwhile_is_gone(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    attendee = session.attendees.get()
    remove = reverse("meetings:attendee-remove", args=[session.pk, attendee.pk])
    assert editor_client.post(remove).status_code == 302
    assert editor_client.post(remove).status_code == 404
    assert editor_client.post(reverse("meetings:attendee-edit", args=[session.pk, attendee.pk]),
                              {"name": "Muộn"}).status_code == 404
    assert len(entries(attendee, AuditAction.DELETE)) == 1


# --- conclusions ------------------------------------------------------------------------------


def test_conclusions_are_added_edited_and_removed(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    add = reverse("meetings:conclusion-add", args=[session.pk])
    units = list(editor_client.get(add).context["form"].fields["owner_unit"].queryset)
    assert world.units["own"] in units and world.units["descendant"] in units
    assert world.units["cell"] not in units and world.units["sibling"] not in units
    response = editor_client.post(add, {"text": "Nhân rộng mô hình", "deadline": "30/11/2022",
                                        "owner_unit": world.units["descendant"].pk})
    assert response.status_code == 302 and response["Location"].endswith("#conclusions")
    conclusion = Conclusion.objects.get(text="Nhân rộng mô hình")
    assert (conclusion.deadline, conclusion.owner_unit) == (D(2022, 11, 30),
                                                            world.units["descendant"])
    assert len(entries(conclusion, AuditAction.CREATE)) == 1

    edit = reverse("meetings:conclusion-edit", args=[session.pk, conclusion.pk])
    assert editor_client.post(edit, {"text": "Nhân rộng mô hình", "deadline": "31/12/2022",
                                     "owner_unit": ""}).status_code == 302
    conclusion.refresh_from_db()
    assert (conclusion.deadline, conclusion.owner_unit) == (D(2022, 12, 31), None)
    [update] = entries(conclusion, AuditAction.UPDATE)
    assert update.changes["deadline"] == ["2022-11-30", "2022-12-31"]

    remove = reverse("meetings:conclusion-remove", args=[session.pk, conclusion.pk])
    assert "Nhân rộng mô hình" in editor_client.get(remove).content.decode()
    assert Conclusion.objects.filter(pk=conclusion.pk).exists()
    assert editor_client.post(remove).status_code == 302
    assert not Conclusion.objects.filter(pk=conclusion.pk).exists()
    assert len(entries(conclusion, AuditAction.DELETE)) == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"text": "", "deadline": "30/11/2022"}, "text"),
    ({"text": "Rà soát", "deadline": "31/11/2022"}, "deadline"),
    ({"text": "Rà soát", "owner_unit": "sibling"}, "owner_unit"),
    ({"text": "Rà soát", "owner_unit": "root"}, "owner_unit"),
])
def test_a_bad_conclusion_writes_nothing(editor_client: Any, world: Any,
                                         data: dict[str, Any], field: str) -> None:
    session = make_session(world.units["own"])
    if data.get("owner_unit") in world.units:
        data = {**data, "owner_unit": world.units[data["owner_unit"]].pk}
    before = counts()
    response = editor_client.post(reverse("meetings:conclusion-add", args=[session.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert counts() == before


def test_a_conclusions_unit_in_charge_stays_a_choice(client_for: Any, world: Any) -> None:
    """A conclusion kept by a unit two levels down keeps it as a choice; a unit outside the
    host's subtree is refused on the field."""
    session = make_session(world.units["descendant"])
    with acting_as(None, "test"):
        conclusion = conclusion_add(session=session, text="Cũ", owner_unit=world.units["cell"])
    client = client_for(world.user("administrator"))
    edit = reverse("meetings:conclusion-edit", args=[session.pk, conclusion.pk])
    units = client.get(edit).context["form"].fields["owner_unit"].queryset
    assert world.units["cell"] in units and world.units["own"] not in units
    response = client.post(edit, {"text": "Cũ", "owner_unit": world.units["own"].pk})
    assert response.status_code == 200
    assert "owner_unit" in response.context["form"].errors
    conclusion.refresh_from_db()
    assert conclusion.owner_unit == world.units["cell"]
    assert not entries(conclusion, AuditAction.UPDATE)
    assert client.post(edit, {"text": "Mới", "owner_unit": world.units["cell"].pk}
                       ).status_code == 302
    conclusion.refresh_from_db()
    assert (conclusion.text, conclusion.owner_unit) == ("Mới", world.units["cell"])


# --- conclusions into tasks -------------------------------------------------------------------


def _draft_plan(world: Any, **fields: Any) -> Plan:
    with acting_as(None, "test"):
        return plan_create(unit=world.units["own"], title="Kế hoạch đang soạn", **fields)


def test_a_conclusion_becomes_a_task_of_the_chosen_plan(editor_client: Any,
                                                        world: Any) -> None:
    session = make_session(world.units["own"])
    conclusion = session.conclusions.get()
    plan = _draft_plan(world)
    adopted = _draft_plan(world, start_date=D(2022, 1, 1))
    Plan.objects.filter(pk=adopted.pk).update(status=PlanStatus.ADOPTED)
    detail = editor_client.get(reverse("meetings:session-detail", args=[session.pk]))
    url = reverse("meetings:conclusion-task", args=[session.pk, conclusion.pk])
    assert url in detail.content.decode()
    plans = list(editor_client.get(url).context["form"].fields["plan"].queryset)
    assert plans == [plan]  # the adopted plan takes no tasks
    assert editor_client.post(url, {"plan": adopted.pk}).status_code == 200
    assert not Task.objects.exists()
    assert editor_client.post(url, {"plan": plan.pk}).status_code == 302
    conclusion.refresh_from_db()
    task = conclusion.task
    assert (task.plan, task.title, task.deadline, task.owner_unit) == (
        plan, "Tiếp tục rà soát vướng mắc", D(2022, 12, 31), world.units["own"])
    assert len(entries(task, AuditAction.CREATE)) == 1
    [linked] = entries(conclusion, AuditAction.UPDATE)
    assert linked.changes["task"] == [None, task.pk]
    page = editor_client.get(reverse("meetings:session-detail", args=[session.pk]))
    assert url not in page.content.decode()
    assert reverse("task-detail", args=[task.pk]) in page.content.decode()


def test_without_a_plan_a_new_draft_plan_is_made(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    conclusion = session.conclusions.get()
    url = reverse("meetings:conclusion-task", args=[session.pk, conclusion.pk])
    assert editor_client.post(url, {"plan": ""}).status_code == 302
    conclusion.refresh_from_db()
    plan = conclusion.task.plan
    assert plan.unit == world.units["own"] and plan.status == PlanStatus.DRAFT
    assert plan.title.endswith("13/07/2022")
    assert len(entries(plan, AuditAction.CREATE)) == 1


def test_turning_into_a_task_twice_is_refused(editor_client: Any, world: Any) -> None:
    """The conflict path: someone made the task after the page was opened."""
    session = make_session(world.units["own"])
    conclusion = session.conclusions.get()
    url = reverse("meetings:conclusion-task", args=[session.pk, conclusion.pk])
    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url, {"plan": ""}).status_code == 302
    before = counts()
    response = editor_client.post(url, {"plan": ""})
    assert response.status_code == 200
    assert "This conclusion has a task already." in response.content.decode()
    assert counts() == before
    assert editor_client.get(url).status_code == 302  # nothing left to do


def test_a_conclusion_without_a_deadline_makes_no_task(editor_client: Any,
                                                       world: Any) -> None:
    session = make_session(world.units["own"])
    with acting_as(None, "test"):
        conclusion = conclusion_add(session=session, text="Không hạn")
    url = reverse("meetings:conclusion-task", args=[session.pk, conclusion.pk])
    assert "a task needs one" in editor_client.get(url).content.decode()
    before = counts()
    response = editor_client.post(url, {"plan": ""})
    assert response.status_code == 200
    assert "A task needs a deadline" in response.content.decode()
    assert counts() == before  # no draft plan made for nothing


def test_a_classified_session_needs_a_plan_as_classified(world: Any) -> None:
    session = make_session(world.units["own"], confidentiality=1)
    conclusion = session.conclusions.get()
    plain = _draft_plan(world)
    with acting_as(None, "test"), pytest.raises(ValidationError) as info:
        conclusion_to_task(conclusion=conclusion, plan=plain)
    assert "plan" in info.value.message_dict
    with acting_as(None, "test"):
        new = plan_for_conclusions(session=session, plan=None)
        done = conclusion_to_task(conclusion=conclusion, plan=new)
    assert new.confidentiality == 1 and done.task.plan == new


def test_a_plan_of_another_unit_is_refused(world: Any) -> None:
    session = make_session(world.units["descendant"])
    with acting_as(None, "test"), pytest.raises(ValidationError) as info:
        conclusion_to_task(conclusion=session.conclusions.get(), plan=_draft_plan(world))
    assert "plan" in info.value.message_dict
    assert not Task.objects.exists()


# --- lists ------------------------------------------------------------------------------------


def test_the_unit_filter_narrows_and_stays_in_the_pages(editor_client: Any, world: Any,
                                                        settings: Any) -> None:
    ward = world.units["descendant"]
    for index in range(26):
        make_session(ward, title=f"Phường {index}")
    make_session(world.units["own"], title="Buổi của tỉnh")
    for name in ("meetings:session-list", "meetings:press-list"):
        page = editor_client.get(reverse(name), {"unit": ward.pk})
        content = page.content.decode()
        assert "Buổi của tỉnh" not in content
        assert page.context["page"].paginator.count == 26
        assert f"unit={ward.pk}&amp;page=2" in content
        options = [u.pk for u in page.context["units"]]
        assert options == [world.units["own"].pk, ward.pk, world.units["descendant2"].pk]
        assert f'<option value="{ward.pk}" selected>' in content
        second = editor_client.get(reverse(name), {"unit": ward.pk, "page": 2})
        assert second.context["page"].number == 2
        everything = editor_client.get(reverse(name))
        assert everything.context["page"].paginator.count == 27


def test_the_filter_needs_a_readable_unit(editor_client: Any, world: Any) -> None:
    for name in ("meetings:session-list", "meetings:press-list"):
        assert editor_client.get(reverse(name), {"unit": world.units["sibling"].pk}
                                 ).status_code == 404
        assert editor_client.get(reverse(name), {"unit": "abc"}).status_code == 404


# --- query counts -----------------------------------------------------------------------------


def _fill(world: Any, session: WorkingSession, n: int) -> None:
    plan = _draft_plan(world)
    with acting_as(None, "test"):
        for index in range(n):
            attendee_add(session=session, name=f"Người {index}", title="Ủy viên",
                         person=world.people["own" if index % 2 else "descendant"])
            conclusion = conclusion_add(session=session, text=f"Kết luận {index}",
                                        deadline=D(2022, 12, 1),
                                        owner_unit=world.units["descendant"])
            if index % 2:
                conclusion_to_task(conclusion=conclusion, plan=plan)


def test_session_detail_has_a_bounded_number_of_queries(
        editor_client: Any, world: Any, django_assert_max_num_queries: Any,
        django_assert_num_queries: Any) -> None:
    session = make_session(world.units["own"], person=world.people["own"])
    with acting_as(None, "test"):
        session.documents.set([registered_document(world)])
    _fill(world, session, 2)
    url = reverse("meetings:session-detail", args=[session.pk])
    with django_assert_max_num_queries(11) as few:
        editor_client.get(url)
    _fill(world, session, 10)
    assert session.attendees.count() == 13 and session.conclusions.count() == 13
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(url)
    content = response.content.decode()
    assert content.count("Kết luận ") == 12
    assert content.count("/nguoi-du/") == 2 * 13 + 1  # edit and remove each, and add
    assert len(re.findall(r"/ket-luan/\d+/nhiem-vu/", content)) == 7  # without a task
    assert content.count('href="/ke-hoach/nhiem-vu/') == 6  # the tasks, all readable
    assert content.count(reverse("person-detail", args=[world.people["descendant"].pk])) == 6


def test_lists_and_review_have_a_bounded_number_of_queries(
        editor_client: Any, world: Any, django_assert_max_num_queries: Any,
        django_assert_num_queries: Any) -> None:
    for index in range(12):
        make_session(world.units["own" if index % 2 else "descendant"], title=f"Buổi {index}")
    for url in (reverse("meetings:session-list"), reverse("meetings:press-list"),
                reverse("meetings:session-list") + f"?unit={world.units['own'].pk}"):
        with django_assert_max_num_queries(8):
            response = editor_client.get(url)
        assert response.content.decode().count("Buổi ") >= 12
    review = make_review(world, world.user("editor"), registered=registered_document(world))
    url = reverse("meetings:review-detail", args=[review.pk])
    with django_assert_max_num_queries(8) as few:
        response = editor_client.get(url)
    assert response.status_code == 200
    proposals = review.proposals  # ten times as many rows of every group
    for group in ("people", "documents", "conclusions", "quotas", "organisations"):
        rows = proposals.get(group, [])
        proposals[group] = [{**row, "key": f"{row['key']}x{n}"} for n in range(10)
                            for row in rows]
    ArticleReview.objects.filter(pk=review.pk).update(proposals=proposals)
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(url)
    assert response.content.decode().count('class="card proposal"') >= 10 * 6
