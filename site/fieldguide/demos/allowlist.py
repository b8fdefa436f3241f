"""The demo allowlist: the only commands Fieldguide will ever run.

Loaded from the shipped ``content/demos.toml`` and, optionally, an administrator's
``<home>/demos.toml``. Nothing from the CMS or a lesson pack can add to it. Every entry is
validated when loaded; the first invalid one raises ``AllowlistError`` naming the file, the
demo and the field. A demo is a command (it runs to its end) or a service (it runs until
stopped, on a port Fieldguide chooses, and is previewed once ready): what makes a service one,
its port and its readiness, lives here only.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fieldguide.demos.durations import duration_words

DEMO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
PLACEHOLDER = re.compile(r"^\{([a-z_][a-z0-9_]*)\}$")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
SERVICE_FIELDS = frozenset({"ready", "ready_url", "ready_timeout", "max_lifetime"})
KNOWN_FIELDS = frozenset(
    {"title", "description", "argv", "workspace", "timeout", "params", "env", "kind"}
    | SERVICE_FIELDS
)
KINDS = ("command", "service")
DEFAULT_TIMEOUT = 60
DEFAULT_READY_TIMEOUT = 30
DEFAULT_MAX_LIFETIME = 900
# Fieldguide's own placeholder in a service's argv: a free 127.0.0.1 port, chosen at spawn.
# It may sit inside an item ("127.0.0.1:{port}"): its value is a number, never learner input.
PORT = "{port}"
READY_PATH = re.compile(r"^/(?!/)[^\s#\\]*$")


class AllowlistError(ValueError):
    def __init__(self, path: Path, demo: str | None, field_name: str | None, reason: str):
        self.path, self.demo, self.field, self.reason = path, demo, field_name, reason
        where = str(path)
        if demo:
            where += f", demo {demo!r}"
        if field_name:
            where += f", field {field_name!r}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Param:
    name: str
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    default: str | None = None

    def accepts(self, value: str) -> bool:
        if self.choices:
            return value in self.choices
        return self.pattern is not None and re.fullmatch(self.pattern, value) is not None


@dataclass(frozen=True)
class Demo:
    id: str
    title: str
    argv: tuple[str, ...]
    source: Path
    description: str = ""
    workspace: str | None = None
    timeout: int = DEFAULT_TIMEOUT
    params: dict[str, Param] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    # Services only: how Fieldguide knows it is ready (one of the two), and how long it waits.
    # A service's ``timeout`` is its max_lifetime.
    kind: str = "command"
    ready: str | None = None
    ready_url: str | None = None
    ready_timeout: int = DEFAULT_READY_TIMEOUT

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def lifetime(self) -> str:
        """How long it may run, in words ("15 min"): a service's max_lifetime."""
        return duration_words(self.timeout)

    def substitute(
        self, python: str, values: Mapping[str, str], port: int | None = None
    ) -> list[str]:
        """The argv with ``{python}``, every ``{param}`` in ``values`` and, given a port,
        ``{port}`` replaced, item for item: nothing added, removed or reordered. Only the
        allowlist's own items are read for placeholders, never a parameter's value.
        Parameters not in ``values`` (and ``{port}`` without a port) stay as placeholders."""
        argv = []
        for item in self.argv:
            match = PLACEHOLDER.match(item)
            if port is not None and PORT in item:
                argv.append(item.replace(PORT, str(port)))
            elif not match:
                argv.append(item)
            elif match[1] == "python":
                argv.append(python)
            else:
                argv.append(values.get(match[1], item))
        return argv

    def display_argv(
        self, values: Mapping[str, str] | None = None, port: int | None = None
    ) -> list[str]:
        """The command line as the learner will see it: ``{python}`` reads ``python`` and each
        parameter shows its given value, else its default, else its placeholder."""
        defaults = {name: p.default for name, p in self.params.items() if p.default}
        return self.substitute("python", {**defaults, **(values or {})}, port)

    def display_template(self) -> str:
        """The argv as JSON for the page's script, parameters still as ``{name}``."""
        return json.dumps(self.substitute("python", {}))

    def command_line(self, values: dict[str, str] | None = None, port: int | None = None) -> str:
        # {port} is shown as itself until there is a port, not quoted as if it were odd.
        stand_in = "FIELDGUIDEPORT"
        words = [w.replace(PORT, stand_in) for w in self.display_argv(values, port)]
        return shlex.join(words).replace(stand_in, PORT)


