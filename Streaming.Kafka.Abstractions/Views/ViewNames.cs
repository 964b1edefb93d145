using System.Text;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The name a view goes by outside the code: in its progress consumer group, the metrics, the operator's API.
/// It is the view interface's name without its leading <c>I</c>, in kebab case (<c>IOrderView</c> is <c>order-view</c>),
/// so renaming the grain class behind it keeps the view's progress.
/// </summary>
public static class ViewNames
{
    /// <summary>The name of the view declared by <paramref name="viewInterface"/>.</summary>
    public static string Of(Type viewInterface)
    {
        ArgumentNullException.ThrowIfNull(viewInterface);
        var name = viewInterface.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (viewInterface.IsInterface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        var kebab = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // A capital starts a word unless it continues an acronym ("HTTPStatus" is "http-status").
            var startsWord = char.IsUpper(c) && i > 0
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }

    /// <summary>The consumer group that keeps the positions of view <paramref name="viewName"/> beside <paramref name="consumerGroupId"/>.</summary>
    public static string ProgressGroup(string consumerGroupId, string viewName) => $"{consumerGroupId}.view.{viewName}";
}
