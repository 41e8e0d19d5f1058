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
    # The compiled pages' parameters (ArticleQueries): the tag's or author's slug, the offset and the row count.
    (r'(FROM "Tags" AS \w+\s+WHERE \w+\."Slug" = )@key\b', r"\1'topik-1'"),
    (r'(FROM "Authors" AS \w+\s+WHERE \w+\."Slug" = )@key\b', r"\1'penulis-3'"),
    (r"@key\b", "'berita-501'"), (r"@skip\b", "0"), (r"@take\b", "21"),
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
    if '"SearchLexemes"' in sql:
        # The completions of the next search's last word (ArticleSearch.CompleteAsync): from it to its successor.
        last = searches[search + 1].split()[-1]
        sql = re.sub(r"@p0\b", f"'{last}'", sql)
        sql = re.sub(r"@p1\b", f"'{last[:-1] + chr(ord(last[-1]) + 1)}'", sql)
        sql = re.sub(r"@p2\b", "65", sql)
    if "to_tsquery" in sql:
        search += 0 if sql.startswith("SELECT count") else 1
        # ArticleSearch's parameters, in order: the words but the last ANDed (if any), the last word being
        # typed, it as a prefix, its completions (as the app looks them up, if 1 to 64), then for the ranked
        # search the words for GIN and from how many articles the probe runs.
        words = searches[search].split()
        args = [" & ".join(f"''{w}''" for w in words[:-1])] if len(words) > 1 else []
        args += [f"''{words[-1]}''", f"''{words[-1]}'':*"]
        last = words[-1]
        completions = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "cms", "-At", "-c",
                                      f"""SELECT count(*), string_agg(quote_literal(l), ' | ') FROM (SELECT "Lexeme" AS l
                                      FROM "SearchLexemes" WHERE "Lexeme" >= '{last}' AND "Lexeme" < '{last[:-1] + chr(ord(last[-1]) + 1)}'
                                      ORDER BY 1 LIMIT 65) AS c"""], capture_output=True, text=True).stdout.strip().split("|", 1)
        if 0 < int(completions[0]) <= 64:
            args.append(completions[1].replace("'", "''"))
        args += [" ".join(words), "50000"]
        # (EF Core's own parameters of the outer query, @p20 and the like, are left to the substitutions below.)
        sql = re.sub(r"@p(\d+)\b", lambda m: m.group(0) if int(m.group(1)) >= len(args)
                     else f"'{args[int(m.group(1))]}'" if int(m.group(1)) < len(args) - 1 else args[-1], sql)
    for pattern, value in substitutions:
        sql = re.sub(pattern, value, sql)
    run = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "cms", "-At", "-c",
                          "EXPLAIN (ANALYZE, COSTS OFF) " + sql], capture_output=True, text=True)
    plan = run.stdout or "Index: (could not explain) " + run.stderr.strip().splitlines()[0] if run.stderr.strip() else run.stdout
    first = " ".join(sql.split())[:110]
    print(f"## {first}")
    print("\n".join(l.rstrip() for l in plan.split("\n")
                    if re.search(r"Index|Seq Scan|Limit|Sort Method|Execution Time", l))[:3500])
    print()
