"""extension/privacy.html from docs/privacy.md: the extension ships the policy it links on its
first-run and options pages, so it works offline and always says what the code does.

Written by `python3 tasks.py gen-extension` with the other generated files (extension_gen.py).
The markdown it reads is the policy's own: headings, paragraphs, bullet lists (with wrapped
lines), `code`, **bold** and *emphasis*; anything else is escaped text.
"""

import html
import re

SOURCE = "docs/privacy.md"  # under the repository's root
PAGE = "privacy.html"  # under extension/

_HEADING = re.compile(r"(#{1,3}) (.*)")
_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"\*([^*]+)\*"), r"<em>\1</em>"),
)


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def policy_html(markdown: str) -> str:
    """The HTML body of the policy's markdown: headings, paragraphs and bullet lists."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[list[str]] | None = None

    def flush_paragraph():
        nonlocal paragraph
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
        paragraph = []

    def flush():
        nonlocal items
        flush_paragraph()
        if items:
            lines = "\n".join(f"  <li>{_inline(' '.join(item))}</li>" for item in items)
            out.append(f"<ul>\n{lines}\n</ul>")
        items = None

    for line in markdown.split("\n"):
        heading = _HEADING.fullmatch(line)
        if heading:
            flush()
            level = len(heading[1])
            out.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
        elif line.startswith("- "):
            flush_paragraph()
            items = items if items is not None else []
            items.append([line[2:].strip()])
        elif not line.strip():
            flush()
        elif items and line[:1].isspace():
            items[-1].append(line.strip())
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return "\n".join(out)


def policy_page(markdown: str) -> str:
    """The whole extension/privacy.html for the policy's markdown."""
    return f"""<!DOCTYPE html>
<!-- GENERATED from docs/privacy.md by `python3 tasks.py gen-extension`; do not edit. -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Counterfeit Radar privacy policy</title>
  <link rel="stylesheet" href="popup.css">
  <style>body {{ width: auto; max-width: 720px; margin: 24px auto; padding: 0 16px; }}
    h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; display: block; margin-top: 20px; }}
    p, li {{ line-height: 1.5; }}</style>
</head>
<body>
{policy_html(markdown)}
</body>
</html>
"""
