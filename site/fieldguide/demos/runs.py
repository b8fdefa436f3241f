"""Demo runs. Until the runner (and its run records) exists, no demo can be running."""


def running_demo_count() -> int:
    return 0
