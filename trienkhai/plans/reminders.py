"""Reminders and escalation: in-app notifications, also e-mailed, sent at most once each.

Run daily (`daily_cycle`, by `trienkhai plans daily` or the worker job in tasks_jobs.py) with
the date passed explicitly, so tests freeze the clock by passing `today`:

* `remind_days_before` (the plan's setting) days before a task's deadline, and before the end
  of a reporting period with no report sent yet: the owner unit's editors and approvers;
* a task overdue (deadline passed, not done) or a report missing (period ended, nothing
  sent): the owner unit's editors and approvers at once, and `escalate_after_days` later the
  approvers of the parent unit and the leader in charge (phụ trách) of the unit — the
  OversightAssignment on the unit or, failing one, on its nearest ancestor.

Only tasks of adopted plans count, and only people cleared for the plan's confidentiality
hear of it. Every notification has a key (kind, task, deadline or period): sending again the
same day, or the next, creates nothing new.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Role, User
from trienkhai.units.models import OversightAssignment
from trienkhai.units.models.people import held_on

from .models import (
    Notification,
    NotificationKind,
    Plan,
    PlanStatus,
    ProgressReport,
    Recurrence,
    ReportState,
    Task,
)
from .periods import Period, ended_periods, period_containing
from .services.rollup import DONE_STATUSES
from .services.rollup import prefixes as path_prefixes

LIVE_PLANS = (PlanStatus.ADOPTED, PlanStatus.AMENDED)
OWNER_ROLES = (Role.EDITOR, Role.APPROVER)
RECURRING = (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.SIX_MONTHLY, Recurrence.YEARLY)
PERIODS_LOOKED_BACK = 3  # ended periods checked for missing reports, per kind of recurrence
# ... of those, the ones that ended at most this many days after the longest escalation delay:
# a run missed for a few days still sends, an old period is not dug up every day.
LOOK_BACK_SLACK_DAYS = 14
ONCE_LOOK_BACK_DAYS = 120
TASK_FIELDS = ("pk", "title", "deadline", "recurrence", "owner_unit__name", "owner_unit__path",
               "plan__confidentiality", "plan__remind_days_before", "plan__escalate_after_days")
_CHUNK = 500


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Outgoing:
    user: User
    kind: str
    key: str
    message: str
    task_id: int | None = None
    report_id: int | None = None


def send(items: Iterable[Outgoing]) -> int:
    """Create the notifications not sent before (by user and key); e-mail them on commit."""
    pending = list({(item.user.pk, item.key): item for item in items}.values())
    created: list[int] = []
    for start in range(0, len(pending), _CHUNK):
        chunk = pending[start : start + _CHUNK]
        seen = set(Notification.objects.filter(
            user_id__in={i.user.pk for i in chunk}, key__in={i.key for i in chunk}
        ).values_list("user_id", "key"))
        fresh = [Notification(user=i.user, kind=i.kind, key=i.key, message=i.message,
                              task_id=i.task_id, report_id=i.report_id)
                 for i in chunk if (i.user.pk, i.key) not in seen]
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        keys = {(n.user_id, n.key) for n in fresh}
        created.extend(pk for pk, user_id, key in Notification.objects.filter(
            user_id__in={k[0] for k in keys}, key__in={k[1] for k in keys}
        ).values_list("pk", "user_id", "key") if (user_id, key) in keys)
    if created:
        transaction.on_commit(lambda: email_notifications(created))
    return len(created)


def email_notifications(ids: Sequence[int]) -> int:
    """E-mail the given notifications to users with an address; marks them e-mailed."""
    sent = 0
    kinds = dict(NotificationKind.choices)
    for start in range(0, len(ids), _CHUNK):
        rows = list(Notification.objects.filter(pk__in=ids[start : start + _CHUNK],
                                                emailed_at=None).select_related("user"))
        messages, done = [], []
        with translation.override(settings.LANGUAGE_CODE):
            for note in rows:
                if note.user.email:
                    subject = f"[{_('Triển khai')}] {kinds.get(note.kind, note.kind)}"
                    messages.append(EmailMessage(subject, note.message, to=[note.user.email]))
                    done.append(note.pk)
        if messages:
            sent += get_connection().send_messages(messages) or 0
            Notification.objects.filter(pk__in=done).update(emailed_at=timezone.now())
    return sent


# --- who hears of it --------------------------------------------------------------------------


def _cleared(users: Iterable[User], level: int) -> list[User]:
    return [user for user in users if int(user.clearance or 0) >= level]


class Recipients:
    """Looks people up once per batch of units: owners, parent approvers, leaders in charge."""

    def __init__(self, paths: Iterable[str], today: datetime.date) -> None:
        wanted = sorted({p for path in set(paths) for p in path_prefixes(path)})
        self.by_path: dict[str, list[User]] = defaultdict(list)
        self.leaders: dict[str, list[User]] = defaultdict(list)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for user in User.objects.filter(is_active=True, unit__path__in=chunk,
                                            role__in=OWNER_ROLES).select_related("unit"):
                if user.unit is not None:
                    self.by_path[user.unit.path].append(user)
            for assignment in OversightAssignment.objects.filter(
                held_on(today), unit__path__in=chunk, person__account__is_active=True
            ).select_related("unit", "person__account"):
                self.leaders[assignment.unit.path].append(assignment.person.account)

    def owners(self, path: str, level: int) -> list[User]:
        return _cleared(self.by_path.get(path, []), level)

    def escalation(self, path: str, level: int) -> list[User]:
        parent = path[:-4]
        approvers = [u for u in self.by_path.get(parent, []) if u.role == Role.APPROVER]
        leaders: list[User] = []
        for prefix in reversed(path_prefixes(path)):  # the nearest unit with someone in charge
            if self.leaders.get(prefix):
                leaders = self.leaders[prefix]
                break
        unique = {user.pk: user for user in [*approvers, *leaders]}
        return _cleared(unique.values(), level)


# --- the daily checks -------------------------------------------------------------------------


def _live_tasks() -> Any:
    return Task.objects.filter(plan__status__in=LIVE_PLANS).exclude(
        progress__status__in=DONE_STATUSES).select_related("plan", "owner_unit").only(
        *TASK_FIELDS)


def _started_by(day: datetime.date) -> Q:
    return (Q(start_date__lte=day)
            | Q(start_date__isnull=True, plan__start_date__lte=day)
            | Q(start_date__isnull=True, plan__start_date__isnull=True,
                created_at__date__lte=day))


def _unreported(period_start: datetime.date | None = None) -> Any:
    sent = ProgressReport.objects.filter(task=OuterRef("pk"), state__in=(
        ReportState.SUBMITTED, ReportState.APPROVED))
    if period_start is not None:
        sent = sent.filter(period_start=period_start)
    return ~Exists(sent)


def _tasks_in_period(recurrence: str, period: Period) -> Any:
    return _live_tasks().filter(_started_by(period.end), recurrence=recurrence).filter(
        Q(deadline__isnull=True) | Q(deadline__gte=period.start)).filter(
        _unreported(period.start))


def _max_days(field: str) -> int:
    return int(Plan.objects.filter(status__in=LIVE_PLANS).aggregate(m=Max(field))["m"] or 0)


def deadline_reminders(*, today: datetime.date) -> list[tuple[str, Task, dict[str, Any]]]:
    out = []
    horizon = today + datetime.timedelta(days=_max_days("remind_days_before"))
    for task in _live_tasks().filter(deadline__gte=today, deadline__lte=horizon):
        assert task.deadline is not None
        days = (task.deadline - today).days
        if days <= task.plan.remind_days_before:
            out.append((f"remind:{task.pk}:{task.deadline.isoformat()}", task,
                        {"date": _date(task.deadline), "days": days}))
    return out


def report_due_reminders(*, today: datetime.date) -> list[tuple[str, Task, dict[str, Any]]]:
    out = []
    for recurrence in RECURRING:
        period = period_containing(recurrence, today)
        for task in _tasks_in_period(recurrence, period):
            if (period.end - today).days <= task.plan.remind_days_before:
                out.append((f"report-due:{task.pk}:{period.label}", task,
                            {"period": period.label, "date": _date(period.end)}))
    return out


def missing_reports(*, today: datetime.date) -> list[tuple[str, Task, dict[str, Any], int]]:
    """(key suffix, task, params, days since due) for each period ended without a report."""
    out = []
    window = _max_days("escalate_after_days") + LOOK_BACK_SLACK_DAYS
    for recurrence in RECURRING:
        for period in ended_periods(recurrence, today, PERIODS_LOOKED_BACK):
            if (today - period.end).days > window:
                continue
            for task in _tasks_in_period(recurrence, period).iterator(chunk_size=2000):
                out.append((f"{task.pk}:{period.label}", task,
                            {"period": period.label, "date": _date(period.end)},
                            (today - period.end).days))
    since = today - datetime.timedelta(days=ONCE_LOOK_BACK_DAYS)
    for task in _live_tasks().filter(recurrence=Recurrence.NONE, deadline__lt=today,
                                     deadline__gte=since).filter(_unreported()):
        assert task.deadline is not None
        out.append((f"{task.pk}:{task.deadline.isoformat()}", task,
                    {"period": task.deadline.isoformat(), "date": _date(task.deadline)},
                    (today - task.deadline).days))
    return out


def overdue_tasks(*, today: datetime.date) -> list[tuple[str, Task, dict[str, Any], int]]:
    out = []
    for task in _live_tasks().filter(progress__overdue=True, deadline__lt=today):
        assert task.deadline is not None
        days = (today - task.deadline).days
        out.append((f"{task.pk}:{task.deadline.isoformat()}", task,
                    {"date": _date(task.deadline), "days": days}, days))
    return out


def _about(task: Task) -> dict[str, Any]:
    return {"task": task.title, "unit": task.owner_unit.name}


def reminders_send(*, today: datetime.date) -> int:
    """Deadline and report-due reminders to the owner units (idempotent)."""
    due = deadline_reminders(today=today)
    report_due = report_due_reminders(today=today)
    people = Recipients([t.owner_unit.path for _k, t, _p in [*due, *report_due]], today)
    items = []
    with translation.override(settings.LANGUAGE_CODE):
        for key, task, params in due:
            text = _("“%(task)s” (%(unit)s) is due on %(date)s: %(days)d days left.")
            for user in people.owners(task.owner_unit.path, task.plan.confidentiality):
                items.append(Outgoing(user, NotificationKind.REMINDER, key,
                                      text % {**_about(task), **params}, task.pk))
        for key, task, params in report_due:
            text = _("The %(period)s report on “%(task)s” (%(unit)s) is due by %(date)s.")
            for user in people.owners(task.owner_unit.path, task.plan.confidentiality):
                items.append(Outgoing(user, NotificationKind.REPORT_DUE, key,
                                      text % {**_about(task), **params}, task.pk))
    return send(items)


def escalations_send(*, today: datetime.date) -> int:
    """Overdue tasks and missing reports: the owners now, escalated after the plan's delay."""
    overdue = overdue_tasks(today=today)
    missing = missing_reports(today=today)
    people = Recipients([t.owner_unit.path for _k, t, _p, _d in [*overdue, *missing]], today)
    items = []
    with translation.override(settings.LANGUAGE_CODE):
        for kind, rows, own_text, up_text in (
            ("overdue", overdue,
             _("“%(task)s” (%(unit)s) is overdue: the deadline was %(date)s."),
             _("Escalated: “%(task)s” of %(unit)s is %(days)d days overdue (deadline "
               "%(date)s).")),
            ("missing", missing,
             _("The %(period)s report on “%(task)s” (%(unit)s) is missing: it was due by "
               "%(date)s."),
             _("Escalated: %(unit)s has not reported on “%(task)s” for %(period)s (due "
               "%(date)s).")),
        ):
            own_kind = (NotificationKind.OVERDUE if kind == "overdue"
                        else NotificationKind.MISSING_REPORT)
            for suffix, task, params, days in rows:
                level, path = task.plan.confidentiality, task.owner_unit.path
                text = own_text % {**_about(task), **params}
                for user in people.owners(path, level):
                    items.append(Outgoing(user, own_kind, f"{kind}:{suffix}", text, task.pk))
                if days >= task.plan.escalate_after_days:
                    text = up_text % {**_about(task), **params}
                    for user in people.escalation(path, level):
                        items.append(Outgoing(user, NotificationKind.ESCALATION,
                                              f"escalate-{kind}:{suffix}", text, task.pk))
    return send(items)


