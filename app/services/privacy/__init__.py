"""Personal data rights (UU PDP), retention, and what operators do to accounts."""
