"""The soak's load, outages and checks (bench/soak.sh starts the servers and the API)."""
import http.client, json, random, subprocess, sys, threading, time

base, key, duration, pid, pg_restart, redis_restart, read_rate = sys.argv[1:8]
duration, read_rate = int(duration), float(read_rate)
start = time.monotonic()
records = []  # (t, kind, status, ms)
lock = threading.Lock()


local = threading.local()
host, port = base.split("//")[1].split(":")


def call(method, path, body=None, auth=None, headers=None):
    """One request on this thread's kept-alive connection (a new one after a failure)."""
    h = {"Content-Type": "application/json", **(headers or {})}
    if auth:
        h["Authorization"] = f"Bearer {auth}"
    t0 = time.monotonic()
    try:
        if getattr(local, "conn", None) is None:
            local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        local.conn.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=h)
        r = local.conn.getresponse()
        text, status, etag = r.read(), r.status, r.getheader("ETag")
        if r.getheader("Connection", "").lower() == "close":
            local.conn.close()
            local.conn = None
    except Exception:  # connection refused or reset: recorded as status 0
        if getattr(local, "conn", None) is not None:
            local.conn.close()
        local.conn = None
        text, status, etag = b"", 0, None
    return status, (json.loads(text) if text and text[:1] in b"{[" else None), etag, (time.monotonic() - t0) * 1000, t0 - start


def record(kind, status, ms, t):
    with lock:
        records.append((t, kind, status, ms))


# Content: tags, an author, 200 published stories; four editor keys, each with five stories of its own to edit.
status, tag, _, _, _ = call("POST", "/api/v1/tags", {"name": "Pemilu"}, key)
status, author, _, _, _ = call("POST", "/api/v1/authors", {"name": "Rina Wartawan"}, key)
words = ["pemilu", "presiden", "putin", "jakarta", "banjir", "ekonomi", "sepak", "bola", "harga", "beras"]
slugs = []
for n in range(200):
    w = random.sample(words, 3)
    s, a, _, _, _ = call("POST", "/api/v1/articles", {
        "title": f"Berita {n} {' '.join(w)}", "body": ("Isi berita " + " ".join(w) + ". ") * 40, "status": "published",
        "publishedAt": "2024-06-19T12:04:00+07:00", "tags": [{"tagId": tag["id"]}], "authors": [{"authorId": author["id"]}]}, key)
    slugs.append(a["slug"])
editors = []
for e in range(4):
    s, k, _, _, _ = call("POST", "/api/v1/keys", {"name": f"editor-{e}", "role": "editor"}, key)
    own = []
    for n in range(5):
        s, a, etag, _, _ = call("POST", "/api/v1/articles", {
            "title": f"Milik editor {e} nomor {n}", "body": "Isi berita editor. " * 20, "status": "published",
            "publishedAt": "2024-06-19T12:04:00+07:00", "tags": [{"tagId": tag["id"]}], "authors": [{"authorId": author["id"]}]}, k["secret"])
        assert s == 201, (s, a)
        own.append({"id": a["id"], "etag": etag, "sent": []})  # sent: [(token, status)] in order
    editors.append({"key": k["secret"], "stories": own, "tags": []})
start = time.monotonic()
stop = threading.Event()


def reader(rate):
    while not stop.is_set():
        t_next = time.monotonic() + random.expovariate(rate)
        r = random.random()
        if r < 0.4:
            path, kind = f"/api/v1/articles?page={random.randint(1, 5)}", "list"
        elif r < 0.8:
            path, kind = f"/api/v1/articles/slug/{random.choice(slugs)}", "slug"
        else:
            path, kind = f"/api/v1/articles?q={'+'.join(random.sample(words, 2))}", "search"
        s, _, _, ms, t = call("GET", path)
        record(kind, s, ms, t)
        time.sleep(max(0, t_next - time.monotonic()))


def editor(ed):
    while not stop.is_set():
        if random.random() < 0.7:
            story = random.choice(ed["stories"])
            token = f"ubah-{time.time_ns()}"
            s, _, etag, ms, t = call("PATCH", f"/api/v1/articles/{story['id']}", {"subtitle": token}, ed["key"],
                                     {"If-Match": story["etag"] or "*", "Content-Type": "application/merge-patch+json"})
            story["sent"].append((token, s))
            if s == 200:
                story["etag"] = etag
            else:  # 503 or 412 after an ambiguous 503: read the current version and go on
                s2, _, etag2, _, _ = call("GET", f"/api/v1/articles/{story['id']}", auth=ed["key"])
                if s2 == 200:
                    story["etag"] = etag2
        else:
            s, body, _, ms, t = call("POST", "/api/v1/tags", {"name": f"Topik {time.time_ns()}"}, ed["key"])
            if s == 201:
                ed["tags"].append(body["id"])
        record("write", s, ms, t)
        time.sleep(0.25)


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])


