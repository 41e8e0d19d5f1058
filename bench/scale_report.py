# Turns bench/scale.sh's measurements (size, request, p50, p99, req/s, errors, round per line) into
# bench/SCALE.md: per request the medians over the rounds at both sizes and the ratio of the p50 medians.
import datetime, os, statistics, sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
small, large, rounds = sys.argv[2], sys.argv[3], int(sys.argv[4])


def ms(value):
    if value.endswith("us"):
        return float(value[:-2]) / 1000
    if value.endswith("ms"):
        return float(value[:-2])
    if value.endswith("s"):
        return float(value[:-1]) * 1000
    return float(value)


def runs(size, key):
    return [r for r in rows if r[0] == size and r[1] == key]


def median(size, key, column):
    return statistics.median(ms(r[column]) for r in runs(size, key))


names = {"list": "newest first, page 1", "tag": "tag page (topik-20)", "slug": "article by slug (random)",
         "search": "search (random name)", "common": "search, common word (pemilu, count=false)",
         "page500": "page 500 (pageSize 10)"}
print("# Speed as the archive grows\n")
print(f"Produced by `bash bench/scale.sh {small} {large}` on {datetime.date.today()}, {os.cpu_count()} cores; one request "
      "at a time (wrk, 1 connection, 3 s unmeasured first), output cache off, Release build, PostgreSQL 15, indexes "
      f"prewarmed; {rounds} rounds alternating between the sizes, a fresh app each time. A p50 or p99 here is the median "
      "of the rounds' own; the ratio is of the p50s. The search picks among the same number of names (200) at both sizes.\n")
print(f"| Request | p50 at {int(small):,} | p50 at {int(large):,} | ratio | p99 at {int(small):,} | p99 at {int(large):,} | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for key, label in names.items():
    a, b = median(small, key, 2), median(large, key, 2)
    ratio = b / a
    flag = "" if ratio <= 2 else " **(over 2x)**"
    errors = sum(int(r[5]) for r in runs(small, key) + runs(large, key))
    print(f"| {label} | {a:.2f} ms | {b:.2f} ms | {ratio:.2f}x{flag} | {median(small, key, 3):.2f} ms "
          f"| {median(large, key, 3):.2f} ms | {errors} |")
print("\nEach round's p50, to show the spread:\n")
print(f"| Request | at {int(small):,} | at {int(large):,} |")
print("| --- | --- | --- |")
for key, label in names.items():
    spread = [", ".join(f"{ms(r[2]):.2f} ms" for r in runs(size, key)) for size in (small, large)]
    print(f"| {label} | {spread[0]} | {spread[1]} |")
