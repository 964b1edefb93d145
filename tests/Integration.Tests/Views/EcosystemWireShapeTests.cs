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
        { new OrderValidation("4", OrderValidationType.InventoryCheck, OrderValidationResult.Fail, "No stock."), """{"orderId":"4","checkType":"INVENTORY_CHECK","validationResult":"FAIL","reason":"No stock."}""" },
        { new Order("5", 7, OrderState.Created, Product.Stockings, 1, 2.5m), """{"id":"5","customerId":7,"state":"CREATED","product":"STOCKINGS","quantity":1,"price":2.5}""" },
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

    [Theory]
    [InlineData("""{"id":"6","customerId":7,"state":"CREATED","quantity":1,"price":1}""")]
    [InlineData("""{"id":"6","customerId":7,"state":"CREATED","product":null,"quantity":1,"price":1}""")]
    [InlineData("""{"id":"6","customerId":7,"state":"CREATED","product":"SOCKS","quantity":1,"price":1}""")]
    [InlineData("""{"id":"6","customerId":7,"state":"CREATED","product":2,"quantity":1,"price":1}""")]
    public void An_order_without_a_product_the_shop_sells_decodes_without_one(string wire)
    {
        var order = new JsonEventSerializer().Deserialize(System.Text.Encoding.UTF8.GetBytes(wire), typeof(Order));

        Assert.Equal(new Order("6", 7, OrderState.Created, null, 1, 1m), order);
    }

    [Fact]
    public void An_order_missing_another_field_is_still_refused()
    {
        const string Wire = """{"id":"6","customerId":7,"state":"CREATED","product":"JUMPERS","price":1}""";

        Assert.Throws<JsonException>(() => new JsonEventSerializer().Deserialize(System.Text.Encoding.UTF8.GetBytes(Wire), typeof(Order)));
    }

    [Fact]
    public void A_customer_without_a_level_is_bronze()
    {
        const string Wire = """{"id":5,"firstName":"A","lastName":"B","email":"a@b","address":"C"}""";

        var customer = new JsonEventSerializer().Deserialize(System.Text.Encoding.UTF8.GetBytes(Wire), typeof(Customer));

        Assert.Equal("bronze", Assert.IsType<Customer>(customer).Level);
    }
}
