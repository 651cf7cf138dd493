"""Route a complaint to the agencies that most likely have authority over it.

The classifier lives in ``flows.routing.classifier``; this package keeps the
import path ``flows.routing`` that the bot, the CLI, the tests and the
benchmark use.
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
