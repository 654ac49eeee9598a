"""Hubs and programmes (issue 13): staff, affiliations, assisted owners, pools, impact."""
