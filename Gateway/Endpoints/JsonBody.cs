using System.Globalization;
using System.Text.Json;

namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// A request's JSON object body, read field by field so that every problem names its field (model binding
/// would answer a bare 400 for the first type mismatch).
/// </summary>
internal sealed class JsonBody : IDisposable
{
    /// <summary>The largest body accepted, in bytes.</summary>
    public const int MaxBytes = 64 * 1024;

    private readonly JsonDocument _document;

    private JsonBody(JsonDocument document, ValidationErrors errors)
    {
        _document = document;
        Errors = errors;
    }

    /// <summary>The problems found so far.</summary>
    public ValidationErrors Errors { get; }

    /// <summary>Reads the body; on failure returns no body and the answer to give instead.</summary>
    public static async Task<(JsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"The body must be JSON sent as application/json; it was sent as '{request.ContentType}'."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var errors = new ValidationErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            errors.Add("body", $"The body is not valid JSON: {ex.Message}");
            return (null, errors.ToResult());
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            errors.Add("body", "The body must be a JSON object.");
            return (null, errors.ToResult());
        }

        return (new JsonBody(document, errors), null);
    }

    /// <summary>Reads the body and hands it to <paramref name="handle"/>, or answers the body's problem.</summary>
    public static async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken, Func<JsonBody, Task<IResult>> handle)
    {
        var (body, problem) = await ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            return await handle(body);
        }
    }

    /// <summary>A string field of 1 to <paramref name="maxLength"/> characters without control characters.</summary>
    public string? String(string name, int maxLength, bool required = true)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        var text = Text(value);
        var problem = text switch
        {
            null => "must be a string of well-formed Unicode text",
            { Length: 0 } => $"must have 1 to {maxLength} characters; it is empty",
            _ when text.Length > maxLength => $"must have 1 to {maxLength} characters; it has {text.Length}",
            _ when text.Any(char.IsControl) => "must not contain control characters",
            _ when !UnicodeText.IsWellFormed(text) => "must be well-formed Unicode text",
            _ => null,
        };
        return problem is null ? text : Fail(name, problem);
    }

    /// <summary>A whole-number field within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(string name, long min, long max)
    {
        if (!TryGet(name, required: true, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Fail(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    /// <summary>A number field within [<paramref name="min"/>, <paramref name="max"/>] with at most <paramref name="decimals"/> decimals.</summary>
    public decimal? Decimal(string name, decimal min, decimal max, int decimals)
    {
        if (!TryGet(name, required: true, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            && number >= min && number <= max && decimal.Round(number, decimals) == number)
        {
            return number;
        }

        Fail(name, string.Create(CultureInfo.InvariantCulture, $"must be a number from {min} to {max} with at most {decimals} decimals"));
        return null;
    }

    /// <summary>A string field that <paramref name="parse"/> accepts; <paramref name="allowed"/> describes what it accepts.</summary>
    public T? Parsed<T>(string name, TryParse<T> parse, string allowed, bool required = true)
        where T : struct
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (Text(value) is { } text && parse(text, out var parsed))
        {
            return parsed;
        }

        Fail(name, $"must be one of {allowed}");
        return null;
    }

    public void Dispose() => _document.Dispose();

    private static IResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body must be at most {MaxBytes} bytes.");

    // A JSON escape of a lone surrogate (e.g. "\ud800") makes GetString throw; it is the caller's mistake, not ours.
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (_document.RootElement.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Errors.Add(name, $"'{name}' is required.");
        }

        return false;
    }

    private string? Fail(string name, string problem)
    {
        Errors.Add(name, $"'{name}' {problem}.");
        return null;
    }

    /// <summary>Parses a string field's value.</summary>
    public delegate bool TryParse<T>(string? text, out T value);
}
