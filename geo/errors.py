"""The one error type a broken data file raises."""

from __future__ import annotations


class DataError(Exception):
    """A data file is missing or wrong; names the file, the entry and the field."""

    def __init__(self, file: str, entry: str, field: str, problem: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.field = field
        self.problem = problem
        super().__init__(f"{self.file}: {entry}: field '{field}': {problem}")

    def __reduce__(self):
        # Rebuilt from its four parts: Streamlit's cache pickles a returned DataError.
        return type(self), (self.file, self.entry, self.field, self.problem)
