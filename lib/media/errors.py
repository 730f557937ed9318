"""The single error type raised for files we refuse; its message is shown to clerks as-is."""


class MediaError(Exception):
    """A file was rejected. ``message_zh`` is a user-facing Simplified-Chinese explanation."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
