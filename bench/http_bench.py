"""HTTP benchmarks with wrk: the real app next to the asyncpg baseline, on the bench data set.

    .venv/bin/python -m bench.generate                 # once: the national data set
    .venv/bin/python -m bench.http_bench               # 3 x 15 s per endpoint, about 4 minutes
    .venv/bin/python -m bench.http_bench --runs 5 --duration 30 --workers 1

Starts `pasar serve` (which migrates first; uvloop + httptools, the production settings) and
`bench/baseline_app.py` on loopback ports, then runs wrk against:

* `GET /v1/gigs/{id}` and the baseline's `GET /gigs/{id}`, alternating, random open gigs;
  the figure is the median throughput and the ratio app/baseline of the medians;
* `GET /v1/gigs?q=...&region=...` (realistic queries, provinces and regencies);
* `GET /v1/gigs/{id}/matches` as the gigs' owners (bearer tokens inserted for the run and
  deleted afterwards); skipped with a message while the endpoint does not exist.

Medians of the runs are printed and written with every run to bench/results/ (gitignored).
wrk must be installed: `apt-get update && apt-get install -y wrk`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.fixtures import Fixtures, dataset_problem, prepare_fixtures, remove_tokens
from bench.servers import Server, cpu_seconds_between, cpu_ticks, machine_description, start_server

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk_paths.lua"
WRK_INSTALL = "apt-get update && apt-get install -y wrk"
# Shown next to each figure; from issue 4.
TARGETS = {
    "gig_by_id": "app/baseline >= 0.50",
    "search": "p99 < 100 ms",
    "matches": "p50 < 50 ms, p99 < 200 ms",
    "health": "none: the app's floor without a query",
}
LABELS = {
    "search": "GET /v1/gigs?q=&region=",
    "matches": "GET /v1/gigs/{id}/matches",
    "health": "GET /healthz",
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if shutil.which("wrk") is None:
        print(f"http_bench: wrk is not installed; install it with: {WRK_INSTALL}", file=sys.stderr)
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = args.database_url or _embedded_url(args.database)
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    problem = dataset_problem(url)
    if problem and args.skip_schema_check and "migrations changed" in problem:
        print(f"http_bench: warning: {problem}; going on (--skip-schema-check)")
        problem = None
    if problem:
        print(f"http_bench: {problem}; run `.venv/bin/python -m bench.generate --reset "
              f"--database {args.database}` first", file=sys.stderr)  # fmt: skip
        return 2
    selected = args.only.split(",")
    unknown = set(selected) - {"ids", *LABELS}
    if unknown:
        print(f"http_bench: unknown --only {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    per_run = args.runs * args.duration + args.warmup
    seconds = sum(per_run * (2 if name == "ids" else 1) for name in selected)
    print(f"http_bench: about {seconds // 60 + 1} min of load; "
          f"{args.workers} worker(s) each, {args.connections} connections")  # fmt: skip
    fixtures = asyncio.run(prepare_fixtures(dsn, owners=args.owners))
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_description(dsn),
        "commit": _commit(),
        "config": {key: value for key, value in vars(args).items() if key != "database_url"},
        "benchmarks": {},
    }
    servers: list[Server] = []
    try:
        app = start_server("app", url, args.app_port, args.workers, RESULTS, args.app_log_level)
        servers.append(app)
        baseline = start_server("baseline", url, args.baseline_port, args.workers, RESULTS)
        servers.append(baseline)
        for server in servers:
            server.wait_ready(fixtures)
        if "ids" in selected:
            _gig_by_id(args, app, baseline, fixtures, report)
        # Lightest first: a slow search saturates the machine for a while after its runs.
        if "health" in selected:
            _single(args, app, "health", ["/healthz"], report)
        if "matches" in selected:
            _single(args, app, "matches", fixtures.match_paths, report)
        if "search" in selected:
            _single(args, app, "search", fixtures.search_paths, report)
    finally:
        for server in servers:
            server.stop()
        asyncio.run(remove_tokens(dsn, fixtures.token_ids))
    _write(report)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.http_bench", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--database-url", help="bench database (default: embedded pasar_bench)")
    parser.add_argument("--database", default="pasar_bench", help="embedded database name")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="per server")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument(
        "--matches-connections",
        type=int,
        help="connections for the matches runs (default: --connections); 1 gives service time",
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per run (15)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per endpoint (3)")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds first (5)")
    parser.add_argument(
        "--only",
        default="ids,search,matches",
        help="comma-separated subset of ids,search,matches,health (default: all but health)",
    )
    parser.add_argument("--owners", type=int, default=50, help="owners to mint tokens for")
    parser.add_argument("--app-port", type=int, default=8765)
    parser.add_argument("--baseline-port", type=int, default=8766)
    parser.add_argument(
        "--app-log-level", help="LOG_LEVEL for the app (default: the environment's, INFO)"
    )
    parser.add_argument(
        "--skip-schema-check",
        action="store_true",
        help="run although migrations changed since the load (endpoints may fail)",
    )
    return parser


def _commit() -> str:
    """HEAD, marked "+changes" when the working tree differs (figures of uncommitted code)."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return f"{head}+changes" if dirty else head


