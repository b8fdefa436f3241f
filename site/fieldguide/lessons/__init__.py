"""Lessons: tutorial pages, step pages, their blocks, and the text sources in content/."""
