"""Type stubs of the native module ``helhed._helhed`` (checked with ``mypy.stubtest``)."""

import builtins
import datetime
from typing import Any, Final, Iterable, Literal, final

import pyarrow

__all__ = ["CASE_COLUMNS", "RuleSet", "__version__", "_compare", "_json_default", "schema", "synth"]
__version__: Final[str]
CASE_COLUMNS: Final[list[str]]

_Date = datetime.date | str | None
_Document = dict[str, Any] | str | bytes
_Trace = bool | Literal["ref", "full"]

@final
class RuleSet:
    """A loaded, checked and compiled rule set (immutable; safe to share across threads)."""

    @staticmethod
    def default() -> RuleSet: ...
    @staticmethod
    def load(id_or_path: str | Any) -> RuleSet: ...
    @staticmethod
    def from_toml(text: str, file: str = "<string>") -> RuleSet: ...
    @staticmethod
    def list() -> builtins.list[str]: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def municipality(self) -> str: ...
    def version_on(self, date: datetime.date | str) -> str | None: ...
    def route(self, case: _Document, as_of: _Date = None, *, trace: _Trace = ...) -> dict[str, Any]: ...
    def route_many(
        self,
        cases: Iterable[_Document],
        as_of: _Date = None,
        *,
        trace: _Trace = ...,
        next_transition: bool = True,
        threads: int | None = None,
    ) -> builtins.list[dict[str, Any]]: ...
    def route_arrow(
        self,
        data: Any,
        as_of: _Date = None,
        *,
        trace: bool = False,
        next_transition: bool = True,
        threads: int | None = None,
    ) -> pyarrow.Table:
        """One row of flat decision columns per input row, from ``data`` with
        ``__arrow_c_stream__`` or ``__arrow_c_array__`` (pyarrow, polars, pandas; a column of
        Arrow's Null type, e.g. polars ``pl.Null``, is every value missing). ``unit``,
        ``coordinating_unit``, ``next_transition_unit``, ``age_band`` and the items of
        ``co_units`` and ``obligations`` are dictionary-encoded strings (polars
        ``Categorical``, pandas ``category``). With ``next_transition=False`` the search for
        each row's next change is skipped: ``next_transition_date`` and
        ``next_transition_unit`` are all null (the columns stay), every other column is the
        same, and the call decides core's columns at once, 2-3 times faster."""
    def check_plan(self, plan: _Document, as_of: _Date = None) -> dict[str, Any]: ...

def _compare(
    rules_a: RuleSet,
    rules_b: RuleSet,
    data: Any,
    as_of: _Date = None,
    *,
    threads: int | None = None,
) -> tuple[builtins.list[tuple[str, str, int]], pyarrow.Table, pyarrow.Table]: ...
def synth(n: int, seed: int = 1, reference: _Date = None) -> pyarrow.Table: ...
def schema(name: str) -> str: ...
def _json_default(value: Any) -> str: ...
