"""A notebook cut into the pieces a translator translates, and put back together from their translations.

A piece (`Segment`) is one Markdown heading, paragraph (a list item's paragraph included) or table row,
found by markdown-it-py with its dollar-maths plugin; or, found by Python's tokenizer, one code comment
(a block of whole-line comments, or the comment at the end of a code line) or one string a student reads
in a plot or a printout (a literal passed to print, a title or an axis label: `LABEL_CALLS`,
`LABEL_KEYWORDS`, or assigned to a variable named for one: `is_label_name`), kept as its Python
source (quotes, f prefix and {fields} included). Its key is
"<cell id>:<n>" (the n-th Markdown piece of the cell), "<cell id>:#<n>" (the n-th comment) or
"<cell id>:'<n>" (the n-th such string), so an edit to one English paragraph changes exactly one
piece's text and no other key.

What is left untranslated: maths ($...$, $$...$$), code blocks, HTML, pieces with no words outside
maths, inline code and links, nbgrader's markers (### BEGIN SOLUTION ...) and every comment of a
graded or locked cell (its code must stay byte for byte what the English edition grades).
"""

import io
import re
import tokenize
from dataclasses import dataclass

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MARKDOWN = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin, double_inline=True)
NBGRADER_MARKER = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b")
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row, in any alphabet
# The calls whose string arguments, and the keywords whose string values, a student reads as text.
LABEL_CALLS = {"print", "title", "suptitle", "set_title", "xlabel", "ylabel", "set_xlabel"}
LABEL_CALLS |= {"set_ylabel", "text", "annotate"}
LABEL_KEYWORDS = {"title", "titles", "label", "xlabel", "ylabel"}
# A variable named like them, or ending in _label(s) or _title(s), holds text too: a label that travels
# through a dict, a tuple or a lookup before a plot or a printout shows it (clean_label = "...").
LABEL_SUFFIXES = ("_label", "_labels", "_title", "_titles")
FIELD = re.compile(r"\{[^{}]*\}")  # an f-string's replacement field


@dataclass
class Segment:
    """One translatable piece of a cell: `lines` [first, last) of the cell's source hold it; the
    translation replaces them, keeping the first line's `prefix` ("## ", "- ", "    # ", the code
    before a trailing comment) and putting `indent` before each following line."""

    key: str
    text: str
    first: int
    last: int
    prefix: str
    indent: str
    kind: str  # "heading", "paragraph" (a list item's too), "table row", "code comment" or "string"
    column: int = 0  # where it starts on its first line (a string: from there to `end` on its last)
    end: int = 0


def _words_outside_code(inline):
    """True when the inline token has words in its plain text (not in maths, code or link targets)."""
    return any(
        child.type == "text" and WORD.search(child.content) for child in inline.children or []
    )


def markdown_segments(cell_id, source):
    """The Markdown cell's pieces, in order."""
    lines = source.split("\n")
    tokens = MARKDOWN.parse(source)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            first, last = token.map
            row = lines[first]
            cells = [tok for tok in tokens[index:] if tok.type == "inline"][: row.count("|") - 1]
            if any(_words_outside_code(cell) for cell in cells):
                stripped = row.strip()
                found.append((stripped, first, last, row[: row.index(stripped)], "", "table row"))
        elif (
            token.type == "inline"
            and token.map
            and tokens[index - 1].type in ("paragraph_open", "heading_open")
        ):
            if not _words_outside_code(token):
                continue
            first, last = token.map
            start = lines[first].index(token.content.split("\n")[0])
            indent = (
                re.match(r"[ >]*", lines[first + 1]).group() if last - first > 1 else " " * start
            )
            kind = "heading" if tokens[index - 1].type == "heading_open" else "paragraph"
            found.append((token.content, first, last, lines[first][:start], indent, kind))
    return [Segment(f"{cell_id}:{n}", *piece) for n, piece in enumerate(found)]


def _tokens(source):
    """Python's tokens of the code (IPython's magics, %... and !..., read as blank lines), or [] if
    it does not tokenize."""
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")
    )
    try:
        return list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def _comments(source):
    """(line number from 0, column, text) of each comment of the code."""
    return [
        (tok.start[0] - 1, tok.start[1], tok.string)
        for tok in _tokens(source)
        if tok.type == tokenize.COMMENT
    ]


def is_label_name(name):
    """True for a variable whose value a student reads as text: `label`, `labels`, `bar_labels`, ..."""
    return name in LABEL_KEYWORDS or name == "labels" or name.endswith(LABEL_SUFFIXES)


def _in_label_value(frames):
    """True when the innermost brackets `frames` ([call name or None, keyword or None], outermost
    first) put a string inside the value of a label keyword, through lists, tuples or
    comprehensions only (`titles=[f"unit {j}" for j in ...]`), not through another call."""
    for call, keyword in reversed(frames):
        if keyword in LABEL_KEYWORDS:
            return True
        if call is not None:
            return False
    return False


