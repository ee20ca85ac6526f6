"""Article pages: read an article, review its proposals (save a draft, create the records after
a confirmation step), resume open reviews.

Thin views: reads through selectors, writes through services_review. A review belongs to its
unit: a user who may read but not change the unit's records gets a 403, others a 404.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.access.policy import can_write_unit
from trienkhai.core.errors import ConflictError
from trienkhai.extraction.readers import MAX_BYTES

from . import selectors
from .forms import ArticleForm, add_service_errors
from .models import ArticleReview, ReviewStatus
from .review_page import posted_decisions, review_rows, split_errors
from .services_review import (
    check_decisions,
    outcome,
    review_apply,
    review_discard,
    review_save,
    review_start,
)

PER_PAGE = 25


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def writable_review(request: HttpRequest, pk: int) -> ArticleReview:
    review = selectors.review_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, review.unit):
        raise PermissionDenied
    return review


@login_required
@require_http_methods(["GET", "POST"])
def article_read(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article: its proposals open in a new review."""
    form = ArticleForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            review = review_start(
                user=request.user, unit=data["unit"], text=data.get("text"),
                data=upload.read(MAX_BYTES + 1) if upload else None,
                file_name=upload.name if upload else "", on=data.get("article_date"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meetings:review-detail", pk=review.pk)
    return render(request, "meetings/article_form.html", {"form": form})


def _render_review(request: HttpRequest, review: ArticleReview, *,
                   decisions: dict[str, Any] | None = None,
                   errors: dict[str, list[str]] | None = None, version: int | None = None,
                   page_errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    context = {
        "review": review,
        "groups": review_rows(review, request.user, decisions=decisions, errors=errors),
        "version": review.version if version is None else version,
        "page_errors": page_errors or [],
        "editable": review.status == ReviewStatus.OPEN and can_write_unit(request.user,
                                                                          review.unit),
    }
    return render(request, "meetings/review_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposals with their evidence. POST saves the decisions as a draft; with
    do=apply it then goes to the confirmation step."""
    if request.method == "GET":
        review = selectors.review_get(user=request.user, pk=pk)
        return _render_review(request, review)
    review = writable_review(request, pk)
    decisions = posted_decisions(review, request.POST)
    try:
        review_save(review=review, decisions=decisions, version=_version(request))
    except ConflictError as error:
        current = selectors.review_get(user=request.user, pk=pk)
        # The user's choices stay on the page; saving again now overwrites, knowingly.
        return _render_review(request, current, decisions=decisions,
                              version=current.version, page_errors=[str(error)])
    except ValidationError as error:
        rows, page = split_errors(error.message_dict if hasattr(error, "error_dict")
                                  else {"": error.messages})
        return _render_review(request, review, decisions=decisions, errors=rows,
                              page_errors=page)
    if request.POST.get("do") == "apply":
        return redirect("meetings:review-apply", pk=pk)
    messages.success(request, _("Your choices have been saved as a draft."))
    return redirect("meetings:review-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step: what will be created, the plan for the tasks, and the button."""
    review = writable_review(request, pk)
    if review.status != ReviewStatus.OPEN:
        messages.error(request, _("This review is closed: its records were created or it "
                                  "was discarded."))
        return redirect("meetings:review-detail", pk=pk)
    plans = list(selectors.plans_taking_tasks(user=request.user, unit=review.unit))
    plan = None
    chosen = request.POST.get("plan", "") if request.method == "POST" else ""
    if chosen:
        plan = next((p for p in plans if str(p.pk) == chosen), None)
        if plan is None:
            return _render_review(request, review, page_errors=[_("Choose a plan from the "
                                                                  "list.")])
    try:
        todo = check_decisions(review=review, user=request.user, decisions=review.decisions,
                               plan=plan)
        if request.method == "POST":
            done = review_apply(review=review, user=request.user, decisions=review.decisions,
                                version=_version(request), plan=plan)
    except ConflictError as error:
        messages.error(request, str(error))
        return redirect("meetings:review-apply", pk=pk)
    except ValidationError as error:
        rows, page = split_errors(error.message_dict if hasattr(error, "error_dict")
                                  else {"": error.messages})
        return _render_review(request, review, errors=rows, page_errors=page)
    if request.method == "POST":
        messages.success(request, _("The records have been created."))
        if done.session_id:
            return redirect("meetings:session-detail", pk=done.session_id)
        if done.press_item_id:
            return redirect("meetings:press-detail", pk=done.press_item_id)
        return redirect("meetings:review-list")
    context = {"review": review, "lines": outcome(todo), "plans": plans,
               "needs_plan": any(c["make_task"] for c in todo.conclusions)}
    return render(request, "meetings/review_confirm.html", context)


@login_required
@require_POST
def review_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = writable_review(request, pk)
    try:
        review_discard(review=review, version=_version(request))
    except (ConflictError, ValidationError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError)
                       else str(error))
        return redirect("meetings:review-detail", pk=pk)
    messages.success(request, _("The review has been discarded."))
    return redirect("meetings:review-list")


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Open reviews of the units the user writes, to resume."""
    page = Paginator(selectors.open_reviews(user=request.user), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "meetings/review_list.html", {"page": page})
