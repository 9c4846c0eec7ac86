#!/usr/bin/env python3
"""Markdown rows from asamblea-load's JSON reports (--json FILE), one row per run.

    python3 bench/load/table.py /tmp/load-sqlite-*.json /tmp/load-pg-*.json
"""
import json
import sys


def rate(db):
    if not db:
        return ""
    if "single_row_commits_per_s" in db:
        return "{:,.0f} commits/s; {:,.0f} rows/s in 1,000-row tx".format(
            db["single_row_commits_per_s"], db["rows_per_s_in_1000_row_transactions"])
    return "{:,.0f} tx/s (1 client), {:,.0f} tx/s (32) [{}]".format(
        db["insert_tx_per_s_1_clients"], db["insert_tx_per_s_32_clients"], db.get("measured_by", ""))


def after_kill(r):
    k = r.get("kill")
    c = r["count"]
    verdict = "{} acknowledged, {} counted, lost {}".format(c["acknowledged"], c["counted"], c["lost"])
    if k:
        verdict += "; killed mid-run: {} unanswered resent, {} failed".format(
            k["unanswered_resent"], k["resend_failed"])
    elif "killed_at_end_restart_s" in r:
        verdict += " (killed before the close)"
    return verdict


print("| file | backend | ballots | clients | ballots/s | p50 / p99 / max (ms) | errors (listen drops) | server CPU (cores) | tool CPU (s) | peak RSS (MiB) | close → screens p99 (ms) | DB alone | count |")
print("|---|---|---|---:|---:|---|---|---:|---:|---:|---:|---|---|")
for path in sys.argv[1:]:
    with open(path) as f:
        rep = json.load(f)
    for r in rep["runs"]:
        lat = r["latency"]
        obs = r["observers"]
        close = obs["close_to_screen"]["p99_ms"] if obs["connected"] else ""
        print("| {} | {} | {} | {} | {:,.0f} | {} / {} / {} | {} | {} | {} | {} | {} | {} | {} |".format(
            path, rep["backend"], r["scenario"] + (", " + r["ballots"] if "ballots" in r else ""), r["clients"], r["ballots_per_s"],
            lat["p50_ms"], lat["p99_ms"], lat["max_ms"],
            "{} ({})".format(sum(r["errors"].values()), r.get("listen_overflows")), r["server_cpu_s"]["cores_busy"], r.get("tool_cpu_s", ""),
            r["server_peak_rss_mib"], close, rate(rep.get("database_insert_rate")), after_kill(r)))
    if not rep["record_verify"]["passed"]:
        print("| {} | record verify FAILED: {} |".format(path, rep["record_verify"]["output"]))
