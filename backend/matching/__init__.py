"""Matching a page against the list and the rules, and scoring what was found."""
