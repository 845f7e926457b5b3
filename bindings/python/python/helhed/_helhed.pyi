"""Type stubs of the native module ``helhed._helhed`` (checked with ``mypy.stubtest``)."""

import datetime
from typing import Any, Final, Iterable

import pyarrow

__version__: Final[str]
CASE_COLUMNS: Final[list[str]]

_Date = datetime.date | str | None
_Document = dict[str, Any] | str | bytes

class RuleSet:
    """A loaded, checked and compiled rule set (immutable; safe to share across threads)."""

    @staticmethod
    def default() -> RuleSet: ...
    @staticmethod
    def load(id_or_path: str | Any) -> RuleSet: ...
    @staticmethod
    def from_toml(text: str, file: str = "<string>") -> RuleSet: ...
    @staticmethod
    def list() -> list[str]: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def municipality(self) -> str: ...
    def version_on(self, date: datetime.date | str) -> str | None: ...
    def route(self, case: _Document, as_of: _Date = None, *, trace: bool = True) -> dict[str, Any]: ...
    def route_many(
        self,
        cases: Iterable[_Document],
        as_of: _Date = None,
        *,
        trace: bool = False,
        threads: int | None = None,
    ) -> list[dict[str, Any]]: ...
    def route_arrow(
        self, data: Any, as_of: _Date = None, *, trace: bool = False, threads: int | None = None
    ) -> pyarrow.Table: ...
    def check_plan(self, plan: _Document, as_of: _Date = None) -> dict[str, Any]: ...

def _compare(
    rules_a: RuleSet,
    rules_b: RuleSet,
    data: Any,
    as_of: _Date = None,
    *,
    threads: int | None = None,
) -> tuple[list[tuple[str, str, int]], pyarrow.Table, pyarrow.Table]: ...
def synth(n: int, seed: int = 1, reference: _Date = None) -> pyarrow.Table: ...
def schema(name: str) -> str: ...
def _json_default(value: Any) -> str: ...
