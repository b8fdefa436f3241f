"""The instructor pages: first-time set-up, seat overview, reset and progress export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fieldguide.demos.models import DemoRun
from fieldguide.instructor import account
from fieldguide.instructor.access import instructor_required
from fieldguide.instructor.forms import InstructorPasswordForm
from fieldguide.instructor.seat import reset_seat
from fieldguide.learners.identity import seat_id
from fieldguide.learners.models import LearnerSession
from fieldguide.progress import report, summary


def setup(request: HttpRequest) -> HttpResponse:
    """On a machine with no instructor yet: choose the password (from the launched app)."""
    target = request.POST.get("next") or request.GET.get("next") or reverse("instructor:overview")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("instructor:overview")
    if account.exists():
        return redirect(target)
    form = InstructorPasswordForm(account.instructor_user(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(target)
    return render(request, "instructor/setup.html", {"form": form, "next": target})


@instructor_required
def overview(request: HttpRequest) -> HttpResponse:
    learner = LearnerSession.objects.current()
    tutorials = []
    if learner is not None:
        for standing in summary.tutorials(learner.key):
            seconds = summary.seconds_on(learner.key, standing["steps"])
            tutorials.append({**standing, "minutes": round(seconds / 60)})
    runs = (
        DemoRun.objects.filter(learner=learner).values("status").annotate(n=Count("pk"))
        if learner
        else []
    )
    context = {
        "seat_id": seat_id(),
        "learner": learner,
        "tutorials": tutorials,
        "runs": {row["status"]: row["n"] for row in runs},
    }
    return render(request, "instructor/overview.html", context)


@require_POST
@instructor_required
def reset(request: HttpRequest) -> HttpResponse:
    messages.success(request, str(reset_seat()))
    return redirect("instructor:overview")


@instructor_required
def progress_export(request: HttpRequest, kind: str) -> HttpResponse:
    rows = report.rows()
    if kind == "csv":
        response = HttpResponse(report.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(report.as_json(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(kind)}"'
    return response
