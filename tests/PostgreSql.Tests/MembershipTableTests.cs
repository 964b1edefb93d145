using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ActorViews.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MembershipTableTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Orleans_removes_only_dead_and_expired_silos_from_the_membership_table()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "cleanup-" + Guid.NewGuid().ToString("N")[..8];
        await Silos.WithClusteredSiloAsync(connectionString, clusterId, async silo =>
        {
            var table = silo.Services.GetRequiredService<IMembershipTable>();
            var longAgo = DateTime.UtcNow.AddHours(-2);
            await InsertAsync(table, Entry(SiloAddress.FromParsableString("127.0.0.1:1001@1"), SiloStatus.Dead, longAgo));
            await InsertAsync(table, Entry(SiloAddress.FromParsableString("127.0.0.1:1002@1"), SiloStatus.Dead, DateTime.UtcNow));

            await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

            var ports = await Sql.ListAsync<int>(connectionString, $"SELECT port FROM silo_membership WHERE deployment_id = '{clusterId}' AND status = 6");
            Assert.Equal([1002], ports);
            Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM silo_membership WHERE deployment_id = '{clusterId}' AND status = 3"));
        });
    }

    [Fact]
    public async Task A_membership_change_with_a_stale_table_version_changes_nothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "stale-" + Guid.NewGuid().ToString("N")[..8];
        await Silos.WithClusteredSiloAsync(connectionString, clusterId, async silo =>
        {
            var table = silo.Services.GetRequiredService<IMembershipTable>();
            var before = await table.ReadAllAsync();
            var entry = Entry(SiloAddress.FromParsableString("127.0.0.1:1003@1"), SiloStatus.Joining, DateTime.UtcNow);
            await InsertAsync(table, entry);

            // "before" was read ahead of that insert: its version is stale for both kinds of change.
            Assert.False(await table.InsertRowAsync(Entry(SiloAddress.FromParsableString("127.0.0.1:1004@1"), SiloStatus.Joining, DateTime.UtcNow), before.Version.Next()));
            entry.Status = SiloStatus.Active;
            Assert.False(await table.UpdateRowAsync(entry, before.Version.VersionEtag, before.Version.Next()));

            var after = await table.ReadAllAsync();
            Assert.Equal(before.Version.Version + 1, after.Version.Version);
            Assert.Equal(SiloStatus.Joining, after.Members.Single(m => m.Item1.SiloAddress.Endpoint.Port == 1003).Item1.Status);
            Assert.DoesNotContain(after.Members, m => m.Item1.SiloAddress.Endpoint.Port == 1004);
        });
    }

    private static async Task InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var current = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, current.Version.Next()), $"Inserting {entry.SiloAddress} should succeed with the current table version.");
    }

    private static MembershipEntry Entry(SiloAddress address, SiloStatus status, DateTime lastSeen) => new()
    {
        SiloAddress = address,
        SiloName = "gone-" + address.Endpoint.Port,
        HostName = "localhost",
        Status = status,
        ProxyPort = 0,
        StartTime = lastSeen,
        IAmAliveTime = lastSeen,
    };
}
