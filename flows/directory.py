"""The agency directory: which bodies a regency's complaints can be routed to.

Pure Python (yaml + pydantic only): no Telegram or database imports, so the
directory can be loaded, checked and tested anywhere.

The packaged default is ``flows/data/directory_oku.yaml`` (Kabupaten Ogan
Komering Ulu).  The file is meant to be edited by people: ``load_directory``
rejects what cannot work (unknown ``kind``, duplicate ``code``, a coordinator
that is not in the list, a malformed urusan code) with a message that names
the agency, and ``check_directory`` reports what is merely suspicious
(aliases or keywords claimed by several agencies, unknown urusan codes,
agencies without keywords).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

__all__ = [
    "AGENCY_KINDS",
    "PERMENDAGRI90_BIDANG_CODES",
    "Agency",
    "Directory",
    "DirectoryError",
    "Problem",
    "check_directory",
    "default_directory_path",
    "load_directory",
]

#: The kinds of body an agency can be.  ``vertical`` offices (BPJS, Polri, PLN,
#: BPN, ...) are not part of the regency: their complaints go to the
#: coordinator, who forwards them ("no wrong door").
AGENCY_KINDS: tuple[str, ...] = ("opd", "kecamatan", "bumd", "vertical", "rsud")

#: The 45 bidang urusan codes of Permendagri 90/2019 (the code column of the
#: nomenclature; "X.XX" is the nomenclature's own catch-all for unsur penunjang).
PERMENDAGRI90_BIDANG_CODES: frozenset[str] = frozenset(
    [
        "1.01", "1.02", "1.03", "1.04", "1.05", "1.06",
        "2.07", "2.08", "2.09", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15",
        "2.16", "2.17", "2.18", "2.19", "2.20", "2.21", "2.22", "2.23", "2.24",
        "3.25", "3.26", "3.27", "3.28", "3.29", "3.30", "3.31", "3.32",
        "4.01", "4.02",
        "5.01", "5.02", "5.03", "5.04", "5.05", "5.06", "5.07",
        "6.01",
        "7.01",
        "8.01",
        "X.XX",
    ]
)

_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_URUSAN_RE = re.compile(r"^(?:\d\.\d{2}|X\.XX)$")

DEFAULT_DIRECTORY_FILE = "directory_oku.yaml"


class DirectoryError(ValueError):
    """The directory file cannot be used as it is."""


class Agency(BaseModel):
    """One body a complaint can be routed to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: Literal["opd", "kecamatan", "bumd", "vertical", "rsud"]
    urusan: tuple[str, ...] = ()
    tier: str | None = None  # service tier of its follow-up deadline (TIER_DAYS), if the SOP sets one
    keywords: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()  # the same domain in English, for citizens who write it
    #: Integrity words (pungli, suap, calo): this agency oversees the regency's own bodies, so a
    #: complaint holding one goes to it first when the body concerned is the regency's own
    #: (opd, kecamatan, rsud), and not at all when it is a vertical office or a BUMD, which
    #: answer for their own staff (flows/routing/classifier.py).
    integrity: tuple[str, ...] = ()
    #: A stand-in for "the kecamatan where it happened": never offered as an agency; its evidence
    #: goes to the kecamatan the complaint names, else the coordinator chooses.
    generic: bool = False

    @property
    def all_keywords(self) -> tuple[str, ...]:
        """The domain vocabulary in every language the directory carries."""
        return self.keywords + self.keywords_en + self.integrity

    @field_validator("code")
    @classmethod
    def _code_shape(cls, v: str) -> str:
        v = v.strip()
        if not _CODE_RE.match(v):
            raise ValueError(
                f"code {v!r} must be short uppercase letters, digits and underscores "
                "(e.g. DISHUB, KEC_BATURAJA_TIMUR)"
            )
        return v

    @field_validator("name")
    @classmethod
    def _name_present(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("name must not be empty")
        return v

    @field_validator("aliases", "keywords", "keywords_en", "integrity", mode="before")
    @classmethod
    def _string_list(cls, v: Any) -> Any:
        if v is None:
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, (list, tuple)):
            raise ValueError("must be a list of strings")
        out: list[str] = []
        for item in v:
            if not isinstance(item, (str, int, float)):
                raise ValueError(f"entry {item!r} is not a string")
            s = " ".join(str(item).split())
            if s:
                out.append(s)
        return tuple(out)

    @field_validator("urusan", mode="before")
    @classmethod
    def _urusan_codes(cls, v: Any) -> Any:
        if v is None:
            return ()
        if isinstance(v, (str, float, int)):
            v = [v]
        out: list[str] = []
        for item in v:
            # YAML reads an unquoted 1.10 as the float 1.1: insist on quotes
            # rather than guess what was meant.
            if not isinstance(item, str):
                raise ValueError(
                    f"urusan code {item!r} must be a quoted string like \"1.03\""
                )
            s = item.strip()
            if not _URUSAN_RE.match(s):
                raise ValueError(
                    f"malformed urusan code {s!r}: expected the form \"1.03\" "
                    "(Permendagri 90/2019 bidang urusan)"
                )
            out.append(s)
        return tuple(out)

    @property
    def forwarded(self) -> bool:
        """True for a vertical office: the coordinator forwards its complaints."""
        return self.kind == "vertical"