def _param(path: Path, demo_id: str, name: str, spec: object) -> Param:
    where = f"params.{name}"
    if not isinstance(spec, dict):
        raise AllowlistError(path, demo_id, where, "must be a table with pattern or choices")
    unknown = set(spec) - {"pattern", "choices", "default"}
    if unknown:
        raise AllowlistError(path, demo_id, where, f"unknown keys {sorted(unknown)}")
    pattern, choices, default = spec.get("pattern"), spec.get("choices"), spec.get("default")
    if (pattern is None) == (choices is None):
        raise AllowlistError(path, demo_id, where, "needs exactly one of pattern or choices")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise AllowlistError(path, demo_id, f"{where}.pattern", "must be a string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise AllowlistError(
                path, demo_id, f"{where}.pattern", f"invalid regex: {exc}"
            ) from None
    if choices is not None and (
        not isinstance(choices, list)
        or not choices
        or not all(isinstance(c, str) and c for c in choices)
    ):
        raise AllowlistError(path, demo_id, f"{where}.choices", "must be non-empty strings")
    param = Param(name, pattern, tuple(choices or ()), default)
    if default is not None and (not isinstance(default, str) or not param.accepts(default)):
        raise AllowlistError(path, demo_id, f"{where}.default", "must itself be acceptable")
    return param


def _argv(
    path: Path, demo_id: str, argv: object, params: dict[str, Param], service: bool
) -> tuple[str, ...]:
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        raise AllowlistError(path, demo_id, "argv", "must be a non-empty list of strings")
    if service and "port" in params:
        raise AllowlistError(path, demo_id, "params.port", "{port} is the service's own port")
    if service and not any(PORT in item for item in argv):
        raise AllowlistError(path, demo_id, "argv", "a service needs {port} in its argv")
    used = set()
    for index, item in enumerate(argv):
        where = f"argv[{index}]"
        if PORT in item and not service and "port" not in params:
            raise AllowlistError(path, demo_id, where, '{port} is only for kind = "service"')
        if service and PORT in item:
            item = item.replace(PORT, "")  # the rest of the item is a literal
        match = PLACEHOLDER.match(item)
        if match and not (service and PORT in argv[index]):
            name = match[1]
            if name != "python" and name not in params:
                raise AllowlistError(path, demo_id, where, f"no param {name!r}")
            used.add(name)
        elif "{" in item or "}" in item:
            raise AllowlistError(path, demo_id, where, "a placeholder must be a whole argv item")
    if not argv[0].strip():
        raise AllowlistError(path, demo_id, "argv[0]", "the program must not be empty")
    unused = set(params) - used
    if unused:
        raise AllowlistError(path, demo_id, "params", f"not used in argv: {sorted(unused)}")
    return tuple(argv)


def _demo(
    path: Path, demo_id: str, spec: object, workspaces: Path | None, default_timeout: int
) -> Demo:
    if not DEMO_ID.match(demo_id):
        raise AllowlistError(path, demo_id, None, "ids are lower-case letters, digits and '-'")
    if not isinstance(spec, dict):
        raise AllowlistError(path, demo_id, None, "must be a table")
    unknown = set(spec) - KNOWN_FIELDS
    if unknown:
        raise AllowlistError(path, demo_id, sorted(unknown)[0], "unknown field")
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        raise AllowlistError(path, demo_id, "title", "is required")
    description = spec.get("description", "")
    if not isinstance(description, str):
        raise AllowlistError(path, demo_id, "description", "must be a string")
    raw_params = spec.get("params", {})
    if not isinstance(raw_params, dict):
        raise AllowlistError(path, demo_id, "params", "must be a table")
    params = {name: _param(path, demo_id, name, p) for name, p in raw_params.items()}
    kind = spec.get("kind", "command")
    if kind not in KINDS:
        raise AllowlistError(path, demo_id, "kind", 'must be "command" or "service"')
    argv = _argv(path, demo_id, spec.get("argv"), params, kind == "service")
    workspace = spec.get("workspace")
    if workspace is not None:
        if not isinstance(workspace, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", workspace):
            raise AllowlistError(path, demo_id, "workspace", "must be a plain folder name")
        if workspaces is not None and not (workspaces / workspace).is_dir():
            raise AllowlistError(
                path, demo_id, "workspace", f"no folder {workspace!r} in {workspaces}"
            )
    if kind == "service":
        if "timeout" in spec:
            raise AllowlistError(
                path, demo_id, "timeout", "a service runs until stopped: set max_lifetime"
            )
        timeout = _seconds(path, demo_id, spec, "max_lifetime", DEFAULT_MAX_LIFETIME, 86400)
        readiness = _readiness(path, demo_id, spec, timeout)
    else:
        for name in sorted(SERVICE_FIELDS & set(spec)):
            raise AllowlistError(path, demo_id, name, 'only for a kind = "service" demo')
        timeout = _seconds(path, demo_id, spec, "timeout", default_timeout, 3600)
        readiness = {}
    env = spec.get("env", {})
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and ENV_NAME.match(k) and isinstance(v, str) for k, v in env.items()
    ):
        raise AllowlistError(path, demo_id, "env", "must map UPPER_CASE names to strings")
    return Demo(
        id=demo_id,
        title=title.strip(),
        description=description.strip(),
        argv=argv,
        source=path,
        workspace=workspace,
        timeout=timeout,
        params=params,
        env=dict(env),
        kind=kind,
        **readiness,
    )


