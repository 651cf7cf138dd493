"""Keeps the classifier's learned terms (flows/routing/learned.py) in step with the database.

Learning has no step to run: every `refresh` (the scheduler calls it every minute, bot/jobs.py)
asks the database whether a correction or a veto arrived since the last build (`routing.mark`)
and, when one did or an hour went by (a ticket kept where it was suggested also teaches, and
leaves no mark), rebuilds from the newest ``WINDOW`` settled tickets and swaps the classifier's
`learned` whole. A build takes milliseconds and runs in a worker thread, so intake never waits.

`forget` is the veto behind ``/lupakan`` and ``lapor-bot routing forget``: the term is never
learned again for that agency (or any), and the classifier drops it at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from flows.ports import UnitOfWork
from flows.routing.classifier import Classifier
from flows.routing.learned import ALL, Learned
from flows.routing.text import tokenize

__all__ = ["ALL", "Learning", "normal_term"]

log = logging.getLogger(__name__)

#: Settled tickets learned from: the newest ones (old habits fade as the directory changes).
WINDOW = 2000
#: Rebuild at least this often even without a new correction.
EVERY_S = 3600.0


def normal_term(text: str) -> str:
    """A term as the learned layer keys it (the complaint's normal form, words joined by one space)."""
    return " ".join(tokenize(text))


class Learning:
    def __init__(self, classifier: Classifier, uow_factory: Callable[[], UnitOfWork],
                 window: int = WINDOW, every_s: float = EVERY_S) -> None:
        self.classifier = classifier
        self.uow_factory = uow_factory
        self.window = window
        self.every_s = every_s
        self._mark: tuple[int, int, int] | None = None
        self._built = 0.0  # time.monotonic() of the last build
        self._cache: dict[str, set[str]] = {}  # text -> terms, between builds
        self._lock = asyncio.Lock()

    @property
    def learned(self) -> Learned:
        return self.classifier.learned

    async def refresh(self, force: bool = False) -> bool:
        """Learn again when something changed (or `force`); True when the terms were rebuilt."""
        async with self._lock:
            async with self.uow_factory() as uow:
                mark = await uow.routing.mark()
                stale = time.monotonic() - self._built >= self.every_s
                if not force and not stale and mark == self._mark:
                    return False
                examples = await uow.routing.settled(self.window)
                vetoes = await uow.routing.vetoes()
            codes = {a.code for a in self.classifier.directory}
            cache = {e.text: self._cache[e.text] for e in examples if e.text in self._cache}
            # Oldest first, as they happened (settled() gives the newest first).
            learned = await asyncio.to_thread(Learned.build, list(reversed(examples)), codes, vetoes, cache)
            self._cache = cache
            self.classifier.learned = learned
            self._mark, self._built = mark, time.monotonic()
            log.info("routing learned %d terms from %d settled tickets (%d corrected, %d skipped, %d vetoed)",
                     len(learned), learned.examples, learned.corrections, learned.skipped, learned.vetoed)
            return True

    async def forget(self, uow: UnitOfWork, term: str, agency: str, actor: str, at: datetime) -> bool:
        """Veto `term` for `agency` (ALL: every agency) in `uow`'s transaction and drop it from the
        classifier now; False when it was vetoed already. The caller commits."""
        added = await uow.routing.veto(term, agency, actor, at)
        self.drop(term, agency)
        return added

    def drop(self, term: str, agency: str) -> None:
        """Take `term` out of the classifier's learned terms at once; the next refresh rebuilds
        from the database (which holds the veto once its transaction committed)."""
        self._mark = None
        current = self.classifier.learned
        if term not in current.terms:
            return
        kept = tuple(x for x in current.terms[term] if agency != ALL and x[0] != agency)
        terms = dict(current.terms)
        if kept:
            terms[term] = kept
        else:
            del terms[term]
        listing = [x for x in current.listing if not (x.term == term and (agency == ALL or x.agency == agency))]
        self.classifier.learned = Learned(terms=terms, listing=listing, examples=current.examples,
                                          corrections=current.corrections, skipped=current.skipped,
                                          vetoed=current.vetoed + len(current.listing) - len(listing))
