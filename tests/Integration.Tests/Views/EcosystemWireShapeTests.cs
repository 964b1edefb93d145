using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

public sealed class EcosystemWireShapeTests
{
    public static TheoryData<object, string> Shapes => new()
    {
        { new OrderValidation("1", OrderValidationType.InventoryCheck, OrderValidationResult.Pass), """{"orderId":"1","checkType":"INVENTORY_CHECK","validationResult":"PASS"}""" },
        { new OrderValidation("2", OrderValidationType.FraudCheck, OrderValidationResult.Fail), """{"orderId":"2","checkType":"FRAUD_CHECK","validationResult":"FAIL"}""" },
        { new OrderValidation("3", OrderValidationType.OrderDetailsCheck, OrderValidationResult.Error), """{"orderId":"3","checkType":"ORDER_DETAILS_CHECK","validationResult":"ERROR"}""" },
        { new Payment("p1", "1", "EUR", 10.5m), """{"id":"p1","orderId":"1","ccy":"EUR","amount":10.5}""" },
        { new Customer(2, "Ada", "Lovelace", "ada@example.com", "London", "gold"), """{"id":2,"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","address":"London","level":"gold"}""" },
        { new Inventory(Product.Underpants, 10), """{"product":"UNDERPANTS","quantity":10}""" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Events_have_the_wire_json_shape_under_any_options(object value, string wire)
    {
        Assert.Equal(wire, JsonSerializer.Serialize(value, value.GetType()));
        Assert.Equal(wire, JsonSerializer.Serialize(value, value.GetType(), JsonEventSerializer.Options));
        Assert.Equal(value, JsonSerializer.Deserialize(wire, value.GetType(), JsonEventSerializer.Options));
    }

    [Fact]
    public void A_customer_without_a_level_is_bronze()
    {
        const string Wire = """{"id":5,"firstName":"A","lastName":"B","email":"a@b","address":"C"}""";

        var customer = new JsonEventSerializer().Deserialize(System.Text.Encoding.UTF8.GetBytes(Wire), typeof(Customer));

        Assert.Equal("bronze", Assert.IsType<Customer>(customer).Level);
    }
}
