using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>An account balance fed by the view delivery engine.</summary>
public interface IAccountView : IKafkaView<Deposit>
{
    Task<decimal> GetBalanceAsync();
}

/// <summary>
/// A view with a bug that a deployment fixes: until <see cref="DepositRules.Fixed"/>, it rejects deposits over
/// a limit and in currencies it does not know, so those are dead-lettered.
/// </summary>
public sealed class AccountViewGrain : Grain, IAccountView
{
    // The test's silo lives for one test and delivers each offset once, so the balance need not be persisted.
    private decimal _balance;

    public Task ApplyAsync(KafkaEventBatch<Deposit> batch)
    {
        foreach (var deposit in batch.Events.Select(e => e.Value))
        {
            DepositRules.Check(deposit);
        }

        _balance += batch.Events.Sum(e => e.Value.Amount);
        return Task.CompletedTask;
    }

    public Task<decimal> GetBalanceAsync() => Task.FromResult(_balance);
}

/// <summary>The account view's rules, and the switch that stands for deploying their fix.</summary>
public static class DepositRules
{
    public const decimal Limit = 1000;

    private static volatile bool _fixed;

    /// <summary>Set when the fix is "deployed": from then on every deposit is accepted.</summary>
    public static bool Fixed
    {
        get => _fixed;
        set => _fixed = value;
    }

    public static void Check(Deposit deposit)
    {
        if (Fixed)
        {
            return;
        }

        if (deposit.Amount > Limit)
        {
            throw new InvalidOperationException($"Deposit of {deposit.Amount} to {deposit.Account} is over the limit of {Limit}.");
        }

        if (deposit.Currency != "EUR")
        {
            throw new InvalidOperationException($"Deposit to {deposit.Account} is in an unknown currency {deposit.Currency}.");
        }
    }
}
