using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ActorViews.Integration.Tests.Security;

/// <summary>
/// Makes requests that are wrong by construction (bad bodies, types, ranges, sizes, IDs, media types, query
/// strings, routes), each with a description to reproduce it; the same seed makes the same requests.
/// </summary>
internal sealed class MalformedRequests(int seed)
{
    private const int BodyLimit = 64 * 1024;

    // Longer than any text field the API accepts (the longest is a customer's address, 500 characters), so a
    // huge string is always a bad value and never a valid one that happens to be long.
    private const int LongestTextField = 500;

    private static readonly (HttpMethod Method, string Path, Dictionary<string, string> Valid)[] Writes =
    [
        (HttpMethod.Post, "/v1/orders", new()
        {
            ["id"] = "\"f-1\"", ["customerId"] = "7", ["state"] = "\"CREATED\"", ["product"] = "\"JUMPERS\"", ["quantity"] = "2", ["price"] = "12.5",
        }),
        (HttpMethod.Post, "/v1/customers", new()
        {
            ["id"] = "7", ["firstName"] = "\"Ada\"", ["lastName"] = "\"L\"", ["email"] = "\"a@b.c\"", ["address"] = "\"1 Road\"", ["level"] = "\"gold\"",
        }),
        (HttpMethod.Put, "/v1/inventory/JUMPERS", new() { ["product"] = "\"JUMPERS\"", ["quantity"] = "10" }),
        (HttpMethod.Post, "/v1/payments", new() { ["id"] = "\"p-1\"", ["orderId"] = "\"f-1\"", ["ccy"] = "\"EUR\"", ["amount"] = "1.5" }),
    ];

    // Values no field of any write accepts.
    private static readonly string[] WrongValues =
    [
        "true", "[]", "{}", "[1,2]", "{\"a\":1}", "-1", "-0.001", "1e400", "-1e400", "99999999999999999999999999999999",
        "0.0000000000000000000000000001", "1.005", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\"", "\"a\\nb\"",
        "\"NOT_A_PRODUCT\"", "\"JUMPERS \"", "\"SHIPPED\"", "\"eur\"", "\"EURO\"", "\"no-at-sign\"", "\"platinum-plus\"",
    ];

    private static readonly string[] Reads = ["/v1/orders/{0}", "/v1/orders/{0}/validated", "/v1/customers/{0}", "/v1/inventory/{0}"];

    private static readonly string[] BadIds =
    [
        "%00", "a%00b", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fappsettings.json", "%ZZ", "%ED%A0%80", "%C0%AF", "%FF%FE",
        "-1", "1.5", "1e3", "99999999999999999999999", "%20", "0x10", "JUMPERS%00", "nope",
    ];

    private static readonly string[] BadQueries =
    [
        "timeout=-1", "timeout=abc", "timeout=1.5", "timeout=99999999999999999999", "timeout=86400001", "timeout=1&timeout=2",
        "timeout=%00", "timeout=", "position=", "position=!!!", "position=b3JkZXJz", "position=%FF%FE", "position=a&position=b",
        "position=" + new string('A', 600), "timeout=1e3", "timeout=+5",
    ];

    private static readonly string[] WrongMediaTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png", "application/jsonx"];

    private readonly Random _random = new(seed);

    /// <summary>The next request and how to describe it.</summary>
    public (HttpRequestMessage Request, string Description) Next()
    {
        return _random.Next(11) switch
        {
            0 => RandomBytes(),
            1 or 2 => WrongField(),
            3 => HugeString(),
            4 => TooLarge(),
            5 => WrongMediaType(),
            6 => BadJson(),
            7 => BadIdRead(),
            8 => LongOrUnicodeId(),
            9 => BadQuery(),
            _ => UnknownRouteOrMethod(),
        };
    }

    private (HttpRequestMessage, string) RandomBytes()
    {
        var (method, path, _) = Pick(Writes);
        var bytes = new byte[_random.Next(0, 2048)];
        _random.NextBytes(bytes);

        // Random bytes can be JSON only as a bare value (a digit or two), never a valid object.
        return Json(method, path, bytes, $"{bytes.Length} random bytes");
    }

    private (HttpRequestMessage, string) WrongField()
    {
        var (method, path, valid) = Pick(Writes);
        var fields = new Dictionary<string, string>(valid);
        var field = Pick(fields.Keys.ToArray());
        var removal = _random.Next(4) == 0 && field is not ("state" or "level" or "product");
        if (removal)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = Pick(WrongValues.Where(v => Accepts(path, field, v) is false).ToArray());
        }

