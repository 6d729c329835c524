"""The base of every model.

Unknown fields are kept (``extra="allow"``): the real API adds fields without notice, and a
console that dropped them would hide what the service said.  Request models serialise only the
fields that were set, so a request goes out exactly as it was written.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class MintedModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_api(self) -> dict[str, Any]:
        """The JSON-ready dict the API sends or receives (money stays `Decimal`)."""
        return self.model_dump(mode="python", by_alias=True, exclude_unset=True)


class PageLink(MintedModel):
    url: str | None = None
    label: str | None = None
    active: bool | None = None


class Page(MintedModel, Generic[T]):
    """A Laravel paginator, as every documented list returns inside ``data``."""

    current_page: int
    data: list[T] = Field(default_factory=list)
    first_page_url: str | None = None
    from_: int | None = Field(default=None, alias="from")
    last_page: int | None = None
    last_page_url: str | None = None
    links: list[PageLink] = Field(default_factory=list)
    next_page_url: str | None = None
    path: str | None = None
    per_page: int | None = None
    prev_page_url: str | None = None
    to: int | None = None
    total: int | None = None

    @property
    def has_next(self) -> bool:
        if self.last_page is not None:
            return self.current_page < self.last_page
        return self.next_page_url is not None
