#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""report.py RAW OUTDIR - turn the benchmark's samples into report.md, the
plot's data (fencing-time.dat) and its gnuplot script (fencing-time.gp).

RAW holds the lines tests/bench/guest.sh printed (BENCH, BENCHINFO,
BENCHCHECK) plus what tests/bench/run added (HOSTINFO, BOOT, BOOTTIME,
SKIPPED, FAILED).  Times are reported as medians with min and max, as
ratios to fence_mpath and as PR IN round trips above the floor measured in
the same boot: an emulated CPU makes absolute times meaningless elsewhere.
"""
import os
import statistics
import sys
from collections import defaultdict

OPS = ("off", "on", "status", "off-faulted")
AGENTS = ("fence_mpathpr", "fence_mpath")
RSS_TARGET_KIB = 8 * 1024


def load(path):
    samples = defaultdict(list)     # (luns, paths, agent, op) -> [(us, kib, rc)]
    host, guest, notes = {}, defaultdict(dict), defaultdict(list)
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f:
            continue
        kind = f[0]
        if kind == "BENCH" and len(f) == 9:
            luns, paths, agent, op, _rep, us, kib, rc = f[1:]
            if _rep == "0":
                op = op + "/cold"
            samples[(int(luns), int(paths), agent, op)].append((int(us), int(kib), int(rc)))
        elif kind == "HOSTINFO" and len(f) >= 3:
            host[f[1]] = " ".join(f[2:]).replace("_", " ")
        elif kind == "BENCHINFO" and len(f) >= 4:
            guest[f[1]][f[2]] = " ".join(f[3:]).replace("_", " ")
        elif kind in ("SKIPPED", "FAILED", "BENCHCHECK", "BOOT", "BOOTTIME"):
            notes[kind].append(f[1:])
    return samples, host, guest, notes


def ok_samples(lst, op):
    """Samples whose agent reported success ("status" may answer 2 = off)."""
    good = (0, 2) if op == "status" else (0,)
    return [s for s in lst if s[2] in good]


def stats(lst):
    t = sorted(s[0] / 1e6 for s in lst)
    return {"n": len(t), "med": statistics.median(t), "min": t[0], "max": t[-1],
            "rss": max(s[1] for s in lst)}


def topologies(samples):
    return sorted({(k[0], k[1]) for k in samples}, key=lambda t: (t[1], t[0]))


def floors(samples):
    """Per topology: empty process, sg_persist PR IN and one round trip (their
    difference), as medians and as minima.  Round trips above the floor are
    counted with the minima: on a shared, emulated host the fastest of several
    runs is the one least disturbed by other load, for the agents as for the
    floor, while the difference of two medians can drown in that noise."""
    out = {}
    for luns, paths in topologies(samples):
        e = samples.get((luns, paths, "floor", "empty-process"))
        s = samples.get((luns, paths, "floor", "sg_persist-prin"))
        if not e or not s:
            continue
        e_med = statistics.median(x[0] for x in e) / 1e6
        s_med = statistics.median(x[0] for x in s) / 1e6
        e_min = min(x[0] for x in e) / 1e6
        s_min = min(x[0] for x in s) / 1e6
        out[(luns, paths)] = {"empty": e_med, "prin": s_med, "empty_min": e_min,
                              "prin_min": s_min, "rt": max(s_min - e_min, 1e-3),
                              "n": len(s)}
    return out


def round_trips(f, t_min):
    """PR IN round trips that the agent's fastest run took above the floor."""
    return (t_min - f["prin_min"]) / f["rt"]


def fmt_s(x):
    return "%.2f" % x if x >= 0.995 else "%.3f" % x


