"""The students' self-checks (nnhelpers/checks), one file per exercise in lesson order, and hints."""
