"""The parser's documented errors. Anything it cannot read raises ``ParseError`` (or a subclass), never
anything else; ``message`` is one line in Indonesian for the person who uploaded the document."""


class ParseError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedDocument(ParseError):
    """Not a PDF, DOCX, HTML or text document, or one with nothing to import."""


class TimeBudgetExceeded(ParseError):
    """The document would take longer than its time budget to parse."""


class MemoryBudgetExceeded(ParseError):
    """The document would need more memory than its budget to parse."""