        var body = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        return Json(method, path, Encoding.UTF8.GetBytes(body), removal ? $"without {field}: {body}" : $"bad {field}: {body}");
    }

    private (HttpRequestMessage, string) HugeString()
    {
        var (method, path, valid) = Pick(Writes);
        var field = Pick(valid.Keys.ToArray());
        var length = _random.Next(LongestTextField + 1, BodyLimit - 200);
        var fields = new Dictionary<string, string>(valid) { [field] = "\"" + new string('x', length) + "\"" };
        var body = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        return Json(method, path, Encoding.UTF8.GetBytes(body), $"{field} of {length} characters");
    }

    private (HttpRequestMessage, string) TooLarge()
    {
        var (method, path, _) = Pick(Writes);
        var size = BodyLimit + 1 + _random.Next(0, 64 * 1024);
        var body = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('y', size) + "\"}");
        var (request, description) = Json(method, path, body, $"{body.Length} bytes");
        if (_random.Next(2) == 0)
        {
            // No Content-Length: the limit must hold while reading, not only on the header.
            request.Headers.TransferEncodingChunked = true;
            request.Content = new StreamContent(new MemoryStream(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            description += " chunked";
        }

        return (request, description);
    }

    private (HttpRequestMessage, string) WrongMediaType()
    {
        var (method, path, valid) = Pick(Writes);
        var body = "{" + string.Join(",", valid.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        var mediaType = _random.Next(WrongMediaTypes.Length + 1) is var i && i < WrongMediaTypes.Length ? WrongMediaTypes[i] : null;
        if (mediaType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        return (request, $"{method} {path} valid body as {mediaType ?? "no content type"}");
    }

    private (HttpRequestMessage, string) BadJson()
    {
        var (method, path, _) = Pick(Writes);
        string[] bodies =
        [
            "", "{", "{\"id\":", "[]", "null", "42", "\"text\"", "{\"id\":\"a\",}", "{'id':'a'}", "{\"id\":NaN}",
            new string('[', 200) + new string(']', 200), "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 41),
            "{\"id\":\"\\uZZZZ\"}", "\uFEFF{}x", "{} {}",
        ];
        var body = Pick(bodies);
        var bytes = Encoding.UTF8.GetBytes(body);
        if (_random.Next(5) == 0)
        {
            // Invalid UTF-8 inside a string.
            bytes = [.. Encoding.UTF8.GetBytes("{\"id\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")];
            body = "invalid UTF-8 in id";
        }

        return Json(method, path, bytes, body.Length > 80 ? body[..80] + "..." : body);
    }

    private (HttpRequestMessage, string) BadIdRead()
    {
        var template = Pick(Reads);
        var id = Pick(BadIds);

        // An order ID is free text, so only control characters make it wrong. Kestrel keeps an escape that is
        // not UTF-8 (%FF) as the text "%FF", a valid ID no order has: 404 for a plain read, but a validated
        // read would long-poll it, so that one gets only IDs it must refuse at once.
        var path = string.Format(CultureInfo.InvariantCulture, template, id);
        if (template.StartsWith("/v1/orders", StringComparison.Ordinal))
        {
            string[] orderIds = template.EndsWith("/validated", StringComparison.Ordinal)
                ? ["%00", "a%01b", "x%7F", "%1B"]
                : ["%00", "a%01b", "x%7F", "%1B", "%ED%A0%80", "%FF"];
            path = string.Format(CultureInfo.InvariantCulture, template, Pick(orderIds));
        }

        return Get(path);
    }

    private (HttpRequestMessage, string) LongOrUnicodeId()
    {
        var template = Pick(Reads);
        var id = _random.Next(3) switch
        {
            0 => new string('o', _random.Next(257, 20_000)),
            1 => Uri.EscapeDataString(string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => char.ConvertFromUtf32(_random.Next(0xA0, 0x2FFFF) is var c && c is >= 0xD800 and <= 0xDFFF ? 0x263A : c)))),
            _ => string.Concat(Enumerable.Repeat("%2e%2e%2f", _random.Next(1, 30))) + "etc%2fpasswd",
        };
        var path = string.Format(CultureInfo.InvariantCulture, template, id);

        // Unicode and traversal IDs are valid order IDs that no order has: a plain read is 404, and a
        // validated read would wait, so it gets a bad timeout.
        if (template.EndsWith("/validated", StringComparison.Ordinal))
        {
            path += "?timeout=-1";
        }

        return Get(path);
    }

    private (HttpRequestMessage, string) BadQuery()
    {
        var template = Pick(Reads);
        var valid = template switch
        {
            _ when template.StartsWith("/v1/customers", StringComparison.Ordinal) => "7",
            _ when template.StartsWith("/v1/inventory", StringComparison.Ordinal) => "JUMPERS",
            _ => "fuzz-order",
        };
        var path = string.Format(CultureInfo.InvariantCulture, template, valid) + "?" + Pick(BadQueries);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (_random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("X-Position", Pick(["", "%%%", "b3JkZXJzLzEvMQ", new string('B', 700)]));
        }

        return (request, $"GET {path} X-Position: {string.Join(",", request.Headers.TryGetValues("X-Position", out var v) ? v : [])}");
    }

    private (HttpRequestMessage, string) UnknownRouteOrMethod()
    {
        (HttpMethod, string)[] wrong =
        [
            (HttpMethod.Delete, "/v1/orders/f-1"), (HttpMethod.Post, "/v1/orders/f-1"), (HttpMethod.Put, "/v1/orders"),
            (HttpMethod.Patch, "/v1/customers/7"), (HttpMethod.Get, "/v1/payments"), (HttpMethod.Delete, "/v1/inventory/JUMPERS"),
            (HttpMethod.Get, "/v2/orders/1"), (HttpMethod.Get, "/v1"), (HttpMethod.Post, "/v1/nothing"), (HttpMethod.Get, "/v1/orders"),
            (HttpMethod.Get, "/v1/orders/a/b/c"), (HttpMethod.Get, "/.env"), (HttpMethod.Get, "/v1/status/x"),
        ];
        var (method, path) = Pick(wrong);
        var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return (request, $"{method} {path}");
    }

    private static (HttpRequestMessage, string) Json(HttpMethod method, string path, byte[] body, string description)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return (request, $"{method} {path} {description}");
    }

    private static (HttpRequestMessage, string) Get(string path) => (new HttpRequestMessage(HttpMethod.Get, path), $"GET {path}");

    // Whether a write accepts a value in a field: free-text fields take any plain non-empty string.
    private static bool Accepts(string path, string field, string value)
    {
        var plainString = value.Length > 2 && value[0] == '"' && !value.Contains('\\');
        var freeText = field is "orderId" or "firstName" or "lastName" or "address" || (field == "id" && path != "/v1/customers");
        return plainString && freeText;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
