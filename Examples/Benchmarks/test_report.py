#!/usr/bin/env python3
"""test_report.py: report.py on canned records whose medians, ratios and verdicts are worked out by hand.

    python3 Examples/Benchmarks/test_report.py        (part of `make test`, through `make bench-selftest`)
"""
import contextlib
import csv
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402 - the module under test sits beside this file

HEADER = "work,size,ranks,impl,repeat,value,unit\n"


def lines(work, size, ranks, impl, values, unit):
    return "".join(f"{work},{size},{ranks},{impl},{repeat},{value},{unit}\n"
                   for repeat, value in enumerate(values, start=1))


# Three repeats. The comments give the per-repeat ratios Swift/reference and what the verdict must be.
CANNED = HEADER + "".join([
    # ratios 1.0333, 1.03125, 1.2903: median 1.0333 ≤ 1.05 → yes, although one repeat is far off.
    lines("p2p-latency", 8, 2, "c", [0.30, 0.32, 0.31], "us"),
    lines("p2p-latency", 8, 2, "swift", [0.31, 0.33, 0.40], "us"),
    # No target at 16 B.
    lines("p2p-latency", 16, 2, "c", [0.40, 0.40, 0.40], "us"),
    lines("p2p-latency", 16, 2, "swift", [0.50, 0.60, 0.40], "us"),
    # ratios 0.96, 0.98, 0.95: median 0.96 < 0.97, best 0.98 ≥ 0.97 → within noise.
    lines("p2p-bandwidth", 4194304, 2, "c", [10000, 10000, 10000], "MB/s"),
    lines("p2p-bandwidth", 4194304, 2, "swift", [9600, 9800, 9500], "MB/s"),
    # An absolute target, judged on Swift's median 1.5 µs → yes; never judged by check. No mpi4py.
    lines("p2p-object", 60, 2, "swift", [1.5, 1.7, 1.4], "us"),
    # ratios 1.1, 1.15, 1.125: every repeat misses ≤ 1.05 → NO; the one shortfall check reports.
    lines("allreduce", 8, 2, "c", [0.40, 0.40, 0.40], "us"),
    lines("allreduce", 8, 2, "swift", [0.44, 0.46, 0.45], "us"),
    # Roofline 18 GB/s × 1000 / 18 = 1000 MLUPS; heat ratios 0.95, 0.96, 0.90: median 0.95 ≥ 0.95 → yes.
    lines("stream-triad", 33554432, 1, "c", [18, 18, 18], "GB/s"),
    lines("heat", "4096x4096", 1, "c", [1000, 1000, 1000], "MLUPS"),
    lines("heat", "4096x4096", 1, "swift", [950, 960, 900], "MLUPS"),
    # n-body at 1 rank: ratios 1.0, 1.1, 1.0 → yes. At 2 ranks: 1.0, 0.9263, 0.8947 → within noise.
    # Swift's efficiency 1.9/(2×1.0) = 0.95, 1.76/(2×1.1) = 0.8, 1.7/(2×1.0) = 0.85: median 0.85 < 0.90,
    # best 0.95 → within noise; C's is 0.95 in every repeat.
    lines("nbody", 16384, 1, "c", [1.0e9, 1.0e9, 1.0e9], "interactions/s"),
    lines("nbody", 16384, 2, "c", [1.9e9, 1.9e9, 1.9e9], "interactions/s"),
    lines("nbody", 16384, 1, "swift", [1.0e9, 1.1e9, 1.0e9], "interactions/s"),
    lines("nbody", 16384, 2, "swift", [1.9e9, 1.76e9, 1.7e9], "interactions/s"),
])

MACHINE = "date_utc: 2026-11-21T09:00:00Z\ncpu: Test CPU\nrepeats: 3\nload_before: 0.10\nload_after: 0.20\n" \
          "failed_suites: \n"


def row(rows, work, size, ranks):
    matches = [r for r in rows if r["work"] == work and r["size"] == str(size) and r["ranks"] == ranks]
    assert len(matches) == 1, f"{len(matches)} rows for {work} {size} {ranks}"
    return matches[0]


class Folder:
    """A results folder holding the canned records and a machine description."""

    def __init__(self, records=CANNED, machine=MACHINE):
        self.temporary = tempfile.TemporaryDirectory()
        self.path = self.temporary.name
        for name, text in (("records.csv", records), ("machine.txt", machine)):
            with open(os.path.join(self.path, name), "w", encoding="utf-8") as handle:
                handle.write(text)

    def __enter__(self):
        return self.path

    def __exit__(self, *exception):
        self.temporary.cleanup()


