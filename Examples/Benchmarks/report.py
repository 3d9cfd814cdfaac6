#!/usr/bin/env python3
"""report.py: the one aggregator of the benchmark suite: medians, spreads, ratios, verdicts, table, CSV, JSON.

    report.py table RECORDS.csv [--suites p2p,heat,…] [--title TEXT]
        print the table of the records (only the rows of the named suites)
    report.py write RESULTS_DIR
        print the table of RESULTS_DIR/records.csv and write table.txt, bench.csv and bench.json beside it,
        with the machine's description from RESULTS_DIR/machine.txt
    report.py check RESULTS_DIR | RESULTS_ROOT
        judge the dimensionless targets (ratios, parallel efficiency) of one results folder, or of the
        latest complete one (with a bench.json) under RESULTS_ROOT; exit 1 with one line per shortfall

Records are the CSV lines every compare-*.sh script writes, one per figure a program printed:

    work,size,ranks,impl,repeat,value,unit
    p2p-latency,8,2,swift,1,0.340,us

Each repeat runs Swift and its references back to back, so a ratio is taken within a repeat (drift in the
machine's load hits both sides alike) and the table shows, for every figure, the median over repeats and
the spread (min–max). A target is met when the median meets it; when only the most favourable repeat
meets it, the shortfall is within the measured noise; when no repeat meets it, it is short: that is what
`check` fails on. Absolute times (the object ping-pong's ≤ 1.6 µs) depend on the machine: the table
shows their verdict, `check` does not judge them.

Python 3 standard library only.
"""
import csv
import json
import os
import statistics
import sys
from dataclasses import dataclass
from typing import Callable, Optional

RECORD_FIELDS = ["work", "size", "ranks", "impl", "repeat", "value", "unit"]
SUITES = ["p2p", "collectives", "halo", "heat", "nbody"]


# MARK: Targets and rows


@dataclass(frozen=True)
class Target:
    """A target of an issue, in its own words, and how to judge it."""

    wording: str
    issue: int
    judged: str  # "ratio" (per-repeat Swift/reference) or "swift" (Swift's own figure)
    op: str  # "<=" or ">="
    limit: float
    applies: Callable[[str, int], bool] = lambda size, ranks: True
    # A parallel efficiency is Swift's own figure but a fraction, like a ratio; an absolute time is not.
    limit_is_fraction: bool = False

    @property
    def dimensionless(self) -> bool:
        """Whether the judged figure is independent of the machine's speed (what `check` judges)."""
        return self.judged == "ratio" or self.limit_is_fraction

    def meets(self, value: float) -> bool:
        return value <= self.limit if self.op == "<=" else value >= self.limit

    def most_favourable(self, values: list) -> float:
        return min(values) if self.op == "<=" else max(values)


@dataclass(frozen=True)
class Comparison:
    """One kind of row: a Swift figure beside a reference figure, expanded over every (size, ranks) measured."""

    suite: str
    label: str
    unit: str
    swift: Optional[str]  # the work whose Swift records this row shows (None: a reference-only row)
    reference: tuple  # (work, impl) of the reference records
    target: Optional[Target] = None
    sizes: Optional[frozenset] = None  # only these sizes (None: every size measured)
    pair_by_size: bool = True  # False: the reference has one size of its own (e.g. another encoding)
    optional_reference: bool = False  # the reference may be absent (mpi4py): reported, never required
    size_format: str = "plain"  # "bytes", "bytes/rank", "encoded", "grid", "cells", "bodies", "doubles"
    scale: float = 1.0  # figures are shown (and written) in `unit`, the records' unit times this


def only_size(*sizes: str) -> Callable[[str, int], bool]:
    return lambda size, ranks: size in sizes


