"""Lesson packs: tutorials (pages, images) and the workspaces their demos use, in one
``.fgpack`` file carried between machines. Never demo definitions: see docs/workshops.md."""
