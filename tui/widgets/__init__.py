"""Reusable widgets of the pjd app."""
