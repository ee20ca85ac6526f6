"""Errors for input the extractor cannot read, with gettext-ready English message ids."""
from __future__ import annotations

from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a message id for makemessages without importing Django here."""
    return message


EMPTY = gettext_noop("The input is empty.")
TOO_LARGE = gettext_noop("The input is %(size)s bytes; the limit is %(limit)s bytes.")
BINARY = gettext_noop("The input looks like binary data, not text or a supported document.")
UNKNOWN_ENCODING = gettext_noop(
    "The text encoding could not be determined (tried UTF-8, UTF-16 and Windows-1258)."
)
PDF_ENCRYPTED = gettext_noop("The PDF is password-protected; remove the password and try again.")
PDF_NO_TEXT = gettext_noop(
    "The PDF has no text layer (it looks scanned); run OCR on it first."
)
PDF_BROKEN = gettext_noop("The PDF could not be read: %(reason)s")
DOCX_BROKEN = gettext_noop("The Word document could not be read: %(reason)s")
ZIP_NOT_DOCX = gettext_noop("The file is a ZIP archive but not a Word (.docx) document.")
OLD_WORD = gettext_noop("Old Word (.doc) files are not supported; save the file as .docx.")
NO_TEXT = gettext_noop("The document contains no text.")
NOT_FOUND = gettext_noop("The file %(path)s does not exist or cannot be read.")


class ExtractionInputError(ValueError):
    """Input that cannot be turned into article text.

    `message_id` is an English message id (one of the constants above) and `params` its
    parameters; show it as `gettext(err.message_id) % err.params`.
    """

    def __init__(self, message_id: str, params: dict[str, Any] | None = None) -> None:
        self.message_id = message_id
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message with its parameters filled in."""
        return self.message_id % self.params if self.params else self.message_id