def quietly(function, *arguments):
    """function's result and what it printed."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        result = function(*arguments)
    return result, output.getvalue()


class Statistics(unittest.TestCase):
    def setUp(self):
        with Folder() as path:
            self.rows = report.rows_of(report.read_records(os.path.join(path, "records.csv")))

    def test_medians_and_spreads_of_each_side(self):
        latency = row(self.rows, "ping-pong latency", 8, 2)
        self.assertEqual((latency["swift"]["median"], latency["swift"]["min"], latency["swift"]["max"]),
                         (0.33, 0.31, 0.40))
        self.assertEqual(latency["reference"]["median"], 0.31)
        self.assertEqual(latency["reference_impl"], "C")

    def test_ratios_are_taken_within_each_repeat(self):
        latency = row(self.rows, "ping-pong latency", 8, 2)["ratio"]
        self.assertAlmostEqual(latency["median"], 0.31 / 0.30)
        self.assertAlmostEqual(latency["min"], 0.33 / 0.32)
        self.assertAlmostEqual(latency["max"], 0.40 / 0.31)

    def test_verdicts(self):
        expected = {
            ("ping-pong latency", "8", 2): "yes",
            ("ping-pong latency", "16", 2): "",
            ("bandwidth, window of 64", "4194304", 2): "within noise",
            ("Codable object ping-pong", "60", 2): "yes",
            ("allreduce", "8", 2): "NO",
            ("allreduce vs mpi4py buffers", "8", 2): "not measured",
            ("heat explicit", "4096x4096", 1): "yes",
            ("n-body", "16384", 1): "yes",
            ("n-body", "16384", 2): "within noise",
            ("n-body efficiency", "16384", 2): "within noise",
        }
        for (work, size, ranks), verdict in expected.items():
            with self.subTest(work=work, size=size, ranks=ranks):
                self.assertEqual(row(self.rows, work, size, ranks)["verdict"], verdict)

    def test_parallel_efficiency_is_derived_per_repeat(self):
        efficiency = row(self.rows, "n-body efficiency", 16384, 2)
        self.assertEqual(efficiency["swift"]["values"], [0.95, 0.8, 0.85])
        self.assertAlmostEqual(efficiency["reference"]["median"], 0.95)

    def test_roofline_from_the_same_repeats_triad(self):
        roofline = row(self.rows, "heat vs roofline", "4096x4096", 1)
        self.assertAlmostEqual(roofline["reference"]["median"], 1000)
        self.assertAlmostEqual(roofline["ratio"]["median"], 0.95)

    def test_display_scale(self):
        self.assertAlmostEqual(row(self.rows, "n-body", 16384, 1)["swift"]["median"], 1.0)  # G interactions/s

    def test_only_the_suites_asked_for(self):
        with Folder() as path:
            rows = report.rows_of(report.read_records(os.path.join(path, "records.csv")), ["heat"])
        self.assertEqual({r["suite"] for r in rows}, {"heat"})


class Files(unittest.TestCase):
    def test_write_produces_table_csv_and_json_that_agree(self):
        with Folder() as path:
            table, _ = quietly(report.write, path)
            with open(os.path.join(path, "bench.csv"), newline="", encoding="utf-8") as handle:
                csv_rows = list(csv.DictReader(handle))
            with open(os.path.join(path, "bench.json"), encoding="utf-8") as handle:
                document = json.load(handle)
            with open(os.path.join(path, "table.txt"), encoding="utf-8") as handle:
                self.assertEqual(handle.read(), table)
        self.assertEqual(len(csv_rows), len(document["rows"]))
        self.assertEqual(document["machine"]["cpu"], "Test CPU")
        self.assertEqual(document["repeats"], 3)
        allreduce = [r for r in csv_rows if r["work"] == "allreduce" and r["size"] == "8"][0]
        self.assertEqual(allreduce["met"], "NO")
        self.assertAlmostEqual(float(allreduce["ratio_median"]), 1.125)
        self.assertEqual(allreduce["target"], "≤ 1.05× C")
        latency = [r for r in document["rows"] if r["work"] == "ping-pong latency" and r["size"] == "8"][0]
        self.assertEqual(latency["target"]["limit"], 1.05)
        self.assertEqual(latency["met"], "yes")
        self.assertIn("allreduce", table)
        self.assertIn("within noise", table)

    def test_malformed_record_names_its_line(self):
        with Folder(CANNED + "allreduce,8,2,c,4,fast,us\n") as path:
            with self.assertRaisesRegex(report.RecordError, r"records.csv:\d+: .*number"):
                report.read_records(os.path.join(path, "records.csv"))

    def test_missing_header_is_refused(self):
        with Folder(CANNED[len(HEADER):]) as path:
            with self.assertRaisesRegex(report.RecordError, "first line"):
                report.read_records(os.path.join(path, "records.csv"))


class Check(unittest.TestCase):
    def test_fails_on_the_shortfall_beyond_noise_only(self):
        with Folder() as path:
            quietly(report.write, path)
            status, output = quietly(report.check, path)
        self.assertEqual(status, 1)
        shortfalls = [line for line in output.splitlines() if line.startswith("bench-check: SHORT")]
        self.assertEqual(len(shortfalls), 1)
        self.assertIn("allreduce 8 B at 2 ranks", shortfalls[0])
        self.assertIn("3 met, 3 within noise, 1 short, 2 not judged", output)

    def test_passes_when_every_shortfall_is_within_noise(self):
        fixed = CANNED.replace("allreduce,8,2,swift,1,0.44", "allreduce,8,2,swift,1,0.41")
        with Folder(fixed) as path:
            quietly(report.write, path)
            status, output = quietly(report.check, path)
        self.assertEqual(status, 0, output)
        self.assertIn("3 met, 4 within noise, 0 short", output)  # allreduce now within noise

    def test_a_failed_suite_fails_the_check(self):
        fixed = CANNED.replace("allreduce,8,2,swift,1,0.44", "allreduce,8,2,swift,1,0.41")
        with Folder(fixed, MACHINE.replace("failed_suites: ", "failed_suites: halo")) as path:
            quietly(report.write, path)
            status, output = quietly(report.check, path)
        self.assertEqual(status, 1)
        self.assertIn("the halo runs failed", output)

    def test_latest_finished_run_under_a_root(self):
        with tempfile.TemporaryDirectory() as root:
            for name, finished in (("20261121T080000Z", True), ("20261121T090000Z", True),
                                   ("20261121T100000Z", False)):
                os.mkdir(os.path.join(root, name))
                if finished:
                    open(os.path.join(root, name, "bench.json"), "w").close()
            self.assertEqual(report.latest(root), os.path.join(root, "20261121T090000Z"))

    def test_no_finished_run_is_an_error(self):
        with tempfile.TemporaryDirectory() as root:
            with self.assertRaisesRegex(report.RecordError, "no finished benchmark run"):
                report.latest(root)


if __name__ == "__main__":
    unittest.main()
