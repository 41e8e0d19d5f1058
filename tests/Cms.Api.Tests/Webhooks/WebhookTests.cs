using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cms.Api.Tests.Site;
using Cms.Api.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace Cms.Api.Tests.Webhooks;

/// <summary>
/// Webhooks end to end against a real receiver on loopback: the outbox written with the change, the dispatcher's passes
/// driven by the test (<see cref="WebhookDispatcher.RunOnceAsync"/>) on a fake clock, signatures checked with the
/// StandardWebhooks library a receiver would use.
/// </summary>
public abstract class WebhookTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : CmsFactory, IClockFactory
{
    private readonly HttpClient _admin = factory.CreateClient();
    protected WebhookReceiver Receiver { get; private set; } = null!;
    protected TFactory Factory => factory;

    public async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        // Leave no enabled webhook behind for the next test's writes.
        var hooks = await (await _admin.GetAsync("/api/v1/webhooks?pageSize=100")).Expect(HttpStatusCode.OK);
        foreach (var hook in hooks["data"]!.AsArray())
        {
            await (await _admin.DeleteAsync($"/api/v1/webhooks/{hook!["id"]}")).Expect(HttpStatusCode.NoContent);
        }
        await Receiver.DisposeAsync();
    }

    protected WebhookDispatcher Dispatcher => factory.Services.GetRequiredService<WebhookDispatcher>();

    protected async Task<JsonNode> Subscribe(object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }, Http.Json))!.AsObject();
        body["url"] = Receiver.Url;
        return await (await _admin.Post("/api/v1/webhooks", body.ToJsonString())).Expect(HttpStatusCode.Created);
    }

    /// <summary>Runs passes until nothing is due, and returns what arrived, each verified with the secret.</summary>
    private async Task<List<JsonNode>> Deliver(string secret)
    {
        while (await Dispatcher.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
        return Receiver.Drain().Select(r =>
        {
            Assert.True(SignedWith(r, secret), $"Not signed with {secret}: {r.Headers["webhook-signature"]}");
            return JsonNode.Parse(r.Body)!;
        }).ToList();
    }

    /// <summary>
    /// One of its signatures is the spec's: v1, base64 HMAC-SHA256 of id.timestamp.body with the secret's bytes. (The
    /// StandardWebhooks library also checks the timestamp against the wall clock, which these tests' clock leaves.)
    /// </summary>
    private static bool SignedWith(WebhookReceiver.Received r, string secret)
    {
        var signed = $"{r.Headers["webhook-id"]}.{r.Headers["webhook-timestamp"]}.{r.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes(signed)));
        return r.Headers["webhook-signature"].ToString().Split(' ').Contains(expected);
    }

    [Fact]
    public async Task A_published_story_arrives_signed_after_its_commit_with_what_a_frontend_purges_by()
    {
        var hook = await Subscribe(new { events = new[] { "article.*" } });
        var secret = (string)hook["secret"]!;
        Assert.StartsWith("whsec_", secret);
        Assert.Null((await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}")).Expect(HttpStatusCode.OK))["secret"]);

        var tag = await _admin.CreateTag();
        var article = await _admin.PublishArticle("Putin tiba di Pyongyang", tag);
        var events = await Deliver(secret);
        Assert.Equal(["article.created", "article.published"], events.Select(e => (string?)e["type"]).Order());
        var published = events.Single(e => (string?)e["type"] == "article.published")["data"]!;
        Assert.Equal((string?)article["id"], (string?)published["id"]);
        Assert.Equal((string?)article["slug"], (string?)published["slug"]);
        Assert.Equal("published", (string?)published["status"]);
        Assert.Equal((string?)article["url"], (string?)published["url"]);
        Assert.Equal([(string?)tag["slug"]], published["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Contains($"tag:{tag["slug"]}", published["cacheTags"]!.AsArray().Select(t => (string?)t));
        Assert.Contains($"article:{article["slug"]}", published["cacheTags"]!.AsArray().Select(t => (string?)t));
        // Who made the change: here the bootstrap admin key.
        Assert.Equal((Guid.Empty.ToString(), "key"), ((string?)published["actor"]!["id"], (string?)published["actor"]!["kind"]));
    }

    [Fact]
    public async Task A_change_a_person_makes_in_the_app_names_them_and_one_a_key_makes_names_the_key()
    {
        var secret = (string)(await Subscribe(new { events = new[] { "article.created" } }))["secret"]!;
        var person = await factory.CreatePersonAsync("writer");
        await (await person.Client.Post("/api/v1/articles", new { title = Http.Unique("Dari aplikasi"), body = "Isi." })).Expect(HttpStatusCode.Created);
        var key = await (await _admin.Post("/api/v1/keys", new { name = Http.Unique("Impor"), role = "writer" })).Expect(HttpStatusCode.Created);
        await factory.CreateClient((string)key["secret"]!).CreateArticle();

        var actors = (await Deliver(secret)).Select(e => e["data"]!["actor"]!)
            .Select(a => ((string?)a["id"], (string?)a["name"], (string?)a["kind"])).OrderByDescending(a => a.Item3).ToList();
        Assert.Equal([(person.Id.ToString(), person.Name, "person"), ((string?)key["id"], (string?)key["name"], "key")], actors);
    }

    [Fact]
    public async Task A_receiver_using_the_standardwebhooks_library_verifies_a_delivery_unchanged()
    {
        // A host on the wall clock over the same database: the library rejects timestamps more than 5 minutes off.
        using var live = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton(TimeProvider.System)));
        var admin = live.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        var hook = await (await admin.Post("/api/v1/webhooks", new { url = Receiver.Url, events = new[] { "webhook.ping" } }))
            .Expect(HttpStatusCode.Created);
        await (await admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        Assert.Equal(1, await live.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None));
        var ping = await Receiver.NextAsync();
        new StandardWebhook((string)hook["secret"]!).Verify(ping.Body, ping.Headers); // throws when it does not verify
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
            new StandardWebhook((string)hook["secret"]!).Verify(ping.Body + " ", ping.Headers));
        Assert.Equal("webhook.ping", (string?)JsonNode.Parse(ping.Body)!["type"]);
    }

    [Fact]
    public async Task Two_replicas_dispatching_in_the_background_send_each_event_once()
    {
        // Two hosts over the same database, each with its background dispatcher on the wall clock.
        var settings = new Dictionary<string, string?> { ["Webhooks:Dispatch"] = "true", ["Webhooks:PollMilliseconds"] = "20" };
        using var one = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices(s => s.AddSingleton(TimeProvider.System)));
        using var two = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices(s => s.AddSingleton(TimeProvider.System)));
        var admin = one.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        _ = two.Server; // started: its dispatcher polls too
        var hook = await (await admin.Post("/api/v1/webhooks", new { url = Receiver.Url, events = new[] { "webhook.ping" } }))
            .Expect(HttpStatusCode.Created);
        const int pings = 20;
        for (var i = 0; i < pings; i++)
        {
            await (await admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        }
        var ids = new List<string?>();
        for (var i = 0; i < pings; i++)
        {
            ids.Add((await Receiver.NextAsync()).Headers["webhook-id"]);
        }
        Assert.Equal(pings, ids.Distinct().Count());
        // Each recorded as delivered after one attempt (the record follows the answer: wait for the last), nothing sent twice.
        JsonArray deliveries;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            deliveries = (await (await admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries?pageSize=100")).Expect(HttpStatusCode.OK))["data"]!.AsArray();
        }
        while (deliveries.Any(d => (string?)d!["state"] != "delivered") && DateTime.UtcNow < until && await Task.Delay(50).ContinueWith(_ => true));
        Assert.Equal(pings, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(("delivered", 1), ((string?)d!["state"], (int)d["attempts"]!)));
        Assert.Empty(Receiver.Drain());
    }

    [Fact]
    public async Task An_answer_is_recorded_as_it_comes_in_not_at_the_next_poll()
    {
        // Due before the dispatcher starts (a host that does not dispatch, on the wall clock), so its first pass sends it.
        IWebHostBuilder OnWallClock(IWebHostBuilder b, string dispatch) => b
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:Dispatch"] = dispatch, ["Webhooks:PollMilliseconds"] = "60000",
            }))
            .ConfigureServices(s => s.AddSingleton(TimeProvider.System));
        using var writer = factory.WithWebHostBuilder(b => OnWallClock(b, "false"));
        var admin = writer.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        var hook = await (await admin.Post("/api/v1/webhooks", new { url = Receiver.Url, events = new[] { "tag.created" } }))
            .Expect(HttpStatusCode.Created);
        await admin.CreateTag();

        using var dispatcher = factory.WithWebHostBuilder(b => OnWallClock(b, "true"));
        _ = dispatcher.Server;
        Assert.Equal(200, (await Receiver.NextAsync()).AnsweredWith);
        // The answer wakes the loop, idle for a minute otherwise: recorded within seconds.
        var until = DateTime.UtcNow.AddSeconds(10);
        string? state;
        do
        {
            var log = await (await admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries")).Expect(HttpStatusCode.OK);
            state = (string?)log["data"]![0]!["state"];
        }
        while (state != "delivered" && DateTime.UtcNow < until && await Task.Delay(50).ContinueWith(_ => true));
        Assert.Equal("delivered", state);
    }

    [Fact]
    public async Task A_target_that_hangs_holds_up_no_other_webhook()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource();
        hanging.Hold = release.Task;
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Dispatch"] = "true", ["Webhooks:PollMilliseconds"] = "20", ["Webhooks:TimeoutSeconds"] = "60",
        };
        using var host = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings))
            .ConfigureServices(s => s.AddSingleton(TimeProvider.System)));
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        foreach (var url in new[] { hanging.Url, Receiver.Url })
        {
            await (await admin.Post("/api/v1/webhooks", new { url, events = new[] { "tag.created" } })).Expect(HttpStatusCode.Created);
        }
        try
        {
            // Each tag reaches the answering target while the first send to the hanging one is still waiting.
            foreach (var name in new[] { "Pemilu", "Banjir" })
            {
                var tag = await admin.CreateTag(Http.Unique(name));
                Assert.Equal((string?)tag["id"], (string?)JsonNode.Parse((await Receiver.NextAsync()).Body)!["data"]!["id"]);
            }
        }
        finally
        {
            release.SetResult();
        }
        Assert.Equal(2, new[] { await hanging.NextAsync(), await hanging.NextAsync() }.Length);
    }

    [Fact]
    public async Task No_more_than_the_in_flight_limit_of_sends_wait_at_once()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource();
        hanging.Hold = release.Task;
        IWebHostBuilder Host(IWebHostBuilder b, string dispatch) => b
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:Dispatch"] = dispatch, ["Webhooks:PollMilliseconds"] = "20", ["Webhooks:TimeoutSeconds"] = "60",
            }))
            .ConfigureServices(s => s.AddSingleton(TimeProvider.System));
        using var writer = factory.WithWebHostBuilder(b => Host(b, "false"));
        var admin = writer.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CmsFactory.AdminKey);
        await (await admin.Post("/api/v1/webhooks", new { url = hanging.Url, events = new[] { "tag.created" } })).Expect(HttpStatusCode.Created);
        var due = WebhookDispatcher.MaxInFlight + 6;
        for (var i = 0; i < due; i++)
        {
            await admin.CreateTag();
        }

        using var dispatcher = factory.WithWebHostBuilder(b => Host(b, "true"));
        _ = dispatcher.Server;
        try
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (hanging.Held.Now < WebhookDispatcher.MaxInFlight && DateTime.UtcNow < until)
            {
                await Task.Delay(20);
            }
            // Full: some twenty-five more polls of the loop claim nothing more while every send waits.
            await Task.Delay(500);
            Assert.Equal((WebhookDispatcher.MaxInFlight, WebhookDispatcher.MaxInFlight), hanging.Held);
        }
        finally
        {
            release.SetResult();
        }
        for (var i = 0; i < due; i++)
        {
            await hanging.NextAsync();
        }
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_same_id_and_the_log_tells_the_story()
    {
        var hook = await Subscribe(new { events = new[] { "tag.created" } });
        Receiver.Answers.Enqueue((500, null));
        await _admin.CreateTag();
        Assert.Equal(1, await Dispatcher.RunOnceAsync(CancellationToken.None));
        var first = await Receiver.NextAsync();
        Assert.Equal(500, first.AnsweredWith);
        Assert.Equal(0, await Dispatcher.RunOnceAsync(CancellationToken.None)); // not due yet: the first retry is some 5 s later

        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await Dispatcher.RunOnceAsync(CancellationToken.None));
        var second = await Receiver.NextAsync();
        Assert.Equal(200, second.AnsweredWith);
        Assert.Equal((string?)first.Headers["webhook-id"], (string?)second.Headers["webhook-id"]);
        Assert.Equal(first.Body, second.Body);

        var log = await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries")).Expect(HttpStatusCode.OK);
        var delivery = Assert.Single(log["data"]!.AsArray())!;
        Assert.Equal(("delivered", 2), ((string?)delivery["state"], (int)delivery["attempts"]!));
        Assert.Equal([500, 200], delivery["log"]!.AsArray().Select(a => (int)a!["statusCode"]!));
        Assert.Equal("nope 500", (string?)delivery["log"]![0]!["response"]);

        // Redelivered by id: the same webhook-id again.
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/deliveries/{delivery["id"]}/redeliver"))
            .Expect(HttpStatusCode.Accepted);
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal((string?)first.Headers["webhook-id"], (string?)(await Receiver.NextAsync()).Headers["webhook-id"]);
    }

    [Fact]
    public async Task A_delivery_claimed_by_a_replica_that_died_is_sent_when_its_lease_runs_out()
    {
        var hook = await Subscribe(new { events = new[] { "tag.created" } });
        Receiver.Answers.Enqueue((500, null));
        await _admin.CreateTag();
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        var first = await Receiver.NextAsync();

        // Another replica claims the retry and dies before it records anything: its lease is all that is left.
        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
            var leased = await db.WebhookDeliveries.SingleAsync(d => d.WebhookId == Guid.Parse((string)hook["id"]!));
            leased.LeasedUntil = factory.Clock.GetUtcNow().AddSeconds(40);
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await Dispatcher.RunOnceAsync(CancellationToken.None));
        factory.Clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(1, await Dispatcher.RunOnceAsync(CancellationToken.None));
        var second = await Receiver.NextAsync();
        Assert.Equal((200, (string?)first.Headers["webhook-id"]), (second.AnsweredWith, (string?)second.Headers["webhook-id"]));
        var log = await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries")).Expect(HttpStatusCode.OK);
        Assert.Equal(("delivered", 2), ((string?)log["data"]![0]!["state"], (int)log["data"]![0]!["attempts"]!));
    }

    [Fact]
    public async Task The_log_forgets_what_ended_before_the_retention_period_and_keeps_the_rest()
    {
        var hook = await Subscribe(new { events = new[] { "tag.created" } });
        var old = await _admin.CreateTag();
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromDays(20));
        var recent = await _admin.CreateTag();
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        Receiver.Answers.Enqueue((500, null));
        var failing = await _admin.CreateTag();
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        Assert.Equal(3, Receiver.Drain().Count);

        factory.Clock.Advance(TimeSpan.FromDays(11)); // the first ended 31 days ago; KeepDays is 30
        Assert.True(await factory.Services.GetRequiredService<WebhookLogPruning>().PruneAsync(CancellationToken.None));
        var log = await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries")).Expect(HttpStatusCode.OK);
        Assert.Equal(["pending", "delivered"], log["data"]!.AsArray().Select(d => (string?)d!["state"]));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        var hookId = Guid.Parse((string)hook["id"]!);
        Assert.Equal(2, await db.WebhookAttempts.CountAsync(a => a.WebhookId == hookId));
        var ids = new[] { old, recent, failing }.Select(t => Guid.Parse((string)t["id"]!)).ToList();
        Assert.Equal([ids[1], ids[2]], (await db.WebhookEvents.Where(e => ids.Contains(e.ResourceId)).Select(e => e.ResourceId).ToListAsync()).Order());
    }

    [Fact]
    public async Task A_scheduled_story_is_published_on_its_minute_once_and_a_reschedule_cancels_the_old_minute()
    {
        var hook = await Subscribe(new { events = new[] { "article.published" } });
        var at = factory.Clock.GetUtcNow().AddMinutes(2);
        var article = await _admin.CreateArticle(new
        {
            status = "scheduled", publishedAt = at.ToString("O"), authors = new[] { new { authorId = (string)(await _admin.CreateAuthor())["id"]! } },
        });
        Assert.Empty(await Deliver((string)hook["secret"]!));

        // Moved a minute later: only the new minute counts.
        var etag = (await _admin.GetAsync($"/api/v1/articles/{article["id"]}")).ETag();
        await (await _admin.Patch($"/api/v1/articles/{article["id"]}", new { publishedAt = at.AddMinutes(1).ToString("O") }, etag))
            .Expect(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await Deliver((string)hook["secret"]!));
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var published = Assert.Single(await Deliver((string)hook["secret"]!));
        Assert.Equal(("article.published", (string?)article["slug"]), ((string?)published["type"], (string?)published["data"]!["slug"]));
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Deliver((string)hook["secret"]!));
    }

    [Fact]
    public async Task A_collection_is_updated_when_edited_when_a_story_in_it_goes_and_on_its_scheduled_minute()
    {
        var hook = await Subscribe(new { events = new[] { "collection.*" } });
        var secret = (string)hook["secret"]!;
        var story = await _admin.PublishArticle("Berita Pilihan Redaksi");
        var other = await _admin.PublishArticle("Berita Lain Hari Ini");
        Assert.Empty(await Deliver(secret)); // stories in no collection
        var slug = $"utama-{Guid.NewGuid():N}"[..20];
        var created = await _admin.Post("/api/v1/collections",
            new { slug, name = "Utama", kind = "manual", capacity = 5, items = new[] { new { articleId = (string)story["id"]! } } });
        await created.Expect(HttpStatusCode.Created);
        var first = Assert.Single(await Deliver(secret));
        Assert.Equal(("collection.created", slug), ((string?)first["type"], (string?)first["data"]!["slug"]));

        // A story it does not show changes nothing; the one it shows going away is an update, with what to purge.
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{other["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        Assert.Empty(await Deliver(secret));
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{story["id"]}/unpublish")).Expect(HttpStatusCode.OK);
        var gone = Assert.Single(await Deliver(secret));
        Assert.Equal(("collection.updated", slug), ((string?)gone["type"], (string?)gone["data"]!["slug"]));
        Assert.Contains($"collection:{slug}", gone["data"]!["cacheTags"]!.AsArray().Select(t => (string?)t));

        // Tomorrow's arrangement: nothing now, one update on its minute; a cancelled one never comes.
        var at = factory.Clock.GetUtcNow().AddMinutes(10);
        await (await _admin.Post($"/api/v1/collections/{slug}/arrangements",
            new { effectiveAt = at.ToString("O"), items = new[] { new { articleId = (string)other["id"]! } } })).Expect(HttpStatusCode.Created);
        var cancelled = await (await _admin.Post($"/api/v1/collections/{slug}/arrangements",
            new { effectiveAt = at.AddMinutes(30).ToString("O"), items = Array.Empty<object>() })).Expect(HttpStatusCode.Created);
        await (await _admin.DeleteAsync($"/api/v1/collections/{slug}/arrangements/{cancelled["id"]}")).Expect(HttpStatusCode.NoContent);
        Assert.Empty(await Deliver(secret));
        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var due = Assert.Single(await Deliver(secret));
        Assert.Equal(("collection.updated", slug), ((string?)due["type"], (string?)due["data"]!["slug"]));
        factory.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Empty(await Deliver(secret));

        await (await _admin.DeleteAsync($"/api/v1/collections/{slug}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal("collection.deleted", (string?)Assert.Single(await Deliver(secret))["type"]);
    }

    [Fact]
    public async Task A_live_update_posted_edited_and_deleted_names_its_story_and_what_to_purge()
    {
        var hook = await Subscribe(new { events = new[] { "liveupdate.*" } });
        var secret = (string)hook["secret"]!;
        var story = await _admin.PublishArticle("Banjir Jakarta Langsung");
        var id = (string)story["id"]!;
        await (await _admin.Post($"/api/v1/articles/{id}/coverage/start", new { })).Expect(HttpStatusCode.OK);
        Assert.Empty(await Deliver(secret)); // starting the coverage is the story's change, not an update's
        var update = await (await _admin.Post($"/api/v1/articles/{id}/updates", new { body = "Air naik." })).Expect(HttpStatusCode.Created);
        var created = Assert.Single(await Deliver(secret));
        Assert.Equal(("liveupdate.created", (string?)story["slug"], (string?)update["id"]),
            ((string?)created["type"], (string?)created["data"]!["slug"], (string?)created["data"]!["id"]));
        Assert.Equal(id, (string?)created["data"]!["articleId"]);
        var tags = created["data"]!["cacheTags"]!.AsArray().Select(t => (string?)t).ToList();
        Assert.Contains($"article:{id}", tags);
        Assert.Contains($"article:{story["slug"]}", tags);

        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}/updates/{update["id"]}")).ETag();
        await (await _admin.Put($"/api/v1/articles/{id}/updates/{update["id"]}", new { body = "Air naik 1 meter." }, etag)).Expect(HttpStatusCode.OK);
        Assert.Equal("liveupdate.updated", (string?)Assert.Single(await Deliver(secret))["type"]);
        await (await _admin.DeleteAsync($"/api/v1/articles/{id}/updates/{update["id"]}")).Expect(HttpStatusCode.NoContent);
        Assert.Equal("liveupdate.deleted", (string?)Assert.Single(await Deliver(secret))["type"]);
    }

    [Fact]
    public async Task Unpublish_rename_and_delete_carry_the_slugs_a_frontend_purges()
    {
        var hook = await Subscribe();
        var secret = (string)hook["secret"]!;
        var article = await _admin.PublishArticle("Harga beras naik");
        await Deliver(secret);
        var id = (string)article["id"]!;

        await (await _admin.Send(HttpMethod.Post, $"/api/v1/articles/{id}/unpublish")).Expect(HttpStatusCode.OK);
        var unpublished = Assert.Single(await Deliver(secret));
        Assert.Equal(("article.unpublished", (string?)article["slug"]), ((string?)unpublished["type"], (string?)unpublished["data"]!["slug"]));
        Assert.Equal((string?)article["url"], (string?)unpublished["data"]!["url"]);

        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Patch($"/api/v1/articles/{id}", new { slug = "harga-beras-naik-lagi" }, etag)).Expect(HttpStatusCode.OK);
        var renamed = Assert.Single(await Deliver(secret))["data"]!;
        Assert.Equal(("harga-beras-naik-lagi", (string?)article["slug"]), ((string?)renamed["slug"], (string?)renamed["previousSlug"]));

        await (await _admin.DeleteAsync($"/api/v1/articles/{id}")).Expect(HttpStatusCode.NoContent);
        var deleted = Assert.Single(await Deliver(secret));
        Assert.Equal(("article.deleted", "harga-beras-naik-lagi"), ((string?)deleted["type"], (string?)deleted["data"]!["slug"]));
        Assert.NotNull((string?)deleted["data"]!["url"]);
    }

    [Fact]
    public async Task An_update_names_the_tags_and_bylines_it_leaves_and_a_tag_filter_follows_them()
    {
        var (ekonomi, politik) = (await _admin.CreateTag(), await _admin.CreateTag());
        var reporter = await _admin.CreateAuthor();
        var article = await _admin.PublishArticle("Rupiah melemah", ekonomi);
        var id = (string)article["id"]!;
        var hook = await Subscribe(new { events = new[] { "article.updated" }, tags = new[] { (string)politik["slug"]! } });
        var secret = (string)hook["secret"]!;

        // Links changed by this save: read from the links being saved, since the article's copies are rebuilt after it.
        var etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Patch($"/api/v1/articles/{id}", new
        {
            tags = new[] { new { tagId = (string)politik["id"]! } },
            authors = new[] { new { authorId = (string)reporter["id"]! } },
        }, etag)).Expect(HttpStatusCode.OK);
        var retagged = Assert.Single(await Deliver(secret))["data"]!;
        Assert.Equal([(string?)politik["slug"]], retagged["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal([(string?)reporter["slug"]], retagged["authors"]!.AsArray().Select(t => (string?)t));

        // Links untouched: read from the article's copies.
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Patch($"/api/v1/articles/{id}", new { title = "Rupiah melemah lagi" }, etag)).Expect(HttpStatusCode.OK);
        var edited = Assert.Single(await Deliver(secret))["data"]!;
        Assert.Equal([(string?)politik["slug"]], edited["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal([(string?)reporter["slug"]], edited["authors"]!.AsArray().Select(t => (string?)t));

        // Tagged away from the filter's tag: the story as it now is no longer concerns this webhook.
        etag = (await _admin.GetAsync($"/api/v1/articles/{id}")).ETag();
        await (await _admin.Patch($"/api/v1/articles/{id}", new { tags = new[] { new { tagId = (string)ekonomi["id"]! } } }, etag))
            .Expect(HttpStatusCode.OK);
        Assert.Empty(await Deliver(secret));
    }

    [Fact]
    public async Task A_save_that_changes_an_articles_links_without_loading_them_is_refused()
    {
        await Subscribe();
        var article = await _admin.PublishArticle("Banjir di Jakarta");
        var tag = await _admin.CreateTag();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Cms.Data.CmsDbContext>();
        var loaded = await db.Articles.SingleAsync(a => a.Id == Guid.Parse((string)article["id"]!));
        db.ArticleTags.Add(new Cms.Data.Articles.ArticleTag { ArticleId = loaded.Id, TagId = Guid.Parse((string)tag["id"]!), Position = 1 });
        loaded.Title += " (diperbarui)";
        // Its event would name the tags as they were: the outbox refuses rather than guess.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("links", refused.Message);
    }

    [Fact]
    public async Task Gone_disables_the_webhook_with_its_reason()
    {
        var hook = await Subscribe(new { events = new[] { "tag.*" } });
        Receiver.Answers.Enqueue((410, null));
        await _admin.CreateTag();
        await Deliver((string)hook["secret"]!);
        var read = await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}")).Expect(HttpStatusCode.OK);
        Assert.False((bool)read["enabled"]!);
        Assert.Contains("410", (string?)read["disabledReason"]);
        await _admin.CreateTag();
        Assert.Empty(await Deliver((string)hook["secret"]!));
    }

    [Fact]
    public async Task A_private_target_is_refused_at_send_time_unless_allowed()
    {
        using var strict = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c =>
            c.AddInMemoryCollection([new KeyValuePair<string, string?>("Webhooks:AllowPrivateTargets", "false")])));
        var hook = await Subscribe(new { events = new[] { "webhook.ping" } });
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        Assert.Equal(1, await strict.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None));
        Assert.Empty(Receiver.Drain());
        var log = await (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}/deliveries")).Expect(HttpStatusCode.OK);
        var attempt = log["data"]![0]!["log"]![0]!;
        Assert.Null((int?)attempt["statusCode"]);
        Assert.Contains("not on a public address", (string?)attempt["error"]);
    }

    [Fact]
    public async Task Bad_subscriptions_are_problems_and_a_replace_needs_if_match()
    {
        await (await _admin.Post("/api/v1/webhooks", new { url = "ftp://example.id/x" })).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "validation_failed", "url");
        await (await _admin.Post("/api/v1/webhooks", new { url = "https://example.id/x", events = new[] { "article.exploded" } }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "validation_failed", "events[0]");
        var hook = await Subscribe();
        await (await _admin.Put($"/api/v1/webhooks/{hook["id"]}", new { url = "https://example.id/y" }, null))
            .ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var etag = (await _admin.GetAsync($"/api/v1/webhooks/{hook["id"]}")).ETag();
        var replaced = await (await _admin.Put($"/api/v1/webhooks/{hook["id"]}", new { url = "https://example.id/y", events = new[] { "tag.*" } }, etag))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["tag.*"], replaced["events"]!.AsArray().Select(e => (string?)e));
        await (await factory.CreateAnonymousClient().GetAsync("/api/v1/webhooks")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_rotated_secret_signs_beside_the_old_one_for_the_grace_period()
    {
        var hook = await Subscribe(new { events = new[] { "webhook.ping" } });
        var rotated = await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/rotate-secret")).Expect(HttpStatusCode.OK);
        Assert.NotEqual((string?)hook["secret"], (string?)rotated["secret"]);
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        Assert.Single(await Deliver((string)hook["secret"]!));
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        Assert.Single(await Deliver((string)rotated["secret"]!));

        factory.Clock.Advance(TimeSpan.FromHours(25));
        await (await _admin.Send(HttpMethod.Post, $"/api/v1/webhooks/{hook["id"]}/ping")).Expect(HttpStatusCode.Accepted);
        await Dispatcher.RunOnceAsync(CancellationToken.None);
        var late = Assert.Single(Receiver.Drain());
        Assert.False(SignedWith(late, (string)hook["secret"]!));
        Assert.True(SignedWith(late, (string)rotated["secret"]!));
    }
}

/// <summary>A frontend's settings (payloads carry urls) and a fake clock: the distribution tests' factory.</summary>
public sealed class WebhookTestsOnSqlite(SqliteDistributionFactory factory)
    : WebhookTests<SqliteDistributionFactory>(factory), IClassFixture<SqliteDistributionFactory>;

public sealed class WebhookTestsOnPostgres(PostgresDistributionFactory factory)
    : WebhookTests<PostgresDistributionFactory>(factory), IClassFixture<PostgresDistributionFactory>
{
    [Fact]
    public async Task Recording_a_delivery_does_not_wait_for_the_change_logs_lock()
    {
        await Subscribe(new { events = new[] { "tag.created" } });
        await Factory.CreateClient().CreateTag();
        // A long content write holds the lock that orders the change log.
        await using var writer = new Npgsql.NpgsqlConnection(Factory.Services.GetRequiredService<Cms.Api.Infrastructure.CmsConnectionString>().Value);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_xact_lock({Cms.Data.Infrastructure.ChangeLogInterceptor.LockKey})", writer, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        Assert.Equal(1, await Dispatcher.RunOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(200, (await Receiver.NextAsync()).AnsweredWith);
    }
}
