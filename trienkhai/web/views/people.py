from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trienkhai.access.policy import Action, get_for_user
from trienkhai.core.text import words_q
from trienkhai.units import selectors
from trienkhai.units.models import Person


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = selectors.people_for(request.user).select_related("unit").filter(words_q(query))
    page = Paginator(people.order_by("sort_key", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "web/person_list.html", {"page": page, "query": query})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for_user(Person.objects.select_related("unit"), request.user, Action.READ, pk=pk)
    context = {"person": person, **selectors.person_detail(user=request.user, person=person)}
    return render(request, "web/person_detail.html", context)
