"""The domain of pjd: the catalogue, its axes, decisions, checks and diffs. No UI, no exports."""
