"""Domain errors: raised by services, shown to the user as they are (messages are translated)."""


class DomainError(Exception):
    """A rule of the certification process was broken; ``message`` says which, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
