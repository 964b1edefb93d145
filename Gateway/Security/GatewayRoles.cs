namespace ActorViews.Gateway.Security;

/// <summary>The roles an API key can have, and the authorization policies built on them.</summary>
internal static class GatewayRoles
{
    /// <summary>May read views and status (when reads are protected).</summary>
    public const string Reader = "reader";

    /// <summary>May write events (POST/PUT/DELETE under <c>/v1</c>) and read.</summary>
    public const string Writer = "writer";

    /// <summary>May see <c>/metrics</c>, <c>/status</c>, <c>/v1/status/cluster</c>, <c>/dashboard</c>, and read.</summary>
    public const string Operator = "operator";

    /// <summary>Every role, in the order the docs list them.</summary>
    public static readonly string[] All = [Reader, Writer, Operator];

    /// <summary>The policy of reads: any valid key.</summary>
    public const string ReadPolicy = "gateway-read";

    /// <summary>The policy of writes: a writer key.</summary>
    public const string WritePolicy = "gateway-write";

    /// <summary>The policy of operator endpoints: an operator key.</summary>
    public const string OperatePolicy = "gateway-operate";
}
