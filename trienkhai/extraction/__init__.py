"""Reading Vietnamese press reports and minutes into records (pure Python, no Django import).

    from trienkhai.extraction import extract, read_path
    result = extract(read_path("article.docx"))
    result.to_dict()  # {"people", "documents", "deadlines", "quotas", "organisations"}
"""
from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.extractor import Extraction, extract
from trienkhai.extraction.readers import read_bytes, read_path

__all__ = ["Extraction", "ExtractionInputError", "extract", "read_bytes", "read_path"]
