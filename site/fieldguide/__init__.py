"""Fieldguide: an offline documentation-and-walkthrough kiosk."""

__version__ = "0.1.0"
