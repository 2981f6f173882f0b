"""HTML a student's notebook puts in front of anyone is cleaned by an allowlist, never a denylist.

bleach parses as a browser does (html5lib, the HTML5 parsing algorithm, SVG and MathML included) and keeps
only the elements, attributes, URL schemes and class names listed below: no script, style, SVG, MathML,
form, frame or event handler survives, whatever markup hides it (comments, CDATA, foreign content). Images
must be inline PNG, JPEG or GIF data, so opening a page makes no request. Maths ($...$, $$...$$) is turned
into MathML here, on the grader's side, after cleaning (docutils' LaTeX converter writes it, escaping
what it does not understand), so pages need no MathJax from the internet.

- `sanitize_page`: a finished feedback page: its head keeps only its own styles and gets a
  Content-Security-Policy that forbids scripts and every request; its body is cleaned.
- `safe_markdown`: one Markdown cell as clean HTML (the hub's formgrader shows it as a raw HTML cell).
- `safe_data`: one output's data as the feedback page and the formgrader show it: text and PNG, JPEG or
  GIF images as they are, HTML or Markdown as clean HTML; nothing else (no JavaScript, SVG, widgets).
"""

import html
import re
import threading

import bleach
from bs4 import BeautifulSoup
from docutils.utils.math import latex2mathml
from nbconvert.filters import markdown2html_mistune

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
# Outputs stay within the page: a self-check's message is one long line, which nbgrader's feedback
# style would leave running off to the right, to be read with a scroll bar; a wide plot shrinks to fit.
OUTPUT_STYLE = (
    "div.output_area pre { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
    "div.output_area img { max-width: 100%; height: auto; }"
)
TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "body",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
}
PROTOCOLS = {"http", "https", "mailto", "data"}
# Class names of the page's own structure (nbconvert's classic template, nbgrader's feedback panel) and of
# Pygments' highlighting: none of them takes an element out of the flow of the page.
CLASS = re.compile(
    r"^(?:[a-z]{1,3}\d?|cell|text_cell|code_cell|rendered|rendered_html|border-box-sizing"
    r"|text_cell_render|inner_cell|input|input_area|input_prompt|prompt|output\w*|highlight"
    r"|hl-\w+|anchor-link|container|panel|panel-(?:default|heading|body|footer)|nbgrader\w*"
    r"|score|comment|late-penalty|center|ansi-[a-z-]+|math)$"
)
IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")
ID = re.compile(r"^[\w.:-]{1,100}$")
MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
NO_MATH_IN = {"code", "pre", "kbd", "samp", "tt", "a"}


def allowed(tag, name, value):
    if name == "class":
        return all(CLASS.match(token) for token in value.split())
    if name in ("id", "name"):
        return bool(ID.match(value))
    if (
        tag == "a" and name == "href"
    ):  # bleach checks its scheme against PROTOCOLS; data: is for images
        return not re.sub(r"[\x00-\x20]", "", value).lower().startswith("data:")
    if tag == "img":
        return name in ("alt", "width", "height") or (name == "src" and bool(IMAGE.match(value)))
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "align")
    return tag == "ol" and name == "start" or name == "title"


_local = threading.local()  # a bleach Cleaner per thread: its parser has state ("not thread-safe")


def cleaner():
    if not hasattr(_local, "cleaner"):
        _local.cleaner = bleach.Cleaner(
            tags=TAGS, attributes=allowed, protocols=PROTOCOLS, strip=True, strip_comments=True
        )
    return _local.cleaner


def clean(markup):
    """`markup` with everything the allowlist does not name removed.

    bleach's html5lib raises ValueError on some mis-nested formatting tags (its adoption agency loses an
    element): then each top-level part is cleaned on its own, and a part that still trips it is shown
    as plain, escaped text, so one odd cell never costs the whole page."""
    try:
        return cleaner().clean(markup)
    except ValueError:
        parts = BeautifulSoup(markup, "html.parser").contents
        if len(parts) > 1:
            return "".join(clean(str(part)) for part in parts)
        return html.escape(BeautifulSoup(markup, "html.parser").get_text())


