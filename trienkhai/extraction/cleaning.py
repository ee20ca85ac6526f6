"""Site chrome that survives copying a page: widget labels, comment forms, share buttons.

Removed lines are blanked, not deleted, so every span found later is still a substring of
the text that was passed in (the extractors never cross a line break).
"""
from __future__ import annotations

import re
import unicodedata

# Whole lines that are widget labels or comment-form residue (English WordPress and Vietnamese
# news sites). Matched case-free against the stripped line.
_CHROME_LINE = re.compile(
    r"""^(?:
        rate\ this\ (?:post|article)
      | (?:leave\ a\ (?:reply|comment)|post\ comment|submit\ comment|cancel\ reply)\b.*
      | your\ email\ address\ will\ not\ be\ published.*
      | required\ fields\ are\ marked.*
      | save\ my\ name,\ email.*
      | (?:name|email|website|comment)\s*\*?
      | (?:share|tweet|print|email|like|facebook|twitter|zalo|linkedin|pinterest|copy\ link)
        (?:\s*(?:this|on\ \w+))?\s*:?
      | (?:chia\ sẻ|chia\ sẻ\ bài\ viết|in\ bài(?:\ viết)?|gửi\ bài(?:\ viết)?|lưu\ bài(?:\ viết)?
        |bình\ luận|gửi\ bình\ luận|ý\ kiến\ bạn\ đọc|ý\ kiến\ của\ bạn|viết\ bình\ luận
        |tin\ liên\ quan|bài\ viết\ liên\ quan|tin\ cùng\ chuyên\ mục|xem\ thêm|đọc\ thêm
        |tin\ khác|các\ tin\ khác|bài\ liên\ quan|trang\ chủ|về\ đầu\ trang|quay\ lại
        |theo\ dõi\ (?:chúng\ tôi|báo).*|đánh\ giá\ bài\ viết|bạn\ đánh\ giá.*|cỡ\ chữ.*)\s*:?
      | (?:tags?|từ\ khóa|từ\ khoá|chủ\ đề|keywords?)\s*:.*
      | (?:lượt\ xem|lượt\ đọc|views?)\s*:?\s*[\d.,]+
      | (?:copyright|bản\ quyền)\b.* | ©.*
      | [\d.,]+\s*(?:lượt\ xem|views?|bình\ luận|comments?)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def normalise(text: str) -> str:
    """NFC, no BOM, Unix line ends: the form every extractor and every literal refers to."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def is_chrome(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) < 200 and _CHROME_LINE.match(stripped) is not None


def clean(text: str) -> str:
    """Blank the chrome lines of a normalised text (same line count, kept lines untouched)."""
    lines = text.split("\n")
    return "\n".join("" if is_chrome(line) else line for line in lines)
