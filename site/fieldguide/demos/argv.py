"""Turning an allowlisted demo and a learner's parameters into the exact argv to run.

Nothing is appended, removed or reordered: each argv item is either the allowlist's literal,
the app's own interpreter for ``{python}``, a parameter value that matched its schema, or (in
a service's items) the port Fieldguide chose.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from fieldguide.demos.allowlist import Demo, Param


class ParamError(ValueError):
    def __init__(self, param: str, reason: str) -> None:
        self.param, self.reason = param, reason
        super().__init__(f"parameter {param!r}: {reason}")


def resolve_params(demo: Demo, given: object) -> dict[str, str]:
    """Validated values for every parameter (given, else default), or ParamError naming one."""
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise ParamError("params", "must be an object of names to strings")
    unknown = sorted(set(given) - set(demo.params))
    if unknown:
        raise ParamError(str(unknown[0]), "this demo has no such parameter")
    values = {}
    for name, param in demo.params.items():
        value = given.get(name, param.default)
        if value is None:
            raise ParamError(name, "is required")
        if not isinstance(value, str):
            raise ParamError(name, "must be a string")
        _check_value(param, value)
        values[name] = value
    return values


def _check_value(param: Param, value: str) -> None:
    if not param.accepts(value):
        allowed = f"one of {list(param.choices)}" if param.choices else f"match {param.pattern}"
        raise ParamError(param.name, f"{value!r} is not allowed: it must {allowed}")


def build_argv(demo: Demo, values: Mapping[str, str], port: int | None = None) -> list[str]:
    """The argv to run: the app's own interpreter, and ``values`` from ``resolve_params``.
    A service's ``{port}`` stays a placeholder (as the run records it) until the runner,
    about to spawn it, passes the port it chose."""
    return demo.substitute(sys.executable, values, port)


def parse_fixed(text: str) -> dict[str, str]:
    """``name=value`` lines (an editor's fixed parameters) as a dict, or ParamError."""
    fixed: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.strip().partition("=")
        if not sep or not name:
            raise ParamError(line.strip(), "write parameters as name=value, one per line")
        fixed[name.strip()] = value.strip()
    return fixed


def check_fixed(demo: Demo, fixed: Mapping[str, str]) -> None:
    """Each fixed value must be a parameter of the demo and fit its schema."""
    for name, value in fixed.items():
        param = demo.params.get(name)
        if param is None:
            raise ParamError(name, f"the demo {demo.id!r} has no such parameter")
        _check_value(param, value)
