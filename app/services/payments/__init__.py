"""Payment providers (Stripe, sandbox) behind one gateway interface, and their webhooks."""
