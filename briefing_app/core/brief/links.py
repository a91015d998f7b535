"""One link policy for every output of a brief: http, https, mailto and #anchors only.

Any other link (javascript:, vbscript:, data:, file:, relative paths…) becomes its plain text,
and images become their description, so nothing in a brief or its exports runs code, reads a
local file or loads anything from elsewhere. The policy is applied to markdown-it's token stream
(preview, HTML and PDF) and to pandoc's document tree (DOCX, ODT and Markdown exports), i.e.
to what each parser actually took for a link, not to a guess made on the Markdown source.
"""

from __future__ import annotations

from typing import Any

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def is_safe_link(url: str) -> bool:
    """True for http(s) and mailto links and in-document #anchors; everything else is unsafe."""
    url = url.strip()
    if url.startswith("#"):
        return True
    return url.lower().startswith(SAFE_SCHEMES)


# -- markdown-it ------------------------------------------------------------------------------
def drop_unsafe_links(state) -> None:
    """Core rule: unwrap links with an unsafe target, keeping their text (notes included)."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _unwrapped(token.children)


def _unwrapped(children: list) -> list:
    out, dropping = [], False
    for child in children:
        if child.type == "link_open" and not is_safe_link(child.attrGet("href") or ""):
            dropping = True  # CommonMark links do not nest: the next link_close is this one's
            continue
        if child.type == "link_close" and dropping:
            dropping = False
            continue
        out.append(child)
    return out


# -- pandoc's JSON document tree --------------------------------------------------------------
def _text(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


def _replacement(node: Any) -> list[Any]:
    """What one list item of the tree becomes (a list, so a link can be replaced by its words)."""
    if not isinstance(node, dict):
        return [sanitise_pandoc(node)]
    kind = node.get("t")
    if kind == "Link":
        attr, inlines, target = node["c"]
        inlines = sanitise_pandoc(inlines)
        if is_safe_link(str(target[0])):
            return [{"t": "Link", "c": [attr, inlines, target]}]
        return inlines
    if kind == "Image":  # never fetched or embedded: the description stands in
        alt = sanitise_pandoc(node["c"][1])
        return [_text("[image:"), {"t": "Space"}, *alt, _text("]")] if alt else [_text("[image]")]
    if kind == "RawInline":
        return [{"t": "Code", "c": [["", [], []], node["c"][1]]}]
    if kind == "RawBlock":
        return [{"t": "CodeBlock", "c": [["", [], []], node["c"][1]]}]
    return [sanitise_pandoc(node)]


def sanitise_pandoc(tree: Any) -> Any:
    """A copy of a pandoc JSON tree with unsafe links unwrapped and images as descriptions."""
    if isinstance(tree, list):
        return [out for item in tree for out in _replacement(item)]
    if isinstance(tree, dict):
        return {key: sanitise_pandoc(value) for key, value in tree.items()}
    return tree
