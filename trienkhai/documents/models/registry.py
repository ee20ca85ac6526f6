"""The document registry: issued documents, their attachments and the cascade between them.

A symbol repeats across terms (Party numbering restarts each term, State numbering each year),
so a document is identified by its normalised symbol together with its signing date.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.accounts.models import Clearance


class DocumentType(models.TextChoices):
    # Codes follow the symbol type codes where one exists (documents.symbols_grammar.TYPE_CODES).
    RESOLUTION = "NQ", _("Resolution")
    DIRECTIVE = "CT", _("Directive")
    CONCLUSION = "KL", _("Conclusion")
    REGULATION = "QĐi", _("Regulation")
    RULES = "QC", _("Rules")
    DECISION = "QĐ", _("Decision")
    GUIDANCE = "HD", _("Guidance")
    PLAN = "KH", _("Plan")
    PROGRAMME = "CTr", _("Programme")
    ACTION_PROGRAMME = "CTrHĐ", _("Action programme")
    NOTICE = "TB", _("Notice")
    CONCLUSION_NOTICE = "TBKL", _("Conclusion notice")
    REPORT = "BC", _("Report")
    OFFICIAL_LETTER = "CV", _("Official letter")
    PROJECT = "ĐA", _("Project")
    SUBMISSION = "TTr", _("Submission")
    DECREE = "NĐ", _("Decree")
    CIRCULAR = "TT", _("Circular")
    LAW = "LUAT", _("Law")
    OTHER = "KHAC", _("Other")


# Alias so models and forms read naturally; the levels are the account clearances.
Confidentiality = Clearance


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")


class RelationKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    GUIDES = "guides", _("guides")
    CONTINUES = "continues", _("continues")
    REPLACES = "replaces", _("replaces")
    AMENDS = "amends", _("amends")


class Document(models.Model):
    doc_type = models.CharField(_("type"), max_length=8, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=20, blank=True)
    symbol = models.CharField(_("number and symbol"), max_length=80, blank=True)
    # symbols.symbol_key(symbol): upper case, TƯ=TW, no leading zeros; "" when there is none.
    symbol_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    issuer = models.ForeignKey(
        "units.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT,
        related_name="documents_issued",
    )
    signed_on = models.DateField(_("date signed"))
    signer = models.ForeignKey(
        "units.Person", verbose_name=_("signer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="documents_signed",
    )
    signer_name = models.CharField(_("signer (as printed)"), max_length=200, blank=True)
    term = models.CharField(_("term (khóa)"), max_length=20, blank=True)
    # In context: plain "title" is a position's title (chức vụ) in the catalog.
    title = models.CharField(pgettext_lazy("document", "title"), max_length=1000)
    excerpt = models.TextField(_("excerpt (trích yếu)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    # Folded title, symbol variants and text, for diacritic-free search (see documents.search).
    search_text = models.TextField(editable=False, blank=True)
    # The folded symbol forms and title alone: ranked above the body, and the fuzzy target.
    search_title = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol_key", "signed_on"],
                condition=~Q(symbol_key=""),
                name="document_symbol_date_unique",
            )
        ]
        indexes = [
            models.Index(fields=["issuer", "-signed_on"], name="document_issuer_date"),
            models.Index(fields=["doc_type", "-signed_on"], name="document_type_date"),
            # Newest first across issuers: the search window and the broad-scope list walk it.
            models.Index(fields=["-signed_on", "-id"], name="document_signed"),
        ]

    def __str__(self) -> str:
        if self.symbol:
            return f"{self.get_doc_type_display()} {self.symbol}"
        return self.title[:120]


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)  # sniffed, not trusted
    size = models.PositiveIntegerField(_("size"))
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def confidentiality(self) -> int:
        return self.document.confidentiality


class DocumentRelation(models.Model):
    """`source` <kind> `target`: the city's plan implements 01-KL/TW."""

    source = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="relations_out"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        Document, verbose_name=_("related document"), on_delete=models.CASCADE,
        related_name="relations_in",
    )

    class Meta:
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"

    @property
    def confidentiality(self) -> int:
        return max(self.source.confidentiality, self.target.confidentiality)