# What docutils' converter does not know, said in what it does (a size command only changes a size).
TEX_SPELLINGS = [
    (r"\\[td]frac(?![a-zA-Z])", r"\\frac"),
    (r"\\frac\s*(\d)\s*(\d)", r"\\frac{\1}{\2}"),  # \frac12 is one half in LaTeX
    (r"\\dots(?![a-zA-Z])", r"\\ldots"),
    (r"\\iff(?![a-zA-Z])", r"\\Leftrightarrow"),
    (r"\\(?:big|Big|bigg|Bigg)[lr]?(?![a-zA-Z])\s*", ""),
    (r"\\(?:textstyle|displaystyle)(?![a-zA-Z])\s*", ""),
]


def mathml(tex, block):
    for pattern, spelling in TEX_SPELLINGS:
        tex = re.sub(pattern, spelling, tex)
    try:
        return latex2mathml.tex2mathml(tex, as_block=block)
    except Exception:  # the converter raises on what it cannot parse: keep the text
        return None


def render_maths(soup):
    """Replace $...$ and $$...$$ in the text of `soup` (not in code) by MathML, in place."""
    for text in list(soup.find_all(string=MATH)):
        if any(parent.name in NO_MATH_IN for parent in text.parents):
            continue
        pieces, last = [], 0
        for match in MATH.finditer(text):
            tex = next(group for group in match.groups() if group is not None)
            converted = mathml(tex, block=match.group(1) is not None or match.group(4) is not None)
            if converted is None:
                continue
            pieces += [text[last : match.start()], BeautifulSoup(converted, "html.parser")]
            last = match.end()
        if pieces:
            pieces.append(text[last:])
            for piece in pieces:
                text.insert_before(piece)
            text.extract()


def safe_markdown(html):
    """Rendered Markdown (HTML from a student) cleaned, with its maths as MathML."""
    soup = BeautifulSoup(clean(html), "html.parser")
    render_maths(soup)
    return str(soup)


INERT_DATA = ("text/plain", "image/png", "image/jpeg", "image/gif")  # shown as they are


def safe_data(data):
    """{kind: value} of an output's data, keeping only what may be shown to anyone: the inert kinds, and
    HTML (else Markdown) as HTML cleaned by the allowlist."""
    safe = {kind: value for kind, value in data.items() if kind in INERT_DATA}
    if "text/html" in data:
        safe["text/html"] = safe_markdown(data["text/html"])
    elif "text/markdown" in data:
        safe["text/html"] = safe_markdown(markdown2html_mistune(data["text/markdown"]))
    return safe


def sanitize_page(page):
    """A finished feedback page with nothing active in it and no request to make: the head keeps its
    charset, title and inline styles (the page's own, then OUTPUT_STYLE) under a Content-Security-Policy;
    the body is cleaned by the allowlist and its maths rendered as MathML."""
    soup = BeautifulSoup(page, "html.parser")
    head = soup.head or soup.new_tag("head")
    kept = [element for element in head.find_all(["title", "style"], recursive=False)]
    body = soup.body if soup.body is not None else soup
    cleaned = BeautifulSoup(clean(body.decode_contents()), "html.parser")
    render_maths(cleaned)
    out = BeautifulSoup("<!DOCTYPE html><html><head></head><body></body></html>", "html.parser")
    out.head.append(out.new_tag("meta", charset="utf-8"))
    out.head.append(
        out.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy", "content": CSP})
    )
    for element in kept:
        if element.name == "style":
            element.string = re.sub(r"@import[^;]*;|url\([^)]*\)", "", element.get_text())
        out.head.append(element)
    style = out.new_tag("style")
    style.string = OUTPUT_STYLE
    out.head.append(style)
    out.body.append(cleaned)
    return str(out)