def label_strings(source):
    """[(start, end, source text)] of each string a student reads (see LABEL_CALLS): a literal, or
    literals side by side, that is an argument of such a call, in the value of such a keyword or of an
    assignment `name = ...` to a label's name (`is_label_name`), with words outside its {fields},
    never a key in [...] or a dict's key; start and end are (line from 0, column)."""
    tokens = [t for t in _tokens(source) if t.type not in (tokenize.NL, tokenize.COMMENT)]
    lines = source.split("\n")
    frames, found, index = [], [], 0  # per open bracket: [its call's name or None, keyword or None]
    assigned = []  # [[None, "label"]] in the value of `label = ...`, outside all brackets
    while index < len(tokens):
        token = tokens[index]
        before = tokens[index - 1] if index else None
        statement_start = index < 2 or tokens[index - 2].type in (
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
        )
        if token.type == tokenize.NEWLINE or (token.string == ";" and not frames):
            assigned = []
        elif token.type == tokenize.OP and token.string in "([{":
            named = before is not None and before.type == tokenize.NAME and token.string == "("
            frames.append([before.string if named else None, None])
        elif token.type == tokenize.OP and token.string in ")]}" and frames:
            frames.pop()
        elif token.type == tokenize.OP and token.string == "=" and not frames:
            named = before is not None and before.type == tokenize.NAME and statement_start
            assigned = [[None, "label"]] if named and is_label_name(before.string) else []
        elif token.type == tokenize.OP and token.string == "=" and frames and before is not None:
            frames[-1][1] = before.string if before.type == tokenize.NAME else None
        elif token.type == tokenize.OP and token.string == "," and frames:
            frames[-1][1] = None
        elif token.type == tokenize.STRING and before is not None and (frames or assigned):
            last = index
            while last + 1 < len(tokens) and tokens[last + 1].type == tokenize.STRING:
                last += 1
            after = tokens[last + 1] if last + 1 < len(tokens) else None
            key = after is not None and (
                (before.string == "[" and after.string == "]") or after.string == ":"
            )
            argument = bool(frames) and before.string in ("(", ",") and frames[-1][0] in LABEL_CALLS
            if (argument or _in_label_value(assigned + frames)) and not key:
                (first, column), (end_line, end) = token.start, tokens[last].end
                text = "\n".join(lines[first - 1 : end_line])[column:]
                text = text[: len(text) - len(lines[end_line - 1]) + end]
                if WORD.search(FIELD.sub("", text)):
                    found.append(((first - 1, column), (end_line - 1, end), text))
            index = last
        index += 1
    return found


def string_segments(cell_id, source):
    """The code cell's strings a student reads, one piece each."""
    return [
        Segment(f"{cell_id}:'{n}", text, start[0], stop[0] + 1, "", "", "string", start[1], stop[1])
        for n, (start, stop, text) in enumerate(label_strings(source))
    ]


def comment_segments(cell_id, source):
    """The code cell's comments: each run of whole-line comments at one indentation is one piece,
    each comment after code on its line is one piece."""
    lines = source.split("\n")
    pieces = []
    for number, column, comment in _comments(source):
        if NBGRADER_MARKER.match(comment) or not WORD.search(comment):
            continue
        text = re.sub(r"^#+ ?", "", comment)
        hashes = comment[: len(comment) - len(text)]
        whole_line = not lines[number][:column].strip()
        previous = pieces[-1] if pieces else None
        if (
            whole_line
            and previous
            and previous["whole_line"]
            and previous["last"] == number
            and previous["prefix"] == lines[number][:column] + hashes
        ):
            previous["text"] += "\n" + text
            previous["last"] = number + 1
            continue
        pieces.append(
            {
                "text": text,
                "first": number,
                "last": number + 1,
                "whole_line": whole_line,
                "prefix": lines[number][:column] + hashes,
                "column": column,
                "hashes": hashes,
            }
        )
    # a longer translation of a trailing comment goes on below it, at the same column
    return [
        Segment(
            f"{cell_id}:#{n}",
            piece["text"],
            piece["first"],
            piece["last"],
            piece["prefix"],
            piece["prefix"] if piece["whole_line"] else " " * piece["column"] + piece["hashes"],
            "code comment",
            piece["column"],
        )
        for n, piece in enumerate(pieces)
    ]


def is_graded(cell):
    """True for a cell nbgrader grades or locks: its code stays identical in every edition."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade") or meta.get("locked"))


def cell_segments(cell):
    """The translatable pieces of one notebook cell."""
    if cell.cell_type == "markdown":
        return markdown_segments(cell.id, cell.source)
    if cell.cell_type == "code" and not is_graded(cell):
        return comment_segments(cell.id, cell.source) + string_segments(cell.id, cell.source)
    return []


def notebook_segments(nb):
    """Every translatable piece of the notebook, in order."""
    return [segment for cell in nb.cells for segment in cell_segments(cell)]


def translate_source(source, segments, translations):
    """`source` with each segment's lines replaced by its translation (translations: key -> text);
    a segment without one stays as it is."""
    lines = source.split("\n")
    # last first, so that what is still to replace has not moved (a comment after a string on its
    # line goes first: it keeps the code before it as it was)
    for segment in sorted(segments, key=lambda s: (s.first, s.column), reverse=True):
        text = translations.get(segment.key)
        if not text:
            continue
        if segment.kind == "string":
            head, tail = (
                lines[segment.first][: segment.column],
                lines[segment.last - 1][segment.end :],
            )
            lines[segment.first : segment.last] = (head + text + tail).split("\n")
            continue
        new = text.split("\n")
        lines[segment.first : segment.last] = [segment.prefix + new[0]] + [
            segment.indent + line for line in new[1:]
        ]
    return "\n".join(lines)
