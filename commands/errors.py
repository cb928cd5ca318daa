"""Named errors the commands raise; the dispatcher turns each into a helpful answer."""

from __future__ import annotations

from commands.reading import Reading


class CypsError(Exception):
    """A problem with what the user typed, explained in words they can act on; ``reading``
    is how the question was read, when it got that far."""

    status = "bad_input"

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions
        self.reading: Reading | None = None


class BadInput(CypsError):
    """Text we cannot read as a command."""


class TooLong(CypsError):
    """A question longer than we accept."""


class BadDateInput(CypsError):
    """A date that does not exist or cannot be read."""


class NotFound(CypsError):
    """A proposal, programme, phase or milestone that is not in the knowledge base."""

    status = "not_found"


class ProposalNotFound(NotFound):
    pass


class ProgrammeNotFound(NotFound):
    pass


class PhaseNotFound(NotFound):
    pass


class Forbidden(CypsError):
    """A write by someone who is not an admin; nothing is changed."""

    status = "forbidden"
