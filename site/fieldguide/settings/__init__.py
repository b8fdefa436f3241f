"""Settings: ``base`` shared by all, ``dev`` for hacking, ``test`` for pytest and
``production`` for ``run_django.py`` (and therefore the shell and packaged builds)."""
