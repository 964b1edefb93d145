using System.Globalization;
using System.Text;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Storage;

namespace ActorViews.PostgreSql.Tests;

/// <summary>
/// The group-commit storage on real PostgreSQL: many grains' writes go together, each keeps its own optimistic
/// concurrency, and a refusal or an outage reaches only the writes it concerns.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GroupCommitStorageTests(PostgresFixture postgres)
{
    private const string StateName = "tally";

    [Fact]
    public async Task Many_grains_writing_at_once_all_land_with_their_etags_in_far_fewer_transactions_and_a_stale_one_fails_alone()
    {
        const int Grains = 200;
        const int Rounds = 3;
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-group", s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString), async silo =>
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TallyGrain.StorageName);
            var grains = Enumerable.Range(0, Grains)
                .Select(i => (Id: GrainId.Create("tally", $"g{i}"), State: new GrainState<TallyState>(new TallyState())))
                .ToList();
            var staleReader = new GrainState<TallyState>(new TallyState());
            Task? staleWrite = null;

            // Each transaction that writes takes a transaction ID; reads and this probe's own ID aside, the
            // difference counts the write transactions.
            var firstId = await Sql.ScalarAsync<long>(connectionString, "SELECT txid_current()");
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var (_, state) in grains)
                {
                    state.State!.TotalAmount = round;
                }

                var writes = grains.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)).ToList();
                if (round == Rounds)
                {
                    // Holds round 1's version while the others write round 3: only this write may fail.
                    staleReader.ETag = "1";
                    staleReader.State!.TotalAmount = 1000;
                    staleWrite = storage.WriteStateAsync(StateName, grains[0].Id, staleReader);
                }

                await Task.WhenAll(writes);
                Assert.All(grains, g => Assert.Equal(round.ToString(CultureInfo.InvariantCulture), g.State.ETag));
            }

            await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite!);
            var lastId = await Sql.ScalarAsync<long>(connectionString, "SELECT txid_current()");
            var writeTransactions = lastId - firstId - 1;
            Assert.True(
                writeTransactions <= Grains * Rounds / 4,
                $"{Grains * Rounds + 1} writes issued together should share transactions; they took {writeTransactions}.");

            Assert.Equal([Rounds], await Sql.ListAsync<int>(connectionString, "SELECT DISTINCT version FROM grain_state WHERE grain_type = 'tally'"));
            Assert.Equal(
                Grains * Rounds,
                await Sql.ScalarAsync<long>(connectionString, "SELECT sum((payload->>'totalAmount')::bigint)::bigint FROM grain_state WHERE grain_type = 'tally'"));

            // Orleans' ADO.NET reads find the rows the grouped writes made, with the same ETags.
            var reread = new GrainState<TallyState>(new TallyState());
            await storage.ReadStateAsync(StateName, grains[^1].Id, reread);
            Assert.Equal((Rounds.ToString(CultureInfo.InvariantCulture), (long)Rounds), (reread.ETag, reread.State!.TotalAmount));
        });
    }

    [Fact]
    public async Task In_one_batch_a_stale_version_and_a_state_the_database_refuses_fail_only_their_own_writes()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(connectionString);
        var writer = new GrainStateBatchWriter(connectionString, "svc-batch", NullLogger.Instance);
        var keys = Enumerable.Range(0, 5).Select(i => new GrainStateKey(StateName, 0, 0, $"k{i}")).ToList();
        var created = keys.Select(k => new PendingWrite(k, null, Json(1))).ToList();
        await writer.WriteAsync(created);
        Assert.All(created, w => Assert.Equal(1, w.Outcome.Result));

        var fresh = keys.Where(k => k.StringKey != "k2").Select(k => new PendingWrite(k, 1, Json(2))).ToList();
        var stale = new PendingWrite(keys[2], 7, Json(2));
        // jsonb cannot hold \u0000: PostgreSQL refuses this state for good (SQLSTATE class 22).
        var refused = new PendingWrite(new GrainStateKey(StateName, 0, 0, "refused"), null, Encoding.UTF8.GetBytes("""{"totalAmount":"a\u0000b"}"""));
        await writer.WriteAsync([.. fresh, stale, refused]);

        Assert.All(fresh, w => Assert.Equal(2, w.Outcome.Result));
        Assert.Equal(7, await stale.Outcome);
        var refusal = await Assert.ThrowsAsync<PostgresException>(() => refused.Outcome);
        Assert.StartsWith("22", refusal.SqlState, StringComparison.Ordinal);
        Assert.Equal(
            ["k0:2", "k1:2", "k2:1", "k3:2", "k4:2"],
            await Sql.ListAsync<string>(connectionString, "SELECT grain_key_string || ':' || version FROM grain_state ORDER BY grain_key_string"));
    }

    [Fact]
    public async Task A_database_outage_fails_the_writes_with_the_drivers_error_and_they_land_once_it_is_back()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = server.ConnectionString;
        await Silos.WithLocalSiloAsync("svc-outage", s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString), async silo =>
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TallyGrain.StorageName);
            var grains = Enumerable.Range(0, 20)
                .Select(i => (Id: GrainId.Create("tally", $"o{i}"), State: new GrainState<TallyState>(new TallyState { TotalAmount = 1 })))
                .ToList();
            await Task.WhenAll(grains.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));

            await server.StopAsync();
            foreach (var (_, state) in grains)
            {
                state.State!.TotalAmount = 2;
            }

            var failures = await Task.WhenAll(grains.Select(g => Record.ExceptionAsync(() => storage.WriteStateAsync(StateName, g.Id, g.State))));
            // What Orleans' ADO.NET storage throws too, and what the views classify as an outage to retry.
            Assert.All(failures, failure => Assert.IsAssignableFrom<NpgsqlException>(failure));
            Assert.All(grains, g => Assert.Equal("1", g.State.ETag));

            await server.StartAsync();
            await Task.WhenAll(grains.Select(g => storage.WriteStateAsync(StateName, g.Id, g.State)));
            Assert.All(grains, g => Assert.Equal("2", g.State.ETag));
            Assert.Equal(
                [2L],
                await Sql.ListAsync<long>(connectionString, "SELECT DISTINCT (payload->>'totalAmount')::bigint FROM grain_state"));
        });
    }

    private static byte[] Json(long total) => Encoding.UTF8.GetBytes($$"""{"totalAmount":{{total}}}""");
}
