"""Conversations: threads between a gig's owner and a creative, their messages, the system
messages the worker writes from the outbox, and the evidence admins read in a dispute."""
