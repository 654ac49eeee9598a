"""Partner apps: registration, OAuth grants, consent, the event feed and webhooks."""
