using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageSharePortal.Keystone;

/// <summary>Body of <c>POST /v3/auth/tokens</c>.</summary>
public sealed class AuthRequest
{
    [JsonPropertyName("auth")] public AuthBody Auth { get; set; } = new();
}

public sealed class AuthBody
{
    [JsonPropertyName("identity")] public AuthIdentity Identity { get; set; } = new();

    /// <summary>Either <c>{"project": {...}}</c> or the string <c>"unscoped"</c>; null lets Keystone use the user's default project.</summary>
    [JsonPropertyName("scope")] public JsonElement? Scope { get; set; }
}

public sealed class AuthIdentity
{
    [JsonPropertyName("methods")] public List<string> Methods { get; set; } = [];
    [JsonPropertyName("password")] public PasswordMethod? Password { get; set; }
    [JsonPropertyName("token")] public TokenMethod? Token { get; set; }
    [JsonPropertyName("application_credential")] public ApplicationCredentialMethod? ApplicationCredential { get; set; }
}

public sealed class PasswordMethod
{
    [JsonPropertyName("user")] public PasswordUser User { get; set; } = new();
}

public sealed class PasswordUser
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("domain")] public DomainReference? Domain { get; set; }
    [JsonPropertyName("password")] public string Password { get; set; } = "";
}

public sealed class DomainReference
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

public sealed class TokenMethod
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
}

public sealed class ApplicationCredentialMethod
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("secret")] public string Secret { get; set; } = "";
}

public sealed class ProjectScope
{
    [JsonPropertyName("project")] public ProjectReference Project { get; set; } = new();
}

public sealed class ProjectReference
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("domain")] public DomainReference? Domain { get; set; }
}

/// <summary>The JSON answer to a token request (the token itself is in the <c>X-Subject-Token</c> header).</summary>
public sealed class TokenEnvelope
{
    [JsonPropertyName("token")] public TokenBody? Token { get; set; }
}

public sealed class TokenBody
{
    [JsonPropertyName("methods")] public List<string> Methods { get; set; } = [];
    [JsonPropertyName("expires_at")] public DateTimeOffset ExpiresAt { get; set; }
    [JsonPropertyName("issued_at")] public DateTimeOffset? IssuedAt { get; set; }
    [JsonPropertyName("user")] public TokenUser? User { get; set; }
    [JsonPropertyName("project")] public TokenProject? Project { get; set; }
    [JsonPropertyName("roles")] public List<NamedReference>? Roles { get; set; }
    [JsonPropertyName("catalog")] public List<CatalogService>? Catalog { get; set; }
    [JsonPropertyName("application_credential")] public NamedReference? ApplicationCredential { get; set; }
}

public sealed class TokenUser
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("domain")] public NamedReference? Domain { get; set; }
    [JsonPropertyName("password_expires_at")] public DateTimeOffset? PasswordExpiresAt { get; set; }
}

public sealed class TokenProject
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("domain")] public NamedReference? Domain { get; set; }
}

public sealed class NamedReference
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

/// <summary>One service of the token's catalog (<c>type</c> is e.g. <c>image</c>).</summary>
public sealed class CatalogService
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("endpoints")] public List<CatalogEndpoint> Endpoints { get; set; } = [];
}

public sealed class CatalogEndpoint
{
    [JsonPropertyName("interface")] public string Interface { get; set; } = "";
    [JsonPropertyName("region_id")] public string? RegionId { get; set; }
    [JsonPropertyName("region")] public string? Region { get; set; }
    [JsonPropertyName("url")] public string Url { get; set; } = "";
}

public sealed class UserEnvelope
{
    [JsonPropertyName("user")] public UserEntry? User { get; set; }
}

/// <summary>A user record; <c>email</c> is an extra attribute Keystone keeps when <c>openstack user set --email</c> set it.</summary>
public sealed class UserEntry
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("email")] public string? Email { get; set; }
}

public sealed class ProjectList
{
    [JsonPropertyName("projects")] public List<ProjectEntry> Projects { get; set; } = [];
}

public sealed class ProjectEntry
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("domain_id")] public string? DomainId { get; set; }
    [JsonPropertyName("enabled")] public bool Enabled { get; set; } = true;
    [JsonPropertyName("description")] public string? Description { get; set; }
}

/// <summary>Keystone's error body: <c>{"error": {"code": 401, "message": "...", "title": "Unauthorized"}}</c>.</summary>
public sealed class KeystoneErrorEnvelope
{
    [JsonPropertyName("error")] public KeystoneErrorBody? Error { get; set; }
}

public sealed class KeystoneErrorBody
{
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthRequest))]
[JsonSerializable(typeof(ProjectScope))]
[JsonSerializable(typeof(TokenEnvelope))]
[JsonSerializable(typeof(ProjectList))]
[JsonSerializable(typeof(UserEnvelope))]
[JsonSerializable(typeof(KeystoneErrorEnvelope))]
[JsonSerializable(typeof(string))]
public sealed partial class KeystoneJsonContext : JsonSerializerContext;
