"""One catalogue of user-facing errors. Each message names the record and the reason."""
from __future__ import annotations


class PoleventError(Exception):
    """Base class: a problem a user can act on. The CLI prints ``str(err)`` on one line."""

    code = "E000"

    def __str__(self) -> str:  # one line, with the catalogue code
        msg = " ".join(str(self.args[0]).split()) if self.args else self.__class__.__name__
        return f"[{self.code}] {msg}"


class InputError(PoleventError):
    """An input record could not be read (bad date, empty text, undecodable bytes, bad JSON...)."""

    code = "E001"

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def __reduce__(self):  # travels between processes (coding workers) with its two fields
        return (self.__class__, (self.where, self.reason))


class UsageError(PoleventError):
    """Bad command-line usage (exit status 2)."""

    code = "E002"


class ModelError(PoleventError):
    """The spaCy pipeline named by --model cannot be loaded."""

    code = "E003"


class DataError(PoleventError):
    """A data file (polevent's own or a user's --actors file) is malformed."""

    code = "E004"


class StoreError(PoleventError):
    """The DuckDB store cannot be opened or written."""

    code = "E005"


class GoldError(PoleventError):
    """A gold file for ``polevent eval`` is malformed."""

    code = "E006"


class WorkerError(PoleventError):
    """A coding worker (a process of --workers, or a Dask worker or scheduler) failed or is unreachable."""

    code = "E007"


class SourceError(PoleventError):
    """A watched source (a feed, a folder, a growing JSON Lines file) could not be read this cycle:
    down, too slow, too large or malformed. ``polevent watch`` prints one line and goes on."""

    code = "E010"


class AlertError(PoleventError):
    """An alert rules file is malformed, or an alert could not be delivered to its webhook."""

    code = "E011"


class ArticleError(InputError):
    """One article raised while it was coded or stored: it is skipped, the batch goes on."""

    code = "E008"


class TimeBudgetError(InputError):
    """One article took longer than the per-article time budget (``--time-budget``): skipped."""

    code = "E009"


class InputWarning(InputError):
    """A record was read with a repair (e.g. unencodable characters replaced by U+FFFD); it is
    still coded. Reported as ``polevent: warning ...``; it does not change the exit status."""

    code = "E012"
