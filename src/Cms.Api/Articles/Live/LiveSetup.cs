namespace Cms.Api.Articles.Live;

public static class LiveSetup
{
    public static IServiceCollection AddCmsLive(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section)
            .Validate(o => o.UpdatesInArticle is >= 0 and <= LiveUpdates.MaxPageSize, "Live:UpdatesInArticle: from 0 to 100.")
            .Validate(o => o.UpdatesInFeeds is >= 0 and <= LiveUpdates.MaxPageSize, "Live:UpdatesInFeeds: from 0 to 100.")
            .Validate(o => o.PingSeconds is >= 1 and <= 300, "Live:PingSeconds: from 1 to 300.")
            .Validate(o => o.RetryMilliseconds is >= 0 and <= 600_000, "Live:RetryMilliseconds: from 0 to 600000.")
            .Validate(o => o.StreamsPerAddress >= 1, "Live:StreamsPerAddress: at least 1.")
            .Validate(o => o.StreamBacklog >= 16, "Live:StreamBacklog: at least 16.")
            .ValidateOnStart();
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<LiveStreams>();
        services.AddHostedService<LiveNotifications>();
        return services;
    }
}
