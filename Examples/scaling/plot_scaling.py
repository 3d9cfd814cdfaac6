#!/usr/bin/env python3
"""Draws a scaling study's plots from the points CSV that `scaling` writes.

Usage: plot_scaling.py POINTS_CSV OUTPUT_PNG [--title TITLE]

One PNG, three panels: speed-up against the ideal line, parallel efficiency, and the phase breakdown
(compute, communication, other: mean seconds per rank). Oversubscribed points (more ranks than cores)
are drawn hollow on a hatched background, and their bars hatched. Exits with status 3 when matplotlib
cannot be imported, so that `scaling` can skip the plots with a notice.
"""
import argparse
import csv
import math
import sys

MISSING_MATPLOTLIB = 3

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
except ImportError:
    sys.stderr.write("plot_scaling.py: matplotlib is not installed\n")
    sys.exit(MISSING_MATPLOTLIB)


def read_points(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        sys.exit(f"plot_scaling.py: {path} has no points")
    return sorted(rows, key=lambda row: int(row["ranks"]))


def shade_oversubscribed(axis, ranks, oversubscribed):
    """Hatches the rank range where points are oversubscribed."""
    if not any(oversubscribed):
        return
    first = oversubscribed.index(True)
    left = (ranks[first - 1] * ranks[first]) ** 0.5 if first > 0 else ranks[0] / 1.5
    axis.axvspan(left, ranks[-1] * 1.5, facecolor="none", edgecolor="0.75", hatch="//", linewidth=0)


def rank_axis(axis, ranks):
    axis.set_xscale("log", base=2)
    axis.set_xticks(ranks)
    axis.set_xticklabels([str(r) for r in ranks])
    axis.set_xlim(ranks[0] / 1.5, ranks[-1] * 1.5)
    axis.set_xlabel("MPI ranks")
    axis.grid(True, which="major", alpha=0.3)


def plot_measured(axis, ranks, values, oversubscribed, label):
    axis.plot(ranks, values, "-", color="C0", zorder=2)
    inside = [(r, v) for r, v, o in zip(ranks, values, oversubscribed) if not o]
    outside = [(r, v) for r, v, o in zip(ranks, values, oversubscribed) if o]
    if inside:
        axis.plot(*zip(*inside), "o", color="C0", label=label, zorder=3)
    if outside:
        axis.plot(*zip(*outside), "o", markerfacecolor="white", markeredgecolor="C3", markeredgewidth=1.5,
                  label="oversubscribed (ranks > cores)", zorder=3)


def main():
    parser = argparse.ArgumentParser(description="Draws a scaling study's plots.")
    parser.add_argument("points_csv")
    parser.add_argument("output_png")
    parser.add_argument("--title", default="")
    arguments = parser.parse_args()

    rows = read_points(arguments.points_csv)
    ranks = [int(row["ranks"]) for row in rows]
    oversubscribed = [row["oversubscribed"] == "true" for row in rows]
    speedup = [float(row["speedup"]) for row in rows]
    efficiency = [100 * float(row["efficiency"]) for row in rows]
    mode = rows[0]["mode"]

    figure, (speed_axis, efficiency_axis, phase_axis) = plt.subplots(1, 3, figsize=(13.5, 4.2))
    figure.suptitle(arguments.title or f"{rows[0]['solver']}, {mode} scaling")

    shade_oversubscribed(speed_axis, ranks, oversubscribed)
    speed_axis.plot(ranks, ranks, "--", color="black", label="ideal S = p")
    plot_measured(speed_axis, ranks, speedup, oversubscribed, "measured")
    if ranks[-1] >= 8 * ranks[0]:
        # Wide rank ranges read best log-log, where ideal scaling is a straight diagonal.
        speed_axis.set_yscale("log", base=2)
        low = math.floor(math.log2(min(speedup + ranks)))
        high = math.ceil(math.log2(max(speedup + ranks)))
        ticks = [2.0 ** k for k in range(low, high + 1)]
        speed_axis.set_yticks(ticks)
        speed_axis.set_yticklabels([f"{t:g}" for t in ticks])
    else:
        speed_axis.set_ylim(0, max(speedup + ranks) * 1.15)
    rank_axis(speed_axis, ranks)
    speed_axis.set_ylabel("scaled speed-up p·T(p₀)/T(p)" if mode == "weak" else "speed-up p₀·T(p₀)/T(p)")
    speed_axis.set_title("Speed-up")
    speed_axis.legend(loc="upper left", fontsize="small")

    shade_oversubscribed(efficiency_axis, ranks, oversubscribed)
    efficiency_axis.axhline(100, linestyle="--", color="black", label="ideal 100 %")
    plot_measured(efficiency_axis, ranks, efficiency, oversubscribed, "measured")
    rank_axis(efficiency_axis, ranks)
    efficiency_axis.set_ylim(0, max(110, max(efficiency) * 1.1))
    efficiency_axis.set_ylabel("parallel efficiency S/p (%)")
    efficiency_axis.set_title("Efficiency")
    efficiency_axis.legend(loc="lower left", fontsize="small")

    positions = range(len(rows))
    bottom = [0.0] * len(rows)
    for category, color in (("compute", "C0"), ("communication", "C1"), ("other", "C7")):
        seconds = [float(row[f"{category}_s"]) for row in rows]
        bars = phase_axis.bar(positions, seconds, bottom=bottom, color=color, label=category, edgecolor="white")
        for bar, over in zip(bars, oversubscribed):
            if over:
                bar.set_hatch("//")
                bar.set_edgecolor("0.3")
        bottom = [b + s for b, s in zip(bottom, seconds)]
    phase_axis.plot(positions, [float(row["time_median_s"]) for row in rows], "k_", markersize=22, markeredgewidth=2,
                    label="stepping loop, slowest rank")
    phase_axis.set_xticks(list(positions))
    phase_axis.set_xticklabels([f"{r}{' *' if o else ''}" for r, o in zip(ranks, oversubscribed)])
    phase_axis.set_xlabel("MPI ranks" + ("   (* oversubscribed, hatched)" if any(oversubscribed) else ""))
    phase_axis.set_ylabel("mean seconds per rank")
    phase_axis.set_title("Phase breakdown")
    handles, labels = phase_axis.get_legend_handles_labels()
    if any(oversubscribed):
        handles.append(Patch(facecolor="white", edgecolor="0.3", hatch="//"))
        labels.append("oversubscribed")
    phase_axis.legend(handles, labels, loc="upper left", fontsize="small", ncol=2)
    phase_axis.set_ylim(0, max(bottom + [float(row["time_median_s"]) for row in rows]) * 1.5)

    figure.tight_layout()
    figure.savefig(arguments.output_png, dpi=90, metadata={"Software": None})


if __name__ == "__main__":
    main()
