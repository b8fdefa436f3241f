"""The instructor: one account per seat, the pages that run a workshop (seat overview, reset,
lesson packs, progress export) and the password that also unlocks the kiosk."""
