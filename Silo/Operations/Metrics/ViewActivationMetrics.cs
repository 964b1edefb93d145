using System.Diagnostics.Metrics;
using ActorViews.Streaming.Kafka;
using Orleans.Metadata;

namespace ActorViews.Silo.Operations.Metrics;

/// <summary>
/// Counts the activations of view grains on this silo per view interface (<c>actorviews.view.activations</c>,
/// tag <c>actorviews.view</c> as on the provider's <c>actorviews.view.calls</c>). Orleans' own
/// <c>orleans-grains</c> counts by grain class; this names the view the provider feeds.
/// </summary>
internal sealed class ViewActivationMetrics(GrainClassMap grainClasses) : IConfigureGrainContextProvider
{
    private static readonly UpDownCounter<long> Activations = SiloMetrics.Meter.CreateUpDownCounter<long>(
        "actorviews.view.activations", "{activation}", "View grain activations on this silo.");

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, out IConfigureGrainContext configurator)
    {
        var views = grainClasses.TryGetGrainClass(grainType, out var grainClass) ? ViewInterfaces(grainClass) : [];
        configurator = new Counting(views);
        return views.Length > 0;
    }

    /// <summary>The interfaces of <paramref name="grainClass"/> that are views: they extend <see cref="IKafkaView{TEvent}"/>.</summary>
    internal static string[] ViewInterfaces(Type grainClass) =>
        [.. grainClass.GetInterfaces()
            .Where(i => !i.IsGenericType && i.GetInterfaces().Any(IsKafkaView))
            .Select(i => i.Name)
            .Order(StringComparer.Ordinal)];

    private static bool IsKafkaView(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IKafkaView<>);

    private sealed class Counting(string[] views) : IConfigureGrainContext
    {
        public void Configure(IGrainContext context)
        {
            var counted = 0;
            context.ObservableLifecycle.Subscribe(
                nameof(ViewActivationMetrics),
                GrainLifecycleStage.Activate,
                _ =>
                {
                    Interlocked.Exchange(ref counted, 1);
                    Add(1);
                    return Task.CompletedTask;
                },
                _ =>
                {
                    // Stop runs for an activation that failed before it was counted too.
                    if (Interlocked.Exchange(ref counted, 0) == 1)
                    {
                        Add(-1);
                    }

                    return Task.CompletedTask;
                });
        }

        private void Add(int delta)
        {
            foreach (var view in views)
            {
                Activations.Add(delta, new KeyValuePair<string, object?>("actorviews.view", view));
            }
        }
    }
}
