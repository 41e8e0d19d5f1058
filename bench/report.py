"""Turns bench/run.sh's measurements into bench/RESULTS.md: the table, the targets, the machine."""
import datetime, os, platform, statistics, subprocess, sys

results, articles, gen_seconds, peak_cold, peak_warm, duration, connections, threads, pool = sys.argv[1:10]
# One line per measurement: mode, name, requests/s, p50, p99, errors, round, build ("after", or "before" with BEFORE).
measured = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
runs = [r for r in measured if r[7] == "after"]
earlier = [r for r in measured if r[7] == "before"]
rounds = sorted({int(r[6]) for r in runs})
health = {(mode, int(rnd)): float(rps) for mode, name, rps, _, _, _, rnd, _ in runs if name == "health"}

def ms(value):
    """wrk prints 1.23ms, 456.78us or 1.02s."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(unit) and (unit != "s" or not value.endswith("ms") and not value.endswith("us")):
            return float(value[: -len(unit)]) * factor
    return float(value)

def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()

def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"

def summary(mode, name, of=None):
    """The median over the rounds of requests/s, p50 and share of the same round's health; the worst p99; all errors."""
    mine = [r for r in (of or runs) if r[0] == mode and r[1] == name]
    own = {(r[0], int(r[6])): float(r[2]) for r in (of or runs) if r[1] == "health"}
    shares = [100 * float(r[2]) / own[(mode, int(r[6]))] for r in mine]
    return {
        "rps": statistics.median(float(r[2]) for r in mine),
        "p50": statistics.median(ms(r[3]) for r in mine),
        "p99": max(ms(r[4]) for r in mine),
        "errors": sum(int(r[5]) for r in mine),
        "share": statistics.median(shares),
        "shares": shares,
    }

print("# Benchmark results\n")
print(f"Produced by `bash bench/run.sh {articles}` on {datetime.date.today()}: {os.cpu_count()} cores ({cpu()}), "
      f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GB RAM, "
      f"{version(['psql', '--version'])}, .NET {version(['dotnet', '--version'])}, {version(['wrk', '--version'])}. "
      f"The app (Release), PostgreSQL and wrk share the machine; wrk: {threads} threads, {connections} connections, "
      f"{len(rounds)} rounds of {duration} per row, each after {os.environ.get('WARMUP', '30s')} of the same load unmeasured in the first round and "
      f"{os.environ.get('REWARM', '3s')} in the later ones, loopback; the app's connection pool: {pool} connections. {int(articles):,} articles loaded by the generator in {gen_seconds} s.\n")
print("Cold: the output cache off (`Cache__Enabled=false`), every request reaches the database. "
      "Warm: the output cache on, as anonymous readers get it. Each round measures `GET /health/live` first, then "
      "every read; `% of health` is a read's requests/s over the health endpoint's of the same round, and the "
      "table gives the median over the rounds (each round's in the last column). Requests/s and p50 are medians "
      "too; p99 is the worst round's, errors are all rounds'.\n")
