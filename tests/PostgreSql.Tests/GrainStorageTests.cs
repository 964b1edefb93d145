using System.Text.Json;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ActorViews.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GrainStorageTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task State_survives_a_silo_restart_and_reads_as_camel_case_json_in_sql(bool groupCommit)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];

        // A fresh database: the silo itself must apply the schema before the storage provider reads its queries.
        var first = await Silos.StartLocalAsync(serviceId, silo => AddStorage(silo, connectionString, groupCommit));
        var tally = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("orders-by-item");
        await tally.Add("apples", 3);
        await tally.Add("pears", 2);
        await tally.Add("apples", 4);
        await Silos.StopAsync(first);

        var second = await Silos.StartLocalAsync(serviceId, silo => AddStorage(silo, connectionString, groupCommit));
        try
        {
            var reread = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("orders-by-item").Get();
            Assert.Equal(9, reread.TotalAmount);
            Assert.Equal(new Dictionary<string, long> { ["apples"] = 7, ["pears"] = 2 }, reread.AmountByItem);
        }
        finally
        {
            await Silos.StopAsync(second);
        }

        var json = await Sql.ScalarAsync<string>(
            connectionString,
            "SELECT payload::text FROM grain_state WHERE grain_key_string = 'orders-by-item'");
        using var document = JsonDocument.Parse(json);
        Assert.Equal(9, document.RootElement.GetProperty("totalAmount").GetInt64());
        Assert.Equal(7, document.RootElement.GetProperty("amountByItem").GetProperty("apples").GetInt64());
        Assert.Equal(3, await Sql.ScalarAsync<int>(connectionString, "SELECT version FROM grain_state WHERE grain_key_string = 'orders-by-item'"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clearing_state_through_the_grain_empties_the_row_and_the_view(bool groupCommit)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-clear", s => AddStorage(s, connectionString, groupCommit), async silo =>
        {
            var tally = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("to-clear");
            await tally.Add("apples", 1);

            await tally.Clear();

            Assert.Equal(0, (await tally.Get()).TotalAmount);
            Assert.True(await Sql.ScalarAsync<bool>(connectionString, "SELECT payload IS NULL AND version = 2 FROM grain_state WHERE grain_key_string = 'to-clear'"));

            // Writing after a clear continues from the tombstone's version.
            await tally.Add("pears", 5);
            Assert.Equal(3, await Sql.ScalarAsync<int>(connectionString, "SELECT version FROM grain_state WHERE grain_key_string = 'to-clear'"));
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stale_etags_are_refused_with_InconsistentStateException(bool groupCommit)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-etag", s => AddStorage(s, connectionString, groupCommit), async silo =>
        {
            // The provider exactly as the silo built it, driven the way two racing activations would drive it.
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TallyGrain.StorageName);
            var grainId = GrainId.Create("tally", "contended");

            var winner = new GrainState<TallyState>(new TallyState { TotalAmount = 1 });
            var loser = new GrainState<TallyState>(new TallyState { TotalAmount = 100 });
            await storage.WriteStateAsync("tally", grainId, winner);
            Assert.Equal("1", winner.ETag);

            // Both believed there was no row yet: only the first insert may win.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", grainId, loser));

            var reader = new GrainState<TallyState>(new TallyState());
            await storage.ReadStateAsync("tally", grainId, reader);
            Assert.Equal(1, reader.State!.TotalAmount);
            Assert.Equal("1", reader.ETag);

            winner.State = new TallyState { TotalAmount = 2 };
            await storage.WriteStateAsync("tally", grainId, winner);
            Assert.Equal("2", winner.ETag);

            // reader still holds etag 1: both its write and its clear are stale.
            reader.State = new TallyState { TotalAmount = 50 };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", grainId, reader));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("tally", grainId, reader));

            await storage.ClearStateAsync("tally", grainId, winner);
            Assert.Equal("3", winner.ETag);
            Assert.False(winner.RecordExists);
            Assert.True(await Sql.ScalarAsync<bool>(connectionString, "SELECT payload IS NULL FROM grain_state WHERE grain_key_string = 'contended'"));
        });
    }

    /// <summary>The views' storage either way the silo may add it: each write alone, or grouped with other grains' writes.</summary>
    internal static ISiloBuilder AddStorage(ISiloBuilder silo, string connectionString, bool groupCommit) => groupCommit
        ? silo.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString)
        : silo.AddPostgresGrainStorage(TallyGrain.StorageName, connectionString);
}
