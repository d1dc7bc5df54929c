using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Account;

/// <summary>
/// What a sign-in error code (<see cref="SignInErrors"/>) says to the person, in their language. The English words are
/// <see cref="SignInErrors.Message"/>'s.
/// </summary>
public static class SignInMessages
{
    public static string Message(IStringLocalizer<Strings> l, string? code)
    {
        ArgumentNullException.ThrowIfNull(l);
        return code switch
        {
            SignInErrors.MissingFields => l["Account.Error.MissingFields"],
            SignInErrors.TooManyAttempts => l["Account.Error.TooManyAttempts"],
            SignInErrors.WrongCredentials => l["Account.Error.WrongCredentials"],
            SignInErrors.WrongApplicationCredential => l["Account.Error.WrongApplicationCredential"],
            SignInErrors.PasswordExpired => l["Account.Error.PasswordExpired"],
            SignInErrors.AccountLocked => l["Account.Error.AccountLocked"],
            SignInErrors.ProjectNotFound => l["Account.Error.ProjectNotFound"],
            SignInErrors.NoAccessToProject => l["Account.Error.NoAccessToProject"],
            SignInErrors.KeystoneDown => l["Account.Error.KeystoneDown"],
            SignInErrors.KeystoneFailed => l["Account.Error.KeystoneFailed"],
            SignInErrors.NoImageService => l["Account.Error.NoImageService"],
            SignInErrors.SessionEnded => l["Account.Error.SessionEnded"],
            SignInErrors.OrganisationTokenRefused => l["Account.Error.OrganisationTokenRefused"],
            SignInErrors.NotMapped => l["Account.Error.NotMapped"],
            SignInErrors.ProviderDown => l["Account.Error.ProviderDown"],
            SignInErrors.ProviderUntrusted => l["Account.Error.ProviderUntrusted"],
            SignInErrors.FederationNotFound => l["Account.Error.FederationNotFound"],
            SignInErrors.ProviderFailed => l["Account.Error.ProviderFailed"],
            SignInErrors.FixedProject => l["Account.Error.FixedProject"],
            SignInErrors.FormExpired => l["Account.Error.FormExpired"],
            _ => l["Account.Error.Other"],
        };
    }
}