def _embedded_url(database: str) -> str:
    from app.devdb import ensure_database, start_embedded_postgres

    return ensure_database(start_embedded_postgres(ROOT / ".data", stop_on_exit=False), database)


def _gig_by_id(
    args: argparse.Namespace,
    app: Server,
    baseline: Server,
    fixtures: Fixtures,
    report: dict[str, Any],
) -> None:
    if not _available(app, fixtures.app_id_paths[0], "GET /v1/gigs/{id}"):
        return
    pairs = ((app, fixtures.app_id_paths), (baseline, fixtures.baseline_id_paths))
    files = {server.name: _paths_file(f"{server.name}-ids", paths) for server, paths in pairs}
    for server, _ in pairs:
        _wrk(args, server, files[server.name], args.warmup)
    runs: dict[str, list[dict[str, Any]]] = {"app": [], "baseline": []}
    for number in range(args.runs):
        # Alternate, so drift on a shared machine hits both sides alike.
        for server, _ in pairs:
            result = _wrk(args, server, files[server.name], args.duration)
            runs[server.name].append(result)
            _print_run(f"gig_by_id {server.name} run {number + 1}", result)
    app_median = _medians(runs["app"])
    baseline_median = _medians(runs["baseline"])
    ratio = app_median["rps"] / baseline_median["rps"] if baseline_median["rps"] else 0.0
    report["benchmarks"]["gig_by_id"] = {
        "app": {"runs": runs["app"], "median": app_median},
        "baseline": {"runs": runs["baseline"], "median": baseline_median},
        "ratio": round(ratio, 3),
        "connections": args.connections,
        "target": TARGETS["gig_by_id"],
    }


def _single(
    args: argparse.Namespace, app: Server, name: str, paths: list[str], report: dict[str, Any]
) -> None:
    label = LABELS[name]
    if not paths:
        print(f"http_bench: {name}: no fixtures (no open gigs?); skipped")
        return
    if not _available(app, paths[0], label):
        return
    file = _paths_file(name, paths)
    connections = args.matches_connections if name == "matches" else args.connections
    _wrk(args, app, file, args.warmup, connections)
    runs = []
    for number in range(args.runs):
        result = _wrk(args, app, file, args.duration, connections)
        runs.append(result)
        _print_run(f"{name} run {number + 1}", result)
    report["benchmarks"][name] = {
        "app": {"runs": runs, "median": _medians(runs)},
        "connections": connections,
        "target": TARGETS[name],
    }


def _available(server: Server, line: str, label: str) -> bool:
    """False (with a message) while the endpoint is not in the app yet or fails."""
    path, _, token = line.partition("\t")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(server.base_url + path, headers=headers, timeout=30)
    if response.status_code in (404, 405):
        print(f"http_bench: {label} answered {response.status_code} {response.text[:200]!r}; "
              "skipped (endpoint not in the app yet?)")  # fmt: skip
        return False
    if response.status_code != 200:
        print(f"http_bench: {label} answered {response.status_code} "
              f"{response.text[:300]!r}; skipped")  # fmt: skip
        return False
    return True


def _paths_file(name: str, paths: list[str]) -> Path:
    file = RESULTS / f"paths-{name}.txt"
    file.write_text("\n".join(paths) + "\n")
    return file


