"""A review read in another language than it was made in shows its findings in the reader's."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from trienkhai.meetings.models import ArticleReview

from .support import TEXT

UNKNOWN_EN = "Nobody by this name is in the registry: a new person is proposed."


def test_flags_follow_the_readers_language(client_for: Any, world: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    client = client_for(world.user("editor"))
    with translation.override("en"):
        client.post(reverse("meetings:article-read"), {"unit": world.units["own"].pk,
                                                       "text": TEXT})
    review = ArticleReview.objects.get()
    url = reverse("meetings:review-detail", args=[review.pk])
    assert UNKNOWN_EN in client.get(url).content.decode()
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        page = client.get(url).content.decode()
        translated = translation.gettext(UNKNOWN_EN)
    assert translated != UNKNOWN_EN
    assert translated in page and UNKNOWN_EN not in page
