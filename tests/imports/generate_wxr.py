"""Write a large, realistic WordPress export for the memory test and the benchmark.

python -m tests.imports.generate_wxr 5000 var/wordpress-5000.xml [--paragraphs 12]
"""

import argparse
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated recovery blog</title>
<link>https://big.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://big.example.org</wp:base_site_url>
<wp:base_blog_url>https://big.example.org</wp:base_blog_url>
"""
AUTHOR = (
    "<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login><![CDATA[author{n}]]></wp:author_login>"
    "<wp:author_email><![CDATA[author{n}@big.example.org]]></wp:author_email>"
    "<wp:author_display_name><![CDATA[Author Number {n}]]></wp:author_display_name></wp:author>\n"
)
CATEGORY = (
    "<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename><![CDATA[topic-{n}]]></wp:category_nicename>"
    "<wp:cat_name><![CDATA[Topic {n}]]></wp:cat_name></wp:category>\n"
)
PARAGRAPH = (
    "Paragraph {p} of post {n}: naltrexone, buprenorphine and counselling are discussed here at length, "
    "with côté-à-côté comparisons, dosing notes and what a reader should ask a doctor about. "
)
STATUSES = ("publish", "publish", "publish", "draft", "pending", "private", "future")


def item(n: int, paragraphs: int) -> str:
    blocks = "\n\n".join(PARAGRAPH.format(p=p, n=n) * 3 for p in range(paragraphs))
    body = (
        f'{blocks}\n\n[caption width="300"]<img src="https://big.example.org/wp-content/uploads/2024/01/'
        f'image-{n % 50}.jpg" alt="Figure {n}" /> Figure {n}[/caption]\n\n[related_posts limit="3"]'
    )
    return f"""<item>
<title>{escape(f"Generated post {n} about recovery")}</title>
<link>https://big.example.org/2024/01/generated-post-{n}/</link>
<dc:creator><![CDATA[author{n % 20}]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{n}</wp:post_id>
<wp:post_date_gmt><![CDATA[2024-01-01 10:00:00]]></wp:post_date_gmt>
<wp:post_modified_gmt><![CDATA[2024-01-02 10:00:00]]></wp:post_modified_gmt>
<wp:post_name><![CDATA[generated-post-{n}]]></wp:post_name>
<wp:status><![CDATA[{STATUSES[n % len(STATUSES)]}]]></wp:status>
<wp:post_type><![CDATA[{"page" if n % 10 == 0 else "post"}]]></wp:post_type>
<category domain="category" nicename="topic-{n % 12}"><![CDATA[Topic {n % 12}]]></category>
<category domain="post_tag" nicename="tag-{n % 30}"><![CDATA[tag {n % 30}]]></category>
<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content><![CDATA[A comment]]></wp:comment_content></wp:comment>
</item>
"""


def write_export(path, posts: int, paragraphs: int = 12) -> None:
    """Write an export of ``posts`` posts and pages (about 2 kB of text per paragraph), one item at a time."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        out.writelines(AUTHOR.format(n=n) for n in range(20))
        out.writelines(CATEGORY.format(n=n) for n in range(12))
        for n in range(1, posts + 1):
            out.write(item(n, paragraphs))
        out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", type=int)
    parser.add_argument("path")
    parser.add_argument("--paragraphs", type=int, default=12)
    arguments = parser.parse_args()
    write_export(arguments.path, arguments.posts, arguments.paragraphs)
