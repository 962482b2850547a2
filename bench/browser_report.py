"""The browser bench's Markdown: per set-up, each page's fresh visit against the floor, returning
visitor, page switch, traffic and where the time goes; tab switches, filter changes, server start;
the targets."""

from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path
from typing import Any

from bench.browser import errors, summary

# Targets of issue 17 (finding 10).
FRESH_FLOOR_RATIO_MAX = 1.3
RETURNING_MAX_S = 1.5
SWITCH_MAX_S = 1.0
FILTER_MAX_S = 0.5
TYPICAL_BUYER_FRESH_MAX_S = 2.6  # the peer's typical buyer, fresh
DONNEES_WARM_MAX_S = 1.1  # the peer's rows table, returning and page switch


def _cell(stats: dict[str, Any] | None, problems: list[str] | None = None) -> str:
    """'1.23 s (1.10–1.40)' from a summary in ms; 'n/a (error)' when there is none."""
    if stats is None:
        return f"n/a ({problems[0][:80]})" if problems else "–"
    return f"{stats['median'] / 1000:.2f} s ({stats['min'] / 1000:.2f}–{stats['max'] / 1000:.2f})"


def _median(samples: list[dict[str, Any]], key: str) -> float | None:
    values = [s[key] for s in samples if s.get(key) is not None and "error" not in s]
    return statistics.median(values) if values else None


def _s(ms: float | None) -> str:
    return "–" if ms is None else f"{ms / 1000:.2f}"


