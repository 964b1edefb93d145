using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class OrderAggregationTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Three_passes_validate_a_created_order_once()
    {
        // The order details check's PASS comes with the CREATED order itself.
        var state = Created();
        Validate(state, 1, OrderValidationType.InventoryCheck, OrderValidationResult.Pass);
        Assert.Null(state.PendingDecision());

        Validate(state, 2, OrderValidationType.FraudCheck, OrderValidationResult.Pass);
        Assert.Equal(OrderState.Validated, state.PendingDecision());

        state.Decision = OrderState.Validated;
        Assert.Null(state.PendingDecision());
    }

    [Fact]
    public void Duplicate_passes_of_one_check_do_not_validate()
    {
        var state = Created();

        // A check that crashed after publishing publishes its verdict again, at a new offset.
        Validate(state, 0, OrderValidationType.InventoryCheck, OrderValidationResult.Pass);
        Validate(state, 1, OrderValidationType.InventoryCheck, OrderValidationResult.Pass);

        Assert.Null(state.PendingDecision());
        Assert.Equal(2, state.Validations.Count);
    }

    [Fact]
    public void Any_fail_fails_the_order_and_errors_decide_nothing()
    {
        var state = Created();
        Validate(state, 0, OrderValidationType.InventoryCheck, OrderValidationResult.Error);
        Assert.Null(state.PendingDecision());

        Validate(state, 1, OrderValidationType.FraudCheck, OrderValidationResult.Fail);

        Assert.Equal(OrderState.Failed, state.PendingDecision());
    }

    [Fact]
    public void Verdicts_that_arrive_before_the_order_decide_when_it_arrives()
    {
        var state = new OrderViewState();
        Validate(state, 0, OrderValidationType.FraudCheck, OrderValidationResult.Fail);
        Assert.Null(state.PendingDecision());

        state.Apply("orders", 0, new KafkaEvent<Order>(0, Now, Order(OrderState.Created)));

        Assert.Equal(OrderState.Failed, state.PendingDecision());
    }

    [Fact]
    public void An_order_already_past_created_is_not_decided_again()
    {
        var state = new OrderViewState();
        state.Apply("orders", 0, new KafkaEvent<Order>(0, Now, Order(OrderState.Validated)));
        Validate(state, 0, OrderValidationType.FraudCheck, OrderValidationResult.Fail);

        Assert.Null(state.PendingDecision());
    }

    [Fact]
    public void A_redelivered_validation_is_skipped()
    {
        var state = Created();
        Assert.True(Validate(state, 5, OrderValidationType.FraudCheck, OrderValidationResult.Pass));

        Assert.False(Validate(state, 5, OrderValidationType.FraudCheck, OrderValidationResult.Pass));
        Assert.True(state.HasApplied(new KafkaPosition("order-validations", 4, 5)));
    }

    [Fact]
    public void A_payment_joins_the_order_and_its_redelivery_is_recognised_per_payment()
    {
        var state = Created();
        var payment = new Payment("p1", "o-1", "EUR", 25m);
        var position = new KafkaPosition("payments", 3, 40);

        Assert.True(state.ApplyPayment(position, payment));
        Assert.False(state.ApplyPayment(position, payment));

        Assert.Equal(payment, state.ToSnapshot()!.Payment);
        Assert.True(state.HasApplied(position));
        Assert.False(state.HasApplied(position with { Offset = 41 }));
    }

    [Fact]
    public void Payments_of_every_partition_are_positions_the_view_can_answer_for()
    {
        var state = Created();
        state.ApplyPayment(new KafkaPosition("payments", 3, 40), new Payment("p1", "o-1", "EUR", 25m), "log-1");
        state.ApplyPayment(new KafkaPosition("payments", 5, 7), new Payment("p2", "o-1", "EUR", 5m), "log-1");

        // The latest payment came from partition 5; the one from partition 3 is applied all the same.
        Assert.True(state.HasApplied(new KafkaPosition("payments", 3, 40)));
        Assert.True(state.HasApplied(new KafkaPosition("payments", 5, 7)));
        Assert.False(state.HasApplied(new KafkaPosition("payments", 4, 0)));
    }

    [Fact]
    public void A_payment_from_a_replaced_log_is_applied_although_its_offset_is_lower()
    {
        var state = Created();
        Assert.True(state.ApplyPayment(new KafkaPosition("payments", 3, 40), new Payment("p1", "o-1", "EUR", 25m), "log-1"));

        Assert.True(state.ApplyPayment(new KafkaPosition("payments", 3, 0), new Payment("p9", "o-1", "EUR", 9m), "log-2"));
        Assert.False(state.ApplyPayment(new KafkaPosition("payments", 3, 0), new Payment("p9", "o-1", "EUR", 9m), "log-2"));

        Assert.Equal("p9", state.ToSnapshot()!.Payment!.Id);
        Assert.Equal(1, state.Offsets.LogResets);
    }

    [Fact]
    public void A_created_order_brings_the_order_details_checks_verdict_and_the_first_one_stands()
    {
        var state = new OrderViewState();
        state.Apply("orders", 0, new KafkaEvent<Order>(0, Now, Order(OrderState.Created) with { Quantity = -1 }));

        var details = Assert.Single(state.Validations);
        Assert.Equal((OrderValidationType.OrderDetailsCheck, OrderValidationResult.Fail), (details.CheckType, details.ValidationResult));
        Assert.Equal(OrderState.Failed, state.PendingDecision());

        // The same order written again as CREATED, now valid: the check's first verdict stands, as for the others.
        state.Apply("orders", 0, new KafkaEvent<Order>(1, Now, Order(OrderState.Created)));
        Assert.Equal(OrderValidationResult.Fail, Assert.Single(state.Validations).ValidationResult);

        // Later states of the order run no check.
        var validated = new OrderViewState();
        validated.Apply("orders", 0, new KafkaEvent<Order>(0, Now, Order(OrderState.Validated)));
        Assert.Empty(validated.Validations);
    }

    [Fact]
    public void An_order_without_a_product_fails_the_order_details_check_with_a_reason()
    {
        var verdict = OrderDetailsRules.Validate(Order(OrderState.Created) with { Product = null });

        Assert.Equal(OrderValidationResult.Fail, verdict.ValidationResult);
        Assert.Equal(OrderValidationType.OrderDetailsCheck, verdict.CheckType);
        Assert.Contains("product", verdict.Reason, StringComparison.Ordinal);
        Assert.Null(OrderDetailsRules.Validate(Order(OrderState.Created)).Reason);
    }

    [Theory]
    [InlineData(1, 1.0, OrderValidationResult.Pass)]
    [InlineData(0, 0.0, OrderValidationResult.Pass)]
    [InlineData(-1, 1.0, OrderValidationResult.Fail)]
    [InlineData(1, -0.01, OrderValidationResult.Fail)]
    public void The_order_details_check_fails_negative_quantities_and_prices(int quantity, double price, OrderValidationResult expected)
    {
        var order = Order(OrderState.Created) with { Quantity = quantity, Price = (decimal)price };

        Assert.Equal(expected, OrderDetailsRules.Check(order));
        Assert.Equal(OrderValidationResult.Fail, OrderDetailsRules.Check(order with { Product = (Product)42 }));
    }

    private static OrderViewState Created()
    {
        var state = new OrderViewState();
        state.Apply("orders", 0, new KafkaEvent<Order>(0, Now, Order(OrderState.Created)));
        return state;
    }

    private static bool Validate(OrderViewState state, long offset, OrderValidationType check, OrderValidationResult result) =>
        state.ApplyValidation("order-validations", 4, new KafkaEvent<OrderValidation>(offset, Now, new OrderValidation("o-1", check, result)));

    private static Order Order(OrderState state) => new("o-1", 7, state, Product.Stockings, 2, 12.50m);
}
