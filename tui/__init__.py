"""The faces of pjd: the `pjd` command line and the Textual app."""
