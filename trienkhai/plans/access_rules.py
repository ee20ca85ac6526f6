"""Access rules for plans, tasks and reports (imported by access.rules)."""
from trienkhai.access.policy import register

from .models import (
    ConsultationComment,
    ConsultationInvite,
    Evidence,
    Plan,
    PlanSection,
    PlanVersion,
    ProgressReport,
    Task,
)

# A plan belongs to its drafting unit; the units below read it (they carry it out).
register(Plan, read_via=("unit__",), write_via="unit__", downward=True,
         clearance_field="confidentiality")
for model in (PlanSection, PlanVersion, ConsultationInvite, ConsultationComment):
    register(model, read_via=("plan__unit__",), write_via="plan__unit__", downward=True,
             clearance_field="plan__confidentiality")
# Tasks belong to their owner unit; like the plan, units below read them (what is asked of
# them). Reports belong to the reporting unit: ancestors read them, siblings and units below
# do not.
register(Task, read_via=("owner_unit__",), write_via="owner_unit__", downward=True,
         clearance_field="plan__confidentiality")
register(ProgressReport, read_via=("unit__",), write_via="unit__",
         clearance_field="task__plan__confidentiality")
register(Evidence, read_via=("report__unit__",), write_via="report__unit__",
         clearance_field="report__task__plan__confidentiality")