class Directory(BaseModel):
    """A regency's agencies and its complaint coordinator."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    regency: str
    coordinator: str
    agencies: tuple[Agency, ...] = Field(default_factory=tuple)

    _by_code: dict[str, Agency] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        by_code: dict[str, Agency] = {}
        for a in self.agencies:
            by_code.setdefault(a.code, a)
        self._by_code = by_code

    def get(self, code: str) -> Agency | None:
        """The agency with this code, or None."""
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Agency:
        agency = self.get(code)
        if agency is None:
            raise KeyError(code)
        return agency

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    # pydantic's BaseModel.__iter__ yields (field, value) pairs; a directory iterates its agencies.
    def __iter__(self) -> Iterator[Agency]:  # type: ignore[override]
        return iter(self.agencies)

    def __len__(self) -> int:
        return len(self.agencies)

    @property
    def coordinator_agency(self) -> Agency:
        return self[self.coordinator]

    def handler_for(self, code: str) -> Agency:
        """Who takes the complaint: the agency itself, or for a vertical office the
        coordinator (who forwards it)."""
        agency = self[code]
        return self.coordinator_agency if agency.forwarded else agency

    def by_kind(self, kind: str) -> list[Agency]:
        return [a for a in self.agencies if a.kind == kind]


@dataclass(frozen=True)
class Problem:
    """One finding of ``check_directory``."""

    level: Literal["error", "warning"]
    code: str | None  # the agency concerned, None for the whole directory
    message: str

    def __str__(self) -> str:
        where = f"[{self.code}] " if self.code else ""
        return f"{self.level}: {where}{self.message}"


def default_directory_path() -> Path:
    """Where the packaged default directory lives."""
    try:
        from importlib.resources import files

        res = files("flows").joinpath("data", DEFAULT_DIRECTORY_FILE)
        path = Path(str(res))
        if path.is_file():
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        pass
    return Path(__file__).resolve().parent / "data" / DEFAULT_DIRECTORY_FILE


def _format_validation_error(code: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
        msg = err.get("msg", "invalid")
        if err.get("type") == "literal_error" and loc == "kind":
            msg = f"unknown kind {err.get('input')!r}; expected one of {', '.join(AGENCY_KINDS)}"
        elif err.get("type") == "missing":
            msg = "field required"
        elif err.get("type") == "extra_forbidden":
            msg = "unknown field"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        parts.append(f"{loc or 'entry'}: {msg}")
    return f"agency {code}: " + "; ".join(parts)


def directory_from_data(data: Any, *, source: str = "<data>") -> Directory:
    """Build and validate a Directory from already-parsed YAML data."""
    if not isinstance(data, dict):
        raise DirectoryError(f"{source}: top level must be a mapping with regency, coordinator, agencies")
    unknown = set(data) - {"regency", "coordinator", "agencies"}
    if unknown:
        raise DirectoryError(f"{source}: unknown top-level keys: {', '.join(sorted(map(str, unknown)))}")
    regency = data.get("regency")
    coordinator = data.get("coordinator")
    raw_agencies = data.get("agencies")
    if not isinstance(regency, str) or not regency.strip():
        raise DirectoryError(f"{source}: 'regency' (the regency's name) is required")
    if not isinstance(coordinator, str) or not coordinator.strip():
        raise DirectoryError(f"{source}: 'coordinator' (the code of the coordinating agency) is required")
    if not isinstance(raw_agencies, list) or not raw_agencies:
        raise DirectoryError(f"{source}: 'agencies' must be a non-empty list")

    agencies: list[Agency] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw_agencies, start=1):
        if not isinstance(entry, dict):
            raise DirectoryError(f"{source}: agency #{i} is not a mapping")
        code = str(entry.get("code") or f"#{i}")
        try:
            agency = Agency.model_validate(entry)
        except ValidationError as exc:
            raise DirectoryError(f"{source}: {_format_validation_error(code, exc)}") from None
        if agency.code in seen:
            raise DirectoryError(
                f"{source}: agency {agency.code}: duplicate code (entries #{seen[agency.code]} and #{i})"
            )
        seen[agency.code] = i
        agencies.append(agency)

    coordinator = coordinator.strip()
    if coordinator not in seen:
        raise DirectoryError(
            f"{source}: coordinator {coordinator!r} is not the code of any agency in the directory"
        )
    coord_kind = agencies[seen[coordinator] - 1].kind
    if coord_kind == "vertical":
        raise DirectoryError(
            f"{source}: coordinator {coordinator}: a vertical office cannot coordinate the regency's complaints"
        )
    return Directory(regency=" ".join(regency.split()), coordinator=coordinator, agencies=tuple(agencies))


def load_directory(path: str | Path | None = None) -> Directory:
    """Load and validate a directory YAML file (None: the packaged default).

    Raises DirectoryError with a message naming the agency on anything that
    would make routing wrong: unknown kind, duplicate code, unknown
    coordinator, malformed urusan code, missing fields.
    """
    p = Path(path) if path is not None else default_directory_path()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DirectoryError(f"{p}: cannot read directory file: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DirectoryError(f"{p}: not valid YAML: {exc}") from None
    return directory_from_data(data, source=str(p))


def _norm_term(s: str) -> str:
    # The classifier's own normalisation (abbreviations expanded), so that two
    # spellings the classifier cannot tell apart are reported as the same term.
    from .routing import normalize  # local import: routing imports this module

    return normalize(s)


def check_directory(directory: Directory) -> list[Problem]:
    """Report what in a (loaded) directory is wrong or suspicious.

    errors: duplicate codes, a coordinator that is missing.  warnings: an
    alias or keyword claimed by several agencies (the classifier then splits
    its weight), unknown urusan codes, agencies without keywords, an alias
    that is another agency's keyword.
    """
    problems: list[Problem] = []
    codes: dict[str, int] = defaultdict(int)
    for a in directory.agencies:
        codes[a.code] += 1
    for code, n in codes.items():
        if n > 1:
            problems.append(Problem("error", code, f"duplicate code ({n} agencies)"))
    if directory.coordinator not in codes:
        problems.append(
            Problem("error", None, f"coordinator {directory.coordinator!r} is not in the directory")
        )

    alias_owners: dict[str, list[str]] = defaultdict(list)
    keyword_owners: dict[str, list[str]] = defaultdict(list)
    for a in directory.agencies:
        own_aliases = {_norm_term(x) for x in (a.name, *a.aliases)} - {""}
        for t in sorted(own_aliases):
            alias_owners[t].append(a.code)
        own_keywords = {_norm_term(x) for x in a.all_keywords} - {""} - own_aliases
        for t in sorted(own_keywords):
            keyword_owners[t].append(a.code)
        for u in a.urusan:
            if u not in PERMENDAGRI90_BIDANG_CODES:
                problems.append(
                    Problem("warning", a.code, f"urusan {u!r} is not a Permendagri 90/2019 bidang code")
                )
        if not a.keywords:
            problems.append(Problem("warning", a.code, "no keywords: only an explicit mention can route here"))
        dup_kw = _duplicates(_norm_term(k) for k in a.all_keywords)
        for t in dup_kw:
            problems.append(Problem("warning", a.code, f"keyword {t!r} listed more than once"))

    for term, owners in sorted(alias_owners.items()):
        if len(owners) > 1:
            problems.append(
                Problem("warning", owners[0], f"name/alias {term!r} is claimed by {', '.join(owners)}")
            )
    for term, owners in sorted(keyword_owners.items()):
        if len(owners) > 1:
            problems.append(
                Problem("warning", owners[0], f"keyword {term!r} is shared by {', '.join(owners)}")
            )
    for term, owners in sorted(alias_owners.items()):
        others = [c for c in keyword_owners.get(term, []) if c not in owners]
        if others:
            problems.append(
                Problem(
                    "warning",
                    owners[0],
                    f"alias {term!r} of {', '.join(owners)} is also a keyword of {', '.join(others)}",
                )
            )
    return problems


def _duplicates(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for x in items:
        if x in seen and x not in dups:
            dups.append(x)
        seen.add(x)
    return dups