# The rows of the table, in order. Target wordings are the issues' own (issues 2–6).
CATALOGUE = [
    Comparison("p2p", "ping-pong latency", "us", "p2p-latency", ("p2p-latency", "c"),
               Target("≤ 1.05× C", 2, "ratio", "<=", 1.05, only_size("8")), size_format="bytes"),
    Comparison("p2p", "bandwidth, window of 64", "MB/s", "p2p-bandwidth", ("p2p-bandwidth", "c"),
               Target("≥ 0.97× C", 2, "ratio", ">=", 0.97, only_size("4194304")), size_format="bytes"),
    Comparison("p2p", "bandwidth via RequestSet", "MB/s", "p2p-bandwidth-requestset", ("p2p-bandwidth", "c"),
               size_format="bytes"),
    Comparison("p2p", "Codable object ping-pong", "us", "p2p-object", ("p2p-object", "mpi4py"),
               Target("≤ 1.6 µs", 2, "swift", "<=", 1.6), pair_by_size=False, optional_reference=True,
               size_format="encoded"),
    Comparison("collectives", "allreduce", "us", "allreduce", ("allreduce", "c"),
               Target("≤ 1.05× C", 3, "ratio", "<=", 1.05), size_format="bytes"),
    Comparison("collectives", "broadcast", "us", "broadcast", ("broadcast", "c"),
               Target("≤ 1.05× C", 3, "ratio", "<=", 1.05), size_format="bytes"),
    Comparison("collectives", "alltoall", "us", "alltoall", ("alltoall", "c"),
               Target("≤ 1.05× C", 3, "ratio", "<=", 1.05), size_format="bytes/rank"),
    Comparison("collectives", "allreduce vs mpi4py buffers", "us", "allreduce", ("allreduce", "mpi4py"),
               Target("at least 3× faster than mpi4py (≤ 0.333×)", 3, "ratio", "<=", 1 / 3), sizes=frozenset({"8"}),
               optional_reference=True, size_format="bytes"),
    Comparison("halo", "halo updateHalo", "us", "halo-updateHalo", ("halo-exchange", "c"),
               Target("≤ 1.1× C", 4, "ratio", "<=", 1.1), size_format="grid"),
    Comparison("halo", "halo HaloExchange", "us", "halo-exchange", ("halo-exchange", "c"),
               Target("≤ 1.1× C", 4, "ratio", "<=", 1.1), size_format="grid"),
    Comparison("halo", "updateHalo vs C Isend", "us", "halo-updateHalo", ("halo-exchange-isend", "c"),
               size_format="grid"),
    Comparison("halo", "HaloExchange vs C Isend", "us", "halo-exchange", ("halo-exchange-isend", "c"),
               size_format="grid"),
    Comparison("halo", "Jacobi sweep, offset", "us", "halo-sweep", ("halo-sweep", "c"), size_format="grid"),
    Comparison("halo", "Jacobi sweep, rows", "us", "halo-sweep-rows", ("halo-sweep", "c"), size_format="grid"),
    Comparison("halo", "Jacobi sweep, forEach", "us", "halo-sweep-forEach", ("halo-sweep", "c"),
               size_format="grid"),
    Comparison("halo", "Jacobi sweep, subscript", "us", "halo-sweep-subscript", ("halo-sweep", "c"),
               size_format="grid"),
    Comparison("heat", "STREAM triad", "GB/s", None, ("stream-triad", "c"), size_format="doubles"),
    Comparison("heat", "heat explicit", "MLUPS", "heat", ("heat", "c"),
               Target("≥ 0.95× C", 5, "ratio", ">=", 0.95), size_format="cells"),
    Comparison("heat", "heat fastest step", "MLUPS", "heat-fastest-step", ("heat-fastest-step", "c"),
               size_format="cells"),
    Comparison("heat", "heat vs roofline", "MLUPS", "heat", ("heat-roofline", "model"), size_format="cells"),
    Comparison("nbody", "n-body", "G inter/s", "nbody", ("nbody", "c"),
               Target("≥ 1.0× the vectorised C", 6, "ratio", ">=", 1.0), size_format="bodies", scale=1e-9),
    Comparison("nbody", "n-body, allgather", "G inter/s", "nbody-allgather", ("nbody", "c"), size_format="bodies",
               scale=1e-9),
    Comparison("nbody", "n-body vs C, same 1/√r²", "G inter/s", "nbody", ("nbody-same-arithmetic", "c"),
               size_format="bodies", scale=1e-9),
    Comparison("nbody", "n-body per CPU-second", "G inter/s", "nbody-per-processor", ("nbody-per-processor", "c"),
               size_format="bodies", scale=1e-9),
    Comparison("nbody", "n-body efficiency", "fraction", "nbody-efficiency", ("nbody-efficiency", "c"),
               Target("≥ 90 %", 6, "swift", ">=", 0.90, only_size("16384"), limit_is_fraction=True),
               size_format="bodies"),
    Comparison("nbody", "efficiency per CPU-second", "fraction", "nbody-per-processor-efficiency",
               ("nbody-per-processor-efficiency", "c"), size_format="bodies"),
]

