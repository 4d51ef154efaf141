"""Writers over policy_model's results: the guidance matrix (xlsx) and the registry configuration."""
