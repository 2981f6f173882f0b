"""The exercises (nnhelpers/exercises): every declaration walked, students' real code, hints, docs/mistakes.md."""
