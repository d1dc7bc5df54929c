namespace ImageSharePortal.Web.Store;

/// <summary>Rules every free-text field shares (request messages, listing titles and descriptions, decline reasons).</summary>
public static class TextRules
{
    /// <summary>
    /// Characters that change how text looks without being seen: bidirectional embeddings, overrides and isolates
    /// (which can make "exe.pdf" read as "fdp.exe"), zero-width spaces, the word joiner and a stray byte-order mark.
    /// Zero-width (non-)joiners stay allowed: Persian, Hindi and emoji need them.
    /// </summary>
    public static bool HasDisguisingCharacters(string text) =>
        text.AsSpan().IndexOfAny(Disguising) >= 0;

    public static string DisguisingMessage(string what) =>
        $"The {what} contains invisible characters (right-to-left overrides or zero-width spaces) that can disguise text. Remove them and try again.";

    private static readonly System.Buffers.SearchValues<char> Disguising = System.Buffers.SearchValues.Create(
        "\u200B\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");
}
