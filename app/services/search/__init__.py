"""Full-text search helpers shared by the gig, creative and matching queries."""
