using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Features.Requests;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>Invisible characters that disguise text are refused in every free-text field; ordinary scripts pass.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("invoice\u202Efdp.exe")] // right-to-left override
    [InlineData("a\u2066b\u2069")] // isolates
    [InlineData("pay\u200Bpal")] // zero-width space
    [InlineData("\uFEFFhello")] // stray byte-order mark
    [InlineData("x\u200Fy")] // right-to-left mark
    public void A_request_message_or_listing_text_with_disguising_characters_is_refused_with_a_sentence(string text)
    {
        var message = AccessRequestValidation.ValidateText(text, 1000, "message");
        Assert.Null(message.Text);
        Assert.Contains("invisible characters", message.Error, StringComparison.Ordinal);

        var title = ListingText.Validate(text, "A description");
        Assert.Null(title.Title);
        Assert.Contains("The title contains invisible characters", title.Error, StringComparison.Ordinal);

        var description = ListingText.Validate("Ubuntu 24.04", text);
        Assert.Contains("The description contains invisible characters", description.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("می\u200Cخواهم")] // Persian with a zero-width non-joiner
    [InlineData("👩\u200D💻 builds")] // emoji sequence with a zero-width joiner
    [InlineData("שלום עולם")] // Hebrew, right to left by itself
    [InlineData("Ünïcödé and 日本語")]
    public void Ordinary_text_in_any_script_passes(string text)
    {
        Assert.Equal(text, AccessRequestValidation.ValidateText(text, 1000, "message").Text);
        Assert.Null(ListingText.Validate(text, text).Error);
    }
}
