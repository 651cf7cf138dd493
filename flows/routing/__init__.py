"""Route a complaint to the agencies that most likely have authority over it.

Pure Python + rapidfuzz (no Telegram, no database), in three modules that
change for different reasons:

- ``text``: one normal form for complaints and directory terms (``tokenize``,
  ``normalize``, the chat abbreviations); changes with the way people write.
- ``spelling``: reading a misspelt word as a directory word (``Speller``);
  changes when a correction rule does.
- ``classifier``: the directory's terms, finding them in a complaint and
  weighing the evidence into ranked candidates (``Classifier``,
  ``Candidate``); changes when a scoring rule or weight does.

The names below are re-exported so that ``from flows.routing import ...``
works as it did when this was one module.
"""

from .classifier import Candidate, Classifier
from .text import ABBREVIATIONS, normalize, tokenize

__all__ = [
    "ABBREVIATIONS",
    "Candidate",
    "Classifier",
    "normalize",
    "tokenize",
]
