"""Stand-ins for the Sphinx directives and roles that documentation uses, so that docutils can
parse a Sphinx project's pages without Sphinx (which ``import_docs`` neither needs nor ships).

They only record what was written, as nodes of their own or plain docutils nodes; what the
nodes become in lesson Markdown is ``rst_markdown``'s business. docutils keeps one registry for the
process, so ``register`` adds these names to it once; they are Sphinx's names, which docutils
itself does not use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst import Directive, directives, roles
from docutils.parsers.rst.states import Inliner

# `text <target>`, as Sphinx splits a role's text (a backslash-escaped < is text).
EXPLICIT = re.compile(r"^(.+?)\s*(?<!\x00)<([^<]*?)>$", re.DOTALL)
# Roles Sphinx shows as code; the Python domain's also with their py: prefix.
PYTHON_ROLES = ("class", "func", "meth", "attr", "mod", "data", "exc", "obj", "const", "type")
CODE_ROLES = (*PYTHON_ROLES, "file", "command", "program", "envvar", "samp", "option",
              "makevar", "mimetype", "regexp", "keyword")  # fmt: skip
VERSIONS = {
    "versionadded": "New in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "versionremoved": "Removed in version",
}
# Sphinx directives that show nothing on the page; each is dropped with a note.
INVISIBLE = ("module", "currentmodule", "py:module", "py:currentmodule", "default-domain",
             "sectionauthor", "moduleauthor", "codeauthor")  # fmt: skip


class toctree(nodes.General, nodes.Invisible, nodes.Element):
    """``entries``: the documents a ``.. toctree::`` lists."""


class highlight(nodes.General, nodes.Invisible, nodes.Element):
    """``language``: the default for the literal blocks that follow."""


class notice(nodes.General, nodes.Invisible, nodes.Element):
    """``message``: something dropped on purpose, worth a converted finding at its line."""


class xref(nodes.Inline, nodes.TextElement):
    """A :ref: or :doc: link: ``kind``, ``target``; its text is the explicit title, if any."""


class kbd(nodes.Inline, nodes.TextElement):
    pass


class unknown_role(nodes.Inline, nodes.TextElement):
    """``role``: a role neither docutils nor these stand-ins know; its text is kept."""


class _AnyOption(dict[str, Callable[[str], Any]]):
    """An option spec that takes every option: Sphinx directives grow options, and one we
    ignore should not cost the directive. (Never empty: docutils reads an empty spec as
    "no options", and the options as part of the argument.)"""

    def __init__(self) -> None:
        super().__init__(name=directives.unchanged, **{"class": directives.class_option})

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class _SphinxDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def located(self, node: nodes.Element) -> nodes.Element:
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return node

    def inline(self, text: str) -> list[nodes.Node]:
        """Inline markup in an argument (its messages have reached the reporter already)."""
        return list(self.state.inline_text(text.strip(), self.lineno)[0])

    def parsed_content(self, into: nodes.Element) -> nodes.Element:
        self.state.nested_parse(self.content, self.content_offset, into)
        return self.located(into)


class CodeBlock(_SphinxDirective):
    """``code-block``/``sourcecode``: a literal block with ``language`` (None: the page's
    ``highlight``), ``caption`` and ``emphasize`` (Sphinx's emphasize-lines)."""

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        node = nodes.literal_block(code, code)
        node["language"] = self.arguments[0].strip() if self.arguments else None
        node["caption"] = self.options.get("caption") or ""
        node["emphasize"] = self.options.get("emphasize-lines") or ""
        self.add_name(node)
        return [self.located(node)]


class FixedLanguage(CodeBlock):
    """sphinx.ext.doctest's blocks: ``doctest`` (a console session), ``testcode`` and
    ``testoutput``; the argument, if any, names a group, not a language."""

    LANGUAGES = {"doctest": "pycon", "testcode": "python", "testoutput": "text"}

    def run(self) -> list[nodes.Node]:
        self.arguments = [self.LANGUAGES[self.name]]
        return super().run()


class Highlight(_SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [self.located(highlight(language=(self.arguments or ["python"])[0].strip()))]


class TocTree(_SphinxDirective):
    """The entries as written (``Title <doc>`` gives ``doc``); ``self`` and web addresses are
    not documents."""

    def run(self) -> list[nodes.Node]:
        entries = []
        for line in self.content:
            entry = line.strip()
            if match := EXPLICIT.match(entry):
                entry = match[2].strip()
            if entry and entry != "self" and not re.match(r"^[a-z][a-z0-9+.-]*://", entry):
                entries.append(entry.removesuffix(".rst"))
        return [self.located(toctree(entries=entries))]


class LiteralInclude(_SphinxDirective):
    def run(self) -> list[nodes.Node]:
        raise self.error("files outside the text are not read")


class Version(_SphinxDirective):
    """``versionadded`` & co.: a note that opens with "*New in version X:*" and the text."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        text = self.arguments[1] if len(self.arguments) > 1 else ""
        label = f"{VERSIONS[self.name]} {self.arguments[0]}"
        box = self.parsed_content(nodes.note(directive=self.name))
        lead = nodes.paragraph()
        if text.strip():
            lead += [nodes.emphasis("", label + ":"), nodes.Text(" "), *self.inline(text)]
        elif box.children and isinstance(first := box.children[0], nodes.paragraph):
            box.remove(first)
            lead = first
            lead.insert(0, [nodes.emphasis("", label + ":"), nodes.Text(" ")])
        else:
            lead += nodes.emphasis("", label + ".")
        box.insert(0, lead)
        return [box]


class SeeAlso(_SphinxDirective):
    def run(self) -> list[nodes.Node]:
        box = self.parsed_content(nodes.admonition(directive="seealso"))
        if self.arguments:
            box.insert(0, nodes.paragraph("", "", *self.inline(self.arguments[0])))
        box.insert(0, nodes.title("", "See also"))
        return [box]


class Content(_SphinxDirective):
    """``glossary`` (a definition list, as written), ``only``, ``hlist``: their content, in a
    container that remembers the directive."""

    def run(self) -> list[nodes.Node]:
        condition = self.arguments[0] if self.arguments else ""
        return [self.parsed_content(nodes.container(directive=self.name, condition=condition))]


class Centered(_SphinxDirective):
    def run(self) -> list[nodes.Node]:
        text = self.arguments[0] if self.arguments else ""
        return [self.located(nodes.rubric("", "", *self.inline(text), directive="centered"))]


class Silent(_SphinxDirective):
    """``index``, ``tabularcolumns``: nothing a reader sees."""

    def run(self) -> list[nodes.Node]:
        return []


class Dropped(_SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [self.located(notice(message=f"dropped .. {self.name}:: (shows nothing on a page)"))]


def _split(text: str) -> tuple[str | None, str]:
    """A role's (explicit title or None, target), backslash escapes resolved."""
    if match := EXPLICIT.match(text):
        return utils.unescape(match[1]), utils.unescape(match[2])
    return None, utils.unescape(text)


RoleResult = tuple[list[nodes.Node], list[nodes.Node]]  # (nodes, system messages)


def xref_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
              options: Any = None, content: Sequence[str] = ()) -> RoleResult:  # fmt: skip
    title, target = _split(text)
    kind = "doc" if name.endswith("doc") else "ref"
    node = xref(rawtext, title or "", kind=kind, target=target.strip())
    node.line = lineno
    return [node], []


def code_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
              options: Any = None, content: Sequence[str] = ()) -> RoleResult:  # fmt: skip
    """As Sphinx shows the role: ``~a.b`` as ``b``, ``!x`` as ``x``, a function with ()."""
    title, target = _split(text)
    shown = title or target.lstrip("!")
    if title is None and shown.startswith("~"):
        shown = shown[1:].rsplit(".", 1)[-1]
    role = name.rpartition(":")[2]
    if title is None and role in ("func", "meth") and not shown.endswith(")"):
        shown += "()"
    if role in ("samp", "file"):  # {variable} parts are emphasised; the braces are not shown
        shown = re.sub(r"(?<!\\)[{}]", "", shown).replace("\\{", "{").replace("\\}", "}")
    return [nodes.literal(rawtext, shown)], []


