using System.Net;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Features.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>
/// <see cref="ErrorText"/>: the portal's own Images API sentences and the project ID and email refusals in German for
/// German readers, the same English as before for English ones, and Glance's own text as Glance wrote it.
/// </summary>
public sealed class ErrorTextLocalizationTests
{
    private static readonly IStringLocalizer<Strings> L =
        PortalStrings.Instance;

    public static TheoryData<HttpStatusCode> Statuses => new()
    {
        HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict,
        HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, (HttpStatusCode)418,
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void The_portals_own_images_api_sentences_are_german_and_the_english_is_unchanged(HttpStatusCode status)
    {
        var error = ImagesErrorMapper.FromResponse(status, null);

        Assert.NotNull(error.Code);
        Assert.Equal(error.Message, In("en", () => ErrorText.For(L, error)));
        Assert.Equal(error.Message, In("en", () => ErrorText.For(error)));
        var german = In("de", () => ErrorText.For(L, error));
        Assert.NotEqual(error.Message, german);
        Assert.DoesNotContain("Images.S", german, StringComparison.Ordinal);
        Assert.Equal(german, In("de", () => ErrorText.For(error)));
    }

    [Fact]
    public void Known_errors_say_it_in_german()
    {
        Assert.Equal("Die Images-API hat nicht geantwortet. Versuchen Sie es gleich noch einmal.", In("de", () => ErrorText.For(L, ImagesError.Unavailable)));
        Assert.Equal("Sie sind nicht bei einem Projekt angemeldet.", In("de", () => ErrorText.For(L, ImagesError.NotSignedIn)));
        Assert.Equal("Das Image oder Mitglied wurde nicht gefunden.", In("de", () => ErrorText.For(L, ImagesErrorMapper.FromResponse(HttpStatusCode.NotFound, ""))));
        Assert.StartsWith("Die Images-API konnte dies nicht ausführen: Sie hat mit 500 geantwortet",
            In("de", () => ErrorText.For(L, ImagesErrorMapper.FromResponse(HttpStatusCode.InternalServerError, """{"message": "Traceback"}"""))), StringComparison.Ordinal);
        Assert.Equal("Der Datenspeicher des Portals hat nicht geantwortet. Versuchen Sie es gleich noch einmal.", In("de", () => ErrorText.For(StoreCall.Unavailable)));
        Assert.Equal("The portal's store did not answer. Try again in a moment.", In("en", () => ErrorText.For(L, StoreCall.Unavailable)));
    }

    [Fact]
    public void Glances_own_message_stays_as_glance_wrote_it()
    {
        var error = ImagesErrorMapper.FromResponse(HttpStatusCode.Forbidden, """{"message": "Not allowed to create members for image img-1.<br /><br />"}""");

        Assert.Null(error.Code);
        Assert.Equal("Not allowed to create members for image img-1.", In("de", () => ErrorText.For(L, error)));
    }

    [Fact]
    public void Project_id_refusals_are_german_with_the_default_description_in_german_and_a_configured_one_as_configured()
    {
        var keystone = ProjectIdPolicy.Default;
        var (_, refusal) = keystone.Inspect("consumer");

        Assert.Equal("'consumer' is not a project ID: in this cloud a project ID is 32 hexadecimal digits. " +
            "A project name does not work here; 'openstack project show <name> -f value -c id' prints the ID.", In("de", () => keystone.Check("consumer").Error));
        Assert.Equal("'consumer' ist keine Projekt-ID: In dieser Cloud besteht eine Projekt-ID aus 32 Hexadezimalziffern. " +
            "Ein Projektname funktioniert hier nicht; 'openstack project show <name> -f value -c id' gibt die ID aus.", In("de", () => ErrorText.For(L, refusal!)));
        Assert.Equal("Enter the consumer's project ID (32 hexadecimal digits).", In("en", () => ErrorText.For(L, keystone.Inspect("  ").Refusal!)));
        Assert.Equal("Geben Sie die Projekt-ID des Nutzers ein (32 Hexadezimalziffern).", In("de", () => ErrorText.For(L, keystone.Inspect(null).Refusal!)));
        Assert.Equal("Geben Sie Ihre Projekt-ID ein (32 Hexadezimalziffern).", In("de", () => ErrorText.For(L, keystone.Inspect("\"\"").Refusal!, own: true)));
        Assert.Equal("Eine Projekt-ID hat höchstens 64 Zeichen; diese hat 70.", In("de", () => ErrorText.For(L, keystone.Inspect(new string('c', 70)).Refusal!)));

        var custom = new ProjectIdPolicy(Options.Create(new ProjectIdOptions { Pattern = "^[a-z][a-z0-9-]{2,30}$", Description = "a lower-case name" }));
        Assert.Contains("besteht eine Projekt-ID aus a lower-case name.", In("de", () => ErrorText.For(L, custom.Inspect("1abc").Refusal!)), StringComparison.Ordinal);
    }

    [Fact]
    public void Email_refusals_are_german_and_the_english_is_unchanged()
    {
        Assert.Equal("That is not an email address. Write it like name@example.org.", In("de", () => EmailAddresses.Validate("dave").Error));
        Assert.Equal("That is not an email address. Write it like name@example.org.", In("en", () => ErrorText.For(L, EmailAddresses.Inspect("dave").Refusal!)));
        Assert.Equal("Das ist keine E-Mail-Adresse. Schreiben Sie sie in der Form name@example.org.", In("de", () => ErrorText.For(L, EmailAddresses.Inspect("dave").Refusal!)));
        Assert.Equal("Die E-Mail-Adresse enthält Steuerzeichen. Geben Sie sie erneut ein.", In("de", () => ErrorText.For(L, EmailAddresses.Inspect("a\u0007b@example.org").Refusal!)));
        Assert.Null(EmailAddresses.Inspect(" dave@atlas.example ").Refusal);
    }

    private static T In<T>(string culture, Func<T> run) => PortalCultures.Run(culture, run);
}
