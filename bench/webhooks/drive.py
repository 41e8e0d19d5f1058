"""Drives bench/webhooks.sh: alternating rounds of tag creations with 5 webhooks subscribed and with none.

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
auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, headers=auth,
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


hooks = []
latency = {"on": [], "off": []}
acknowledged = {}  # tag id -> time its creation was answered (webhooks on)
serial = 0
for round_ in range(rounds):
    for mode in ("off", "on") if round_ % 2 else ("on", "off"):
        if mode == "on":
            hooks = [call("POST", "/api/v1/webhooks", {"url": receiver, "events": ["tag.created"]})["id"] for _ in range(5)]
        for _ in range(writes):
            serial += 1
            started = time.perf_counter()
            tag = call("POST", "/api/v1/tags", {"name": f"Bench {serial} {time.time_ns()}"})
            latency[mode].append((time.perf_counter() - started) * 1000)
            if mode == "on":
                acknowledged[tag["id"]] = time.time()
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
print(f"\nWrite latency on/off: {on / off:.3f}x (medians, {rounds} alternating rounds of {writes} writes each way)")
