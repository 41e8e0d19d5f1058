"""Runs EXPLAIN ANALYZE on every SQL command the app logged; prints the plan lines that matter."""
import re, subprocess, sys

log, port = open(sys.argv[1]).read(), sys.argv[2]
# The to_tsquery text of each search request, in request order (a search's count follows its rows).
searches, search = sys.argv[3:], -1
blocks = re.split(r"info: Microsoft.EntityFrameworkCore.Database.Command\[20101\]\n", log)
substitutions = [
    # The slug of a tag or author page's scalar subquery (ArticleFilter.Narrow).
    (r'(FROM "Tags" AS \w+\s+WHERE \w+\."Slug" = )@p\d*\b', r"\1'topik-1'"),
    (r'(FROM "Authors" AS \w+\s+WHERE \w+\."Slug" = )@p\d*\b', r"\1'penulis-3'"),
    (r"@now\d*", "now()"), (r"@tags", "ARRAY['topik-1']"), (r"@author", "'penulis-3'"), (r"@slug", "'berita-501'"),
    (r"@at\d*", "(select \"PublishedAt\" from \"Articles\" where \"Slug\" = 'berita-21')"),
    (r"@id\d*", "(select \"Id\" from \"Articles\" where \"Slug\" = 'berita-21')"),
    (r"@p\d+", "21"), (r"@p\b", "0"),
]
for block in blocks[1:]:
    m = re.match(r"\s+Executed DbCommand \((\d+)ms\).*?\n(.*?)(?=\n(info|warn|fail|dbug):|\Z)", block, re.S)
    if not m or not m.group(2).lstrip().startswith("SELECT") or "EXISTS (\n" in m.group(2)[:30]:
        continue
    sql = "\n".join(l[6:] if l.startswith("      ") else l for l in m.group(2).split("\n"))
    if "to_tsquery" in sql:
        search += 0 if sql.startswith("SELECT count") else 1
        sql = re.sub(r"(to_tsquery\('\w+', )@p\d+\)", lambda m: m.group(1) + "'" + searches[search].replace("'", "''") + "')", sql)
    for pattern, value in substitutions:
        sql = re.sub(pattern, value, sql)
    run = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "cms", "-At", "-c",
                          "EXPLAIN (ANALYZE, COSTS OFF) " + sql], capture_output=True, text=True)
    plan = run.stdout or "Index: (could not explain) " + run.stderr.strip().splitlines()[0] if run.stderr.strip() else run.stdout
    first = " ".join(sql.split())[:110]
    print(f"## {first}")
    print("\n".join(l.rstrip() for l in plan.split("\n")
                    if re.search(r"Index|Seq Scan|Limit|Sort Method|Execution Time", l))[:1500])
    print()
