"""Sphinx settings of the course website (`make site`; tools/site.py writes the pages it reads).

The pages are the student release of every lesson (no solutions, hidden tests or answer keys) with
the plots stored in notebooks/; nothing is executed. Formulas are typeset by a copy of MathJax 3
that tools/site.py puts in _static/mathjax/, so the site loads nothing from the internet.
"""

project = "Neural networks from scratch"
author = "the course authors"
copyright = "the course authors"

extensions = ["myst_nb"]
nb_execution_mode = "off"  # the pages carry their stored outputs; nothing runs
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # lessons may skip a heading level; the pages still read well

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
templates_path = ["_templates"]
html_theme_options = {
    # the language switch (tools/site.py appends `language` and html_context["language_switch"] here)
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "search_bar_text": "Search the lessons...",
}
html_show_sourcelink = False
html_copy_source = False
mathjax_path = "mathjax/tex-chtml.js"  # relative to _static: the local copy
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