IMPL_NAMES = {"c": "C", "mpi4py": "mpi4py", "model": "roofline", "swift": "Swift"}

# The STREAM-based roofline of the heat sweep (see compare-heat.sh): 24 B of memory traffic per cell
# update, while the triad's GB/s counts 24 of the 32 B per element the memory system moved.
ROOFLINE_MLUPS_PER_TRIAD_GBS = 1000 * 32 / 24 / 24


# MARK: Records


class RecordError(Exception):
    pass


def read_records(path: str) -> list:
    """The records of a CSV file, values as floats; a malformed line is an error naming it."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except OSError as error:
        raise RecordError(f"cannot read {path}: {error.strerror}")
    if not rows or rows[0] != RECORD_FIELDS:
        raise RecordError(f"{path}: the first line must be {','.join(RECORD_FIELDS)}")
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(RECORD_FIELDS):
            raise RecordError(f"{path}:{number}: expected {len(RECORD_FIELDS)} fields, got {len(row)}")
        record = dict(zip(RECORD_FIELDS, row))
        try:
            record["ranks"] = int(record["ranks"])
            record["repeat"] = int(record["repeat"])
            record["value"] = float(record["value"])
        except ValueError:
            raise RecordError(f"{path}:{number}: ranks and repeat must be integers and value a number: {row}")
        records.append(record)
    return records


def derive(records: list) -> list:
    """Adds the figures computed from others within one repeat: parallel efficiencies and the roofline."""
    index = {(r["work"], r["size"], r["ranks"], r["impl"], r["repeat"]): r["value"] for r in records}
    derived = []
    # Parallel efficiency on 2 ranks: rate(2) / (2 × rate(1)) per wall clock; per processor-second the
    # rates already sum over ranks, so rate(2) / rate(1).
    for work, name, scale in (("nbody", "nbody-efficiency", 2), ("nbody-per-processor",
                                                                   "nbody-per-processor-efficiency", 1)):
        for (w, size, ranks, impl, repeat), value in index.items():
            one = index.get((w, size, 1, impl, repeat))
            if w == work and ranks == 2 and one:
                derived.append(dict(work=name, size=size, ranks=2, impl=impl, repeat=repeat,
                                    value=value / (scale * one), unit="fraction"))
    heat_sizes = {(r["ranks"], r["size"]) for r in records if r["work"] == "heat"}
    for r in records:
        if r["work"] == "stream-triad":
            for ranks, size in heat_sizes:
                if ranks == r["ranks"]:
                    derived.append(dict(work="heat-roofline", size=size, ranks=ranks, impl="model",
                                        repeat=r["repeat"], value=r["value"] * ROOFLINE_MLUPS_PER_TRIAD_GBS,
                                        unit="MLUPS"))
    return records + derived


# MARK: Statistics


def spread(values: list) -> Optional[dict]:
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": values}


def by_repeat(records: list, work: str, impl: str, size: Optional[str], ranks: int) -> dict:
    """repeat → value for one figure; size None takes the figure's only size."""
    return {r["repeat"]: r["value"] for r in records
            if r["work"] == work and r["impl"] == impl and r["ranks"] == ranks and (size is None or r["size"] == size)}


def verdict(target: Optional[Target], judged: Optional[dict], reference_missing: bool) -> str:
    if target is None:
        return ""
    if judged is None:
        return "not measured" if reference_missing else "no data"
    if target.meets(judged["median"]):
        return "yes"
    if target.meets(target.most_favourable(judged["values"])):
        return "within noise"
    return "NO"


