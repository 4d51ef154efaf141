"""The screens of the pjd app, one per file."""