def _verdict(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[ok]


def _pages(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"floor": record["floor"]["pages"].get("floor", {}), **record["app"]["pages"]}


def report(result: dict[str, Any], heading: str = "##", title: str = "Time until usable in chromium") -> str:
    """The whole browser report for one DB: every set-up, then the targets."""
    db = Path(result["db"])
    opts = result["options"]
    buyers = result.get("buyers", {})
    load = " ".join(f"{x:.1f}" for x in result.get("loadavg_after", ()))
    lines = [
        f"{heading} {title} (`python -m bench.browser`)",
        "",
        f"Measured {result['started_utc']}–{result.get('finished_utc', '?')} UTC on {os.cpu_count()} cores, "
        f"{platform.system()} {platform.machine()}, headless Debian chromium at 1440×900, DB `{db.name}`. "
        f"{opts['rounds']} server start(s) per set-up, {opts['visits']} measured visit(s) per page "
        f"per start; quiet window {opts['quiet_ms']} ms. Load average at the end: {load} (the machine "
        "is shared: compare figures of the same run).",
        "",
        "Usable = the script is idle, the page's charts (SVG), tables (a grid's canvas, or static "
        "HTML) and metrics are drawn, and no HTTP request, websocket frame or DOM change for the quiet "
        "window; the time is the last "
        "DOM change or HTTP response, from navigation start (fresh, returning) or from the click or "
        "release (switch, filter). *Fresh*: a new browser context (empty cache) with the server's "
        "caches warm; *fresh, server cold*: the first visit of that page after the server started; "
        "*returning*: the same context, bundle cached, a new page load; *switch*: a click on the "
        "app's navigation link from the page before it.",
        "",
        "Paths: "
        + ", ".join(
            f"{key} `{path}`" if path else f"{key} not in the navigation"
            for key, path in result.get("paths", {}).items()
        )
        + ".",
    ]
    for label, pick in buyers.items():
        lines.append(
            f"Acheteurs ({label}): buyer `{pick['buyer']}`, {pick['contracts']:,} contracts "
            f"(quantile {pick['quantile']:g} of {pick['buyers']:,} buyers)."
        )
    for setup, record in result.get("setups", {}).items():
        lines += _setup(setup, record, heading + "#")
    lines += [
        "",
        f"{heading}# Targets (issue 17)",
        "",
        "| set-up | target | measured | verdict |",
        "|---|---|---|---|",
    ]
    for setup, record in result.get("setups", {}).items():
        lines += [
            f"| {setup} | {target} | {measured} | {_verdict(ok)} |"
            for target, measured, ok in targets(record)
        ]
    return "\n".join(lines) + "\n"


def _setup(setup: str, record: dict[str, Any], heading: str) -> list[str]:
    pages = _pages(record)
    floor = summary(pages["floor"].get("fresh", []))
    lines = [
        "",
        f"{heading} Set-up: {setup}"
        + (" (deploy/nginx.conf in front of streamlit)" if setup == "nginx" else " (streamlit on 127.0.0.1)"),
        "",
        "| page | fresh | × floor | fresh, server cold | returning | switch | requests, HTTP kB (fresh) "
        "| websocket in, kB (messages) | charts / tables / metrics |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, entry in pages.items():
        fresh_samples = entry.get("fresh", [])
        fresh = summary(fresh_samples)
        ratio = f"{fresh['median'] / floor['median']:.2f}×" if fresh and floor else "n/a"
        requests, kb = _median(fresh_samples, "requests"), _median(fresh_samples, "http_kb")
        ws_kb, ws_n = _median(fresh_samples, "ws_in_kb"), _median(fresh_samples, "ws_in_messages")
        counts = [_median(fresh_samples, k) for k in ("charts", "tables", "metrics")]
        kinds = ("fresh_server_cold", "returning", "switch")
        cold, returning, switch = (_cell(summary(entry.get(k, [])), errors(entry.get(k, []))) for k in kinds)
        lines.append(
            f"| {page} | {_cell(fresh, errors(fresh_samples))} | {ratio} | {cold} | {returning} | {switch} "
            f"| {f'{requests:.0f}, {kb:,.0f}' if requests is not None and kb is not None else '–'} "
            f"| {f'{ws_kb:,.1f} ({ws_n:.0f})' if ws_kb is not None and ws_n is not None else '–'} "
            f"| {' / '.join('–' if c is None else f'{c:.0f}' for c in counts)} |"
        )
    lines += [
        "",
        "Where a fresh visit's time goes (medians, s from navigation start): the HTML, the last static "
        "file (JS/CSS bundle), the websocket open, its first and last message received, usable.",
        "",
        "| page | HTML | bundle | websocket open | first message | last message | usable |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page, entry in pages.items():
        fresh_samples = entry.get("fresh", [])
        keys = ("html_ms", "static_ms", "ws_open_ms", "ws_first_ms", "ws_last_ms", "usable_ms")
        lines.append(f"| {page} | " + " | ".join(_s(_median(fresh_samples, k)) for k in keys) + " |")
    lines += [
        "",
        "A page's tabs draw only the open one (`dashboard.ui.page_tabs`): each tab but the first, "
        "clicked from the tab before it, until redrawn.",
        "",
        "| tab switch | until redrawn | websocket in, kB | charts / tables |",
        "|---|---:|---:|---:|",
    ]
    for name, samples in record["app"].get("tabs", {}).items():
        ws = _median(samples, "ws_in_kb")
        counts = [_median(samples, kind) for kind in ("charts", "tables")]
        drawn = " / ".join("–" if c is None else f"{c:.0f}" for c in counts)
        lines.append(
            f"| {name} | {_cell(summary(samples), errors(samples))} | {'–' if ws is None else f'{ws:,.1f}'} "
            f"| {drawn} |"
        )
    lines += ["", "| filter change | until redrawn | websocket in, kB |", "|---|---:|---:|"]
    for name, samples in record["app"].get("filters", {}).items():
        ws = _median(samples, "ws_in_kb")
        lines.append(
            f"| {name} | {_cell(summary(samples), errors(samples))} | {'–' if ws is None else f'{ws:,.1f}'} |"
        )
    lines += [
        "",
        "| server start (process start to …) | health answers | first usable `/` |",
        "|---|---:|---:|",
    ]
    for name in ("floor", "app"):
        starts = record[name]["start"]
        health = summary([{"v": s["health_s"] * 1000} for s in starts], "v")
        usable = summary([{"v": s["start_to_usable_s"] * 1000} for s in starts], "v")
        lines.append(f"| {name} | {_cell(health)} | {_cell(usable)} |")
    return lines


def _slowest(
    target: str, samples: dict[str, list[dict[str, Any]]], limit_s: float
) -> tuple[str, str, bool | None]:
    """The row of a target each measured interaction must meet: the slowest median against it."""
    medians = [
        (name, stats["median"]) for name, stats in ((n, summary(x)) for n, x in samples.items()) if stats
    ]
    if not medians:
        return (target, "not measured", None)
    name, ms = max(medians, key=lambda item: item[1])
    return (target, f"slowest {name} {ms / 1000:.2f} s", ms / 1000 <= limit_s)


def targets(record: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for one set-up; None when it could not be measured."""
    pages = record["app"]["pages"]
    floor = summary(_pages(record)["floor"].get("fresh", []))
    rows: list[tuple[str, str, bool | None]] = []

    def worst(kind: str, names: list[str]) -> tuple[str, float] | None:
        found = [(name, summary(pages[name].get(kind, []))) for name in names if name in pages]
        found = [(name, s["median"]) for name, s in found if s]
        return max(found, key=lambda item: item[1]) if found else None

    plain = [name for name in pages if "(" not in name]
    every = list(pages)
    slowest = worst("fresh", every)
    if slowest and floor:
        ratio = slowest[1] / floor["median"]
        rows.append(
            (
                f"fresh visit ≤ {FRESH_FLOOR_RATIO_MAX}× the floor, every page",
                f"slowest {slowest[0]} {slowest[1] / 1000:.2f} s = {ratio:.2f}× "
                f"the floor's {floor['median'] / 1000:.2f} s",
                ratio <= FRESH_FLOOR_RATIO_MAX,
            )
        )
    else:
        rows.append((f"fresh visit ≤ {FRESH_FLOOR_RATIO_MAX}× the floor", "not measured", None))
    for kind, label, limit, names in (
        ("returning", "returning visitor", RETURNING_MAX_S, every),
        ("switch", "page switch", SWITCH_MAX_S, plain),
    ):
        found = worst(kind, names)
        rows.append(
            (
                f"{label} ≤ {limit} s, every page",
                f"slowest {found[0]} {found[1] / 1000:.2f} s" if found else "not measured",
                found[1] / 1000 <= limit if found else None,
            )
        )
    rows.append(
        _slowest(f"tab switch ≤ {SWITCH_MAX_S} s, every tab", record["app"].get("tabs", {}), SWITCH_MAX_S)
    )
    rows.append(_slowest(f"filter change ≤ {FILTER_MAX_S} s", record["app"].get("filters", {}), FILTER_MAX_S))
    typical = summary(pages.get("acheteurs (typical buyer)", {}).get("fresh", []))
    rows.append(
        (
            f"Acheteurs, typical buyer, fresh < {TYPICAL_BUYER_FRESH_MAX_S} s",
            f"{typical['median'] / 1000:.2f} s" if typical else "not measured",
            typical["median"] / 1000 < TYPICAL_BUYER_FRESH_MAX_S if typical else None,
        )
    )
    for kind, label in (("returning", "returning"), ("switch", "page switch")):
        stats = summary(pages.get("donnees", {}).get(kind, []))
        rows.append(
            (
                f"Données, {label} < {DONNEES_WARM_MAX_S} s",
                f"{stats['median'] / 1000:.2f} s" if stats else "not measured",
                stats["median"] / 1000 < DONNEES_WARM_MAX_S if stats else None,
            )
        )
    return rows