def _wrk(
    args: argparse.Namespace,
    server: Server,
    paths: Path,
    seconds: int,
    connections: int | None = None,
) -> dict[str, Any]:
    connections = connections or args.connections
    command = [
        "wrk", f"-t{min(args.threads, connections)}", f"-c{connections}", f"-d{seconds}s",
        "--latency",
        "--timeout", "10s", "-s", str(LUA), server.base_url, "--", str(paths),
    ]  # fmt: skip
    server_cpu, postgres_cpu = cpu_ticks(session_id=server.process.pid), _postgres_cpu()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    server_seconds = cpu_seconds_between(server_cpu, cpu_ticks(session_id=server.process.pid))
    postgres_seconds = cpu_seconds_between(postgres_cpu, _postgres_cpu())
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    summary = json.loads(line.removeprefix("WRKJSON "))
    seconds_measured = summary["duration_us"] / 1e6
    latency = summary["latency_us"]
    # Timed-out requests are not in wrk's histogram; with none answered its percentiles are 0.
    answered = latency["max"] > 0
    return {
        "rps": round(summary["requests"] / seconds_measured, 1),
        **{
            f"{key}_ms": latency[key] / 1000 if answered else None
            for key in ("p50", "p90", "p99", "max")
        },
        "requests": summary["requests"],
        "server_cpu_us_per_request": _per_request(server_seconds, summary["requests"]),
        "postgres_cpu_us_per_request": _per_request(postgres_seconds, summary["requests"]),
        "errors": summary["errors"],
        "load_average": os.getloadavg()[0],
    }


def _postgres_cpu() -> dict[int, int]:
    return cpu_ticks(command="postgres")


def _per_request(cpu: float, requests: int) -> float | None:
    return round(cpu * 1e6 / requests) if requests else None


def _medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def median(key: str) -> float | None:
        values = [run[key] for run in runs if run[key] is not None]
        return round(statistics.median(values), 2) if values else None

    failed = sum(sum(run["errors"].values()) for run in runs)
    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p90_ms": median("p90_ms"),
        "p99_ms": median("p99_ms"),
        "server_cpu_us_per_request": median("server_cpu_us_per_request"),
        "postgres_cpu_us_per_request": median("postgres_cpu_us_per_request"),
        "requests": sum(run["requests"] for run in runs),
        "errors": failed,
    }


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _print_run(label: str, result: dict[str, Any]) -> None:
    errors = sum(result["errors"].values())
    cpu = f"{result['server_cpu_us_per_request']} + {result['postgres_cpu_us_per_request']}"
    print(f"  {label:<28} {result['rps']:>9,.0f} req/s  p50 {_ms(result['p50_ms']):>7} ms  "
          f"p99 {_ms(result['p99_ms']):>7} ms  cpu {cpu} us/req  errors {errors}  "
          f"load {result['load_average']:.1f}", flush=True)  # fmt: skip


def _write(report: dict[str, Any]) -> None:
    rows = ["| benchmark | req/s | p50 ms | p90 ms | p99 ms | CPU µs/req server + PG "
            "| errors | target |",
            "|---|---:|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    labels = {
        ("gig_by_id", "app"): "`GET /v1/gigs/{id}` (app)",
        ("gig_by_id", "baseline"): "`GET /gigs/{id}` (baseline)",
        ("search", "app"): "`GET /v1/gigs?q=&region=`",
        ("matches", "app"): "`GET /v1/gigs/{id}/matches`",
        ("health", "app"): "`GET /healthz` (app, no query)",
    }
    for (name, side), label in labels.items():
        found = report["benchmarks"].get(name, {}).get(side)
        if found is None and name == "health":
            continue
        target = TARGETS[name] if side == "app" else ""
        if found is None:
            rows.append(f"| {label} | TODO | | | | | | {target} |")
            continue
        m = found["median"]
        cpu = f"{m['server_cpu_us_per_request']} + {m['postgres_cpu_us_per_request']}"
        rows.append(f"| {label} | {m['rps']:,.0f} | {_ms(m['p50_ms'])} | {_ms(m['p90_ms'])} | "
                    f"{_ms(m['p99_ms'])} | {cpu} | {m['errors']} | {target} |")  # fmt: skip
    ratio = report["benchmarks"].get("gig_by_id", {}).get("ratio")
    if ratio is not None:
        rows.append(f"\nThroughput ratio app/baseline (medians, same run): **{ratio:.2f}**")
    table = "\n".join(rows)
    print("\n" + table)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"http-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"http-{stamp}.md").write_text(table + "\n")
    print(f"\nhttp_bench: results in {RESULTS}/http-{stamp}.json and .md")


if __name__ == "__main__":
    sys.exit(main())
