"""Files: uploads checked by their content, stored behind one interface (local disk or
S3-compatible), attached to messages, milestone deliveries and portfolio items, and
downloaded through short-lived signed links by whoever may see them."""
