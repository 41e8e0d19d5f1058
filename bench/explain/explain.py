"""Runs EXPLAIN ANALYZE on every SQL command the app logged; prints the plan lines that matter."""
import re, subprocess, sys

log, port = open(sys.argv[1]).read(), sys.argv[2]
# The text of each search request (q, typed: its last word a prefix), in request order (a search's count
# follows its rows).
searches, search = sys.argv[3:], -1
blocks = re.split(r"info: Microsoft.EntityFrameworkCore.Database.Command\[20101\]\n", log)
substitutions = [
    # A list's bylines and tags (ArticleLinks) for its page; the cards of all authors and tags (LinkCards).
    (r"@ids\b", "ARRAY(select \"Id\" from \"Articles\" where \"PublishedAt\" is not null order by \"PublishedAt\" desc, \"Id\" desc limit 20)"),
    (r"@cardAuthors\b", "ARRAY(select \"Id\" from \"Authors\")"), (r"@cardTags\b", "ARRAY(select \"Id\" from \"Tags\")"),
    # The slug of a tag or author page's scalar subquery (ArticleFilter.Narrow).
    (r'(FROM "Tags" AS \w+\s+WHERE \w+\."Slug" = )@p\d*\b', r"\1'topik-1'"),
    (r'(FROM "Authors" AS \w+\s+WHERE \w+\."Slug" = )@p\d*\b', r"\1'penulis-3'"),
    (r"@now\d*", "now()"), (r"@tags\b", "ARRAY['topik-1']"), (r"@author\b", "'penulis-3'"), (r"@slug\b", "'berita-501'"),
    (r"@at\d*", "(select \"PublishedAt\" from \"Articles\" where \"Slug\" = 'berita-21')"),
    (r"@id\d*\b", "(select \"Id\" from \"Articles\" where \"Slug\" = 'berita-21')"),
    (r"@p\d+", "21"), (r"@p\b", "0"),
]
for block in blocks[1:]:
    m = re.match(r"\s+Executed DbCommand \((\d+)ms\).*?\n(.*?)(?=\n(info|warn|fail|dbug):|\Z)", block, re.S)
    if not m or not m.group(2).lstrip().startswith("SELECT") or "EXISTS (\n" in m.group(2)[:30]:
        continue
    sql = "\n".join(l[6:] if l.startswith("      ") else l for l in m.group(2).split("\n"))
    if "to_tsquery" in sql:
        search += 0 if sql.startswith("SELECT count") else 1
        # ArticleSearch's parameters: the words but the last ANDed, the last word being typed and it as a
        # prefix, the words for GIN, whether the last is typed, and from how many articles the probe runs.
        words = searches[search].split()
        exact, typed, prefix = " & ".join(f"''{w}''" for w in words[:-1]), f"''{words[-1]}''", f"''{words[-1]}'':*"
        sql = re.sub(r"to_tsquery\('(\w+)', @p\d+\) \|\| @p\d+::tsquery", rf"to_tsquery('\1', '{typed}') || '{prefix}'::tsquery", sql)
        sql = re.sub(r"to_tsquery\('(\w+)', @p\d+\)", rf"to_tsquery('\1', '{exact}')", sql)
        sql = re.sub(r"string_to_array\(@p\d+, ' '\)", f"string_to_array('{' '.join(words)}', ' ')", sql)
        sql = re.sub(r"WHEN @p\d+ AND word\.i", "WHEN true AND word.i", sql)
        sql = re.sub(r"regclass\) >= @p\d+", "regclass) >= 50000", sql)
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
