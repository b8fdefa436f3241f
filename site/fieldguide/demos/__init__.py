"""Demos: the allowlist of commands a learner may run (the runner builds on it)."""
