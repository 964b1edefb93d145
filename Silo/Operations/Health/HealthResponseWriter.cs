using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Writes a health report as JSON: the overall status and each check's status, description and duration.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = e.Value.Duration.TotalMilliseconds,
            }),
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(body, Json, context.RequestAborted);
    }
}
