from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """Pages of 50 by default; clients may ask for up to 200 (a ward's people fit in one)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