print("| Mode | Request | Requests/s | p50 | p99 | Errors | % of health | each round |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
names = {"health": "GET /health/live", "list": "newest articles, page 1", "slug": "article by slug (cold: any of 20,000; warm: 2,000 hot)",
         "tag": "tag page (topik-20)", "search": "search (random name)", "authors": "author list with counts"}
for mode in ("cold", "warm"):
    for name in names:
        row = summary(mode, name)
        share, each = ("", ", ".join(f"{health[(mode, r)]:,.0f}" for r in rounds)) if name == "health" \
            else (f"{row['share']:.1f}%", ", ".join(f"{x:.1f}%" for x in row["shares"]))
        print(f"| {mode} | {names[name]} | {row['rps']:,.0f} | {row['p50']:.2f} ms | {row['p99']:.2f} ms | {row['errors']} | {share} | {each} |")
print(f"\nPeak server RSS (VmHWM of the app process): cold run {peak_cold} MB, warm run {peak_warm} MB.\n")

def ratios(mode, name):
    """After over before, round by round (both measured in the same round, one after the other)."""
    rps = {(r[7], int(r[6])): float(r[2]) for r in measured if r[0] == mode and r[1] == name}
    return [rps[("after", n)] / rps[("before", n)] for n in rounds if ("before", n) in rps]

checks = []
if earlier:
    before_commit = version(["git", "-C", os.environ["BEFORE"], "log", "-1", "--format=%h %s"])
    after_commit = version(["git", "log", "-1", "--format=%h %s"])
    peak_before = os.environ.get("PEAK_BEFORE", "").split()
    print("## Before and after, side by side\n")
    print(f"After: {after_commit}. Before: {before_commit} (`BEFORE=`). Both ran at once on the same database; every row "
          "was measured on each in turn, after first in odd rounds and before first in even ones. `after/before` is the "
          "median of the rounds' ratios (each round's in the last column).\n")
    print("| Mode | Request | Before req/s | After req/s | after/before | Before p99 | After p99 | each round |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for mode in ("cold", "warm"):
        for name in names:
            b, a, each = summary(mode, name, earlier), summary(mode, name), ratios(mode, name)
            print(f"| {mode} | {names[name]} | {b['rps']:,.0f} | {a['rps']:,.0f} | {statistics.median(each):.2f} | "
                  f"{b['p99']:.2f} ms | {a['p99']:.2f} ms | {', '.join(f'{x:.2f}' for x in each)} |")
    print(f"\nPeak RSS before: cold run {peak_before[0] if peak_before else '?'} MB, warm run "
          f"{peak_before[1] if len(peak_before) > 1 else '?'} MB.\n")
    for name in ("list", "slug", "tag", "search", "authors"):
        ratio = statistics.median(ratios("warm", name))
        checks.append((f"warm {names[name]} within 10% of before (median of rounds)", f"{ratio:.2f}", ratio >= 0.9))
    for name in ("list", "slug", "tag"):
        ratio = statistics.median(ratios("cold", name))
        checks.append((f"cold {names[name]} ≥ 80% of before (median of rounds)", f"{ratio:.2f}", ratio >= 0.8))

print("## Against the targets\n")
for name in ("list", "slug", "tag", "search", "authors"):
    share = summary("warm", name)["share"]
    checks.append((f"warm {names[name]} ≥ 60% of health (median)", f"{share:.1f}%", share >= 60))
for name in ("slug", "list", "tag"):
    p99 = summary("cold", name)["p99"]
    checks.append((f"cold {names[name]} p99 < 100 ms (worst round)", f"{p99:.1f} ms", p99 < 100))
errors = sum(int(r[5]) for r in measured)
checks.append(("errors = 0", str(errors), errors == 0))
peak = max(int(peak_cold), int(peak_warm))
checks.append(("server RSS ≤ 300 MB", f"{peak} MB", peak <= 300))
print("| Target | Measured | Met |")
print("| --- | ---: | --- |")
for target, measured, met in checks:
    print(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

# The analysis of the misses is written by hand (bench/MISSES.md) and copied in, so a rerun keeps it.
misses = os.path.join(os.path.dirname(os.path.abspath(__file__)), "MISSES.md")
if os.path.exists(misses):
    print("\n## Misses, their causes and what would close them\n")
    print("Written by hand from the measurements described in the README (Benchmarks); the figures above are this run's.\n")
    print(open(misses, encoding="utf-8").read().strip())

# The soak (bench/soak.sh) runs apart; its recorded result (bench/SOAK.md) is copied in, so a rerun keeps it.
soak = os.path.join(os.path.dirname(os.path.abspath(__file__)), "SOAK.md")
if os.path.exists(soak):
    print()
    print(open(soak, encoding="utf-8").read().strip())
