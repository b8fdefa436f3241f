"""The launch contract's web side: launch token, health and status, the site chrome."""