def rows_of(records: list, suites: Optional[list] = None) -> list:
    """The table's rows: one per comparison and (size, ranks) measured, with statistics and verdict."""
    records = derive(records)
    rows = []
    for comparison in CATALOGUE:
        if suites is not None and comparison.suite not in suites:
            continue
        driver = (comparison.swift, "swift") if comparison.swift else comparison.reference
        # In the order the programs printed them (sizes ascending, the process grid MPI chose first).
        keys = list(dict.fromkeys((r["size"], r["ranks"]) for r in records if (r["work"], r["impl"]) == driver))
        if comparison.sizes is not None:
            keys = [key for key in keys if key[0] in comparison.sizes]
        for size, ranks in keys:
            swift = by_repeat(records, comparison.swift, "swift", size, ranks) if comparison.swift else {}
            ref_work, ref_impl = comparison.reference
            reference = by_repeat(records, ref_work, ref_impl, size if comparison.pair_by_size else None, ranks)
            ratios = [swift[k] / reference[k] for k in sorted(swift) if k in reference and reference[k] != 0]
            target = comparison.target if comparison.target and comparison.target.applies(size, ranks) else None
            swift_stats, ratio_stats = spread([swift[k] * comparison.scale for k in sorted(swift)]), spread(ratios)
            judged = (ratio_stats if target.judged == "ratio" else swift_stats) if target else None
            rows.append({
                "suite": comparison.suite, "work": comparison.label, "size": size,
                "size_label": size_label(size, comparison.size_format), "ranks": ranks, "unit": comparison.unit,
                "swift": swift_stats,
                "reference_impl": IMPL_NAMES.get(ref_impl, ref_impl),
                "reference": spread([reference[k] * comparison.scale for k in sorted(reference)]),
                "ratio": ratio_stats if comparison.swift else None,
                "ratio_definition": f"Swift/{IMPL_NAMES.get(ref_impl, ref_impl)}" if comparison.swift else "",
                "target": target,
                "verdict": verdict(target, judged, comparison.optional_reference and not reference),
                "optional_reference": comparison.optional_reference,
            })
    return rows


# MARK: Formatting


def size_label(size: str, style: str) -> str:
    if style in ("bytes", "bytes/rank") and size.isdigit():
        value = int(size)
        for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
            if value >= scale and value % scale == 0:
                text = f"{value // scale} {unit}"
                break
        else:
            text = f"{value} B"
        return text + ("/rank" if style == "bytes/rank" else "")
    if style == "encoded":
        return f"{size} B encoded"
    if style == "grid":  # bench-halo's array is always 4096 × 4096; the size is the process grid
        return f"4096² on {size}"
    if style == "cells":
        return size.replace("x", "×")
    if style == "bodies":
        return f"N={size}"
    if style == "doubles" and size.isdigit() and int(size) % (1 << 20) == 0:
        return f"{int(size) >> 20} Mi doubles/rank"
    return size


def number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value:.3e}"
    if magnitude >= 1000:
        return f"{value:.0f}"
    if magnitude >= 100:
        return f"{value:.1f}"
    if magnitude >= 10:
        return f"{value:.2f}"
    return f"{value:.3f}"


def figure(stats: Optional[dict], prefix: str = "") -> str:
    if stats is None:
        return "-"
    text = prefix + number(stats["median"])
    if stats["n"] > 1:
        text += f" ({number(stats['min'])}–{number(stats['max'])})"
    return text


def unit_label(unit: str) -> str:
    return {"us": "µs"}.get(unit, unit)


