using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ImageSharePortal.Keystone;

public enum KeystoneErrorKind
{
    /// <summary>User, password or domain (or application credential) wrong: Keystone does not say which.</summary>
    WrongCredentials,

    /// <summary>The password is right but has expired.</summary>
    PasswordExpired,

    /// <summary>Too many failed attempts: Keystone locked the account.</summary>
    AccountLocked,

    /// <summary>The user has no role on the project asked for (or it does not exist, or is disabled).</summary>
    NoAccessToProject,

    /// <summary>Keystone refused the call (403).</summary>
    Forbidden,

    /// <summary>The token is no longer valid (revoked or expired).</summary>
    TokenInvalid,

    /// <summary>Federation: the access token was refused before Keystone (invalid, expired, another audience or issuer).</summary>
    FederationTokenRefused,

    /// <summary>Federation: the token is valid but no mapping rule of the identity provider matches the person's claims.</summary>
    NotMapped,

    /// <summary>Federation: Keystone has no identity provider or protocol of the name the portal is set up with (a 404).</summary>
    FederationNotFound,

    /// <summary>Keystone did not answer (connection refused, timeout, DNS, TLS).</summary>
    Unreachable,

    /// <summary>Anything else: a 5xx, an answer that is not Keystone's.</summary>
    Unexpected,
}

public static class KeystoneMessages
{
    public const string DidNotAnswer = "Keystone did not answer. Try again in a moment.";
}

/// <summary>A Keystone failure as a page can show it: a kind to branch on and a sentence for people.</summary>
public sealed record KeystoneError(KeystoneErrorKind Kind, string Message, HttpStatusCode? StatusCode = null);

public readonly record struct KeystoneResult<T>
{
    private KeystoneResult(T? value, KeystoneError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public KeystoneError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static KeystoneResult<T> Success(T value) => new(value, null);

    public static KeystoneResult<T> Failure(KeystoneError error) => new(default, error);

    public static implicit operator KeystoneResult<T>(KeystoneError error) => Failure(error);
}
