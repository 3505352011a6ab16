"""The words a check's findings and reasons use for its list: its items and their parent.

A check judges whichever list ``obs.profile`` names, so what it says must be in that
list's words: "message msg_1 served again", "the vector store has 163", never "run" and
"thread" on a list that has neither (issue 33).  :func:`words_of` reads them from the
endpoint profile; List runs' are exactly "run", "runs", "thread", so its reports keep
their words to the byte (the golden report files pin them).
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.model import RUNS, EndpointProfile

__all__ = ["RUN_WORDS", "Words", "words_of"]

_PROJECT_WIDE = "list"
"""What a project-wide list's items belong to, as the catalogue's requirements say it."""


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _plural(noun: str) -> str:
    return noun + ("es" if noun.endswith(("ch", "sh", "s", "x")) else "s")


@dataclass(frozen=True, slots=True)
class Words:
    """A list's items and the parent they are listed under, as findings name them.

    ``parent`` is the innermost parent's noun ("thread", "run", "vector store", "file
    batch"), or "list" for a project-wide list (assistants, vector stores), whose items
    belong to no parent: "the list has 163", "a list of two assistants or more".
    ``parent_param`` is that parent's path parameter (None for a project-wide list).
    Counts keep the plural as it is ("1 runs"): List runs' findings always said so.
    """

    item: str
    items: str
    parent: str
    parent_param: str | None

    @property
    def a_item(self) -> str:
        """The item with its article: "a run", "an assistant"."""
        return f"{_article(self.item)} {self.item}"

    @property
    def a_parent(self) -> str:
        """The parent with its article: "a thread", "a vector store", "a list"."""
        return f"{_article(self.parent)} {self.parent}"

    @property
    def parents(self) -> str:
        """The parent in the plural: "threads", "file batches"."""
        return _plural(self.parent)

    @property
    def project_wide(self) -> bool:
        """Whether the list belongs to the project (no parent in its path)."""
        return self.parent_param is None

    def parent_of(self, count: int | str) -> str:
        """A parent holding ``count`` items or more: "a thread of three runs or more"."""
        noun = self.item if count in (1, "one") else self.items
        return f"{self.a_parent} of {count} {noun} or more"


def words_of(profile: EndpointProfile) -> Words:
    """The words of ``profile``'s list: its nouns and its innermost parent's."""
    item, items = profile.noun
    if not profile.parents:
        return Words(item, items, _PROJECT_WIDE, None)
    inner = profile.parents[-1]
    return Words(item, items, inner.noun, inner.param)


RUN_WORDS = words_of(RUNS)
"""List runs' words: "run", "runs", "thread" (the default of the pure finding functions)."""
