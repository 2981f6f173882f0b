"""nnhelpers/diagnostics: gradient checks and lesson 08's debugging tools."""
