using Cms.Api.Articles;

namespace Cms.Api.Tests.Articles;

/// <summary>
/// A search highlight reads the body's text from its stored HTML (<see cref="ContentRenderer.TextOfHtml"/>) rather
/// than parsing its Markdown again: for what a newsroom writes it is the same text the Markdown gives.
/// </summary>
public sealed class BodyTextTests
{
    [Theory]
    [InlineData("JAKARTA — Menteri Luar Negeri menyebut kunjungannya ke Korea Utara.\n\nParagraf kedua.")]
    [InlineData("Some **bold** and *em* and foo*bar* and `code` here.")]
    [InlineData("A [link](https://example.com \"a title > with a bracket\") and <https://auto.link/x> end.")]
    [InlineData("# Heading\n\n- item one\n- item two\n\n1. first\n2. second")]
    [InlineData("> quoted text\n> more\n\nafter")]
    [InlineData("```\ncode block\nline two\n```\n\ntext")]
    [InlineData("Saham AT&T tajam. Tom & Jerry. 5 < 6 > 4 \"quoted\" 'single'")]
    [InlineData("Line one  \nline two after a hard break\\\nthree")]
    [InlineData("![Presiden menyapa warga](https://cdn.example.com/x.jpg \"t\") keterangan foto")]
    [InlineData("| a | b |\n|---|---|\n| c | d |")]
    [InlineData("Foto ![Presiden menyapa warga](asset:0190f3c5-7a1b-7000-8000-00000000a1b2 \"t\") dari media.")]
    [InlineData("Présiden Joko Widodo — “kutipan” … selesai")]
    [InlineData("<b>raw</b> html <span>inline</span>x")]
    [InlineData("~~coret~~ dan 2^10^ H~2~O")]
    [InlineData("&eacute;t&eacute; &copy; 2024")]
    public void The_text_of_the_rendered_body_is_the_text_of_its_markdown(string markdown) =>
        Assert.Equal(ContentRenderer.PlainText(markdown), ContentRenderer.TextOfHtml(ContentRenderer.Render(markdown).Html));

    [Theory]
    [InlineData("", "")]
    [InlineData("teks <p unterminated", "teks")]
    [InlineData("<p title='a > b'>isi</p>", "isi")]
    [InlineData("<p>a&nbsp;&nbsp;b &amp; c</p>\n<p>d</p>", "a b & c d")]
    [InlineData("<img alt=\"foto &amp; keterangan\" src=\"x.jpg\"><br>sesudah", "foto & keterangan sesudah")]
    public void Html_that_no_sanitizer_wrote_still_reads_as_text(string html, string text) =>
        Assert.Equal(text, ContentRenderer.TextOfHtml(html));

    [Fact]
    public void What_the_sanitizer_removed_or_raw_html_tags_are_not_part_of_the_text()
    {
        Assert.Equal("Teks dengan di dalamnya",
            ContentRenderer.TextOfHtml(ContentRenderer.Render("Teks dengan <script>alert(1)</script> di dalamnya").Html));
        Assert.Equal("blok html berikutnya",
            ContentRenderer.TextOfHtml(ContentRenderer.Render("<div>blok html</div>\n\nberikutnya").Html));
    }
}
