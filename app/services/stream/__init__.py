"""The live stream (`GET /v1/me/stream`): PostgreSQL NOTIFY carries ids between replicas."""
