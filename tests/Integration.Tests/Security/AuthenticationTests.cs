using System.Net;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>API keys in the production profile: who may write, read and operate.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthenticationTests(SecuredSilo fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task A_write_without_a_key_is_401_problem_details()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/orders", key: null, TestKeys.Order("auth-none"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_write_with_an_unknown_key_is_401()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/orders", "not-a-key-of-this-silo-at-all", TestKeys.Order("auth-bad"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "not valid");
    }

    [Theory]
    [InlineData(TestKeys.Reader)]
    [InlineData(TestKeys.Operator)]
    public async Task A_write_with_a_key_without_the_writer_role_is_403(string key)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/orders", key, TestKeys.Order("auth-403"));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "writer");
    }

    [Fact]
    public async Task Every_write_endpoint_needs_a_writer_key()
    {
        (HttpMethod Method, string Path, string Body)[] writes =
        [
            (HttpMethod.Post, "/v1/orders", TestKeys.Order("auth-each")),
            (HttpMethod.Post, "/v1/customers", """{"id":7,"firstName":"A","lastName":"B","email":"a@b","address":"x"}"""),
            (HttpMethod.Put, "/v1/inventory/JUMPERS", """{"quantity":3}"""),
            (HttpMethod.Post, "/v1/payments", """{"id":"p-1","orderId":"auth-each","ccy":"EUR","amount":1.5}"""),
        ];
        foreach (var (method, path, body) in writes)
        {
            using var anonymous = await SendAsync(method, path, key: null, body);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key should be 401, not {(int)anonymous.StatusCode}.");
            using var reader = await SendAsync(method, path, TestKeys.Reader, body);
            Assert.True(reader.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with a reader key should be 403, not {(int)reader.StatusCode}.");
        }
    }

    [Fact]
    public async Task A_write_with_the_writer_key_is_accepted_in_either_header()
    {
        using var xApiKey = await SendAsync(HttpMethod.Post, "/v1/orders", TestKeys.Writer, TestKeys.Order("auth-ok-1"));
        Assert.True(xApiKey.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)xApiKey.StatusCode}: {await xApiKey.Content.ReadAsStringAsync()}");

        using var request = TestKeys.Request(HttpMethod.Post, "/v1/orders", key: null, TestKeys.Order("auth-ok-2"));
        request.Headers.TryAddWithoutValidation("Authorization", $"ApiKey {TestKeys.Writer}");
        using var authorization = await _silo.Http.SendAsync(request);
        Assert.True(authorization.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)authorization.StatusCode}: {await authorization.Content.ReadAsStringAsync()}");

        // Reads are open by default: the written order shows without a key.
        using var read = TestKeys.Request(HttpMethod.Get, "/v1/orders/auth-ok-2", key: null);
        read.Headers.Add("X-Position", authorization.Headers.GetValues("X-Position").Single());
        using var readResponse = await _silo.Http.SendAsync(read);
        Assert.True(readResponse.StatusCode == HttpStatusCode.OK, $"An open read of the write should be 200, not {(int)readResponse.StatusCode}.");
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/status")]
    [InlineData("/v1/status/cluster")]
    [InlineData("/v1/views")]
    [InlineData("/v1/views/order-view")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/index.html")]
    public async Task Operator_endpoints_need_an_operator_key(string path)
    {
        using var anonymous = await SendAsync(HttpMethod.Get, path, key: null);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "X-Api-Key");

        using var writer = await SendAsync(HttpMethod.Get, path, TestKeys.Writer);
        await AssertProblemAsync(writer, HttpStatusCode.Forbidden, "operator");

        using var @operator = await SendAsync(HttpMethod.Get, path, TestKeys.Operator);
        Assert.True(
            @operator.StatusCode is HttpStatusCode.OK or HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect,
            $"GET {path} with the operator key should be served, not {(int)@operator.StatusCode}.");
    }

    [Fact]
    public async Task A_rebuild_needs_an_operator_key()
    {
        const string path = "/v1/views/no-such-view/rebuild";
        using var anonymous = await SendAsync(HttpMethod.Post, path, key: null);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "X-Api-Key");

        using var writer = await SendAsync(HttpMethod.Post, path, TestKeys.Writer);
        await AssertProblemAsync(writer, HttpStatusCode.Forbidden, "operator");

        // Past authorization, the view is looked up: this one does not exist, so no rebuild starts.
        using var @operator = await SendAsync(HttpMethod.Post, path, TestKeys.Operator);
        await AssertProblemAsync(@operator, HttpStatusCode.NotFound, "no-such-view");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/v1/status")]
    [InlineData("/openapi/v1.json")]
    public async Task Probes_and_reads_are_open_by_default(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, key: null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} without a key should be 200, not {(int)response.StatusCode}.");
    }

    [Fact]
    public void The_silo_never_logs_a_key()
    {
        foreach (var key in new[] { TestKeys.Writer, TestKeys.Reader, TestKeys.Operator, TestKeys.Burst })
        {
            Assert.DoesNotContain(key, _silo.Output);
        }

        Assert.Contains("Gateway authentication ApiKey: 4 API keys", _silo.Output);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detailPart, problem.RootElement.GetProperty("detail").GetString());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        using var request = TestKeys.Request(method, path, key, json);
        return await _silo.Http.SendAsync(request);
    }
}
