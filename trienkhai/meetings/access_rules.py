"""Access rules for working sessions, press items and article reviews (imported by access.rules).

Like progress reports, each record belongs to its unit: the units above read it, siblings and
the units below do not. A classified session or press item is seen only by users cleared for
it; attendees and conclusions follow their session. A review is work in progress of its unit
(pages and the API also require write access to its unit to open it).
"""
from trienkhai.access.policy import register

from .models import ArticleReview, Attendee, Conclusion, PressItem, WorkingSession

register(PressItem, read_via=("unit__",), write_via="unit__", clearance_field="confidentiality")
register(WorkingSession, read_via=("unit__",), write_via="unit__",
         clearance_field="confidentiality")
for model in (Attendee, Conclusion):
    register(model, read_via=("session__unit__",), write_via="session__unit__",
             clearance_field="session__confidentiality")
register(ArticleReview, read_via=("unit__",), write_via="unit__")
