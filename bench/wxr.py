#!/usr/bin/env python3
"""A WordPress export (WXR 1.2) for bench/import.sh, written as a stream: POSTS posts of Indonesian text, each with
3 tags (of 500), 1 photo (an attachment, its lead image) and, for one post in ten, two Co-Authors Plus bylines.
Bodies are padded with paragraphs to about BODY bytes (default 3,000), so a file of a given size can be made.

    python3 bench/wxr.py POSTS [BODY] > export.xml
"""
import random
import sys

posts = int(sys.argv[1])
body_bytes = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
rng = random.Random(19062024)
words = ("presiden rusia vladimir putin tiba di pyongyang rabu dini hari disambut langsung pemimpin korea utara kim jong un "
         "kedua pemimpin dijadwalkan menandatangani perjanjian kemitraan strategis komprehensif kunjungan pertama dalam "
         "dua puluh empat tahun warga memadati jalan ibu kota bendera kedua negara berkibar sepanjang rute iring iringan "
         "pemerintah menyatakan kerja sama ekonomi energi dan pertahanan akan diperluas menurut kantor berita setempat").split()
out = sys.stdout
w = out.write


def sentence():
    s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
    return s[0].upper() + s[1:] + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Kantor Berita</title><link>https://berita.example.id</link>\n'
  '<wp:wxr_version>1.2</wp:wxr_version>\n')
for a in range(40):
    w(f"<wp:author><wp:author_login>wartawan{a}</wp:author_login><wp:author_email>wartawan{a}@example.id</wp:author_email>"
      f"<wp:author_display_name>{cdata(f'Wartawan {a}')}</wp:author_display_name></wp:author>\n")
for g in range(20):
    w(f"<wp:term><wp:term_taxonomy>author</wp:term_taxonomy><wp:term_slug>cap-tamu{g}</wp:term_slug><wp:term_name>tamu{g}</wp:term_name></wp:term>\n")
for t in range(500):
    w(f"<wp:tag><wp:tag_slug>topik-{t}</wp:tag_slug><wp:tag_name>{cdata(f'Topik {t}')}</wp:tag_name></wp:tag>\n")
for n in range(posts):
    pid, aid = 2 * n + 100, 2 * n + 101
    paragraphs = []
    size = 0
    while size < body_bytes:
        p = " ".join(sentence() for _ in range(rng.randint(2, 5)))
        paragraphs.append(p)
        size += len(p) + 2
    body = "\n\n".join(paragraphs)
    title = sentence()[:-1][:120]
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    tags = "".join(f'<category domain="post_tag" nicename="topik-{t}">{cdata(f"Topik {t}")}</category>'
                   for t in rng.sample(range(500), 3))
    bylines = ""
    if n % 10 == 0:
        bylines = (f'<category domain="author" nicename="cap-tamu{rng.randrange(20)}"><![CDATA[tamu]]></category>'
                   f'<category domain="author" nicename="wartawan{rng.randrange(40)}"><![CDATA[w]]></category>')
    w(f"<item><title>{cdata(title)}</title><link>https://berita.example.id/{day.replace('-', '/')}/berita-{n}/</link>"
      f"<dc:creator>{cdata(f'wartawan{rng.randrange(40)}')}</dc:creator><content:encoded>{cdata(body)}</content:encoded>"
      f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{pid}</wp:post_id>"
      f"<wp:post_date_gmt>{day} 05:04:00</wp:post_date_gmt><wp:post_name>berita-{n}</wp:post_name>"
      f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>{tags}{bylines}"
      f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{aid}</wp:meta_value></wp:postmeta></item>\n")
    w(f"<item><title>foto-{n}.jpg</title><link>https://berita.example.id/foto-{n}/</link><content:encoded><![CDATA[]]></content:encoded>"
      f"<excerpt:encoded>{cdata('Presiden Rusia, Vladimir Putin/Net')}</excerpt:encoded><wp:post_id>{aid}</wp:post_id>"
      f"<wp:post_name>foto-{n}</wp:post_name><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
      f"<wp:attachment_url>https://berita.example.id/wp-content/uploads/2024/06/foto-{n}.jpg</wp:attachment_url>"
      f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata('Putin di Pyongyang')}</wp:meta_value></wp:postmeta></item>\n")
w("</channel>\n</rss>\n")
