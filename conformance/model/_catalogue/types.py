"""What a requirement is: its level, its basis, its class, and the profiles' shape.

The types apart from the data, so that a family's module (``schema``, ``page``, ...) reads as
the list it is; ``conformance.model.catalogue`` assembles the families and is the one door.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Level(enum.StrEnum):
    """RFC 2119 strength: only MUST failures change the verdict."""

    MUST = "MUST"
    SHOULD = "SHOULD"


class Basis(enum.StrEnum):
    """What makes a requirement binding: a vendor may dispute a reading, never a sentence."""

    CONTRACT = "contract"
    """A sentence or schema of the published contract leaves no room."""
    CLIENT = "client"
    """The official client's behaviour breaks without it."""
    DEFINITION = "definition"
    """The conformance class defines it (gateway transparency: the same answers as upstream)."""
    READING = "reading"
    """The sources are silent or disagree; ``choice`` names the reading chosen and why."""


@dataclass(frozen=True, slots=True)
class ConformanceClass:
    """A named group of requirements that is run (or not) as a whole.

    ``needs`` says what a run must have for the class to be checked, and is
    printed beside a class that was not: the way to check it.
    """

    id: str
    title: str
    needs: str


@dataclass(frozen=True, slots=True)
class Profile:
    """The classes a certificate promises: ``conformant`` needs every MUST of them checked."""

    name: str
    classes: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """A single checkable statement of the contract.

    ``source`` quotes or names the contract text (or client behaviour) it comes
    from; ``basis`` says which of the two makes it binding, or that it is a
    reading; ``choice`` records how the suite reads a sentence where the
    published sources are silent or disagree, so that a vendor can see the
    reading instead of guessing it.
    """

    id: str
    level: Level
    conformance_class: str
    basis: Basis
    title: str
    source: str
    choice: str = ""
    list: str = "runs"
    """The list it is a requirement of (an endpoint profile's name): its ID's prefix says so too."""

    @property
    def family(self) -> str:
        """The middle part of the ID (``PAGE`` in ``LR-PAGE-003``), used to group reports."""
        return self.id.split("-")[1]

    @property
    def is_reading(self) -> bool:
        """Reports print "reading" beside such a requirement: it may be read otherwise."""
        return self.basis is Basis.READING


class UnknownRequirementError(KeyError):
    """Raised when code refers to an ID that the catalogue does not define."""
