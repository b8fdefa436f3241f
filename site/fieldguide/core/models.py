from django.db import models


class ContentGeneration(models.Model):
    """A counter bumped by every change to pages or images, in whichever process makes it
    (the server, the worker, a ``manage load_content``): the page cache's validity check."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"
