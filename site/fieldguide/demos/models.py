"""Demo runs: the audit record of every run, and its log as appended chunks."""

from __future__ import annotations

from django.db import models

from fieldguide.learners.models import learner_field


class DemoRunQuerySet(models.QuerySet["DemoRun"]):
    def active(self) -> DemoRunQuerySet:
        """Queued or running: not finished yet."""
        return self.filter(status__in=[DemoRun.Status.QUEUED, DemoRun.Status.RUNNING])

    def running(self) -> DemoRunQuerySet:
        return self.filter(status=DemoRun.Status.RUNNING)


class DemoRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        TIMED_OUT = "timed_out"
        CANCELLED = "cancelled"
        INTERRUPTED = "interrupted"

    FINISHED = (
        Status.SUCCEEDED,
        Status.FAILED,
        Status.TIMED_OUT,
        Status.CANCELLED,
        Status.INTERRUPTED,
    )

    demo = models.CharField(max_length=64, db_index=True)
    params = models.JSONField(default=dict)
    argv = models.JSONField(help_text="The exact argument list that was (or will be) run.")
    workspace = models.CharField(max_length=100, blank=True)
    timeout = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    exit_code = models.IntegerField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    log_bytes = models.PositiveBigIntegerField(default=0)
    truncated = models.BooleanField(default=False)
    # Where the process lives, so that a restarted worker can find and kill what a crash left.
    pid = models.IntegerField(null=True, blank=True)
    worker_pid = models.IntegerField(null=True, blank=True)
    boot_id = models.CharField(max_length=64, blank=True)
    # A service's: the 127.0.0.1 port chosen when it started (its argv keeps "{port}"), and
    # when it became ready. The preview answers only while it runs with both.
    port = models.PositiveIntegerField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    learner = learner_field(null=True, blank=True, help_text="The learner who asked for it.")

    objects = DemoRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.demo} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class RunLogChunk(models.Model):
    """Output is appended in chunks (never rewritten); ``seq`` doubles as the SSE event id."""

    run = models.ForeignKey(DemoRun, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.TextField()

    class Meta:
        ordering = ["run", "seq"]
        constraints = [models.UniqueConstraint(fields=["run", "seq"], name="unique_chunk_seq")]