def text_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
              options: Any = None, content: Sequence[str] = ()) -> RoleResult:  # fmt: skip
    """``term`` (its text), ``abbr`` (the abbreviation, not its expansion), ``kbd``,
    ``guilabel`` and ``menuselection`` (bold, as the labels on screen)."""
    title, target = _split(text)
    shown = title or target
    if name == "abbr":
        shown = re.sub(r"\s*\(.*\)$", "", shown, flags=re.DOTALL)
    if name == "kbd":
        return [kbd(rawtext, shown)], []
    if name in ("guilabel", "menuselection"):
        shown = re.sub(r"&(&?)", r"\1", shown.replace("-->", "\u2023"))
        return [nodes.strong(rawtext, shown)], []
    if name == "dfn":
        return [nodes.emphasis(rawtext, shown)], []
    return [nodes.Text(shown)], []


def fallback_inliner() -> Inliner:
    """docutils' inliner, except that an unknown role keeps its text (as an ``unknown_role``
    node) instead of becoming an error with the raw markup in its place. (An instance
    attribute, not a subclass: ``Inliner`` builds its patterns from its own class's dict.)"""
    inliner = Inliner()

    def interpreted(rawsource: str, text: str, role: str, lineno: int) -> RoleResult:
        role_fn, messages = roles.role(role, inliner.language, lineno, inliner.reporter)
        if role_fn:
            found, more = role_fn(role, rawsource, text, lineno, inliner, {}, [])
            return [*found], [*messages, *more]
        title, target = _split(text)
        node = unknown_role(rawsource, title or target, role=role)
        node.line = lineno
        return [node], [*messages]

    vars(inliner)["interpreted"] = interpreted
    return inliner


def _register_role(name: str, role: Callable[..., RoleResult]) -> None:
    # types-docutils has a role return references only; any inline nodes will do.
    roles.register_local_role(name, role)  # type: ignore[arg-type]


@cache
def register() -> None:
    """Add the stand-ins to docutils' registry (once per process)."""
    for name in ("code-block", "sourcecode"):
        directives.register_directive(name, CodeBlock)
    for name in FixedLanguage.LANGUAGES:
        directives.register_directive(name, FixedLanguage)
    directives.register_directive("highlight", Highlight)
    directives.register_directive("toctree", TocTree)
    directives.register_directive("literalinclude", LiteralInclude)
    for name in VERSIONS:
        directives.register_directive(name, Version)
    directives.register_directive("seealso", SeeAlso)
    for name in ("glossary", "only", "hlist"):
        directives.register_directive(name, Content)
    directives.register_directive("centered", Centered)
    for name in ("index", "tabularcolumns"):
        directives.register_directive(name, Silent)
    for name in INVISIBLE:
        directives.register_directive(name, Dropped)
    for name in ("ref", "doc", "numref"):
        for prefix in ("", "std:"):
            _register_role(prefix + name, xref_role)
    for name in CODE_ROLES:  # not :code:: docutils' own is the same thing
        _register_role(name, code_role)
    for name in PYTHON_ROLES:
        _register_role("py:" + name, code_role)
    for name in ("term", "abbr", "kbd", "guilabel", "menuselection", "dfn"):
        _register_role(name, text_role)