def _seconds(path: Path, demo_id: str, spec: dict, name: str, default: int, most: int) -> int:
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise AllowlistError(path, demo_id, name, f"must be whole seconds from 1 to {most}")
    return value


def _readiness(path: Path, demo_id: str, spec: dict, max_lifetime: int) -> dict[str, Any]:
    """A service's ``ready`` regex or ``ready_url`` path (exactly one), and ready_timeout."""
    ready, ready_url = spec.get("ready"), spec.get("ready_url")
    if (ready is None) == (ready_url is None):
        raise AllowlistError(
            path, demo_id, "ready", "a service needs exactly one of ready or ready_url"
        )
    if ready is not None:
        if not isinstance(ready, str) or not ready.strip():
            raise AllowlistError(path, demo_id, "ready", "must be a regular expression")
        try:
            re.compile(ready)
        except re.error as exc:
            raise AllowlistError(path, demo_id, "ready", f"invalid regex: {exc}") from None
    if ready_url is not None and (
        not isinstance(ready_url, str) or not READY_PATH.match(ready_url)
    ):
        raise AllowlistError(
            path, demo_id, "ready_url", 'must be a path on the service, such as "/"'
        )
    default = min(DEFAULT_READY_TIMEOUT, max_lifetime)
    ready_timeout = _seconds(path, demo_id, spec, "ready_timeout", default, 600)
    if ready_timeout > max_lifetime:
        raise AllowlistError(path, demo_id, "ready_timeout", "must not exceed max_lifetime")
    return {"ready": ready, "ready_url": ready_url, "ready_timeout": ready_timeout}


def parse_file(
    path: Path, workspaces: Path | None = None, default_timeout: int = DEFAULT_TIMEOUT
) -> dict[str, Demo]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AllowlistError(path, None, None, f"not valid TOML: {exc}") from exc
    except OSError as exc:
        raise AllowlistError(path, None, None, f"cannot be read: {exc.strerror}") from exc
    unknown = set(data) - {"demos"}
    if unknown:
        raise AllowlistError(path, None, sorted(unknown)[0], "only [demos.<id>] tables allowed")
    demos = data.get("demos", {})
    if not isinstance(demos, dict):
        raise AllowlistError(path, None, "demos", "must be a table of demos")
    return {
        demo_id: _demo(path, demo_id, spec, workspaces, default_timeout)
        for demo_id, spec in demos.items()
    }


def load(
    shipped: Path,
    admin: Path | None = None,
    workspaces: Path | None = None,
    default_timeout: int = DEFAULT_TIMEOUT,
) -> dict[str, Demo]:
    """The shipped allowlist, extended (never overridden) by the administrator's file."""
    demos = parse_file(shipped, workspaces, default_timeout)
    if admin is not None and admin.exists():
        for demo_id, demo in parse_file(admin, workspaces, default_timeout).items():
            if demo_id in demos:
                raise AllowlistError(admin, demo_id, None, f"already defined in {shipped}")
            demos[demo_id] = demo
    return demos


@lru_cache(maxsize=1)
def _configured(
    shipped: Path, admin: Path, workspaces: Path, default_timeout: int
) -> dict[str, Demo]:
    return load(shipped, admin, workspaces, default_timeout)


def configured_demos() -> dict[str, Demo]:
    """The allowlist this installation uses (cached: it only changes with a restart)."""
    from django.conf import settings

    content = settings.FIELDGUIDE_CONTENT_DIR
    return _configured(
        content / "demos.toml",
        settings.HOME.root / "demos.toml",
        content / "workspaces",
        settings.FIELDGUIDE_DEMO_TIMEOUT,
    )


def demo_choices() -> list[tuple[str, str]]:
    """For the editor's demo picker: ids and titles, never commands to type."""
    return sorted((d.id, f"{d.title} ({d.id})") for d in configured_demos().values())
