"""The one error type of the packaging tools: a message a packager can act on."""


class BundleError(Exception):
    """Names the file, folder or option at fault and why; the tools print it and exit 1."""
