"""Text for the instructor's terminal and spreadsheets: nothing a submission wrote may steer them.

A cell id, a grade id, an error message or a student folder's name can hold escape sequences (erase the
line, write to the clipboard with OSC 52), bidirectional overrides or other control characters; what
`make grade` prints and every CSV it writes go through `plain` first.
"""

import csv
import unicodedata


def plain(text):
    """`text` without control or format characters (Unicode categories Cc, Cf); a line break or tab
    becomes a space."""
    return "".join(
        " " if char in "\t\n\r" else char
        for char in str(text)
        if char in "\t\n\r" or unicodedata.category(char) not in ("Cc", "Cf")
    )


def write_csv(path, header, rows):
    """A CSV file of `header` and `rows` (sequences or dicts keyed by the header), every field plain."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([plain(name) for name in header])
        for row in rows:
            values = [row.get(name, "") for name in header] if isinstance(row, dict) else row
            writer.writerow([plain(value) for value in values])


def make_plain(path):
    """Rewrite the CSV file `path` (nbgrader's export, say) with every field plain."""
    with open(path, newline="") as f:
        header, *rows = list(csv.reader(f))
    write_csv(path, header, rows)