# --- report workflow --------------------------------------------------------------------------


def notify_report_submitted(*, report: ProgressReport) -> int:
    approvers = User.objects.filter(is_active=True, unit_id=report.unit_id, role=Role.APPROVER)
    level = report.task.plan.confidentiality
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s sent its %(period)s report on “%(task)s” for approval.") % {
            "unit": report.unit.name, "period": report.period_label, "task": report.task.title}
    key = f"submitted:{report.pk}:{report.version}"
    return send(Outgoing(user, NotificationKind.REPORT_SUBMITTED, key, text, report.task_id,
                         report.pk) for user in _cleared(approvers, level))


def notify_report_returned(*, report: ProgressReport) -> int:
    if report.submitted_by_id is None:
        return 0
    users = User.objects.filter(pk=report.submitted_by_id, is_active=True)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Your %(period)s report on “%(task)s” was returned: %(reason)s") % {
            "period": report.period_label, "task": report.task.title,
            "reason": report.return_reason}
    key = f"returned:{report.pk}:{report.version}"
    return send(Outgoing(user, NotificationKind.REPORT_RETURNED, key, text, report.task_id,
                         report.pk) for user in _cleared(users, report.task.plan.confidentiality))


# --- the daily cycle --------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyResult:
    day: datetime.date
    overdue_flagged: int
    overdue_cleared: int
    reminders: int
    escalations: int
    snapshots: dict[str, int]

    def lines(self) -> list[str]:
        return [
            _("Date: %(date)s") % {"date": _date(self.day)},
            _("Tasks newly overdue: %(n)d; no longer overdue: %(m)d")
            % {"n": self.overdue_flagged, "m": self.overdue_cleared},
            _("Reminders sent: %(n)d") % {"n": self.reminders},
            _("Escalations and overdue notices sent: %(n)d") % {"n": self.escalations},
            *(_("Snapshot %(period)s: %(n)d rows frozen") % {"period": label, "n": count}
              for label, count in self.snapshots.items()),
        ]


def daily_cycle(*, today: datetime.date) -> DailyResult:
    """The daily job: overdue figures first, then reminders, escalations and snapshots."""
    from .services.rollup import overdue_refresh, rollup_links_refresh
    from .services.rollup_sql import recompute_documents
    from .services.snapshots import snapshots_freeze

    with transaction.atomic():
        changed = rollup_links_refresh()  # relations between documents may have changed
        if changed:
            recompute_documents(sorted(changed))
    flagged, cleared = overdue_refresh(today=today)
    with transaction.atomic():
        reminders = reminders_send(today=today)
    with transaction.atomic():
        escalations = escalations_send(today=today)
    snapshots = snapshots_freeze(today=today)
    return DailyResult(day=today, overdue_flagged=flagged, overdue_cleared=cleared,
                       reminders=reminders, escalations=escalations, snapshots=snapshots)
