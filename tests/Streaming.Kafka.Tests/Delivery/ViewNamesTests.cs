namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>The name a view goes by outside the code: its interface's, without the I, in kebab case.</summary>
public sealed class ViewNamesTests
{
    private interface IOrderView;

    private interface IHTTPStatusView;

    private interface IInventory;

    private sealed class PlainClass;

    [Fact]
    public void A_view_interface_is_named_without_its_I_in_kebab_case()
    {
        Assert.Equal("order-view", ViewNames.Of(typeof(IOrderView)));
        Assert.Equal("http-status-view", ViewNames.Of(typeof(IHTTPStatusView)));
        Assert.Equal("inventory", ViewNames.Of(typeof(IInventory)));
        Assert.Equal("plain-class", ViewNames.Of(typeof(PlainClass)));
    }

    [Fact]
    public void A_views_positions_live_in_a_group_of_its_own_beside_the_main_group()
    {
        Assert.Equal("actorviews.view.order-view", ViewNames.ProgressGroup("actorviews", "order-view"));
    }
}