def main_table(samples, fl):
    rows = ["| topology | op | agent | n | median s | min s | max s | fence_mpath / this "
            "| round trips above floor | peak RSS MiB | failed runs |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for luns, paths in topologies(samples):
        for op in OPS:
            ref = None
            fm = samples.get((luns, paths, "fence_mpath", op))
            if fm and ok_samples(fm, op):
                ref = stats(ok_samples(fm, op))["med"]
            for agent in AGENTS:
                lst = samples.get((luns, paths, agent, op))
                if not lst:
                    continue
                good = ok_samples(lst, op)
                failed = len(lst) - len(good)
                if not good:
                    rows.append("| %d x %d | %s | %s | 0 | - | - | - | - | - | - | %d |"
                                % (luns, paths, op, agent, failed))
                    continue
                s = stats(good)
                ratio = "%.1fx" % (ref / s["med"]) if ref else "-"
                f = fl.get((luns, paths))
                rts = "%.1f" % round_trips(f, s["min"]) if f else "-"
                rows.append("| %d x %d | %s | %s | %d | %s | %s | %s | %s | %s | %.1f | %s |" % (
                    luns, paths, op, agent, s["n"], fmt_s(s["med"]), fmt_s(s["min"]),
                    fmt_s(s["max"]), ratio, rts, s["rss"] / 1024.0, failed or ""))
    return rows


def summary_table(samples, fl):
    """One row per topology and action: both agents side by side (README)."""
    rows = ["| LUNs x paths | action | fence_mpathpr median (min..max) s | fence_mpath median s "
            "| fence_mpath / fence_mpathpr | round trips above floor | peak RSS MiB |",
            "|---|---|---|---|---|---|---|"]
    for luns, paths in topologies(samples):
        for op in OPS:
            lst = samples.get((luns, paths, "fence_mpathpr", op))
            if not lst or not ok_samples(lst, op):
                continue
            s = stats(ok_samples(lst, op))
            ref = med(samples, (luns, paths, "fence_mpath", op), op)
            f = fl.get((luns, paths))
            rows.append("| %d x %d | %s | %s (%s..%s) | %s | %s | %s | %.1f |" % (
                luns, paths, op, fmt_s(s["med"]), fmt_s(s["min"]), fmt_s(s["max"]),
                fmt_s(ref) if ref else "not run", "%.0fx" % (ref / s["med"]) if ref else "-",
                "%.1f" % round_trips(f, s["min"]) if f else "-", s["rss"] / 1024.0))
    return rows


def floor_table(samples, fl):
    rows = ["| topology | empty process s (median / min) | sg_persist PR IN s (median / min) "
            "| one round trip s (from the minima) | fence_mpathpr -V s (median / min) "
            "| mpathpersist PR IN s (median) | samples |",
            "|---|---|---|---|---|---|---|"]
    for (luns, paths), f in sorted(fl.items(), key=lambda t: (t[0][1], t[0][0])):
        mp = samples.get((luns, paths, "mpathpersist", "prin"))
        mp_s = fmt_s(statistics.median(x[0] for x in mp) / 1e6) if mp else "-"
        st = samples.get((luns, paths, "floor", "agent-start"))
        st_s = "%s / %s" % (fmt_s(statistics.median(x[0] for x in st) / 1e6),
                            fmt_s(min(x[0] for x in st) / 1e6)) if st else "-"
        rows.append("| %d x %d | %s / %s | %s / %s | %s | %s | %s | %d |" % (
            luns, paths, fmt_s(f["empty"]), fmt_s(f["empty_min"]), fmt_s(f["prin"]),
            fmt_s(f["prin_min"]), fmt_s(f["rt"]), st_s, mp_s, f["n"]))
    return rows


def med(samples, key, op):
    lst = samples.get(key)
    if not lst or not ok_samples(lst, op):
        return None
    return stats(ok_samples(lst, op))["med"]


def best(samples, key, op):
    lst = samples.get(key)
    if not lst or not ok_samples(lst, op):
        return None
    return stats(ok_samples(lst, op))["min"]


def targets(samples, fl):
    out = []
    for paths in sorted({t[1] for t in topologies(samples)}):
        mpr8 = med(samples, (8, paths, "fence_mpathpr", "off"), "off")
        fm8 = med(samples, (8, paths, "fence_mpath", "off"), "off")
        if mpr8 and fm8:
            r = fm8 / mpr8
            out.append("- off at 8 LUNs x %d paths: fence_mpath / fence_mpathpr = %.1fx "
                       "(target >= 10x): **%s**" % (paths, r, "met" if r >= 10 else "NOT met"))
        t1 = med(samples, (1, paths, "fence_mpathpr", "off"), "off")
        t1_min = best(samples, (1, paths, "fence_mpathpr", "off"), "off")
        big = [l for l in (64, 32, 8) if med(samples, (l, paths, "fence_mpathpr", "off"), "off")]
        if t1 and big:
            tb = med(samples, (big[0], paths, "fence_mpathpr", "off"), "off")
            line = ("- off from 1 to %d LUNs x %d paths (medians, two boots): %s s -> %s s, "
                    "%.2fx for %dx the LUNs, %.1f ms per added LUN (target: nearly flat, read "
                    "here as at most 2x): **%s**" % (
                        big[0], paths, fmt_s(t1), fmt_s(tb), tb / t1, big[0],
                        (tb - t1) * 1000.0 / (big[0] - 1), "met" if tb / t1 <= 2.0 else "NOT met"))
            fm1 = med(samples, (1, paths, "fence_mpath", "off"), "off")
            fmb = med(samples, (big[0], paths, "fence_mpath", "off"), "off")
            if fm1 and fmb:
                line += ("; fence_mpath on the same LUNs: %s s -> %s s, %.1fx, %.0f ms per "
                         "added LUN" % (fmt_s(fm1), fmt_s(fmb), fmb / fm1,
                                        (fmb - fm1) * 1000.0 / (big[0] - 1)))
            out.append(line)
        f = fl.get((1, paths))
        if t1_min and f:
            n = round_trips(f, t1_min)
            line = ("- off at 1 LUN x %d paths: %.1f round trips above the floor (fastest "
                    "runs; target ~3): **%s**" % (paths, n, "met" if n <= 3.5 else "NOT met"))
            st = samples.get((1, paths, "floor", "agent-start"))
            if st:
                st_min = min(x[0] for x in st) / 1e6
                line += ("; the agent's bare process start (`fence_mpathpr -V`) is already "
                         "%.1f of them, the device work %.1f" % (
                             (st_min - f["empty_min"]) / f["rt"],
                             (t1_min - st_min) / f["rt"]))
            out.append(line)
    for luns, paths in topologies(samples):
        tf = med(samples, (luns, paths, "fence_mpathpr", "off-faulted"), "off")
        t0 = med(samples, (luns, paths, "fence_mpathpr", "off"), "off")
        if tf and t0:
            out.append("- off at %d LUNs x %d paths with one path of every LUN hung (packets "
                       "dropped): %s s, %.1fx the unfaulted off of the same boot (%s s) "
                       "(target: within 5 s): **%s**" % (
                           luns, paths, fmt_s(tf), tf / t0, fmt_s(t0),
                           "met" if tf <= 5.0 else "NOT met"))
    rss = [(k, max(s[1] for s in v)) for k, v in samples.items()
           if k[2] == "fence_mpathpr" and not k[3].endswith("/cold")]
    if rss:
        k, m = max(rss, key=lambda x: x[1])
        out.append("- peak RSS of fence_mpathpr: %.1f MiB at most (%s, %d x %d) (target < 8 MiB): "
                   "**%s**" % (m / 1024.0, k[3], k[0], k[1],
                               "met" if m < RSS_TARGET_KIB else "NOT met"))
    return out


def plot_files(samples, outdir):
    series = []
    for agent in AGENTS:
        for paths in sorted({t[1] for t in topologies(samples)}):
            for op in ("off", "on"):
                pts = []
                for luns in sorted({t[0] for t in topologies(samples) if t[1] == paths}):
                    lst = samples.get((luns, paths, agent, op))
                    if lst and ok_samples(lst, op):
                        s = stats(ok_samples(lst, op))
                        pts.append((luns, s["med"], s["min"], s["max"]))
                if pts:
                    series.append(("%s %s, %d paths" % (agent, op, paths), agent, op, pts))
    dat = os.path.join(outdir, "fencing-time.dat")
    with open(dat, "w", encoding="utf-8") as f:
        for name, _a, _o, pts in series:
            f.write("# %s\n" % name)
            for p in pts:
                f.write("%d %.4f %.4f %.4f\n" % p)
            f.write("\n\n")
    plots = []
    for i, (name, agent, op, _pts) in enumerate(series):
        color = "#1f77b4" if agent == "fence_mpathpr" else "#d62728"
        dash = 1 if op == "off" else 2
        pt = 7 if "2 paths" in name else 5
        plots.append("'fencing-time.dat' index %d using 1:2:3:4 with yerrorlines lw 2 dt %d "
                     "pt %d lc rgb '%s' title '%s'" % (i, dash, pt, color, name))
    gp = os.path.join(outdir, "fencing-time.gp")
    with open(gp, "w", encoding="utf-8") as f:
        f.write("# generated by tests/bench/report.py\n")
        f.write("cd '%s'\n" % os.path.abspath(outdir))
        f.write("set terminal pngcairo size 960,600 font ',10' noenhanced\n")
        f.write("set output 'fencing-time.png'\n")
        f.write("set title 'Fencing time vs LUNs (median, bars: min..max; same boot per topology, TCG)'\n")
        f.write("set xlabel 'LUNs'\nset ylabel 'wall time of the agent process (s)'\n")
        f.write("set logscale xy\nset xtics (1, 8, 32, 64)\nset xrange [0.8:80]\n")
        f.write("set key outside right top\nset grid\n")
        f.write("plot " + ", \\\n     ".join(plots) + "\n")


def main():
    raw, outdir = sys.argv[1], sys.argv[2]
    samples, host, guest, notes = load(raw)
    fl = floors(samples)
    g = next(iter(guest.values()), {})
    L = ["# Fencing time: fence_mpathpr vs fence_mpath", ""]
    L.append("Run %s on %s (%s cores, %s), qemu %s with %s (emulated CPU, no KVM); guest: Debian "
             "kernel %s, %s vCPUs (%s). fence-agents %s, multipath-tools %s, mpathpr %s. "
             "Host load average %s at the start, %s at the end (the machine was shared); "
             "whole run %s s." % (
                 host.get("date", "?"), host.get("host_cpu", "?"), host.get("host_cpus", "?"),
                 host.get("host_os", "?"), host.get("qemu", "?"), host.get("accel", "?").upper(),
                 g.get("guest_kernel", "?"), g.get("guest_cpus", "?"), g.get("guest_cpu", "?"),
                 host.get("fence_agents", "?"), host.get("multipath_tools", "?"),
                 host.get("mpathpr", "?"), host.get("loadavg_start", "?"),
                 host.get("loadavg_end", "?"), host.get("total_s", "?")))
    L += ["", "All times come from an emulated CPU on a loaded machine: read the ratios "
          "(to fence_mpath, to the floor of the same boot), not the seconds.", ""]
    L += ["## Targets", ""] + targets(samples, fl) + [""]
    L += ["## Results", "",
          "Topology = LUNs x paths per host (2 hosts, one guest). *on*: host a unfences itself; "
          "*status*, *off*: host b about host a's key. *fence_mpath / this*: how many times "
          "longer fence_mpath took (median over median). *Round trips above floor*: (fastest "
          "run - fastest sg_persist PR IN) / (fastest sg_persist PR IN - fastest empty "
          "process), all from the same boot. "
          "Peak RSS: wait4() of the agent process (fence_mpath: python and its mpathpersist "
          "children, the largest of them).", ""]
    L += main_table(samples, fl) + [""]
    L += ["![fencing time vs LUNs](fencing-time.png)", ""]
    L += ["## Floor (same boot)", ""] + floor_table(samples, fl) + [""]
    L += ["## Method", "",
          "- One lab boot per topology (tests/lab: LIO iSCSI SAN on loopback, 2 initiator hosts, "
          "dm-multipath maps per host); both agents run in that boot on the same LUNs, paths "
          "and keys.",
          "- Each repetition runs, per agent, *on* (a), *status* (b about a), *off* (b fences a); "
          "the agents alternate (fence_mpathpr first on odd repetitions, fence_mpath first on "
          "even ones) and both start from the same state (a fenced, b registered and holding "
          "the WERO reservation). The floor (empty process, one sg_persist READ KEYS) is "
          "sampled twice per repetition.",
          "- Warm runs only: each agent's first action in the boot (host b's *on*) is a cold "
          "start and is left out of the table (`/cold` in raw.txt).",
          "- fence_mpath needs the map's dm UUID to be mpath-<wwid> and its node's key in "
          "/etc/multipath.conf: before each fence_mpath action the acting host's maps are "
          "recreated with that UUID (the other host's get a suffix) and multipath.conf gets its "
          "key; udevd is run once to fill the udev database, then stopped. fence_mpathpr does "
          "not care about either and runs on the same maps.",
          "- fence_mpathpr runs as a package installs it: `make install` of the build is "
          "staged on the host and copied into each boot's root (/usr/local, ld.so cache "
          "refreshed), as fence_mpath and sg_persist are installed from Debian's packages; "
          "output goes to a file; wall time from fork() to wait4() by "
          "tests/bench/mpr-bench-exec.", ""]
    left = []
    for luns, paths in topologies(samples):
        if not samples.get((luns, paths, "fence_mpath", "off")):
            left.append("%d x %d" % (luns, paths))
    if left or notes.get("SKIPPED") or notes.get("FAILED"):
        L += ["## Left out", ""]
        if left:
            L.append("- fence_mpath was not run at %s: it starts five or six mpathpersist "
                     "processes per LUN for on and off (each 0.3 to 1.3 s here, see the "
                     "floor table), so its time grows linearly with the LUNs (off: 1 LUN ~15 s, "
                     "8 LUNs ~40 s above) and one repetition at 32 or 64 LUNs would take "
                     "several minutes per action, on top of a SAN setup that alone took "
                     "11 minutes at 64 LUNs x 2 paths." % ", ".join(left))
        for s in notes.get("SKIPPED", []):
            L.append("- topology %s not run: %s of the run's time budget "
                     "(BENCH_BUDGET_S) were spent when its turn came." % (s[0], s[-1]))
        for s in notes.get("FAILED", []):
            L.append("- topology %s: the lab run failed (%s); see logs/%s.log." %
                     (s[0], " ".join(s[1:]), s[0]))
        L.append("")
    if notes.get("BOOTTIME"):
        L += ["## Boots", "", "| topology | kernel up s | SAN ready s | whole boot s |",
              "|---|---|---|---|"]
        boot = {b[0]: b[1:] for b in notes.get("BOOT", [])}
        for t in notes["BOOTTIME"]:
            b = boot.get(t[0], ["-", "-"])
            L.append("| %s | %s | %s | %s |" % (t[0], b[0], b[1], t[1]))
        L.append("")
    checks = notes.get("BENCHCHECK", [])
    if checks:
        L += ["Final PR state of lun0 per boot (sg_persist READ KEYS): " +
              "; ".join("%s: %s" % (c[0], " ".join(c[3:])) for c in checks), ""]
    with open(os.path.join(outdir, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    with open(os.path.join(outdir, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(summary_table(samples, fl) + [""] + targets(samples, fl) + [""]))
    plot_files(samples, outdir)


if __name__ == "__main__":
    main()
