-- 100,000 articles (2% drafts), 30 authors, 50 tags, 3 tags and 1 byline per article.
insert into "Authors" ("Id","Slug","Name","Socials","Version","CreatedAt","UpdatedAt")
select gen_random_uuid(), 'penulis-'||i, 'Penulis '||i, '{}', 1, now(), now() from generate_series(1,30) i;
insert into "Tags" ("Id","Slug","Name","Version","CreatedAt","UpdatedAt")
select gen_random_uuid(), 'topik-'||i, 'Topik '||i, 1, now(), now() from generate_series(1,50) i;
insert into "Articles" ("Id","Slug","Title","Excerpt","ExcerptIsCustom","Body","BodyHtml","Language","Status","PublishedAt",
  "WordCount","ReadingTimeMinutes","Version","CreatedAt","UpdatedAt")
select gen_random_uuid(), 'berita-'||i, 'Berita nomor '||i, 'Ringkasan '||i, false, 'Isi berita '||i, '<p>Isi berita '||i||'</p>',
  case when i % 10 = 0 then 'en' else 'id' end, case when i % 50 = 0 then 'Draft' else 'Published' end,
  case when i % 50 = 0 then null else now() - (i || ' minutes')::interval end, 3, 1, 1,
  now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval
from generate_series(1,100000) i;
insert into "ArticleAuthors" ("ArticleId","AuthorId","Position","Role")
select a."Id", au."Id", 0, 'Reporter' from "Articles" a
join (select "Id", row_number() over (order by "Slug") - 1 as n from "Authors") au on au.n = abs(hashtext(a."Slug")) % 30;
insert into "ArticleTags" ("ArticleId","TagId","Position")
select a."Id", t."Id", k from "Articles" a cross join generate_series(0,2) k
join (select "Id", row_number() over (order by "Slug") - 1 as n from "Tags") t on t.n = (abs(hashtext(a."Slug")) + k * 7) % 50;
-- The archive's words for completions, which the app adds with every save.
insert into "SearchLexemes" ("Lexeme")
select distinct l.lexeme collate "C" from "Articles" a cross join lateral unnest(tsvector_to_array(a."SearchVector")) l(lexeme)
on conflict do nothing;
-- The listing time the app copies onto links with every write.
update "ArticleTags" t set "ListedAt" = a."PublishedAt" from "Articles" a where a."Id" = t."ArticleId" and a."Status" in ('Published', 'Scheduled');
update "ArticleAuthors" b set "ListedAt" = a."PublishedAt" from "Articles" a where a."Id" = b."ArticleId" and a."Status" in ('Published', 'Scheduled');
vacuum analyze;
