"""The exceptions helhed raises. Messages never contain a CPR number, or part of one."""

from __future__ import annotations


class HelhedError(Exception):
    """Base class of every error helhed raises about its input."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCase(HelhedError):
    """A case (or its decision date, or a column of an Arrow table) is not valid input.

    ``field`` is the path of the field (``efforts[2].end``, ``as_of``), or ``""`` for the whole
    document; ``code`` is the contract's stable error code (``unknown_field``, ...).
    """

    field: str
    code: str

    def __init__(self, message: str, field: str, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class InvalidPlan(HelhedError):
    """A coordinating plan (or its case, or the check date) is not valid input.

    ``field`` is the path (``consents[0].given_by``, ``case.efforts[1].end``) or ``""``;
    ``code`` the contract's error code.
    """

    field: str
    code: str

    def __init__(self, message: str, field: str, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class InvalidRuleSet(HelhedError):
    """A rule set could not be loaded or used: ``file`` names the rule file, ``row`` the row
    (``None`` when the problem is not one row's)."""

    file: str
    row: str | None

    def __init__(self, message: str, file: str, row: str | None) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
