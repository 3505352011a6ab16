"""A requirement written once for every list: a template, and the words that fill it per list.

The pagination contract is one contract over seven lists (issue 33), so a list-generic
requirement is written once, with holes where List runs says "run", "thread", ``listRuns``
or ``RunObject``; :func:`instantiate` fills them with one list's :class:`ListTerms` and
prefixes the ID (``PAGE-006`` becomes ``LR-PAGE-006``, ``LM-PAGE-006``...).  Filled with
List runs' terms, every template gives today's ``LR-*`` entry to the character
(``tests/conformance/model/test_catalogue_templates.py`` holds them to a frozen copy), so
the templates cannot drift from what reports and golden files have said.

Holes are ``{name}`` with a name of :meth:`ListTerms.holes`; a hole whose name starts with
a capital (``{Items}``, ``{A_item}``) is filled capitalised.  Any other brace (an error
envelope ``{error: {...}}``, a path ``{thread_id}``) is text.  ``[[with|without]]``
is ``with`` on a list that has a parent (a thread, a vector store) and ``without`` (or
nothing) on a list of the whole project, which has no "second thread".  A source given as
several citations drops each one whose hole is empty for the list: the Portkey page is
List runs' only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from conformance.model._catalogue.sources import entry
from conformance.model._catalogue.types import Basis, Level, Requirement

__all__ = ["ListTerms", "Template", "fill", "instantiate", "template"]


@dataclass(frozen=True, slots=True)
class ListTerms:
    """The words a list's requirements are written with, and what it has to be judged on.

    The catalogue stands alone (it imports nothing of the project), so it keeps its own
    copy of what it says of each list; ``tests/conformance/model/test_catalogue_lists.py``
    holds every row to ``conformance.model.profiles``' ``EndpointProfile`` of that name and
    to the OpenAPI document.  ``parent`` is the noun of the innermost parent (a run step's
    run), and ``list`` for a list of the whole project, which has none (``parent_param``
    empty).
    """

    name: str
    prefix: str
    title: str
    operation_id: str
    path: str
    summary: str
    """The operation's summary after "Returns" ("a list of runs belonging to a thread")."""
    envelope: str
    item_schema: str
    required: int
    """How many properties the item schema requires (SCHEMA-002 cites it)."""
    item: str
    items: str
    a_item: str
    parent: str
    parents: str
    parent_param: str
    """The innermost parent's path parameter ("" for a list of the whole project)."""
    parent_field: str
    """The item's field that must equal a path parameter ("" when there is none)."""
    parent_quote: str
    """That field's description in the item schema, quoted by WRITE-003."""
    created_quote: str
    """``created_at``'s description in the item schema, quoted by WRITE-002 and ITEM-004."""
    id_quote: str
    """``id``'s description in the item schema, quoted by WRITE-004 and ITEM-009/010."""
    sdk_openai: str
    sdk_portkey: str
    sdk_parents: tuple[str, ...]
    create_operation: str
    """The operation that adds an item ("" when the suite cannot add one: no WRITE-*)."""
    schema_note: str
    """SCHEMA-002's choice: what the item schema is read as allowing."""
    timestamps: tuple[str, ...] = ("created_at",)
    """The item's fields in Unix seconds (``expires_at`` dates an event to come)."""
    filters: tuple[str, ...] = ()
    """Query parameters that filter the items by a field (ITEM-012)."""
    portkey: str = ""
    """The Portkey documentation page of this list, when the project holds one."""
    live_unknown: str = ""
    """What the live API was seen to answer for an unknown parent, when it was seen."""

    @property
    def has_parent(self) -> bool:
        return bool(self.parent_param)

    def holes(self) -> Mapping[str, str]:
        """What each hole of a template is filled with for this list."""
        openai = f"OpenAI Assistants v2 contract (openai/openai-openapi, {self.operation_id})"
        call = ", ".join((*self.sdk_parents, 'limit=100, order="desc")'))
        past = [t for t in self.timestamps if t != "expires_at"]
        return {
            "prefix": self.prefix,
            "own": "RUN" if self.name == "runs" else "ITEM",
            "item": self.item,
            "items": self.items,
            "a_item": self.a_item,
            "parent": self.parent,
            "parents": self.parents,
            "parent_param": self.parent_param,
            "other_option": "--other-" + self.parent_param.replace("_", "-"),
            "title": self.title,
            "op": self.operation_id,
            "op_quote": self.summary,
            "path": self.path,
            "openai": openai,
            "portkey": self.portkey,
            "live_unknown": self.live_unknown,
            "live_404": (
                "the live API answered 404"
                if self.live_unknown
                else "404 is HTTP's answer for a resource that does not exist"
            ),
            "envelope": self.envelope,
            "schema": self.item_schema,
            "required": str(self.required),
            "statuses": "200, 400, 401, 404, 429" if self.has_parent else "200, 400, 401, 429",
            "parent_field": self.parent_field,
            "parent_quote": self.parent_quote,
            "created_quote": self.created_quote,
            "id_quote": self.id_quote,
            "create": self.create_operation,
            "sdk_openai": self.sdk_openai,
            "sdk_portkey": self.sdk_portkey,
            "sdk_call": ".".join(self.sdk_openai.split(".")[-2:]) + "(" + call,
            "schema_note": self.schema_note,
            "timestamps": ", ".join(self.timestamps),
            "past_timestamps": ", ".join(past),
            "filters": " and ".join(self.filters),
        }