rss = []
outages = []
threads = [threading.Thread(target=reader, args=(read_rate / 16,)) for _ in range(16)] + \
          [threading.Thread(target=editor, args=(ed,)) for ed in editors]
for th in threads:
    th.start()
plan = [(duration / 3, "postgres", pg_restart), (2 * duration / 3, "redis", redis_restart)]
while time.monotonic() - start < duration:
    now = time.monotonic() - start
    if plan and now >= plan[0][0]:
        at, name, command = plan.pop(0)
        t0 = time.monotonic() - start
        subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outages.append((name, t0, time.monotonic() - start))
    rss.append((now, rss_kb()))
    time.sleep(1)
stop.set()
for th in threads:
    th.join()

# An outage window: from the restart until 5 s after its command returned (reconnection, the first failed pooled
# connections); 503s inside are the documented answer, outside they are failures.
windows = [(t0, t1 + 5) for _, t0, t1 in outages]
# A request is inside a window when any of its time is.
inside = lambda r: any(r[0] <= b and r[0] + r[3] / 1000 >= a for a, b in windows)
server_errors = [r for r in records if r[2] >= 500 and r[2] != 503]
refused = [r for r in records if r[2] == 0]
outside_503 = [r for r in records if r[2] == 503 and not inside(r)]
inside_503 = [r for r in records if r[2] == 503 and inside(r)]
reads = sorted(r[3] for r in records if r[1] != "write" and r[2] == 200 and not inside(r))
writes_ok = [r for r in records if r[1] == "write" and r[2] in (200, 201)]
other = {}
for r in records:
    if r[2] not in (200, 201, 503) and r[2] < 500:
        other[r[2]] = other.get(r[2], 0) + 1

# Every acknowledged write, read back: each acknowledged tag exists; each story shows its last acknowledged subtitle,
# or one sent after it whose answer was not a 200 (a 503 after the commit was sent may have committed).
lost = 0
checked = 0
local.conn = None  # this thread's connection has idled through the run: the server closed it long ago
for ed in editors:
    for tag_id in ed["tags"]:
        checked += 1
        status = call("GET", f"/api/v1/tags/{tag_id}", auth=ed["key"])[0]
        if status != 200:
            lost += 1
            print("not found: tag", tag_id, status, file=sys.stderr)
    for story in ed["stories"]:
        acked = [i for i, (_, s) in enumerate(story["sent"]) if s == 200]
        if not acked:
            continue
        checked += len(acked)
        status, body, _, _, _ = call("GET", f"/api/v1/articles/{story['id']}", auth=ed["key"])
        allowed = {tok for tok, _ in story["sent"][acked[-1]:]}
        if body is None or body.get("subtitle") not in allowed:
            lost += 1
            print("not found: story", story["id"], status, body and body.get("subtitle"), story["sent"][acked[-1] - 2:], file=sys.stderr)

first_minute = next((kb for t, kb in rss if t >= 60), rss[0][1])
end_rss = rss[-1][1]
p = lambda v, q: v[min(len(v) - 1, int(len(v) * q))] if v else float("nan")
print(f"| measure | value |\n| --- | ---: |")
print(f"| duration | {duration} s; PostgreSQL restarted at {outages[0][1]:.0f} s (took {outages[0][2]-outages[0][1]:.1f} s), Redis at {outages[1][1]:.0f} s |")
print(f"| requests | {len(records)} ({len(records) / duration:.0f}/s): {len(records) - len([r for r in records if r[1] == 'write'])} reads, {len([r for r in records if r[1] == 'write'])} writes |")
print(f"| 5xx other than 503 | {len(server_errors)} |")
print(f"| connections refused or reset | {len(refused)} |")
print(f"| 503 inside the outage windows | {len(inside_503)} |")
print(f"| 503 outside them | {len(outside_503)} |")
print(f"| other statuses | {other or 'none'} |")
print(f"| acknowledged writes read back | {checked}; not found: {lost} |")
print(f"| reads outside the windows, p50 / p99 / max | {p(reads, 0.5):.1f} / {p(reads, 0.99):.1f} / {reads[-1] if reads else float('nan'):.1f} ms (n={len(reads)}) |")
if outside_503 or server_errors:
    print("unexpected:", [(round(t, 1), k, st, round(ms)) for t, k, st, ms in (outside_503 + server_errors)[:20]], file=sys.stderr)
print("outages:", [(n, round(a, 1), round(b, 1)) for n, a, b in outages], file=sys.stderr)
for kind in ("list", "slug", "search", "write"):
    v = sorted(r[3] for r in records if r[1] == kind and r[2] in (200, 201) and not inside(r))
    print(f"| {kind} outside the windows, p50 / p99 | {p(v, 0.5):.1f} / {p(v, 0.99):.1f} ms (n={len(v)}) |")
print(f"| RSS after 1 min / at the end | {first_minute / 1024:.0f} MB / {end_rss / 1024:.0f} MB ({(end_rss / first_minute - 1) * 100:+.1f}%) |")
