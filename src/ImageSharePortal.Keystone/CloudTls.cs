using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ImageSharePortal.Keystone;

/// <summary>
/// The HTTP handler for calls to the cloud (Keystone and the Images API): the system's trust store by default,
/// a CA bundle when one is configured, no verification only when <see cref="KeystoneOptions.VerifyTls"/> is false.
/// </summary>
public static class CloudTls
{
    public static SocketsHttpHandler CreateHandler(KeystoneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        if (!options.VerifyTls)
        {
#pragma warning disable CA5359 // Turned off only by explicit configuration (VerifyTls=false, or verify: false in clouds.yaml), for test clouds.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (!string.IsNullOrEmpty(options.CaBundlePath))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaBundlePath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots);
        }

        return handler;
    }

    /// <summary>
    /// A handler that trusts the system's roots and, when <paramref name="caBundlePath"/> is set, the CAs in that PEM
    /// bundle (e.g. the organisation's sign-in service behind a corporate or test CA). Validation is never turned off.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(string? caBundlePath) =>
        CreateHandler(new KeystoneOptions { VerifyTls = true, CaBundlePath = caBundlePath });

    /// <summary>Accepts a certificate the system trusts, or one that chains to the bundle; never a name mismatch.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