@dataclass(frozen=True, slots=True)
class Template:
    """A requirement without its list: ``suffix`` is the ID after the prefix (``PAGE-006``).

    ``needs_parent``: only a list that belongs to something has it (a cursor of another
    thread, an unknown parent).  ``needs_create``: only a list the suite can add to.
    ``needs_filter``: only a list with a filtering query parameter.  Where a list lacks
    what the requirement speaks of, the requirement is not instantiated for it, rather
    than left unchecked: a certificate can then still be complete.
    """

    suffix: str
    level: Level
    basis: Basis
    title: str
    source: tuple[str, ...]
    choice: str = ""
    needs_parent: bool = False
    needs_create: bool = False
    needs_filter: bool = False

    @property
    def family(self) -> str:
        return self.suffix.split("-")[0]

    def applies_to(self, terms: ListTerms) -> bool:
        """Whether the list has what the requirement speaks of."""
        return not (
            (self.needs_parent and not terms.has_parent)
            or (self.needs_create and not terms.create_operation)
            or (self.needs_filter and not terms.filters)
        )


def template(
    suffix: str,
    level: Level,
    basis: Basis,
    title: str,
    source: str | Sequence[str],
    choice: str = "",
    *,
    needs_parent: bool = False,
    needs_create: bool = False,
    needs_filter: bool = False,
) -> Template:
    """One template; ``source`` as several citations when one of them is a page few lists have."""
    parts = (source,) if isinstance(source, str) else tuple(source)
    return Template(
        suffix, level, basis, title, parts, choice, needs_parent, needs_create, needs_filter
    )


_HOLE = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)\}")
_PARENT_ONLY = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


def fill(text: str, terms: ListTerms) -> str:
    """The text with its holes filled for the list, and its parent-only parts kept or cut."""
    holes = terms.holes()

    def hole(match: re.Match[str]) -> str:
        name = match.group(1)
        value = holes.get(name[0].lower() + name[1:])
        if value is None:
            return match.group(0)  # a brace of the text itself: a path, an envelope
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    def either(match: re.Match[str]) -> str:
        with_parent, _, without = match.group(1).partition("|")
        return with_parent if terms.has_parent else without

    kept = _PARENT_ONLY.sub(either, text)
    return _HOLE.sub(hole, kept)


def _cites_nothing(citation: str, terms: ListTerms) -> bool:
    """Whether a citation names a page or an observation the list does not have."""
    holes = terms.holes()
    return any(holes.get(name) == "" for name in _HOLE.findall(citation))


def instantiate(templates: Sequence[Template], terms: ListTerms) -> tuple[Requirement, ...]:
    """The list's requirements of these templates, in their order, each ID with its prefix."""
    made = []
    for t in templates:
        if not t.applies_to(terms):
            continue
        cited = [p for p in t.source if not _cites_nothing(p, terms)]
        made.append(
            entry(
                f"{terms.prefix}-{t.suffix}",
                t.level,
                t.basis,
                fill(t.title, terms),
                "; ".join(fill(p, terms) for p in cited),
                fill(t.choice, terms),
                list_name=terms.name,
            )
        )
    return tuple(made)
