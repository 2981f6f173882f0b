"""tools/grading: the grading round trip, hostile submissions, repair, the trusted scores."""
