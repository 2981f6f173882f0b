"""The language nnhelpers speaks: English, or the one named by the environment variable NN_LANG.

    from nnhelpers.i18n import _
    print(_("All good: your versions match the ones the stored outputs were made with."))

It is the lowest layer of nnhelpers (tests/course/test_layout.py): the engine's errors, the plots, the checks and
the top-level modules may all import it. The language is chosen once, when nnhelpers is first imported: `make lab LANG=uk` sets NN_LANG=uk for
JupyterLab and so for every kernel it starts. A message is looked up in
nnhelpers/i18n/locale/<lang>/LC_MESSAGES/nnhelpers.mo, compiled by `make translations` from
locale/<lang>/LC_MESSAGES/nnhelpers.po (tests/course/test_translations.py checks it is current), with the
standard library's gettext: nothing to install or compile for a student. A message the catalogue does
not have, or any message in English, is printed as written.

Self-check messages, mistakes and hints (declared once per exercise in nnhelpers/exercises/, issue 21)
take the same road: each declared message is written as `_("...")` (or passed through `_()` where the
declaration is read), and its module is added to PYTHON_SOURCES in tools/translations.py, whose `update`
then puts its messages into nnhelpers.po for the translator.

Format messages after translating them, so that the catalogue holds one entry per sentence:
`_("{name} differ from the pinned versions.").format(name=...)`.
"""

import gettext
import os
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locale"


def mo_path(lang):
    """Where the compiled catalogue of `lang` lives."""
    return LOCALES / lang / "LC_MESSAGES" / "nnhelpers.mo"


def language():
    """The language chosen by NN_LANG ("uk"), or "en" when it is unset or names no catalogue."""
    lang = os.environ.get("NN_LANG", "en").strip() or "en"
    return lang if lang == "en" or mo_path(lang).exists() else "en"


def translations(lang):
    """The gettext translations of `lang` (English: messages as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("nnhelpers", localedir=LOCALES, languages=[lang])


_ = translations(language()).gettext