def render(rows: list, title: str, repeats: int) -> str:
    header = ["work", "size", "ranks", "unit", "Swift", "reference", "Swift/ref", "target", "met?"]
    lines = []
    for row in rows:
        reference = figure(row["reference"], row["reference_impl"] + " ")
        if row["reference"] is None and row["optional_reference"]:
            reference = row["reference_impl"] + ": not installed"
        ratio = figure(row["ratio"])
        target = row["target"]
        lines.append([row["work"], row["size_label"], str(row["ranks"]), unit_label(row["unit"]),
                      figure(row["swift"]), reference, ratio,
                      f"{target.wording} (#{target.issue})" if target else "", row["verdict"]])
    widths = [max(len(cells[i]) for cells in [header] + lines) for i in range(len(header))]
    numeric = {2, 4, 5, 6}

    def line(cells):
        return "  ".join(cell.rjust(width) if i in numeric else cell.ljust(width)
                         for i, (cell, width) in enumerate(zip(cells, widths))).rstrip()

    out = [title,
           f"Figures: median (min–max) over {repeats} repeat{'s' if repeats != 1 else ''}; ratio: median (min–max) of "
           "the per-repeat ratios, Swift and reference run back to back in each repeat.",
           "met?: yes = the median meets the target; within noise = only the most favourable repeat does; "
           "NO = no repeat does.",
           "", line(header), line(["-" * width for width in widths])]
    previous = None
    for row, cells in zip(rows, lines):
        if previous is not None and row["suite"] != previous:
            out.append("")
        previous = row["suite"]
        out.append(line(cells))
    return "\n".join(out) + "\n"


def repeat_count(records: list) -> int:
    return max((r["repeat"] for r in records), default=0)


# MARK: Files


def read_machine(path: str) -> dict:
    """machine.txt: `key: value` lines written by suite.sh, kept in order."""
    machine = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                key, sep, value = line.rstrip("\n").partition(": ")
                if sep:
                    machine[key] = value
    return machine


def row_json(row: dict) -> dict:
    target = row["target"]
    return {
        "suite": row["suite"], "work": row["work"], "size": row["size"], "size_label": row["size_label"],
        "ranks": row["ranks"], "unit": row["unit"], "swift": row["swift"],
        "reference": dict(row["reference"], impl=row["reference_impl"]) if row["reference"] else None,
        "ratio": dict(row["ratio"], definition=row["ratio_definition"]) if row["ratio"] else None,
        "target": None if target is None else {
            "wording": target.wording, "issue": target.issue, "judged": target.judged, "op": target.op,
            "limit": target.limit, "checked_by_bench_check": target.dimensionless},
        "met": row["verdict"] or None,
    }


CSV_FIELDS = ["suite", "work", "size", "size_label", "ranks", "unit",
              "swift_median", "swift_min", "swift_max", "reference_impl", "reference_median", "reference_min",
              "reference_max", "ratio_definition", "ratio_median", "ratio_min", "ratio_max", "repeats",
              "target", "target_issue", "met"]


def row_csv(row: dict) -> list:
    def triple(stats):
        return ["", "", ""] if stats is None else [stats["median"], stats["min"], stats["max"]]

    target = row["target"]
    repeats = max((s["n"] for s in (row["swift"], row["reference"]) if s), default=0)
    return ([row["suite"], row["work"], row["size"], row["size_label"], row["ranks"], row["unit"]]
            + triple(row["swift"]) + [row["reference_impl"]] + triple(row["reference"])
            + [row["ratio_definition"]] + triple(row["ratio"]) + [repeats]
            + [target.wording if target else "", target.issue if target else "", row["verdict"]])


def suites_of(machine: dict) -> Optional[list]:
    return machine["suites"].split() if "suites" in machine else None


