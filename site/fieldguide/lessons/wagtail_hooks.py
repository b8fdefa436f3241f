"""Page links that keep a ``#fragment``: ``<a linktype="page" id="12" anchor="requirements">``.

Wagtail's page links carry only the page's id, so a link to a heading of another page
(``install.md#requirements`` in a lesson source) would lose its heading. These handlers add
an ``anchor`` attribute: rendered as ``/docs/install/#requirements``, kept through an edit in
the admin's editor (the link's entity data holds it), dropped only when the editor picks
another link.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from draftjs_exporter.dom import DOM
from wagtail import hooks
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.rich_text.pages import PageLinkHandler

ANCHOR = "anchor"


class AnchoredPageLinkHandler(PageLinkHandler):
    """Renders a page link with its anchor, if it has one."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        tags = super().expand_db_attributes_many(attrs_list)
        return [
            tag.replace('">', f'#{escape(attrs[ANCHOR])}">', 1)
            if attrs.get(ANCHOR) and tag.startswith('<a href="')
            else tag
            for tag, attrs in zip(tags, attrs_list, strict=True)
        ]


class AnchoredPageLinkElementHandler(PageLinkElementHandler):
    """Database HTML → the editor: the anchor goes into the link's entity data."""

    def get_attribute_data(self, attrs: dict[str, str]) -> dict[str, Any]:
        data = super().get_attribute_data(attrs)
        if attrs.get(ANCHOR):
            data[ANCHOR] = attrs[ANCHOR]
        return data


def anchored_link_entity(props: dict[str, Any]) -> Any:
    """The editor → database HTML: a page link keeps the anchor its entity data holds."""
    element = link_entity(props)
    if props.get("id") is not None and props.get(ANCHOR):
        return DOM.create_element(
            "a", {"linktype": "page", "id": props["id"], ANCHOR: props[ANCHOR]}, props["children"]
        )
    return element


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own "link"
def anchored_page_links(features: Any) -> None:
    features.register_link_type(AnchoredPageLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': AnchoredPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": anchored_link_entity}},
        },
    )
