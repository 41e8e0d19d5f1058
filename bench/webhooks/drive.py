"""Drives bench/webhooks.sh: alternating rounds of writes with 5 webhooks subscribed and with none. The writes are
edits of published stories (WORKLOAD=articles: a title PATCH with If-Match, each story edited once, so an arrival
names its write) or tag creations (WORKLOAD=tags).

Prints, as Markdown: write latency with webhooks on and off (median and p99 of each, and their ratio), and the
time from a write's acknowledgement to each delivery's arrival at the receiver (p50, p99).
"""
import json
import statistics
import sys
import time
import urllib.request

base, key, receiver, arrivals_file = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rounds, writes = int(sys.argv[5]), int(sys.argv[6])
dispatch = len(sys.argv) < 8 or sys.argv[7] == "true"
workload = sys.argv[8] if len(sys.argv) > 8 else "articles"
auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, method=method, headers={**auth, **(headers or {})},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return (json.loads(text) if text else None), response.headers.get("ETag")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


stories = []  # (id, etag) of published stories, each edited once
if workload == "articles":
    tag, _ = call("POST", "/api/v1/tags", {"name": f"Politik {time.time_ns()}"})
    author, _ = call("POST", "/api/v1/authors", {"name": f"Reporter {time.time_ns()}"})
    for n in range(2 * rounds * writes):
        story, etag = call("POST", "/api/v1/articles", {
            "title": f"Berita {n} {time.time_ns()}", "body": "Isi berita lengkap. " * 40, "status": "published",
            "publishedAt": "2024-06-19T12:04:00+07:00", "tags": [{"tagId": tag["id"]}], "authors": [{"authorId": author["id"]}]})
        stories.append((story["id"], etag))
events = ["article.*"] if workload == "articles" else ["tag.created"]


def write(serial):
    """One write; answers the id of the resource it wrote."""
    if workload == "articles":
        id_, etag = stories.pop()
        call("PATCH", f"/api/v1/articles/{id_}", {"title": f"Berita diperbarui {serial}"},
             {"If-Match": etag, "Content-Type": "application/merge-patch+json"})
        return id_
    return call("POST", "/api/v1/tags", {"name": f"Bench {serial} {time.time_ns()}"})[0]["id"]


hooks = []
latency = {"on": [], "off": []}
acknowledged = {}  # tag id -> time its creation was answered (webhooks on)
serial = 0
for round_ in range(rounds):
    for mode in ("off", "on") if round_ % 2 else ("on", "off"):
        if mode == "on":
            hooks = [call("POST", "/api/v1/webhooks", {"url": receiver, "events": events})[0]["id"] for _ in range(5)]
        for _ in range(writes):
            serial += 1
            started = time.perf_counter()
            written = write(serial)
            latency[mode].append((time.perf_counter() - started) * 1000)
            if mode == "on":
                acknowledged[written] = time.time()
        if mode == "on":
            # Let this round's deliveries land (up to 10 s) before the webhooks go.
            deadline = time.time() + (10 if dispatch else 0)
            while time.time() < deadline and sum(1 for _ in open(arrivals_file)) < 5 * len(acknowledged):
                time.sleep(0.05)
            for hook in hooks:
                call("DELETE", f"/api/v1/webhooks/{hook}")

delays = []
with open(arrivals_file) as f:
    for line in f:
        arrived, _, resource, _ = line.split()
        if resource in acknowledged:
            delays.append((float(arrived) - acknowledged[resource]) * 1000)
expected = 5 * len(acknowledged)
on, off = statistics.median(latency["on"]), statistics.median(latency["off"])
print("| | median | p99 | n |")
print("| --- | ---: | ---: | ---: |")
print(f"| write, webhooks off | {off:.2f} ms | {pct(latency['off'], 0.99):.2f} ms | {len(latency['off'])} |")
print(f"| write, 5 webhooks on | {on:.2f} ms | {pct(latency['on'], 0.99):.2f} ms | {len(latency['on'])} |")
if delays:
    print(f"| acknowledged write to delivery | {pct(delays, 0.5):.1f} ms | {pct(delays, 0.99):.1f} ms | {len(delays)} of {expected} |")
else:
    print(f"| acknowledged write to delivery | | | none of {expected} arrived |")
print(f"\nWrite latency on/off: {on / off:.3f}x (medians, {rounds} alternating rounds of {writes} {workload} writes each way)")