def write(directory: str) -> str:
    records = read_records(os.path.join(directory, "records.csv"))
    machine = read_machine(os.path.join(directory, "machine.txt"))
    rows = rows_of(records, suites_of(machine))
    repeats = repeat_count(records)
    summary = ", ".join(machine[key] for key in ("cpu", "cores", "memory", "mpi", "open_mpi", "commit") if key in machine)
    title = f"swift-mpi benchmark suite, {machine.get('date_utc', '')}: {summary}\n" + \
        f"load average (1 min) before {machine.get('load_before', '?')}, after {machine.get('load_after', '?')}; " + \
        f"the suite took {machine.get('elapsed', '?')}"
    if machine.get("failed_suites"):
        title += f"\nRUNS FAILED in: {machine['failed_suites']} (their rows are missing or partial)"
    table = render(rows, title, repeats)
    with open(os.path.join(directory, "table.txt"), "w", encoding="utf-8") as handle:
        handle.write(table)
    with open(os.path.join(directory, "bench.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        writer.writerows(row_csv(row) for row in rows)
    with open(os.path.join(directory, "bench.json"), "w", encoding="utf-8") as handle:
        json.dump({"machine": machine, "repeats": repeats, "rows": [row_json(row) for row in rows]}, handle,
                  indent=2, ensure_ascii=False)
        handle.write("\n")
    return table


# MARK: Check


def latest(root: str) -> str:
    """The folder itself when it holds a finished run, else the newest finished run under it."""
    if os.path.exists(os.path.join(root, "bench.json")):
        return root
    runs = sorted(entry for entry in (os.listdir(root) if os.path.isdir(root) else [])
                  if os.path.exists(os.path.join(root, entry, "bench.json")))
    if not runs:
        raise RecordError(f"no finished benchmark run under {root} (run `make bench` first)")
    return os.path.join(root, runs[-1])


def check(root: str) -> int:
    directory = latest(root)
    records = read_records(os.path.join(directory, "records.csv"))
    machine = read_machine(os.path.join(directory, "machine.txt"))
    rows = [row for row in rows_of(records, suites_of(machine)) if row["target"] is not None]
    repeats = repeat_count(records)
    print(f"bench-check: {directory} ({repeats} repeat{'s' if repeats != 1 else ''}, load average before "
          f"{machine.get('load_before', '?')}, after {machine.get('load_after', '?')})")
    counts = {"met": 0, "noise": 0, "short": 0, "skipped": 0}
    for suite in machine.get("failed_suites", "").split():
        counts["short"] += 1
        print(f"bench-check: SHORT: the {suite} runs failed, so its figures are missing or partial")
    for row in rows:
        target = row["target"]
        judged = row["ratio"] if target.judged == "ratio" else row["swift"]
        what = f"{row['work']} {row['size_label']} at {row['ranks']} rank{'s' if row['ranks'] != 1 else ''}"
        figure_text = (f"{row['ratio_definition']} " if target.judged == "ratio" else "") + figure(judged)
        if not target.dimensionless:
            counts["skipped"] += 1
            print(f"  not judged: {what}: {figure_text} {unit_label(row['unit'])} against {target.wording} "
                  f"(#{target.issue}) is an absolute time, which depends on the machine")
        elif row["verdict"] == "not measured":
            counts["skipped"] += 1
            print(f"  not judged: {what}: {row['reference_impl']} is not installed (reported, never required)")
        elif row["verdict"] in ("NO", "no data"):
            counts["short"] += 1
            repeats = judged["n"] if judged else 0
            reason = "no figure was measured" if row["verdict"] == "no data" else \
                f"{figure_text} misses {target.wording} (#{target.issue}) in " + \
                ("its only repeat" if repeats == 1 else f"all {repeats} repeats")
            print(f"bench-check: SHORT: {what}: {reason}")
        elif row["verdict"] == "within noise":
            counts["noise"] += 1
            print(f"  within noise: {what}: {figure_text} against {target.wording} (#{target.issue})")
        else:
            counts["met"] += 1
    print(f"bench-check: {counts['met']} met, {counts['noise']} within noise, {counts['short']} short, "
          f"{counts['skipped']} not judged")
    return 1 if counts["short"] else 0


# MARK: Command line

USAGE = "usage: report.py table RECORDS.csv [--suites S,…] [--title TEXT] | write RESULTS_DIR | check RESULTS_DIR"


def main(arguments: list) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        if len(arguments) >= 2 and arguments[0] == "table":
            options = dict(zip(arguments[2::2], arguments[3::2]))
            if len(arguments) % 2 or set(options) - {"--suites", "--title"}:
                raise RecordError(USAGE)
            suites = options["--suites"].split(",") if "--suites" in options else None
            unknown = set(suites or []) - set(SUITES)
            if unknown:
                raise RecordError(f"unknown suite {', '.join(sorted(unknown))} (known: {', '.join(SUITES)})")
            records = read_records(arguments[1])
            sys.stdout.write(render(rows_of(records, suites), options.get("--title", "Benchmark"),
                                    repeat_count(records)))
            return 0
        if len(arguments) == 2 and arguments[0] == "write":
            sys.stdout.write(write(arguments[1]))
            return 0
        if len(arguments) == 2 and arguments[0] == "check":
            return check(arguments[1])
        raise RecordError(USAGE)
    except RecordError as error:
        print(f"report.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
