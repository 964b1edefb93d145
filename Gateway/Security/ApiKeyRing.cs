using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>The configured API keys, held as SHA-256 digests so that matching takes the same time for every key.</summary>
internal sealed class ApiKeyRing(IOptions<GatewayAuthOptions> options)
{
    private readonly Entry[] _entries = options.Value.ApiKeys
        .Select(k => new Entry(k.Key, k.Value.RoleList, Digest(k.Value.Key)))
        .ToArray();

    /// <summary>The caller <paramref name="key"/> belongs to, or null when it is no configured key.</summary>
    public (string Caller, string[] Roles)? Find(string key)
    {
        // Digests have one length whatever the key's, and every entry is compared: neither the time taken
        // nor an early exit tells an attacker how much of a key was right.
        var presented = Digest(key);
        Entry? found = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Digest))
            {
                found = entry;
            }
        }

        return found is null ? null : (found.Caller, found.Roles);
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(string Caller, string[] Roles, byte[] Digest);
}
