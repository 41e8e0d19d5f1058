"""Turns bench/run.sh's measurements into bench/RESULTS.md: the table, the targets, the machine."""
import datetime, os, platform, subprocess, sys

results, articles, gen_seconds, peak_cold, peak_warm, duration, connections, threads, pool = sys.argv[1:10]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
health = {mode: float(rps) for mode, name, rps, *_ in rows if name == "health"}

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

print("# Benchmark results\n")
print(f"Produced by `bash bench/run.sh {articles}` on {datetime.date.today()}: {os.cpu_count()} cores ({cpu()}), "
      f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GB RAM, "
      f"{version(['psql', '--version'])}, .NET {version(['dotnet', '--version'])}, {version(['wrk', '--version'])}. "
      f"The app (Release), PostgreSQL and wrk share the machine; wrk: {threads} threads, {connections} connections, "
      f"{duration} per row after {os.environ.get('WARMUP', '30s')} of the same load unmeasured, loopback; the app's connection pool: {pool} connections. {int(articles):,} articles loaded by the generator in {gen_seconds} s.\n")
print("Cold: the output cache off (`Cache__Enabled=false`), every request reaches the database. "
      "Warm: the output cache on, as anonymous readers get it. `% of health` compares with "
      "`GET /health/live` in the same app run.\n")
print("| Mode | Request | Requests/s | p50 | p99 | Errors | % of health |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
names = {"health": "GET /health/live", "list": "newest articles, page 1", "slug": "article by slug (cold: any of 20,000; warm: 2,000 hot)",
         "tag": "tag page (topik-20)", "search": "search (random name)", "authors": "author list with counts"}
for mode, name, rps, p50, p99, errors in rows:
    share = "" if name == "health" else f"{100 * float(rps) / health[mode]:.1f}%"
    print(f"| {mode} | {names[name]} | {float(rps):,.0f} | {ms(p50):.2f} ms | {ms(p99):.2f} ms | {errors} | {share} |")
print(f"\nPeak server RSS (VmHWM of the app process): cold run {peak_cold} MB, warm run {peak_warm} MB.\n")

def row(mode, name):
    return next(r for r in rows if r[0] == mode and r[1] == name)

print("## Against the targets\n")
checks = []
for name in ("list", "slug", "tag", "search", "authors"):
    share = 100 * float(row("warm", name)[2]) / health["warm"]
    checks.append((f"warm {names[name]} ≥ 70% of health", f"{share:.1f}%", share >= 70))
for name, floor in (("slug", 10), ("list", 4), ("tag", 4)):
    share = 100 * float(row("cold", name)[2]) / health["cold"]
    checks.append((f"cold {names[name]} ≥ {floor}% of health", f"{share:.1f}%", share >= floor))
    p99 = ms(row("cold", name)[4])
    checks.append((f"cold {names[name]} p99 < 100 ms", f"{p99:.1f} ms", p99 < 100))
errors = sum(int(r[5]) for r in rows)
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
