"""Learner progress: which steps each learner has completed (the workshops work extends it)."""
