-- PostgreSQL settings the benchmarks in bench/README.md ran with, on the embedded server
-- (whose defaults are initdb's: shared_buffers 128MB, io_method worker, JIT on).
--   psql "$(.venv/bin/pasar db-url --libpq)" -f bench/postgres_settings.sql
--   .venv/bin/pasar db-stop   # shared_buffers and io_method apply from the next start
-- The bench database is 3.9 GB; 1 GB of shared buffers keeps the hot part of gigs and the
-- matching indexes in PostgreSQL's own cache instead of a read through an I/O worker each
-- time. JIT compiles plans above a cost threshold, which search and matching plans cross;
-- for millisecond queries the compilation costs more than it saves.
ALTER SYSTEM SET shared_buffers = '1GB';
ALTER SYSTEM SET io_method = 'sync';
ALTER SYSTEM SET jit = off;
