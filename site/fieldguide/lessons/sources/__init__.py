"""Lessons as reviewable text: the file format, and loading into / dumping from the page tree.

``load_content`` and ``dump_content`` are thin wrappers around ``loader.load_tree`` and
``dumper.dump_tree``.
"""
