using System.Security.Claims;
using ImageSharePortal.Keystone;
using Microsoft.AspNetCore.Authentication;

namespace ImageSharePortal.Web.Auth.Keystone;

public enum KeystoneSignInStep
{
    /// <summary>Signed in and acting for a project.</summary>
    SignedIn,

    /// <summary>Signed in; the user has several projects and picks one next.</summary>
    ChooseProject,

    /// <summary>The credentials are right but the user has no project: nothing to act for.</summary>
    NoProjects,

    /// <summary>Refused: see <see cref="KeystoneSignInResult.Error"/>.</summary>
    Failed,
}

/// <summary>Codes for the sign-in page's messages (<c>/account/signin?error=...</c>): never a token or a password.</summary>
public static class SignInErrors
{
    public const string MissingFields = "missing-fields";
    public const string WrongCredentials = "wrong-credentials";
    public const string WrongApplicationCredential = "wrong-application-credential";
    public const string PasswordExpired = "password-expired";
    public const string AccountLocked = "account-locked";
    public const string ProjectNotFound = "project-not-found";
    public const string NoAccessToProject = "no-access-to-project";
    public const string KeystoneDown = "keystone-down";
    public const string KeystoneFailed = "keystone-failed";
    public const string NoImageService = "no-image-service";
    public const string SessionEnded = "session-ended";
    public const string FixedProject = "fixed-project";
    public const string FormExpired = "form-expired";
    public const string TooManyAttempts = "too-many-attempts";
    public const string OrganisationTokenRefused = "organisation-token-refused";
    public const string NotMapped = "not-mapped";
    public const string ProviderDown = "provider-down";
    public const string ProviderUntrusted = "provider-untrusted";
    public const string FederationNotFound = "federation-not-found";
    public const string ProviderFailed = "provider-failed";

    public static string Message(string? code) => code switch
    {
        MissingFields => "Fill in every field of the form.",
        TooManyAttempts => "Too many sign-in attempts from here or for this user. Wait a few minutes, then try again.",
        WrongCredentials => "The user name, password or domain is not right.",
        WrongApplicationCredential => "The application credential ID or secret is not right, or the credential has expired.",
        PasswordExpired => "Your password has expired. Change it (in your cloud's dashboard, or ask your administrator), then sign in again.",
        AccountLocked => "Your account is locked after too many failed sign-ins. Wait, or ask your administrator to unlock it.",
        ProjectNotFound => "You have no project with that name or ID. Leave the project empty to choose from your projects.",
        NoAccessToProject => "You have no role on that project, or it is disabled. Choose another project.",
        KeystoneDown => KeystoneMessages.DidNotAnswer,
        KeystoneFailed => "Keystone could not sign you in just now. Try again later.",
        NoImageService => "The cloud's service catalog has no image service for this region and interface. Ask your administrator.",
        SessionEnded => "Your session has ended. Sign in again to continue.",
        OrganisationTokenRefused => "The cloud did not accept your organisation sign-in (it has expired, or is meant for another application). Sign in again.",
        NotMapped => "Your organisation account is not mapped to any project in this cloud.",
        ProviderDown => "Your organisation's sign-in service did not answer. Try again in a moment.",
        ProviderUntrusted => "The portal does not trust the TLS certificate of your organisation's sign-in service. The administrator sets " +
            "Organisation:CaBundlePath to the PEM file of the CA that signs it (or adds that CA to the system's trust store).",
        FederationNotFound => "The cloud's Keystone does not know the identity provider or protocol the portal is set up with. The administrator " +
            "checks Organisation:KeystoneIdentityProvider and Organisation:KeystoneProtocol.",
        ProviderFailed => "Your organisation's sign-in did not complete. Try again; if it keeps failing, ask your administrator.",
        FixedProject => "An application credential is bound to its own project: sign in with a password to switch projects.",
        FormExpired => "The form had expired (the page was open for a long time, or the portal restarted). Please try again.",
        _ => "Sign-in failed. Try again.",
    };
}

public sealed record KeystoneSignInResult(KeystoneSignInStep Step, ClaimsPrincipal? Principal = null, AuthenticationProperties? Properties = null, string? Error = null)
{
    public static KeystoneSignInResult Failed(string error) => new(KeystoneSignInStep.Failed, Error: error);
}
