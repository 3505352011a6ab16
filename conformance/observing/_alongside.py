"""A caller's work done while its request's answer is on the way (``list_runs(meanwhile=...)``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from conformance.observing.deadline import Deadline

__all__ = ["Alongside"]


class Alongside:
    """A caller's work, done once its request is on the wire and before the answer is read.

    httpcore's ``trace`` extension names the moment: ``receive_response_headers``
    starts when the request has been written (HTTP/1.1 and HTTP/2 alike).  The work
    runs there, on the caller's own thread, while the target prepares its answer (the
    answer waits in the socket until it is read).  Not on a helper thread: handing work
    over and taking the GIL back cost more than the work saved, for the operating
    system often woke the helper only after the answer had come (measured on 2 cores:
    a page of 100 runs took 3.4 ms that way, 2.9 ms this way, and 2.5 ms, as long as a
    bare httpx loop, once the walk freed the page's parse here too).

    The work's error is kept and raised when the block is left (not inside httpcore,
    which would take it for a broken connection); an interrupt is not held back until
    the answer comes.  The work of a request that never left is done when the block is
    left; a block left by an error drops work not yet done.  ``spent`` is the time the
    work took, which is not the target's.
    """

    __slots__ = ("_error", "_fn", "deadline", "spent")

    def __init__(self, fn: Callable[[], object] | None) -> None:
        self._fn = fn
        self._error: BaseException | None = None
        self.spent = 0.0
        self.deadline: Deadline | None = None
        """The deadline of the request under way: the work's time is added back to it."""

    def extensions(self) -> dict[str, object]:
        """The request's httpx extensions: the trace hook, while there is work to do."""
        return {} if self._fn is None else {"trace": self._trace}

    def _trace(self, event: str, info: Mapping[str, object]) -> None:
        if self._fn is not None and event.endswith("receive_response_headers.started"):
            fn, self._fn = self._fn, None
            started = time.perf_counter()
            try:
                fn()
            except Exception as exc:  # raised when the block is left
                self._error = exc
            finally:  # an interrupt (Ctrl-C, SIGTERM) goes on at once, abandoning the request
                took = time.perf_counter() - started
                self.spent += took
                if self.deadline is not None:
                    self.deadline.extend(took)

    def __enter__(self) -> Alongside:
        return self

    def __exit__(self, failed: type[BaseException] | None, *_: object) -> None:
        fn, self._fn = self._fn, None
        if self._error is not None:
            raise self._error
        if fn is not None and failed is None:
            fn()
